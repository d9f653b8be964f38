# A --bootstrap-server no broker listens on is unreachable, as a stopped broker's: the clients
# log NetworkClient's warnings and time out. A malformed one, or one whose host does not resolve,
# fails in the client's constructor (ClientUtils.parseAndValidateAddresses)
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1
kafka-console-producer.sh --bootstrap-server localhost:9999 --topic t --max-block-ms 2000 <<EOF
x
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9999 --topic t --timeout-ms 1500
kafka-console-consumer.sh --bootstrap-server nonsense --topic t --timeout-ms 1500
kafka-console-consumer.sh --bootstrap-server elsewhere:9092 --topic t --timeout-ms 1500
kafka-console-producer.sh --bootstrap-server elsewhere:9092,localhost:9092 --topic t <<EOF
y
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 1
# the share consumer too: ShareConsumerConfig's checks come before the addresses
kafka-console-share-consumer.sh --bootstrap-server nonsense --topic t --max-messages 1 --command-property max.poll.records=abc
kafka-console-share-consumer.sh --bootstrap-server nonsense --topic t --max-messages 1
