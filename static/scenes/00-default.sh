#! title: Kafka at work
#! summary: A producer writes keyed records to test-topic at 4 records a second; the two members of test-group split its three partitions and read them. Each key keeps to one partition.
#! seed: 42
#! show-from: 6
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic test-topic --partitions 3 --replication-factor 3 --config retention.ms=600000 --config segment.ms=60000
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic test-topic --throughput 4 --repeating-keys 6 --value-prefix 1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic test-topic --group test-group > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic test-topic --group test-group > /dev/null &
