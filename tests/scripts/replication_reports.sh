# kafka-topics.sh --describe's replication reports as brokers fail, and their option checks
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 3 --replication-factor 3 --config min.insync.replicas=2
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic plain --partitions 2 --replication-factor 2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topics-with-overrides
kafka-topics.sh --bootstrap-server localhost:9092 --describe --at-min-isr-partitions
# one broker down: payments' ISRs are at their minimum of 2 (the tools bootstrap from a
# running broker: one whose only bootstrap server is stopped times out)
kafkascope broker stop 1
sleep 10
kafka-topics.sh --bootstrap-server localhost:9093 --describe --at-min-isr-partitions
kafka-topics.sh --bootstrap-server localhost:9093 --describe --under-replicated-partitions
# two down: below the minimum (acks=all writes are refused), and plain-1 (replicas 3,1) is offline
kafkascope broker stop 3
sleep 10
kafka-topics.sh --bootstrap-server localhost:9093 --describe --under-min-isr-partitions
kafka-topics.sh --bootstrap-server localhost:9093 --describe --unavailable-partitions
kafka-topics.sh --bootstrap-server localhost:9093 --describe --topic plain --under-min-isr-partitions --unavailable-partitions
# options that do not go together
kafka-topics.sh --bootstrap-server localhost:9093 --describe --topics-with-overrides --under-min-isr-partitions
