#! title: A real pipeline: log aggregation from many services
#! summary: Many services write their log lines to one topic, keyed or not; an indexing group and an alerting group each read all of it; time-based retention keeps a rolling window.
#! seed: 1
#> Every service writes log lines, and nobody wants to log in to fifty machines
#> to read them. A common design ships every line to one Kafka topic; behind it,
#> several independent consumers each do their own job: one indexes the lines for
#> search (Elasticsearch or OpenSearch), one watches for errors and pages someone,
#> one archives to cheap storage. Kafka absorbs bursts and lets each reader go at
#> its own pace.
#>
#> We create app-logs with 3 partitions and keep lines for one hour
#> (retention.ms=3600000; real clusters keep days). Two consumers form the
#> log-indexer group (jobs %1 and %2, writing to the index, so their output goes
#> to /dev/null here) and one forms log-alerts (job %3, which prints each line with
#> its key).
#? How will the three partitions be divided in log-indexer, and in log-alerts?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic app-logs --partitions 3 --replication-factor 3 --config retention.ms=3600000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic app-logs --group log-indexer > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic app-logs --group log-indexer > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic app-logs --group log-alerts --formatter-property print.key=true --formatter-property key.separator=" " &
sleep 10
#= log-indexer splits them two and one: three partitions do not divide evenly
#= over two members, so range gives the first member in sort order (here job %2)
#= partitions 0 and 1 and the other (job %1) partition 2. log-alerts, a group of
#= its own, gets all three for its single member, job %3. Each group divides the
#= topic among its own members and knows nothing of the other.
#! expect group log-indexer members 2
#! expect group log-indexer owner app-logs 0 %2
#! expect group log-indexer owner app-logs 1 %2
#! expect group log-indexer owner app-logs 2 %1
#! expect group log-alerts members 1
#! expect group log-alerts owner app-logs 0 %3
#! expect group log-alerts owner app-logs 1 %3
#! expect group log-alerts owner app-logs 2 %3
#! pause
#> Three services start logging, each with its own producer. They key every line
#> by service name (here the first word of each line, with key.separator set to a
#> space), so each service's lines stay in order on one partition.
#? api writes three lines, checkout two and search one. Will the three partitions
#? get two lines each?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic app-logs --reader-property parse.key=true --reader-property key.separator=" " <<EOF
api level=INFO GET /orders 200 12ms
api level=INFO GET /orders/42 200 9ms
api level=WARN GET /search 200 2300ms
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic app-logs --reader-property parse.key=true --reader-property key.separator=" " <<EOF
checkout level=INFO order 42 paid
checkout level=INFO order 43 paid
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic app-logs --reader-property parse.key=true --reader-property key.separator=" " <<EOF
search level=ERROR index shard 3 unreachable
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic app-logs
#= No. A key always goes to the same partition, so a partition gets exactly as
#= much as its keys write: api's three lines are on partition 0, checkout's two on
#= partition 1, search's one on partition 2. With fifty services and one of them
#= very chatty, keying by service makes one partition, and the consumer that owns
#= it, much busier than the rest: a hot partition.
#! expect partition app-logs 0 key api
#! expect partition app-logs 1 key checkout
#! expect partition app-logs 2 key search
#! expect partition app-logs 0 log-end-offset 3
#! expect output contains search level=ERROR index shard 3 unreachable
#! pause
#> Most log pipelines do not need order across a service's lines (each line
#> carries a timestamp) and send them without a key. A batch job writes a burst
#> of four lines, and later two more, with no key.
#? Where will the four lines of the first burst go?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic app-logs <<EOF
batch-job level=INFO started nightly export
batch-job level=INFO exported 1000 rows
batch-job level=INFO exported 2000 rows
batch-job level=INFO done
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic app-logs
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic app-logs <<EOF
batch-job level=INFO started hourly cleanup
batch-job level=INFO done
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic app-logs
#= All four to one partition (0, here). Without a key, the producer's sticky
#= partitioner (KIP-794, as in lesson 2) stays on one partition until batch.size
#= bytes (16 KB) have gone to it, far more than four short lines. The second burst
#= went to partition 1 because it came from a new kafka-console-producer.sh, a new
#= producer, which starts on a partition it picks at random. Few large batches are
#= cheaper than many small ones, and over many batches the load evens out.
#! expect partition app-logs 0 log-end-offset 7
#! expect partition app-logs 1 log-end-offset 4
#! expect partition app-logs 2 log-end-offset 1
#! pause
#> Both consumer groups have been reading all along.
#? How many times has each log line been read, and by whom?
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group log-indexer
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group log-alerts
#= Twice: once in log-indexer, by whichever of its two members owns the line's
#= partition, and once in log-alerts, whose single member owns all three. Each
#= group has its own committed offsets, so a slow indexer never holds up the
#= alerts, and a new group (an archiver, say) can be added later without touching
#= the others.
#! expect group log-indexer lag 0
#! expect group log-alerts lag 0
#! expect group log-indexer owner app-logs 0 %2
#! expect group log-indexer owner app-logs 2 %1
#! expect group log-alerts owner app-logs 1 %3
#! pause
#> An hour and five minutes pass. Retention runs every 5 minutes and deletes
#> segments whose newest line is older than retention.ms. Then a new archiver
#> service starts reading from the beginning.
#? What will the archiver find?
sleep 3900
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic app-logs --time -2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic app-logs --group log-archiver --from-beginning --timeout-ms 10000
#= Nothing. Every line was older than an hour, so whole segments went (even the
#= active ones, after a roll), and each partition's log start offset moved up to
#= its log end offset: 7, 4 and 1. The topic is a rolling window of the last
#= hour, not an archive: a service that needs older lines must read them within
#= retention.ms and store them elsewhere, which is the archiver's job from now on.
#! expect output contains app-logs:0:7
#! expect output contains Processed a total of 0 messages
#! expect partition app-logs 0 log-start-offset 7
#! expect partition app-logs 1 log-start-offset 4
#! expect partition app-logs 2 log-start-offset 1
