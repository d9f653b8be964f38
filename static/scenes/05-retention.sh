#! title: Retention deletes whole segments
#! summary: The log rolls a new segment every 5 s (segment.ms) and keeps 15 s of data (retention.ms): every few seconds the oldest segment is deleted whole and the log start offset jumps forward. A consumer far behind would lose records.
#! seed: 9
kafkascope config log.initial.task.delay.ms=0
kafkascope config log.retention.check.interval.ms=1000
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics --partitions 2 --replication-factor 3 --config segment.ms=5000 --config retention.ms=15000
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic metrics --throughput 3 --repeating-keys 4 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic metrics --group dashboards > /dev/null &
