# Topic configs Kafka accepts: compression.type (records are stored uncompressed all the
# same) and message.timestamp.type=LogAppendTime (the leader stamps each record with its
# append time), validated as LogConfig does
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic zipped --config compression.type=gzip
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic stamped --config message.timestamp.type=LogAppendTime --config max.compaction.lag.ms=600000
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic bad --config compression.type=GZIP
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic bad --config message.timestamp.type=AppendTime
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic zipped
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic stamped <<EOF
a
EOF
sleep 5
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic stamped --from-beginning --max-messages 1 --formatter-property print.timestamp=true
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name stamped --add-config message.timestamp.type=CreateTime,compression.type=zstd
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name stamped
# topic configs Kafka 4.x defines whose effect Kafkascope does not model: validated, stored, described
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic passive --config preallocate=TRUE --config segment.jitter.ms=100
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name passive --add-config flush.messages=0
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name passive --add-config flush.messages=1000,local.retention.ms=-3
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name passive --add-config flush.messages=1000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name passive --all
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic passive
