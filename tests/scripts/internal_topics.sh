# The internal topics' configs as the coordinators create them (Kafka 4.x):
# GroupCoordinatorService.groupMetadataTopicConfigs and
# TransactionStateManager.transactionTopicConfigs
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3
kafka-producer-perf-test.sh --topic t --num-records 10 --record-size 10 --throughput -1 --transactional-id tx --command-property bootstrap.servers=localhost:9092 > /dev/null
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --from-beginning --max-messages 1 > /dev/null
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name __consumer_offsets
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name __transaction_state
