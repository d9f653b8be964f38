#! title: Eager vs cooperative rebalancing
#! summary: Two groups read the same topic, one with the eager RangeAssignor, one with CooperativeStickyAssignor. When a third member joins each, the eager group revokes everything first; the cooperative one revokes only what moves, in two rounds.
#! seed: 5
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 6 --replication-factor 3
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic clicks --throughput 6 --repeating-keys 12 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor > /dev/null &
#! at: 10
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor > /dev/null &
