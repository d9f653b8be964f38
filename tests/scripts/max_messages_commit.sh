# kafka-console-consumer.sh --max-messages N commits only the N records it printed
# (ConsoleConsumer's resetUnconsumedOffsets before close): the group's lag shows the rest
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 1 --replication-factor 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic events <<EOF
e0
e1
e2
e3
e4
e5
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group readers --from-beginning --max-messages 2
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group readers
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group readers --max-messages 3
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group readers
