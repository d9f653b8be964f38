# A consumer group's own consumer.session.timeout.ms (kafka-configs.sh --entity-type groups)
# replaces the broker's group.consumer.session.timeout.ms for that group
# (GroupMetadataManager.consumerGroupSessionTimeoutMs, Kafka 4.x): a crashed member of
# 'slow' is removed after 60 s, one of 'fast' after the broker's 45 s
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name slow --add-config consumer.session.timeout.ms=60000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group slow --command-property group.protocol=consumer > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group fast --command-property group.protocol=consumer > /dev/null &
sleep 5
kill -9 %1
kill -9 %2
sleep 50
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group slow --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fast --members
sleep 15
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group slow --members
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name slow
