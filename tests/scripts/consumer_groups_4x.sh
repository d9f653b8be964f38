# kafka-consumer-groups.sh as Kafka 4.x's ConsumerGroupCommand: --validate-regex (KIP-848,
# RE2J's syntax, no broker needed), --list --type (KIP-1043) with its TYPE column and the
# types and states it accepts (Java's split drops trailing commas)
kafka-consumer-groups.sh --validate-regex 'foo.*'
kafka-consumer-groups.sh --validate-regex '[foo.*'
kafka-consumer-groups.sh --validate-regex 'orders-(eu|us'
kafka-consumer-groups.sh --validate-regex 'a**'
kafka-consumer-groups.sh --validate-regex '(?=lookahead)'
kafka-consumer-groups.sh --validate-regex 'x{2000}'
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --validate-regex 'a|*'
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --validate-regex 'a' --list
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group old > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group new --command-property group.protocol=consumer > /dev/null &
sleep 8
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type consumer
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type Classic, --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state stable,
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type share
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group old --type
# --describe as 4.x prints it (KIP-1099): --state [--verbose] with the group and target
# assignment epochs, --members --verbose with each member's epoch, current and target
# assignment ("-" for a classic group), the members' header even for a group without rows
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new --state --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group old --state --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group old --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group nope --members
# --describe [--offsets] --verbose (4.x): LEADER-EPOCH after PARTITION, the committed
# offset's leader epoch, "-" for an offset an admin tool wrote
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<END
a
b
c
END
sleep 6
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group old --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new --offsets --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group reset --topic t --to-earliest --execute > /dev/null
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reset --offsets --verbose
# --delete of several groups: each failure's cause, the successes joined, both in the
# order of Java's HashMap (deleteGroups, 4.x)
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group audit --topic t --to-earliest --execute > /dev/null
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic t --to-earliest --execute > /dev/null
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group billing --group nope --group audit
