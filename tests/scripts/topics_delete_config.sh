# kafka-topics.sh --delete-config: deprecated in 4.0 and still accepted by 4.3, which warns on
# standard error (TopicCommandOptions.checkArgs) and does nothing else with it
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1 --config retention.ms=60000
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --partitions 2 --delete-config retention.ms
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t
