# kafka-console-producer.sh's deprecated options of Kafka 4.2+: KIP-1147's renames warn and
# still work, both names together are refused; KIP-1231's --max-partition-memory-bytes still
# sets batch.size (after --batch-size), with its warning on standard output
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --property parse.key=true --property key.separator=: --producer-property acks=1 --max-partition-memory-bytes 1024 <<EOF2
k:v
EOF2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --property parse.key=false --reader-property parse.key=true <<EOF2
a
EOF2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 1 --formatter-property print.key=true
