#! title: Compaction: the latest value per key, and tombstones
#! summary: A compacted topic keeps the newest record of every key instead of deleting by age, and a record with a null value (a tombstone) deletes a key.
#! seed: 1
#> Some topics are not a history of events but a table: the key names a thing and
#> only its newest value matters. A customer's address, a product's price, a
#> group's committed offset (Kafka's own __consumer_offsets topic works like
#> this). For such topics, cleanup.policy=compact replaces deletion by age: the log
#> cleaner, a background thread on each broker, throws away every record whose key
#> has a newer record later in the log.
#>
#> We create an addresses topic with compaction. Three more configs make it visible
#> in a lesson: short-lived segments (segment.ms=10000: a record that arrives when
#> the active segment is over ten seconds old rolls a new one; a lesson cannot
#> fill segments by size, since Kafka 4 refuses a segment.bytes under 1 MiB),
#> min.cleanable.dirty.ratio=0.01 (by default the cleaner waits until half of the
#> log is uncleaned), and delete.retention.ms of one minute instead of one day
#> (what it does comes later). Then eight address changes arrive, keyed by
#> customer, in three bursts eleven seconds apart.
#? How many segments will the log have after the three bursts, and which offsets
#? will each hold?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic addresses --partitions 1 --replication-factor 3 --config cleanup.policy=compact --config segment.ms=10000 --config min.cleanable.dirty.ratio=0.01 --config delete.retention.ms=60000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:London
bob:Paris
carol:Rome
EOF
sleep 11
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:Berlin
bob:Madrid
alice:Oslo
EOF
sleep 11
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: <<EOF
dave:Lisbon
carol:Vienna
EOF
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic addresses
#= Three, as in any topic: offsets 0-2, 3-5, and 6-7 in the active segment. Each
#= burst found the active segment more than ten seconds old and rolled a new one;
#= the records within a burst joined the segment their first record started.
#! expect output contains cleanup.policy=compact
#! expect partition addresses 0 log-end-offset 8
#! expect partition addresses 0 segments 3
#! pause
#> The cleaner looks for work every 15 seconds (log.cleaner.backoff.ms). We wait 20
#> and read the topic from the beginning, printing each record's offset and key.
#? alice moved three times: London, Berlin, Oslo. carol moved twice: Rome, then
#? Vienna. Which of their addresses will the consumer see?
sleep 20
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic addresses --from-beginning --timeout-ms 10000 --formatter-property print.key=true --formatter-property print.offset=true
#= alice: only Oslo (offset 5); London and Berlin are gone. carol: both Rome and
#= Vienna. The cleaner never touches the active segment, where records are still
#= being appended, and Vienna is there, so in the part it cleaned Rome was still
#= carol's newest address. Compaction guarantees at least the latest value per
#= key, not only the latest. Offsets never change: the first record is now offset
#= 2, and a consumer simply skips the gaps.
#! expect output contains Oslo
#! expect output lacks London
#! expect output lacks Berlin
#! expect output contains Rome
#! expect output contains Vienna
#! expect output contains Processed a total of 5 messages
#! expect partition addresses 0 log-end-offset 8
#! pause
#> bob closes his account, and his address must go. Deleting a key means writing a
#> tombstone: a record with the key and a null value. The console producer writes
#> a null value where it reads the null.marker, here NULL. Eleven seconds later
#> more changes follow, which roll the segment so the cleaner can reach the
#> tombstone.
#? After the next cleaning, will a consumer reading from the beginning still see
#? anything about bob?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: --reader-property null.marker=NULL <<EOF
bob:NULL
EOF
sleep 11
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: <<EOF
erin:Dublin
dave:Porto
erin:Cork
EOF
sleep 20
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic addresses --from-beginning --timeout-ms 10000 --formatter-property print.key=true --formatter-property print.offset=true
#= Yes: the tombstone itself, printed as bob with the value null (offset 8).
#= Madrid is gone, but the tombstone stays for delete.retention.ms after the
#= cleaner first processed it. That gives consumers that already hold bob's
#= address (a cache, a database fed from this topic) time to read the delete and
#= apply it. carol's Rome is gone now too: Vienna left the active segment.
#! expect output contains Offset:8
#! expect output contains bob
#! expect output lacks Madrid
#! expect output lacks Rome
#! expect output contains Processed a total of 7 messages
#! expect partition addresses 0 log-end-offset 12
#! pause
#> A little more than delete.retention.ms (one minute here) later, the tombstone
#> may go. But the cleaner only cleans a log with enough new, uncleaned data
#> (min.cleanable.dirty.ratio), and nothing was written since, so bob's tombstone
#> waits for the next cleaning. More changes arrive, and the cleaner runs again.
#? erin has moved three times: Dublin and Cork in the last step, Galway in
#? this new burst. Which of erin's addresses will the consumer see?
sleep 70
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses --reader-property parse.key=true --reader-property key.separator=: <<EOF
frank:Prague
erin:Galway
frank:Bern
EOF
sleep 20
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic addresses --from-beginning --timeout-ms 10000 --formatter-property print.key=true --formatter-property print.offset=true
#= Cork and Galway. Dublin is gone, but Galway is in the active segment, which
#= the cleaner never touches, so in the part it cleaned Cork was still erin's
#= newest address, as Rome was carol's before. The tombstone is gone as well, and
#= with it every trace of bob. A consumer that reads this topic from the
#= beginning (a new service building its own copy of the table) gets one current
#= address per customer, plus whatever is still in the active segment. A
#= consumer that was more than delete.retention.ms behind could miss a delete,
#= which is why that setting should be longer than any consumer is expected to
#= lag.
#! expect output lacks bob
#! expect output lacks Dublin
#! expect output contains Cork
#! expect output contains Galway
#! expect output contains Porto
#! expect output contains Processed a total of 7 messages
#! pause
#> Compaction works by key. A producer now sends a record without a key to
#> addresses.
#? What will the broker do with it, and what will the log-end offset be
#? afterwards (it is 15 now)?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic addresses <<EOF
no key here
EOF
#= It refuses it: a record without a key makes no sense on a compacted topic,
#= since the cleaner would have no key to keep its newest value by. The producer
#= reports an InvalidRecordException, nothing is appended, and the log-end offset
#= stays 15.
#! expect output contains Compacted topic cannot accept message without key.
#! expect partition addresses 0 log-end-offset 15
