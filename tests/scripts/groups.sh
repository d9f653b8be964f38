# Three consumers share a topic; one crashes; offsets and lag
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-1
bob:order-2
carol:order-3
alice:order-4
dave:order-5
bob:order-6
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --formatter-property print.key=true --formatter-property print.partition=true &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning &
sleep 15
jobs
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --to-earliest --execute
kill -9 %2
sleep 60
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --members
kill -TERM %1
kill -TERM %3
sleep 5
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group nope
