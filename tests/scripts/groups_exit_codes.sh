# kafka-consumer-groups.sh's exit status as ConsumerGroupCommand (4.x) gives it: main returns
# normally (0) after run's catch (Throwable) printed "Error: Executing consumer group command
# failed due to ...", and exits 1 through printUsageAndExit for an IllegalArgumentException
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF2
a
b
EOF2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --from-beginning --max-messages 2 > /dev/null
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic nope --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-offset x --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t:x --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group g --topic t:0:1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group g --group h --topic t
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group nope
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group nope
