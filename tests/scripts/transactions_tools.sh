# kafka-transactions.sh, --isolation-level, the perf test's transactions and kafkascope process (issue 18)
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 1 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic alerts --partitions 1 --replication-factor 3
kafka-transactions.sh --bootstrap-server localhost:9092 list
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --producer-property transactional.id=console-tx <<EOF2
refused
EOF2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments <<EOF2
p1
p2
p3
EOF2
kafkascope process --from payments --to alerts --group scoring --transactional-id scorer --prefix ALERT- --crash-after 5
sleep 6
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments <<EOF2
p4
p5
EOF2
sleep 1
kafka-transactions.sh --bootstrap-server localhost:9092 list
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id scorer
kafka-transactions.sh --bootstrap-server localhost:9092 describe-producers --topic alerts --partition 0
kafka-transactions.sh --bootstrap-server localhost:9092 find-hanging --topic alerts --max-transaction-timeout 0
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic alerts
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic alerts --partition 0 --offset 0 --isolation-level read_committed --timeout-ms 2000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic alerts --partition 0 --offset 0 --timeout-ms 2000
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id nobody
kafka-transactions.sh --bootstrap-server localhost:9092 abort --topic alerts --partition 0 --start-offset 99
kafka-transactions.sh --bootstrap-server localhost:9092 abort --topic alerts --partition 0 --start-offset 4
kafka-transactions.sh --bootstrap-server localhost:9092 describe-producers --topic alerts --partition 0
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic alerts --partition 0 --offset 0 --isolation-level read_committed --timeout-ms 2000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic alerts --partition 0 --offset 0 --isolation-level read_maybe --timeout-ms 2000
kafka-transactions.sh --bootstrap-server localhost:9092 frob
kafka-transactions.sh --version
kafka-producer-perf-test.sh --topic payments --num-records 20 --record-size 10 --throughput 10 --transaction-duration-ms 1000 --producer-props bootstrap.servers=localhost:9092
kafka-transactions.sh --bootstrap-server localhost:9092 list
