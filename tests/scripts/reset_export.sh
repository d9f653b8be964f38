# kafka-consumer-groups.sh --reset-offsets --export: the plan as CSV (exportOffsetsToCsv,
# Kafka 4.x): topic,partition,offset for one --group, group,topic,partition,offset for more
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<END
a
b
c
END
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-latest --dry-run --export
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --group h --topic t --to-earliest --dry-run --export
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g --export
