#! title: Throughput and lag
#! summary: One slow consumer (20 records a second) reads a topic written at 40 a second, so the group's lag grows; at 20 s three more members join and the four partitions are shared, lag falls except on the partition more keys hash to; at 45 s a fifth member joins and finds nothing to own.
#! seed: 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 4 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a1 --command-property max.poll.records=50 > /dev/null &
kafkascope consumer slow %1 50
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic events --throughput 40 --repeating-keys 40 > /dev/null &
#! at: 20
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a2 --command-property max.poll.records=50 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a3 --command-property max.poll.records=50 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a4 --command-property max.poll.records=50 > /dev/null &
kafkascope consumer slow %3 50
kafkascope consumer slow %4 50
kafkascope consumer slow %5 50
#! at: 45
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a5 --command-property max.poll.records=50 > /dev/null &
kafkascope consumer slow %6 50
