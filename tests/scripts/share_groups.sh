# Share groups (KIP-932): kafka-console-share-consumer.sh, kafka-share-groups.sh,
# kafka-groups.sh and kafka-configs.sh --entity-type groups
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 2
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.record.lock.duration.ms=1000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.delivery.count.limit=3 --delete-config share.delivery.count.limit
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name workers
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs --reader-property parse.key=true <<END
a	1
poison	2
b	3
c	4
END
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 --formatter-property print.offset=true --formatter-property print.delivery=true --formatter-property print.key=true &
sleep 1
kafkascope consumer fail %1 key poison release
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &
sleep 3
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --state
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state --verbose
kafka-groups.sh --bootstrap-server localhost:9092 --list
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group workers
kill %1 %2
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group workers --topic jobs:0 --to-earliest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group workers --all-topics --to-earliest --execute
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --reject --timeout-ms 3000 --formatter-property print.offset=true --formatter-property print.delivery=true
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --verbose
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group workers --topic jobs --topic nope
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members --offsets
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --verbose
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --reject --release
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.delivery.count.limit=11
