# kafka-topics.sh --describe --topic-id (4.x describeTopic: an id other than Uuid.ZERO_UUID is
# used in place of the name) and --partition-size-limit-per-response (accepted; it only pages
# the DescribeTopicPartitions answers)
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 1
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic u --partitions 1 --replication-factor 1
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic-id ktbl2UL0TZuiIGIq8j5ubw
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic-id AAAAAAAAAAAAAAAAAAAAAB
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic-id AAAAAAAAAAAAAAAAAAAAAB --if-exists
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic u --topic-id ktbl2UL0TZuiIGIq8j5ubw --if-exists
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t --partition-size-limit-per-response 1
