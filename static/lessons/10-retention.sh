#! title: Retention: segments roll, old segments go, lagging consumers fall off
#! summary: A partition's log is a chain of segment files; retention deletes whole old segments, moves the log start offset, and a consumer left behind restarts where auto.offset.reset says.
#! seed: 1
#> Kafka does not keep records for ever, and it does not delete them one by one.
#> Each partition's log is stored as a chain of segments (files on the broker's
#> disk). Records are appended only to the last one, the active segment; when it
#> is full (segment.bytes, 1 GiB by default) or old (segment.ms, 7 days), the next
#> record starts a new segment. That is called rolling.
#>
#> A lesson cannot type a gigabyte, and since Kafka 4.0 segment.bytes may not be
#> under 1 MiB (1048576), so we let segments roll by age: this topic gets
#> segment.ms=60000, one minute. The producer gets --batch-size 1, so every record
#> travels in its own batch: 76 bytes with the batch header.
#>
#> Two groups, reports and audit, read the first two clicks and then stop, as a
#> nightly job would that fell over and was forgotten.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 1 --replication-factor 3 --config segment.ms=60000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --batch-size 1 <<EOF
click-1
click-2
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group reports --from-beginning --max-messages 2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group audit --from-beginning --max-messages 2
#? Three minutes pass with no clicks at all. Then eight more clicks arrive at
#? once, ten in all. How many segments will the partition have afterwards?
sleep 180
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --batch-size 1 <<EOF
click-3
click-4
click-5
click-6
click-7
click-8
click-9
click-10
EOF
#= Two. The active segment (click-1 and click-2) had been older than segment.ms
#= for two minutes, but nothing happens to a segment on its own: Kafka checks
#= whether to roll only when a record is appended. click-3 found it too old and
#= rolled a new segment; click-4 to click-10 joined it, since it was young. A
#= segment is named by its base offset, its first offset: 0 and 2. Both groups
#= have committed offset 2.
#! expect partition clicks 0 log-end-offset 10
#! expect partition clicks 0 segments 2
#! expect group reports committed clicks 0 2
#! expect group audit committed clicks 0 2
#! pause
#> A minute and a half later two more clicks arrive. kafka-configs.sh shows the
#> topic's segment.ms (it can also change it while the topic runs).
sleep 90
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name clicks
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --batch-size 1 <<EOF
click-11
click-12
EOF
#? Where do click-11 and click-12 go?
#= Into a new segment with base offset 10: the segment of click-3 to click-10 was
#= a minute and a half old, older than segment.ms, so click-11 rolled; click-12
#= joined click-11.
#! expect output contains segment.ms=60000
#! expect partition clicks 0 segments 3
#! expect partition clicks 0 log-end-offset 12
#! pause
#> Now retention. retention.ms (7 days by default) is how long records are kept;
#> we set it to two minutes. Brokers check retention every
#> log.retention.check.interval.ms, 5 minutes by default (the first check comes
#> log.initial.task.delay.ms, 30 seconds, after the broker starts), and delete a segment
#> when its newest record is older than retention.ms. Deleting always starts from
#> the oldest segment.
#? click-1 and click-2 are four and a half minutes old now, click-3 to click-10
#? a minute and a half, click-11 and click-12 a few seconds. After the next check,
#? within the next two minutes, what will the log start offset, the first offset
#? still in the log, be?
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name clicks --add-config retention.ms=120000
sleep 120
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic clicks --time -2
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic clicks
#= 10. The two old segments went as a whole, and the segment of click-11 and
#= click-12 stays. --time -2 asks for the earliest offset (10), the default
#= --time -1 for the latest (12). Offsets never change: click-11 is still offset 10;
#= there is simply nothing before it any more.
#! expect output contains clicks:0:10
#! expect partition clicks 0 log-start-offset 10
#! expect partition clicks 0 log-end-offset 12
#! expect partition clicks 0 segments 1
#! pause
#> Time is not the only limit. retention.bytes caps the size of each partition's
#> log. We switch to it: retention.ms=-1 keeps records for ever by time, and
#> retention.bytes=400 lets the log hold 400 bytes (retention.bytes has no
#> minimum; in production it is gigabytes). Then six more clicks arrive, three
#> now and three a little over a minute later.
#? Each click takes 76 bytes on disk (one batch each), and each arrival rolls a
#? new segment, as before: the log will hold 10-11 (two clicks), 12-14 and 15-17
#? (three each), 608 bytes in all. After the next retention check, what will the
#? log start offset be, and will the log be over or under 400 bytes?
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name clicks --add-config retention.ms=-1,retention.bytes=400
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --batch-size 1 <<EOF
click-13
click-14
click-15
EOF
sleep 70
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --batch-size 1 <<EOF
click-16
click-17
click-18
EOF
sleep 300
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic clicks --time -2
#= 12, and a little over: 456 bytes. Each arrival rolled a new segment (the active
#= one was over a minute old), so the log held three segments: 10-11 (152 bytes),
#= 12-14 and 15-17 (228 bytes each). Retention deletes whole segments,
#= oldest-first, while what remains is still at least 400 bytes: without segment
#= 10-11 there are 456 left, so it goes; without 12-14 there would be 228, so it
#= stays. The log ends up a little over the limit, never under it, and the log
#= start offset moves to 12.
#! expect output contains clicks:0:12
#! expect partition clicks 0 log-start-offset 12
#! expect partition clicks 0 segments 2
#! pause
#> The reports group stopped long ago with committed offset 2, and offset 2 is
#> gone: the log now runs from 12 to its end, 18.
#? What LAG will kafka-consumer-groups.sh show for reports: 6, the records left
#? to read, or 16?
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reports
#= 16. kafka-consumer-groups.sh computes LAG as the log end minus the committed
#= offset, whether or not the records in between still exist, although only 6
#= records are left to read.
#! expect group reports committed clicks 0 2
#! expect group reports lag 16
#! expect partition clicks 0 log-start-offset 12
#! pause
#> When a consumer asks for an offset the log no longer has, the broker answers
#> OFFSET_OUT_OF_RANGE, and the consumer's auto.offset.reset decides: earliest
#> jumps to the log start offset, latest (the default) to the end of the log, and
#> none makes the application fail. The console consumer uses earliest only with
#> --from-beginning.
#? A reports consumer restarts without --from-beginning. How many of the six
#? clicks still in the log will it print?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group reports --timeout-ms 10000
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reports
#= None. auto.offset.reset=latest moved it to the end, offset 18: it skipped
#= click-13 to click-18 although they are still there, and committed 18 when it
#= stopped. A slow consumer loses what retention deleted, and with latest also
#= what was left.
#! expect output contains Processed a total of 0 messages
#! expect output lacks click-13
#! expect group reports committed clicks 0 18
#! expect group reports lag 0
#! pause
#> The audit group restarts with --from-beginning, that is auto.offset.reset=earliest.
#? audit, too, committed offset 2, which is gone. Which clicks will it print?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group audit --from-beginning --timeout-ms 10000
#= click-13 to click-18, six in all. Its committed offset is out of range, so
#= earliest applies: it resumes at the log start offset, 12, and reads the six
#= clicks that are left. click-3 to click-12 were deleted before the audit group
#= read them: a consumer must keep up within the retention period, or lose data.
#= This is also why a topic's retention is a design decision: it sets how far
#= back any group can replay.
#! expect output contains click-13
#! expect output contains click-18
#! expect output lacks click-12
#! expect output contains Processed a total of 6 messages
#! expect group audit committed clicks 0 18
