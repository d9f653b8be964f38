#! title: Retries and duplicates
#! summary: Every message between nodes takes 800 ms, longer than the console producer's 1.5 s request timeout allows for a round trip; a producer without idempotence retries each timed-out write and the leader appends every copy (order-1 four times); at 25 s the idempotent producer (Kafka's default) writes order-2 over the same network, retries too, and the leader keeps one copy.
#! seed: 19
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3
kafkascope network-delay 800
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group audit > /dev/null &
#! at: 5
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property enable.idempotence=false <<EOF
order-1
EOF
#! at: 25
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
order-2
EOF
