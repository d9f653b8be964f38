# Every --bootstrap-server address is a stopped broker: the clients keep trying to connect,
# log NetworkClient's warnings, and time out as Kafka's do (admin: default.api.timeout.ms,
# 60 s, or kafka-consumer-groups.sh's --timeout; producer: max.block.ms, 60 s; consumer:
# its --timeout-ms). A broker that starts again is connected to at the next attempt.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2
kafkascope broker stop 2 --clean
kafka-topics.sh --bootstrap-server localhost:9093 --create --topic payments
kafka-consumer-groups.sh --bootstrap-server localhost:9093 --list
kafka-get-offsets.sh --bootstrap-server localhost:9093 --topic orders
kafka-configs.sh --bootstrap-server localhost:9093 --describe --entity-type topics --entity-name orders
kafka-consumer-groups.sh --bootstrap-server localhost:9093 --describe --group g --timeout 1000
kafka-consumer-groups.sh --bootstrap-server localhost:9093 --delete --group g --timeout 1000
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic orders <<EOF
lost
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9093 --topic orders --from-beginning --timeout-ms 2000
kafka-console-consumer.sh --bootstrap-server localhost:9093 --topic orders --from-beginning --max-messages 1 &
sleep 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
kept
EOF
kafkascope broker start 2
sleep 10
jobs
kafka-topics.sh --bootstrap-server localhost:9093,localhost:9092 --list
# kafka-leader-election.sh: its admin client's default.api.timeout.ms is 30 s (LeaderElectionCommand.run)
kafkascope broker stop 2
kafka-leader-election.sh --bootstrap-server localhost:9093 --election-type preferred --all-topic-partitions
