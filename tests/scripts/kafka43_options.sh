# Kafka 4.3's tools: what 4.0 removed is refused, what 4.2 renamed (KIP-1147) still works
# with the warning 4.3 prints (ConsoleConsumerOptions, ConsoleProducer, GetOffsetShell)
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 1
kafka-console-producer.sh --version
# removed in 4.0: --broker-list, --whitelist, --zookeeper
kafka-console-producer.sh --broker-list localhost:9092 --topic orders
kafka-get-offsets.sh --broker-list localhost:9092 --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --whitelist 'ord.*' --max-messages 1
kafka-configs.sh --zookeeper localhost:2181 --describe --entity-type topics --entity-name orders
# deprecated in 4.2: the old names work and warn
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: --producer-property acks=1 <<END
k:v
END
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 1 --property print.key=true --consumer-property client.id=old
# the new names: no warning
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 1 --formatter-property print.key=true --command-property client.id=new
# both names of one option are refused
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --max-messages 1 --consumer-property a=b --command-property c=d
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --reader-property parse.key=false
# kafka-consumer-perf-test.sh: --num-records replaces --messages (4.2)
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic orders --messages 1 --group perf --hide-header
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic orders --messages 1 --num-records 1
# the perf tools take 4.2's --command-property; kafka-producer-perf-test.sh also --bootstrap-server
kafka-producer-perf-test.sh --bootstrap-server localhost:9092 --topic orders --num-records 3 --record-size 10 --throughput -1 --command-property acks=1 linger.ms=0
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic orders --num-records 3 --group perf2 --command-property client.id=perf --hide-header
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic orders --num-records 1 --consumer.config /dev/null --command-config /dev/null
