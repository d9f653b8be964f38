# Keys, partitions, offsets by time, lag, and replaying history
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 3 --replication-factor 3 --config min.insync.replicas=2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1,10.00
card-2,99.95
card-1,5.50
card-3,1200.00
EOF
sleep 60
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-2,15.00
card-1,8.25
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic payments
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic payments --time -2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group fraud-check --from-beginning --timeout-ms 5000 --formatter-property print.key=true --formatter-property print.offset=true --formatter-property print.partition=true --formatter-property print.timestamp=true
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-check
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group fraud-check --topic payments --to-datetime 2026-01-01T00:00:30.000 --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group fraud-check --topic payments:0 --shift-by -1 --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-check
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true <<EOF
no separator here
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --offset 1 --from-beginning
