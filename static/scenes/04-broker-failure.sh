#! title: A broker fails
#! summary: At 8 s broker 1 crashes: the partitions it led elect new leaders from the ISR, it drops out of every ISR, and producers and consumers follow the new leaders. At 25 s it comes back, catches up, rejoins the ISR and, a little later, leads again.
#! seed: 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic inventory --partitions 3 --replication-factor 3
kafkascope config leader.imbalance.check.interval.seconds=15
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic inventory --throughput 5 --repeating-keys 6 --acks -1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic inventory --group stock-service > /dev/null &
#! at: 8
kafkascope broker stop 1
#! at: 25
kafkascope broker start 1
