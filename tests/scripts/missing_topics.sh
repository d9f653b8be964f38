# Producing to or consuming from a topic that does not exist: the client's metadata
# request makes the broker create it (auto.create.topics.enable, true by default; KRaft
# answers the first request UNKNOWN_TOPIC_OR_PARTITION, which the clients log)
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic nope --timeout-ms 2000
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic typo <<EOF
x
EOF
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic typo
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fresh --partition 0 --offset earliest --timeout-ms 2000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic typo --group readers --from-beginning --max-messages 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group readers --members
# with auto.create.topics.enable=false the producer waits max.block.ms for metadata
kafkascope config auto.create.topics.enable=false
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic never --command-property max.block.ms=3000 <<EOF
x
EOF
