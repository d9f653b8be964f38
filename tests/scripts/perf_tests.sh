# Load generators in virtual time
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic load --partitions 6 --replication-factor 3
kafka-producer-perf-test.sh --topic load --num-records 20000 --record-size 100 --throughput 2000 --producer-props bootstrap.servers=localhost:9092 acks=all
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic load --num-records 20000 --group perf
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group perf
kafka-producer-perf-test.sh --topic load --num-records 10
kafka-producer-perf-test.sh --topic load --num-records 10 --record-size 10 --throughput -1
