# --delete-offsets (KIP-496): a group's committed offsets, topic by topic
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
o1
o2
o3
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic audit <<EOF
a1
a2
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'orders|audit' --group billing --from-beginning --timeout-ms 8000 > /dev/null
# the group is Empty: every offset of a topic can go, partitions by number too
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing --topic audit:1 --topic nosuch --topic orders:7
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
# while a member subscribes to orders, its offsets stay
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing --topic orders --topic audit
kill %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing --topic orders
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
# errors
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group nobody --topic orders:0
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing --topic orders:x
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group billing --group other --topic orders
