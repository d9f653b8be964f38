# kafka-verifiable-producer.sh (Kafka 4.2/4.3, argparse4j 0.7.0): JSON lines in virtual time
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --max-messages 7 --repeating-keys 3 --value-prefix 7
# a steady keyed stream in the background; SIGTERM lets close() wait for the last answer
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --throughput 4 --repeating-keys 6 --value-prefix 1 > stream.json &
sleep 2
kill %1
cat stream.json
# acks=0: the answers carry no offsets
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --max-messages 2 --acks 0
# the deprecated --producer.config; a create time, which grows by the time since the start
cat > producer.properties <<EOF2
acks=1
EOF2
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --max-messages 2 --throughput 1 --producer.config producer.properties --message-create-time 1700000000000
# kill -9: a crash prints nothing more
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --throughput 10 > crash.json &
sleep 0.3
kill -9 %1
sleep 1
cat crash.json
# retries=0: a rejected batch is an error line per record (an ISR of two, under
# min.insync.replicas=3; a min.insync.replicas above the replication factor would count
# as the replication factor, Partition.effectiveMinIsr)
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic strict --partitions 1 --replication-factor 3 --config min.insync.replicas=3
kafkascope broker stop 3 --clean
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic strict --max-messages 2
kafkascope broker start 3
# argparse4j's errors: usage and message on stderr, status 1, nothing runs
kafka-verifiable-producer.sh --topic orders --broker-list localhost:9092
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --throughput fast
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --acks all
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --thruput 5
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --t orders
kafka-verifiable-producer.sh --topic orders
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --producer.config a --command-config b
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --command-config missing.properties --max-messages 1
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders
kafka-verifiable-producer.sh --help
