# kafka-consumer-perf-test.sh --show-detailed-stats: its own header, then a progress line
# per --reporting-interval while records arrive (the first with the join time), and no
# summary (ConsumerPerformance, Kafka 4.0 source); the header comes before any warning
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-producer-perf-test.sh --topic t --num-records 300 --record-size 100 --throughput 20 --producer-props bootstrap.servers=localhost:9092 > /dev/null &
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic t --num-records 300 --show-detailed-stats --reporting-interval 3000 --group detailed
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic t --num-records 1000 --timeout 5000 --group summary
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic t --num-records 10 --reporting-interval 0
