# What only a script (not an interactive terminal) does: an endless foreground
# consumer is an error, and background jobs are stopped with kill
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic logs
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic logs
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic logs --group readers &
sleep 5
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic logs <<EOF
service=api level=INFO started
service=api level=WARN slow request
EOF
sleep 6
jobs
kill -TERM %1
kill %1
kill -HUP
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group readers --state
sleep 1.5s
kafkascope broker stop 1
kafkascope brokers
kafkascope broker stop 7
kafkascope nonsense
kafkascope config auto.leader.rebalance.enable=false
kafkascope config
kafkascope config foo=1
kafkascope config auto.leader.rebalance.enable=maybe
sleep forever
# background jobs wake at their own deadlines even when the cluster is quiet (broker 1
# is stopped: they bootstrap from broker 2)
kafka-topics.sh --bootstrap-server localhost:9093 --create --topic quiet
kafka-console-consumer.sh --bootstrap-server localhost:9093 --topic quiet --timeout-ms 1000 &
kafka-producer-perf-test.sh --topic quiet --num-records 4 --record-size 10 --throughput 2 --producer-props bootstrap.servers=localhost:9093 &
sleep 5
jobs
