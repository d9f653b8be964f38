# Topic administration and the errors Kafka's tools print
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics_raw --partitions 2 --replication-factor 2 --config retention.ms=60000 --config segment.bytes=1048576
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics.raw
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics_raw
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics_raw --if-not-exists
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic 'bad name'
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic too-many --replication-factor 4
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic zero --partitions 0
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic conf --config retention.ms=soon
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic metrics_raw --partitions 1
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic metrics_raw --partitions 4
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic metrics_raw
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic missing
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --alter --add-config retention.ms=120000,cleanup.policy=compact
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --alter --delete-config cleanup.policy
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --alter --add-config max.message.bytes=-5
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --alter --add-config unclean.leader.election.enable=yes
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --alter --add-config unclean.leader.election.enable=TRUE
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name metrics_raw --describe --all
kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic metrics_raw
kafka-topics.sh --bootstrap-server localhost:9092 --list --exclude-internal
kafka-topics.sh --bootstrap-server localhost:9092 --list --nope
kafka-topics --bootstrap-server localhost:9092 --list
kafka-topics.sh --bootstrap-server localhost:9999 --list
not-a-command --help
