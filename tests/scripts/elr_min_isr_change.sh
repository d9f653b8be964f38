# Eligible Leader Replicas (KIP-966) when min.insync.replicas changes (Kafka 4.x): the
# controller writes a ClearElrRecord with the ConfigRecord, so the topic's ELR and
# LastKnownELR are emptied, and recomputed from the next ISR change
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic pay --partitions 1 --replication-factor 3 --config min.insync.replicas=2
kafkascope broker stop 2
kafkascope broker stop 3
sleep 20
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic pay
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name pay --add-config min.insync.replicas=2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic pay
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name pay --add-config min.insync.replicas=3
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic pay
kafkascope broker start 2
sleep 20
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic pay
