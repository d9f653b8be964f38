# kafka-consumer-perf-test.sh's options as ConsumerPerfOptions (Kafka 4.2+) declares them:
# --help prints jopt-simple's usage (printUsageAndExit, exit 1), refusals print the message
# and the usage
kafka-consumer-perf-test.sh --help
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --num-records 10
kafka-consumer-perf-test.sh --topic t --num-records 10
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic t --num-records ten
kafka-consumer-perf-test.sh --bootstrap-server localhost:9092 --topic t --num-records 10 --threads 2
