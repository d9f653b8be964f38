#! title: A real pipeline: fraud detection on a payments stream
#! summary: Payments keyed by card stay in order on one partition, a scoring group scales out across partitions and writes alerts to their own topic, and a crashed scorer's payments are scored again by another.
#! seed: 1
#> Card payments arrive as a stream, and a fraud check has a few seconds to
#> score each one: a card used in Berlin and, ten minutes later, in Las Vegas
#> should raise an alert. Kafka is a common backbone for this. Payment services
#> write to a payments topic; a scoring service reads it as a consumer group and
#> writes its verdicts to a fraud-alerts topic, which other services read.
#>
#> The producer keys every payment by card number. Scoring needs each card's
#> payments in order (a jump from Berlin to Las Vegas only shows in sequence), and
#> Kafka orders records only within a partition. The key makes the partition.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 3 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic fraud-alerts --partitions 3 --replication-factor 3
#? Card 1111 pays four times, in Berlin and then in Las Vegas. On how many
#? partitions will its payments be?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,pay-1 12.50 EUR Berlin
card-2222,pay-2 8.00 EUR Paris
card-3333,pay-3 150.00 EUR Madrid
card-4444,pay-4 3.20 EUR Rome
card-1111,pay-5 40.00 EUR Berlin
card-5555,pay-6 22.00 EUR Vienna
card-1111,pay-7 950.00 USD Las Vegas
card-2222,pay-8 15.00 EUR Paris
card-1111,pay-9 1200.00 USD Las Vegas
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic payments
#= One: all four are on partition 0, in the order they were paid. Every card's
#= payments share a partition (card-2222 and card-5555 are on partition 1,
#= card-3333 and card-4444 on partition 2), so whoever reads a partition sees
#= each of its cards' history in order.
#! expect partition payments 0 key card-1111
#! expect partition payments 1 key card-2222
#! expect partition payments 2 key card-3333
#! expect partition payments 1 key card-5555
#! expect partition payments 2 key card-4444
#! expect partition payments 0 log-end-offset 4
#! pause
#> The scoring service starts as a single instance in the group fraud-scoring
#> (job %1; each printed line stands for one payment handed to the scoring code).
#> Business grows, so two more instances start (jobs %2 and %3) in the same group.
#? How many scorers can work at once, and who scores card 1111?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group fraud-scoring --from-beginning --formatter-property print.key=true --formatter-property key.separator=, &
sleep 10
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group fraud-scoring --formatter-property print.key=true --formatter-property key.separator=, &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group fraud-scoring --formatter-property print.key=true --formatter-property key.separator=, &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-scoring
#= Three, one per partition: the group split the partitions between its members,
#= and job %2 now owns partition 0 and with it every payment of card 1111. A
#= fourth scorer would sit idle. The partition count caps a group's parallelism,
#= so size it for the peak (it can grow later, but that moves keys).
#! expect group fraud-scoring members 3
#! expect group fraud-scoring owner payments 0 %2
#! expect group fraud-scoring owner payments 1 %3
#! expect group fraud-scoring owner payments 2 %1
#! expect group fraud-scoring lag 0
#! pause
#> Scoring pay-9 (1200 USD in Las Vegas, after Berlin), the scorer raises an
#> alert: it produces a record to fraud-alerts, keyed by card again. Kafkascope
#> cannot run the scoring code, so we type the record its producer would send.
#> Two other services read the alerts with their own groups: one blocks the card,
#> one notifies the customer.
#? fraud-alerts has 3 partitions, like payments, where card 1111 is on partition
#? 0. Which partition of fraud-alerts will the alert land on, and how many times
#? will it be printed?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --group card-blocker --formatter-property print.key=true --formatter-property key.separator=, &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --group customer-notifier --formatter-property print.key=true --formatter-property key.separator=, &
sleep 10
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,ALERT pay-9 score 0.97 Berlin to Las Vegas in 10 minutes
EOF
sleep 6
#= Partition 0, and it is printed twice. The same key hashed over the same number
#= of partitions gives the same partition number, so card 1111 is on partition 0
#= of both topics, and all alerts for one card stay in order on one partition of
#= fraud-alerts. Each group gets every alert, so the alert is printed once by
#= each alert group.
#! expect output contains ALERT pay-9
#! expect group card-blocker lag 0
#! expect group customer-notifier lag 0
#! expect partition fraud-alerts 0 key card-1111
#! pause
#> Scoring now calls a slow model: two seconds per payment. The simulator command
#> `kafkascope consumer slow %N 2000` makes a job's application take that long
#> per record. Then a burst of four large payments on card 1111 arrives.
#? Three seconds later job %2 is working through the burst. What committed offset
#? will kafka-consumer-groups.sh show for partition 0: 4, as before the burst, or
#? more?
kafkascope consumer slow %1 2000
kafkascope consumer slow %2 2000
kafkascope consumer slow %3 2000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,pay-10 1500.00 USD Las Vegas
card-1111,pay-11 1800.00 USD Las Vegas
card-1111,pay-12 2000.00 USD Las Vegas
card-1111,pay-13 2500.00 USD Las Vegas
EOF
sleep 3
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-scoring
#= Still 4, with a lag of 4. Job %2 fetched all four in one poll and is working
#= through them, 8 seconds in all. The consumer commits what a poll returned only
#= when the application asks for more (the next poll), so nothing of the burst is
#= committed yet, not even the payments already scored.
#! expect output contains pay-13
#! expect group fraud-scoring committed payments 0 4
#! expect group fraud-scoring lag 4
#! pause
#> In the middle of that, the machine running job %2 dies (kill -9 %2). A moment
#> later card 1111 pays again.
#? Twenty seconds after the crash, has anyone scored pay-14?
kill -9 %2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,pay-14 3000.00 USD Las Vegas
EOF
sleep 20
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-scoring
#= No. A crashed process sends no goodbye, so the coordinator still counts job %2
#= as a member until its heartbeats have been missing for session.timeout.ms (45
#= seconds). Until then partition 0 has no working scorer: card 1111's payments,
#= the ones that matter most right now, wait unscored, and the lag grows.
#! expect output lacks pay-14
#! expect group fraud-scoring members 3
#! expect group fraud-scoring committed payments 0 4
#! expect group fraud-scoring lag 5
#! pause
#> Forty seconds later.
#? When partition 0 is scored again, where does its new scorer start?
sleep 40
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-scoring
#= At the committed offset, 4. The coordinator removed job %2, the group
#= rebalanced, and job %3 took partition 0: it scores pay-10 to pay-13 again
#= (at-least-once delivery), then pay-14. Some of those may already have raised
#= alerts before the crash, so the alert consumers must tolerate duplicates (for
#= example, one alert per payment id). A shorter session.timeout.ms, or static
#= membership with a quick restart, narrows the gap in which nobody scores.
#! expect group fraud-scoring members 2
#! expect group fraud-scoring owner payments 0 %3
#! expect output contains pay-10
#! expect output contains pay-14
#! expect group fraud-scoring committed payments 0 9
#! expect group fraud-scoring lag 0
