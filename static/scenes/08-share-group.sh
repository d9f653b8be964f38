#! title: A share group: a queue on Kafka
#! summary: Five share consumers work through jobs on just two partitions, every worker linked to the partitions it shares; under each strip, a record's state and owner (acquired, available, acknowledged, archived). Every seventh job is a poison message its workers release: it comes back, its delivery count rises, and after five deliveries it is archived.
#! seed: 8
#! show-from: 5
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 2 --replication-factor 3 --config retention.ms=600000 --config segment.ms=60000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=2 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=2 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=2 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=2 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=2 > /dev/null &
kafkascope consumer slow %1 1000
kafkascope consumer slow %2 1000
kafkascope consumer slow %3 1000
kafkascope consumer slow %4 1000
kafkascope consumer slow %5 1000
kafkascope consumer fail %1 every 7 release
kafkascope consumer fail %2 every 7 release
kafkascope consumer fail %3 every 7 release
kafkascope consumer fail %4 every 7 release
kafkascope consumer fail %5 every 7 release
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic jobs --throughput 2 --repeating-keys 6 --value-prefix 1 > /dev/null &
