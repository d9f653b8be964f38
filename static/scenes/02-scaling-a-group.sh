#! title: A group scaling out and in
#! summary: One member reads all six partitions; members join every 8 seconds and the group rebalances each time, until a seventh member finds nothing to own; then members leave and the others take their partitions back.
#! seed: 11
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 6 --replication-factor 3
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic payments --throughput 5 --repeating-keys 12 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group billing > /dev/null &
#! at: 8
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group billing > /dev/null &
#! at: 16
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group billing > /dev/null &
#! at: 24
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group billing > /dev/null &
#! at: 40
kill %3
#! at: 52
kill %4
