# kafka-configs.sh's entity flags (ConfigCommandOptions.entityFlags and entityDefaultsFlags,
# Kafka 4.x): --topic, --client, --user, --broker, --broker-logger, --ip, --client-metrics,
# --group, and --client-defaults, --user-defaults, --broker-defaults, --ip-defaults, each the
# same as --entity-type with --entity-name or --entity-default
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --topic t --add-config retention.ms=60000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic t
kafka-configs.sh --bootstrap-server localhost:9092 --alter --client app --add-config producer_byte_rate=1024
kafka-configs.sh --bootstrap-server localhost:9092 --alter --user alice --client app --add-config consumer_byte_rate=2048
kafka-configs.sh --bootstrap-server localhost:9092 --describe --client app
kafka-configs.sh --bootstrap-server localhost:9092 --alter --client-defaults --add-config producer_byte_rate=4096
kafka-configs.sh --bootstrap-server localhost:9092 --describe --client-defaults
kafka-configs.sh --bootstrap-server localhost:9092 --alter --group workers --add-config share.record.lock.duration.ms=20000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-configs.sh --bootstrap-server localhost:9092 --alter --ip 127.0.0.1 --add-config connection_creation_rate=10
kafka-configs.sh --bootstrap-server localhost:9092 --describe --ip-defaults
kafka-configs.sh --bootstrap-server localhost:9092 --describe --user-defaults
kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic t --entity-type topics
kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic t --group workers
# --add-config-file: a properties file's configs (Utils.loadProps)
cat > retention.properties <<END
# two weeks
retention.ms=1209600000
cleanup.policy: compact
END
kafka-configs.sh --bootstrap-server localhost:9092 --alter --topic t --add-config-file retention.properties
kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic t
kafka-configs.sh --bootstrap-server localhost:9092 --alter --topic t --add-config-file retention.properties --add-config retention.ms=1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --topic t --add-config-file missing.properties
# --bootstrap-controller: the KRaft controller (node 0, localhost:9091 in Kafkascope) answers
kafka-configs.sh --bootstrap-controller localhost:9091 --describe --topic t
kafka-configs.sh --bootstrap-controller localhost:9091 --alter --entity-type brokers --entity-default --add-config log.retention.ms=3600000
kafka-configs.sh --bootstrap-controller localhost:9091 --describe --entity-type brokers --entity-default
kafka-configs.sh --bootstrap-controller localhost:9092 --describe --topic t
kafka-configs.sh --bootstrap-controller localhost:9091 --bootstrap-server localhost:9092 --describe --topic t
