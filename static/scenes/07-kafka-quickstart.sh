#! title: Kafka's quickstart
#! summary: The topic and the four events of Kafka's own quickstart, and nothing running: start a consumer in the terminal (or with + on a topic in the Topics tab) and watch it read them.
#! seed: 42
#! show-from: 2
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events --partitions 3 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic quickstart-events --reader-property parse.key=true --reader-property key.separator=: <<EOF
user-0:signed up
user-1:signed up
user-2:added to cart
user-0:checked out
EOF
