#! title: Exactly once: the fraud scorer with transactions
#! summary: A scorer that crashes between writing alerts and committing its offsets writes duplicates; the same scorer with a transactional.id, and alert readers at read_committed, crashes in the middle and leaves not one duplicate, as markers, the last stable offset and a fenced zombie show.
#! seed: 17
#! level: advanced
#> The fraud-detection pipeline again (lesson 15): payments come in, a scorer
#> reads them in the group fraud-scoring and writes an alert for each suspicious
#> one. Lesson 15 ended with a crashed scorer whose payments were scored twice.
#> Here the scorer is a small consume-transform-produce application that
#> Kafkascope runs for you: `kafkascope process` reads --from in --group, writes
#> each record to --to with a prefix, and commits the group's offsets after the
#> output. `--crash-after 3` kills it (kill -9) right after its third alert, before
#> it commits. One partition per topic keeps the story short.
#?  Four payments arrive, the scorer writes three alerts and dies; a new scorer
#?  takes over once the group has noticed. How many alerts will fraud-alerts hold?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 1 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic fraud-alerts --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,pay-1 950.00 USD Las Vegas
card-1111,pay-2 1200.00 USD Las Vegas
card-2222,pay-3 3000.00 EUR Lagos
card-3333,pay-4 2500.00 USD Macau
EOF
kafkascope process --from payments --to fraud-alerts --group fraud-scoring --prefix "ALERT " --crash-after 3
sleep 8
kafkascope process --from payments --to fraud-alerts --group fraud-scoring --prefix "ALERT "
sleep 50
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --from-beginning --timeout-ms 5000
#= Seven, three of them twice. The first scorer wrote ALERT pay-1 to pay-3 and
#= died before committing, so the group's committed offset stayed at 0; its
#= successor (once the coordinator dropped the dead member, 45 seconds later)
#= scored all four again. At-least-once: nothing lost, but card 1111's bank
#= sees two alerts for pay-1 and blocks the card twice.
#! expect partition fraud-alerts 0 log-end-offset 7
#! expect group fraud-scoring committed payments 0 4
#! expect output contains Processed a total of 7 messages
#! pause
#> The cure is a transaction. The scorer gets a transactional.id: its producer
#> calls initTransactions() once, and then for each batch of payments
#> beginTransaction(), its sends, sendOffsetsToTransaction() with the group's
#> offsets, and commitTransaction(). The alerts and the offsets then commit
#> together, or not at all. This scorer, in the group fraud-scoring-tx writing to
#> fraud-alerts-tx, crashes after its third alert again: in the middle of its
#> transaction.
#?  The three alerts are in the log of fraud-alerts-tx. What are its high
#?  watermark and its last stable offset, the offset read_committed readers stop
#?  at?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic fraud-alerts-tx --partitions 1 --replication-factor 3
kafkascope process --from payments --to fraud-alerts-tx --group fraud-scoring-tx --transactional-id scorer --prefix "ALERT " --crash-after 3
sleep 8
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id scorer
kafka-transactions.sh --bootstrap-server localhost:9092 describe-producers --topic fraud-alerts-tx --partition 0
#= The high watermark is 3: the alerts are written and replicated. The last
#= stable offset is 0: the transaction that starts at offset 0
#= (CurrentTransactionStartOffset) is still Ongoing at its coordinator, the
#= broker leading the __transaction_state partition its id hashes to. A consumer
#= with isolation.level=read_committed reads nothing past 0, so no one acts on an
#= alert that may yet be taken back.
#! expect partition fraud-alerts-tx 0 high-watermark 3
#! expect partition fraud-alerts-tx 0 last-stable-offset 0
#! expect output contains Ongoing
#! pause
#> A new scorer starts with the same transactional.id. Its initTransactions()
#> reaches the same coordinator, which finds the id's transaction Ongoing: it bumps
#> the producer epoch, which fences the dead instance (a zombie that woke up could
#> write nothing more), and aborts the transaction by writing an abort marker to
#> fraud-alerts-tx. Then the new scorer gets its epoch, joins the group and
#> scores the payments again, in a transaction that commits.
#?  Two readers of fraud-alerts-tx: one read_committed, one read_uncommitted
#?  (the default). How many alerts does each print?
kafkascope process --from payments --to fraud-alerts-tx --group fraud-scoring-tx --transactional-id scorer --prefix "ALERT "
sleep 50
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id scorer
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts-tx --from-beginning --isolation-level read_committed --timeout-ms 5000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts-tx --from-beginning --timeout-ms 5000
#= Four and seven. The read_committed reader skips the three aborted alerts (the
#= broker sends it the list of aborted transactions with each fetch) and prints
#= each payment's alert once. The read_uncommitted reader prints everything in
#= the log, aborted or not: exactly-once needs both halves, the transactional
#= writer and read_committed readers. Neither printed the markers: they are
#= control records, which no consumer ever returns.
#! expect output contains CompleteCommit
#! expect output contains Processed a total of 4 messages
#! expect output contains Processed a total of 7 messages
#! expect group fraud-scoring-tx committed payments 0 4
#! pause
#> The markers are not printed, but they are in the log.
#?  Three aborted alerts, four committed ones. What is the log end offset of
#?  fraud-alerts-tx, and what LAG does kafka-consumer-groups.sh show for
#?  fraud-scoring-tx?
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic fraud-alerts-tx
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group fraud-scoring-tx
#= 9: the three aborted alerts (offsets 0 to 2), the abort marker (3), the four
#= committed alerts (4 to 7) and the commit marker (8). Each marker takes an
#= offset, which is why a transactional topic's offsets have gaps a consumer
#= never sees. The group's lag on payments is 0: its offset, 4, was committed by
#= the transaction itself (sendOffsetsToTransaction), when the commit marker
#= reached the group's __consumer_offsets partition.
#! expect partition fraud-alerts-tx 0 log-end-offset 9
#! expect partition fraud-alerts-tx 0 last-stable-offset 9
#! expect group fraud-scoring-tx lag 0
#! pause
#> The scorer is stopped cleanly (kill %2: it leaves the group), and a new one
#> starts that will crash in its first transaction. One more payment arrives, and
#> this time nobody restarts the scorer. The coordinator checks every 10 seconds
#> (transaction.abort.timed.out.transaction.cleanup.interval.ms) for transactions
#> older than their transaction.timeout.ms (60 seconds by default).
#?  What happens to the open transaction, and to read_committed readers of
#?  fraud-alerts-tx, if no scorer comes back?
kill %2
kafkascope process --from payments --to fraud-alerts-tx --group fraud-scoring-tx --transactional-id scorer --prefix "ALERT " --crash-after 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --reader-property parse.key=true --reader-property key.separator=, <<EOF
card-1111,pay-5 4000.00 USD Las Vegas
EOF
sleep 60
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id scorer
sleep 20
kafka-transactions.sh --bootstrap-server localhost:9092 describe --transactional-id scorer
#= For a minute it stays Ongoing, and the last stable offset stays at the open
#= transaction's first offset: read_committed readers wait (their lag grows) while
#= read_uncommitted ones race ahead. Then the coordinator's timeout task fences the
#= zombie and aborts the transaction: CompleteAbort, and the last stable offset
#= moves past the abort marker. A hanging transaction that no coordinator will end
#= (kafka-transactions.sh find-hanging) can be aborted by hand with
#= kafka-transactions.sh abort.
#! expect output contains CompleteAbort
#! expect partition fraud-alerts-tx 0 log-end-offset 11
#! expect partition fraud-alerts-tx 0 last-stable-offset 11
