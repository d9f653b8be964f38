# DefaultMessageFormatter ends a record's line after its last printed field, so
# print.value=false still prints one line per record; kafka-consumer-groups.sh
# --reset-offsets moves an offset past either end of the log to it, with a WARN
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --reader-property parse.key=true --reader-property key.separator=: <<EOF
k1:v1
k2:v2
k3:v3
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --from-beginning --max-messages 3 --formatter-property print.key=true --formatter-property print.value=false
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --partition 0 --offset earliest --max-messages 2 --formatter-property print.offset=true --formatter-property print.value=false
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-offset 10 --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --shift-by -5 --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-latest
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-datetime 2026-01-01 --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-datetime 2026-01-01T10:00 --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --by-duration 1h --dry-run
