#! title: Delivery guarantees: acks, retries, idempotence, and when to commit
#! summary: acks decides when a write counts as done; a retry after a lost answer writes a duplicate unless the producer is idempotent (the default since Kafka 3.0); and a consumer that commits before processing loses records on a crash, one that commits after processing repeats them.
#! seed: 19
#! level: advanced
#> A producer's acks setting says when the leader answers a write. acks=0: never,
#> the producer does not wait at all. acks=1: once the leader has written it.
#> acks=all (-1, the default): once every in-sync replica has it, and only if
#> there are at least min.insync.replicas of them.
#>
#> payments has three replicas and min.insync.replicas=2. Two of its brokers
#> crash, and after broker.session.timeout.ms the ISR is the leader alone. Then
#> three console producers each write one payment, with acks=all, acks=1 and
#> acks=0.
#? Which of the three producers report an error, and how many payments does the
#? leader's log hold afterwards?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 1 --replication-factor 3 --config min.insync.replicas=2
kafkascope broker stop 1
kafkascope broker stop 3
sleep 10
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments <<EOF
pay-all
EOF
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments --request-required-acks 1 <<EOF
pay-one
EOF
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments --request-required-acks 0 <<EOF
pay-zero
EOF
#= Only the acks=all producer: the leader refuses its payment with
#= NOT_ENOUGH_REPLICAS, since one in-sync replica cannot protect it, and after its
#= retries the producer gives up. acks=1 and acks=0 are written: two payments, on
#= one broker only. If that broker's disk dies now, both are gone, and the acks=1
#= producer was told its write succeeded. acks=0 would not even have heard of a
#= failure.
#! expect output contains NotEnoughReplicasException
#! expect partition payments 0 log-end-offset 2
#! pause
#> Now a retry. The brokers are back, and the network is slow: kafkascope
#> network-delay 800 makes every message take 800 ms each way, so an answer comes
#> 1.6 s after its request. The console producer gives up on a request after
#> request.timeout.ms, 1500 ms in this tool, and retries it (retries=3). This
#> producer turns idempotence off.
#? How many copies of order-1 will the orders topic hold, and will the producer
#? say that it failed?
kafkascope broker start 1
kafkascope broker start 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3
kafkascope network-delay 800
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property enable.idempotence=false <<EOF
order-1
EOF
#= Four copies, and an error. Each attempt reached the leader and was written; only
#= the answer came too late. After a timeout the client closes the connection and
#= cannot tell whether the write happened, so it sends the batch again: four
#= attempts, four appends. After the last one it reports TimeoutException
#= (Disconnected from node ... due to timeout), although the record is there four
#= times.
#! expect partition orders 0 log-end-offset 4
#! expect output contains TimeoutException: Disconnected from node
#! pause
#> The same with the default: enable.idempotence=true since Kafka 3.0. An
#> idempotent producer gets a producer id from the cluster and numbers each batch
#> per partition; the leader remembers the last five batches of each producer
#> (ProducerStateManager) and drops a batch it has already written.
#? How many copies of order-2 does it write?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
order-2
EOF
kafkascope network-delay 2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --timeout-ms 10000
#= One. The three retries carried the same producer id and sequence number, and the
#= leader recognised them. The producer still reports the timeout: it never heard
#= an answer. An application that answers that error by sending order-2 again
#= sends a new record with a new sequence number, and duplicates it after all; only
#= transactions (lesson 16) tie the whole read-process-write loop together.
#! expect partition orders 0 log-end-offset 5
#! expect output contains Processed a total of 5 messages
#! pause
#> Ordering. A producer may have up to max.in.flight.requests.per.connection
#> requests to a broker unanswered at once (5 by default). Without idempotence,
#> if request 1 fails and request 2 succeeds, the retry of 1 lands after 2: the
#> partition's order is not the send order. That is why, before idempotence, the
#> advice was max.in.flight.requests.per.connection=1. An idempotent producer keeps
#> the order with up to five in flight: the leader refuses a batch whose sequence
#> number skips one (OUT_OF_ORDER_SEQUENCE_NUMBER) until the missing one arrives.
#? What happens to an idempotent producer configured with
#? max.in.flight.requests.per.connection=6?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property max.in.flight.requests.per.connection=6 <<EOF
order-3
EOF
#= It is not created at all: since Kafka 4.0 more than five in flight with
#= idempotence on fails the producer's construction (before, idempotence was
#= quietly turned off). Turn idempotence off explicitly, and accept the reordering,
#= or keep five or fewer.
#! expect output contains max.in.flight.requests.per.connection
#! expect partition orders 0 log-end-offset 5
#! pause
#> The consumer side. Where a consumer commits decides what a crash costs.
#> Committing after processing is at-least-once: a crash between processing and
#> the commit makes the successor process those records again. Committing before
#> processing is at-most-once: a crash between the commit and the processing loses
#> them.
#>
#> kafkascope process is a small application that reads a topic, writes each
#> record to another with a prefix, and commits after its output is acknowledged.
#> --crash-after 2 kills it (kill -9) after its second output record, before it
#> commits.
#? Three invoices, a crash after two outputs, a successor once the group has
#? dropped the dead member. How many bills come out?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic invoices --partitions 1 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic bills --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic invoices <<EOF
inv-1
inv-2
inv-3
EOF
kafkascope process --from invoices --to bills --group billing --prefix "BILL " --crash-after 2
sleep 8
kafkascope process --from invoices --to bills --group billing --prefix "BILL "
sleep 50
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic bills --from-beginning --timeout-ms 3000
#= Five: inv-1 and inv-2 are billed twice. The first process wrote two bills and
#= died before committing, so its successor started again at offset 0. Nothing was
#= lost, two customers are billed twice.
#! expect partition bills 0 log-end-offset 5
#! expect group billing committed invoices 0 3
#! pause
#> At-most-once, on a second invoice topic. A commit-first application polls,
#> commits the offsets of what it received, then processes it. We play its first
#> move by hand: kafka-consumer-groups.sh --reset-offsets --to-latest --execute
#> commits exactly what commitSync() after that poll would have committed. Then the
#> application dies before its first bill (we never start it), and a successor
#> takes over the group.
#? How many of the three new invoices get billed?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic invoices-eu --partitions 1 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic bills-eu --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic invoices-eu <<EOF
inv-4
inv-5
inv-6
EOF
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --group billing-eu --topic invoices-eu --reset-offsets --to-latest --execute
kafkascope process --from invoices-eu --to bills-eu --group billing-eu --prefix "BILL "
sleep 10
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic bills-eu --from-beginning --timeout-ms 3000
#= None. The committed offset says all three were handled, so the successor starts
#= after them: three invoices lost, none billed twice. Kafka's default consumer
#= (enable.auto.commit, every auto.commit.interval.ms, committing what poll()
#= returned before the next poll) is at-least-once as long as the application
#= finishes a batch before it polls again. Exactly-once needs the commit and the
#= output in one transaction: lesson 16.
#! expect group billing-eu committed invoices-eu 0 3
#! expect partition bills-eu 0 log-end-offset 0
#! expect output contains Processed a total of 0 messages
