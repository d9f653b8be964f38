# The console consumers' deserializers (Kafka 4.x DefaultMessageFormatter.deserialize and
# org.apache.kafka.common.serialization): --key-deserializer, --value-deserializer, or the
# formatter properties key.deserializer / value.deserializer / headers.deserializer print
# deserialize(bytes).toString(); a null is the null literal's bytes first
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic words --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic words --reader-property parse.key=true --reader-property key.separator=: <<EOF
k1:abcd
k2:ab
k3:abcdefgh
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --from-beginning --max-messages 3 --formatter-property print.key=true --value-deserializer org.apache.kafka.common.serialization.StringDeserializer
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --from-beginning --max-messages 1 --value-deserializer org.apache.kafka.common.serialization.IntegerDeserializer
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --from-beginning --max-messages 3 --formatter-property value.deserializer=org.apache.kafka.common.serialization.BytesDeserializer --formatter-property key.deserializer=org.apache.kafka.common.serialization.ByteBufferDeserializer --formatter-property print.key=true
# a value of the wrong size: the formatter throws after the key it wrote; the tool cleans up,
# reports the count (the record counts) and main logs the exception: exit status 1
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --group g --from-beginning --max-messages 3 --formatter-property print.key=true --value-deserializer org.apache.kafka.common.serialization.LongDeserializer
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g
# --skip-message-on-error logs each failure and goes on
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --from-beginning --max-messages 3 --skip-message-on-error --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer
# a class that does not load: logged when the formatter is configured, then the bytes
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic words --from-beginning --max-messages 1 --value-deserializer com.example.MoneyDeserializer
# share consumers: --reject-message-on-error rejects what the formatter cannot write;
# without it, the failing record and the rest of its batch go back to the group
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name s --add-config share.auto.offset.reset=earliest
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name h --add-config share.auto.offset.reset=earliest
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic words --group s --max-messages 3 --reject-message-on-error --value-deserializer org.apache.kafka.common.serialization.DoubleDeserializer
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group s --offsets
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic words --group h --max-messages 3 --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group h --offsets
