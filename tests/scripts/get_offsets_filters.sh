# kafka-get-offsets.sh as GetOffsetShell (Kafka 4.0 source): --topic-partitions patterns
# (ranges exclude their upper bound), --partitions, --time -3/max-timestamp, rows sorted
# by topic-partition as a string, and its "Error occurred:" messages
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 12
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
a
b
c
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic t
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions 't:0-3,t:11'
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions 't:10-' --time -3
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic t --time max-timestamp
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic t --partitions 99
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic t --topic-partitions t:1
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions 't:x'
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic t --partitions a
kafka-get-offsets.sh --bootstrap-server localhost:9092 --time yesterday
kafka-get-offsets.sh --bootstrap-server localhost:9092 --nope
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions ':0' --exclude-internal-topics
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions 't:99999999999'
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic-partitions 't:5-2'
