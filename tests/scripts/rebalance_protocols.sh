# group.coordinator.rebalance.protocols (GroupCoordinatorConfig, Kafka 4.3: classic,consumer,streams,
# deprecated by KIP-1237). Without 'consumer' the broker answers ConsumerGroupHeartbeat with
# UNSUPPORTED_VERSION (KafkaApis.isConsumerGroupProtocolEnabled) and a group.protocol=consumer
# consumer fails as ConsumerHeartbeatRequestManager makes it fail; classic consumers are served.
# The value is checked as ConfigDef.ValidList and KafkaConfig check it.
kafkascope config group.coordinator.rebalance.protocols=consumer
kafkascope config group.coordinator.rebalance.protocols=classic,fancy
kafkascope config group.coordinator.rebalance.protocols=classic,classic
kafkascope config group.coordinator.rebalance.protocols=
kafkascope config group.coordinator.rebalance.protocols=classic,share
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<< "a"
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group new --from-beginning --command-property group.protocol=consumer --timeout-ms 5000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group old --from-beginning --timeout-ms 5000
kafkascope config group.coordinator.rebalance.protocols=classic,consumer,streams
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group new --from-beginning --command-property group.protocol=consumer --max-messages 1
# ConsumerGroupDescribe gets UNSUPPORTED_VERSION too (KafkaApis.handleConsumerGroupDescribe): the
# admin client falls back to DescribeGroups, which finds no classic group 'new' (Dead)
kafkascope config group.coordinator.rebalance.protocols=classic
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group old
