# A pattern subscription (--include) is matched again at each metadata refresh
# (metadata.max.age.ms, 5 minutes) and before each rejoin: a topic created later joins the
# subscription and the group rebalances. A pattern matching nothing waits.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic logs-web --partitions 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic logs-web <<EOF
web-1
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'logs-.*' --group collectors --from-beginning &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'metrics-.*' --group metrics --from-beginning &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group collectors --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group metrics --members
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic logs-db --partitions 2
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic metrics-cpu --partitions 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic logs-db <<EOF
db-1
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic metrics-cpu <<EOF
cpu-1
EOF
sleep 60
# a minute later: not picked up yet
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group collectors --members
sleep 300
# after the next metadata refresh: both groups rebalanced onto the new topics
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group collectors --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group metrics
kill %1 %2
# the consumer protocol (KIP-848): a member whose pattern matches nothing joins once it does
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'x.*' --group g848 --command-property group.protocol=consumer --from-beginning &
sleep 10
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic x1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic x1 <<EOF
hello
EOF
sleep 310
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g848
kill %1
