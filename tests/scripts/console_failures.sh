# How the console tools fail (Kafka 4.3). ConsoleProducer.start catches what the reader,
# the producer's constructor and the reading loop throw and calls printStackTrace: the
# trace alone, no "Exception in thread" line
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property acks=2 <<EOF
x
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property enable.idempotence=true --command-property acks=1 <<EOF
x
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --reader-property parse.key=true <<EOF
k	v
nokey
EOF
# ConsoleConsumer.main logs what run() throws as "Unknown error when running consumer: "
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --max-messages 1 --command-property auto.offset.reset=bogus
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --max-messages 1 --command-property heartbeat.interval.ms=45000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --max-messages 1 --command-property group.protocol=consumer --command-property session.timeout.ms=10000
# a server assignor the coordinator does not know: the heartbeat manager logs the
# coordinator's UNSUPPORTED_ASSIGNOR message, and poll() throws it
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g2 --max-messages 1 --command-property group.protocol=consumer --command-property group.remote.assignor=sticky
# ConsoleShareConsumer.main logs the same way, under its own class
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic t --max-messages 1 --command-property max.poll.records=abc
kafka-console-share-consumer.sh --bootstrap-server elsewhere:9092 --topic t --max-messages 1
# ConsoleConsumerOptions' refusals (the others: tests/console_43.rs): the group ids in
# HashSet order, then the auto.offset.reset conflict printed alone, with no usage
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group h --command-property group.id=g --max-messages 1
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.id=g --max-messages 1 --from-beginning
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --command-property auto.offset.reset=none --max-messages 1
