#! title: Data-lake ingestion: a sink consumer batching by time and size
#! summary: A sink consumer writes events to the lake in files, flushing on size or time and committing only after the flush; a crash before the flush re-reads the batch, and retention lets the lake re-ingest by resetting the group's offsets.
#! seed: 1
#> A data lake (S3, GCS, HDFS) wants few large files, not one tiny file per event.
#> So the job that copies a topic into the lake, a sink (Kafka Connect's S3 sink,
#> or a kafka-python loop), collects events and writes a file when it holds N
#> records or when T seconds have passed since the file was opened, whichever comes
#> first. It commits its offsets only after the file is safely written: the
#> committed offset says "everything before this is in the lake".
#>
#> We create clicks (one partition, so offsets are easy to follow) and start the
#> sink in the group lake-sink, with enable.auto.commit=false (it commits by
#> itself) and max.poll.records=5, so one poll hands it at most 5 records: our
#> flush size N. A simulator command makes it take 1 second per record to write
#> into its file. Then the website writes 5 clicks.
#? After 8 seconds the sink has handled all 5 clicks. What offset has lake-sink
#? committed?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 1 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group lake-sink --from-beginning --command-property client.id=s3-sink --command-property enable.auto.commit=false --command-property max.poll.records=5 &
sleep 5
kafkascope consumer slow %1 1000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks <<EOF
click-01 user=ana page=/home
click-02 user=ben page=/shoes
click-03 user=ana page=/shoes/42
click-04 user=cy page=/home
click-05 user=ben page=/cart
EOF
sleep 8
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group lake-sink
#= None: CURRENT-OFFSET and LAG are '-'. With auto-commit off, a consumer commits
#= only when its code says so, and the sink has not said so yet. Its position
#= (the next offset it will fetch) is 5, but a position lives in the consumer's
#= memory; only a committed offset survives it.
#! expect output contains click-05
#! expect group lake-sink committed clicks 0 none
#! expect group lake-sink members 1
#! pause
#> The file holds 5 records, the flush size: the sink writes it to the lake
#> (say s3://lake/topics/clicks/partition=0/clicks+0+0000000000.json, the S3 sink's
#> naming: topic, partition, first offset) and, once the upload has succeeded,
#> commits (commitSync). Kafkascope cannot run the sink's code, so we type its
#> commit: `kafkascope consumer commit %1` commits the job's positions.
#? The file holds the records at offsets 0 to 4. Which offset does the commit
#? store: 4 or 5?
kafkascope consumer commit %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group lake-sink
#= 5. A committed offset is the next record to read, not the last one read:
#= "offsets 0 to 4 are done, start at 5". The lag is 0.
#! expect group lake-sink committed clicks 0 5
#! expect group lake-sink lag 0
#! pause
#> Seven more clicks arrive at once. Two seconds later, while the sink is
#> writing its second file, its machine dies (kill -9).
#? Which clicks has the sink been handed when it dies, and what has lake-sink
#? committed?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks <<EOF
click-06 user=ana page=/cart
click-07 user=dee page=/home
click-08 user=cy page=/search?q=boots
click-09 user=ana page=/checkout
click-10 user=ben page=/checkout
click-11 user=dee page=/shoes
click-12 user=cy page=/boots/7
EOF
sleep 2
kill -9 %1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group lake-sink
#= click-06 to click-10 only: seven were there, but max.poll.records=5 caps a
#= poll, so the clicks come in batches of at most 5 (the next poll would have
#= fetched the other two). Nothing of them is committed: lake-sink still says 5,
#= because the sink had not flushed its file. That is the point of committing
#= after the flush: a crash loses a half-written file, never the events in it.
#! expect output contains click-10
#! expect output lacks click-11
#! expect group lake-sink committed clicks 0 5
#! pause
#> A new sink instance starts in lake-sink (job %1 again: the dead job's number
#> is free). A crashed member sends no goodbye, so the group waits for its
#> session to time out (session.timeout.ms, 45 seconds) before it gives the
#> partition to the new one. We wait a minute.
#? Where does the new instance start, and which clicks are handed to a sink
#? twice?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group lake-sink --from-beginning --command-property client.id=s3-sink-2 --command-property enable.auto.commit=false --command-property max.poll.records=5 &
sleep 60
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group lake-sink
#= At the committed offset, 5 (--from-beginning only applies where the group has
#= no committed offset): click-06 to click-10 are read a second time, then
#= click-11 and click-12, in two polls (5, then 2). This is at-least-once
#= delivery. If the crash had come after the upload but before the commit, the
#= second file would reach the lake twice; the S3 sink avoids that duplicate by
#= naming each file after its topic, partition and first offset, so the rewrite
#= replaces the same object. A sink that names files by wall-clock time must
#= deduplicate later instead.
#! expect output contains click-06
#! expect output contains click-12
#! expect group lake-sink members 1
#! expect group lake-sink owner clicks 0 s3-sink-2
#! pause
#> The new instance has a full file (click-06 to click-10) and writes it. Then it
#> holds click-11 and click-12, two records, and the website goes quiet for the
#> night. (Our typed stand-in makes one commit for both files.)
#? If the sink flushed on size alone (5 records), when would click-11 and
#? click-12 reach the lake?
sleep 30
kafkascope consumer commit %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group lake-sink
#= Only when three more clicks came, maybe hours later, and the lake would miss
#= the evening's last events all that time. That is why a sink flushes on time as
#= well: after T seconds (30 here) it writes the small file and commits (typed by
#= hand again): the committed offset goes from 5 to 12. The S3 sink calls these
#= flush.size and rotate.schedule.interval.ms; Kafka Connect asks a sink for its
#= offsets every offset.flush.interval.ms (60 s), and the S3 sink answers with
#= what it has uploaded. Kafka's consumer batches in the same two ways on its
#= own: a fetch waits at the broker until fetch.min.bytes have arrived or
#= fetch.max.wait.ms has passed (1 byte and 500 ms by default), and
#= max.poll.records caps what one poll returns. Kafkascope models the first two
#= as well: a consumer started with --command-property fetch.min.bytes=1000 is
#= handed its records about 1,000 bytes at a time, or when fetch.max.wait.ms has
#= passed since the first of them arrived.
#! expect group lake-sink committed clicks 0 12
#! expect group lake-sink lag 0
#! pause
#> A bug is found: the sink wrote timestamps in the wrong time zone, and the
#> lake's files must be written again. The clicks are still in Kafka: clicks keeps
#> them for 7 days (retention.ms, by default). We stop the sink (a clean stop,
#> so the group is empty at once), move lake-sink back to the earliest offset
#> and start a fixed sink.
#? Which offset does --reset-offsets --to-earliest set, and what will the fixed
#? sink read?
kill %1
sleep 2
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group lake-sink --topic clicks --to-earliest --execute
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group lake-sink --command-property client.id=s3-sink-3 --command-property enable.auto.commit=false --command-property max.poll.records=5 &
sleep 20
#= Offset 0, the log start offset, and the sink reads all 12 clicks again, in
#= batches of 5, 5 and 2: the lake is rebuilt from the topic. A reset works only
#= while the group has no active members (the tool refuses otherwise), and only
#= back to what retention has kept: after 7 days the oldest clicks are deleted
#= and --to-earliest starts later. A lake that must be re-buildable from Kafka
#= needs a retention.ms longer than the time it takes to notice a bug (or it
#= re-builds from its own raw files).
#! expect output contains NEW-OFFSET
#! expect output contains click-01
#! expect output contains click-12
#! expect group lake-sink committed clicks 0 0
#! expect partition clicks 0 log-start-offset 0
