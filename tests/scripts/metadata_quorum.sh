# kafka-metadata-quorum.sh (MetadataQuorumCommand, Kafka 4.x) over Kafkascope's KRaft model:
# one controller (node 0, the only voter and the leader of the metadata log), the brokers as
# observers; the log grows with the controller's records and a NoOpRecord every 500 ms; a
# stopped broker stops fetching and stays listed for five minutes
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 3
sleep 10
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication
kafkascope broker stop 3
sleep 20
kafka-metadata-quorum.sh --bootstrap-controller localhost:9091 describe --replication --human-readable
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status
sleep 300
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status
kafka-cluster.sh cluster-id --bootstrap-server localhost:9092
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status --replication
kafka-metadata-quorum.sh describe --status
kafka-metadata-quorum.sh --bootstrap-server localhost:9092
