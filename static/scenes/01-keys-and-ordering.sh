#! title: Keys and ordering
#! summary: Eight keys over four partitions: murmur2 sends each key to one partition, so each key's records stay in order, while the partitions as a whole interleave.
#! seed: 7
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4 --replication-factor 3
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --throughput 6 --repeating-keys 8 --value-prefix 1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group order-service --formatter-property print.key=true --formatter-property print.partition=true > /dev/null &
