# kafka-console-consumer.sh --formatter and --formatter-config (Kafka 4.x
# ConsoleConsumerOptions.buildFormatter), and DefaultMessageFormatter's print.epoch: the
# leader epoch of each record's batch
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
first
second
EOF
# NoOpMessageFormatter prints nothing; LoggingMessageFormatter prints as the default one
# (its INFO line is below the tools' WARN log level)
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 2 --formatter org.apache.kafka.tools.consumer.NoOpMessageFormatter
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 1 --formatter org.apache.kafka.tools.consumer.LoggingMessageFormatter
# --formatter-config: a properties file, the formatter properties on top
cat > fmt.properties <<EOF
print.partition=true
print.value=false
key.separator=|
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 2 --formatter-config fmt.properties --formatter-property print.value=true
# the internal topics' formatters: Kafkascope keeps no such topics
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --formatter org.apache.kafka.tools.consumer.OffsetsMessageFormatter --max-messages 1
# the leader (broker 2) stops: broker 3 leads at epoch 1
kafkascope broker stop 2 --clean
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
after the election
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --partition 0 --offset earliest --max-messages 3 --formatter-property print.offset=true --formatter-property print.epoch=true
