# kafka-configs.sh --entity-type brokers --describe --all as Kafka 4.3's ConfigCommand prints
# it: "All configs for broker N are:" and the configs sorted by name with their synonyms.
# Kafkascope lists the broker configs it models, with 4.3's defaults; a setting changed
# with `kafkascope config` (the broker's server.properties) shows a STATIC_BROKER_CONFIG
# synonym. Without --all only dynamic configs are listed (none set here; see
# configs_dynamic.sh), and an --alter of the cluster default is applied.
kafkascope config log.retention.check.interval.ms=60000
kafkascope config group.coordinator.rebalance.protocols=classic,consumer
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 1 --all
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 2
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-default
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-default --all
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers
kafkascope broker stop 3
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 3 --all
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.retention.ms=1000
