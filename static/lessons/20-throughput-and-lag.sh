#! title: Throughput and lag: when consumers fall behind
#! summary: A producer writes faster than one slow consumer reads; lag grows, scaling the group out to the partition count brings it down, a fifth consumer idles, and a partition that more keys hash to stays behind whatever the group does.
#! level: advanced
#! seed: 3
#> A consumer group keeps up only if its members together read as fast as the
#> producers write. The gap between the two is the lag: for each partition, the
#> log-end offset minus the group's committed offset, the LAG column of
#> kafka-consumer-groups.sh --describe (and the lag chart in the Group tab).
#>
#> We create events with 4 partitions and start one consumer, a1, in the group
#> analytics. Its application is slow: a simulator command makes it take 50 ms a
#> record, so it handles at most 20 records a second. max.poll.records=50 keeps
#> each poll's batch small (the default, 500, would keep a slow member away from
#> the group for 25 seconds at a time).
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 4 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a1 --command-property max.poll.records=50 > /dev/null &
sleep 5
kafkascope consumer slow %1 50
#! expect group analytics members 1
#! expect group analytics owner events 0 a1
#! expect group analytics owner events 3 a1
#! pause
#> A producer now writes 6,000 records at 50 a second, for two minutes
#> (kafka-verifiable-producer.sh, whose records carry the keys 0 to 39 in turn).
#? After 20 seconds the producer has written about 1,000 records. About how large
#? is the group's lag then?
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic events --max-messages 6000 --throughput 50 --repeating-keys 40 > /dev/null &
sleep 20
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group analytics
#= About 700 (697 here). The producer wrote 1,000 records, 50 a second; a1, at 20
#= a second, committed about 300 of them. The lag grows by about 30 every second
#= and goes on growing as long as the load lasts: one consumer cannot keep up,
#= however long it runs.
#! expect group analytics lag 697
#! pause
#> The fix is more consumers in the group: the partitions are shared among them.
#> Three more, a2 to a4, join; each is as slow as a1.
#? Four consumers for four partitions can read 80 records a second, against 50
#? written. Will the lag fall to zero?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a2 --command-property max.poll.records=50 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a3 --command-property max.poll.records=50 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a4 --command-property max.poll.records=50 > /dev/null &
kafkascope consumer slow %3 50
kafkascope consumer slow %4 50
kafkascope consumer slow %5 50
sleep 30
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group analytics
#= Not everywhere. Within 30 seconds (a rebalance first: while the group
#= rebalances, nobody reads) three partitions have caught up, their lag down to
#= the batch being worked on. Partition 3 stays about 335 behind: more of the 40
#= keys hash to it than to the others, so it gets about 20 records a second,
#= exactly what its one consumer can read, and the backlog it built up never
#= drains. A group keeps up only if every partition does: throughput is per
#= partition, and an uneven key spread makes a hot partition.
#! expect group analytics members 4
#! expect group analytics owner events 0 a1
#! expect group analytics owner events 1 a2
#! expect group analytics owner events 2 a3
#! expect group analytics owner events 3 a4
#! expect group analytics lag 391
#! pause
#> Partition 3 is behind. Why not add a fifth consumer, a5, to help?
#? What will a5 do?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group analytics --command-property client.id=a5 --command-property max.poll.records=50 > /dev/null &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group analytics --members
#= Nothing: #PARTITIONS is 0. A partition is read by one member of a group at a
#= time, so a group has at most as many busy members as its topic has
#= partitions, and no number of consumers splits one hot partition. a5 waits as a
#= hot spare: if a member fails, a rebalance gives it work. The partition count
#= is the ceiling on a group's parallelism, so it is chosen for the most
#= consumers you expect to need (and more partitions spread keys more evenly).
#! expect group analytics members 5
#! expect group analytics owner events 0 a1
#! expect group analytics owner events 1 a2
#! expect group analytics owner events 2 a3
#! expect group analytics owner events 3 a4
#! pause
#> When the producer stops, the consumers drain what is left, partition 3
#> last.
#? How long after the producer's last record will partition 3's lag reach zero?
sleep 90
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group analytics
#= About 17 seconds: its backlog of about 335 records at 20 a second. Lag is
#= measured in records, but what matters is time: a lag divided by the rate its
#= consumer reads is how far behind, in seconds, the readers of that partition
#= are.
#! expect group analytics lag 0
