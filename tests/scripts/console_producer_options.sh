# kafka-console-producer.sh's other options (ConsoleProducerOptions, 4.0-SNAPSHOT mirror): --reader-config (the file, then the reader
# properties), --max-block-ms, --max-memory-bytes, --metadata-expiry-ms, --socket-buffer-size (max.block.ms, buffer.memory,
# metadata.max.age.ms, send.buffer.bytes) and --line-reader, loaded with Class.forName: 4.x has no old-name mapping
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1
cat > reader.properties <<EOF
parse.key=true
key.separator=:
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --reader-config reader.properties --max-block-ms 5000 --max-memory-bytes 1048576 --metadata-expiry-ms 60000 --socket-buffer-size 65536 <<EOF
k1:v1
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 1 --formatter-property print.key=true
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --line-reader kafka.tools.ConsoleProducer\$LineMessageReader <<EOF
x
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --reader-config nope.properties <<EOF
x
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --max-block-ms 100 --max-memory-bytes -1 <<EOF
x
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic nosuch --max-block-ms 300 <<EOF
x
EOF
# a property without '=' is the key with an empty value (CommandLineUtils.parseKeyValueArgs,
# acceptMissingValue): an unknown key is ignored, a known one checked
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property just.a.flag <<< "x"
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property acks <<< "x"
# --compression-codec takes an optional value (gzip without one) and always sets
# compression.type, over --command-property compression.type (ConsoleProducer.producerProps)
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --compression-codec <<< "x"
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --compression-codec bogus <<< "x"
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property compression.type=bogus <<< "x"
