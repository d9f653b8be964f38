# KIP-848: group.protocol=consumer next to the classic protocol
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 4 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-proto --command-property group.protocol=consumer > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-proto --command-property group.protocol=consumer > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group old-proto > /dev/null &
# the second member waits out group.consumer.assignment.interval.ms (KIP-1263) and a heartbeat
sleep 15
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-proto --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-proto --members --verbose
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group old-proto --command-property group.protocol=consumer --timeout-ms 3000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group x --command-property group.protocol=consumer --command-property group.remote.assignor=fancy --timeout-ms 3000
