#! title: Cooperative rebalancing vs eager, side by side
#! summary: With cooperative-sticky, members keep reading the partitions that do not move while a rebalance waits for a slow member; with eager, everyone stops.
#! seed: 5
#> In lesson 5 every member gave up all its partitions at each rebalance: the
#> eager protocol. Kafka 2.4 added cooperative (incremental) rebalancing, KIP-429:
#> members keep their partitions while they rejoin, and only the partitions that
#> have to move are revoked, in a second round.
#>
#> Two groups read the same 6-partition topic side by side. Group eager uses
#> RangeAssignor and prints each record's partition (Partition:N). Group coop uses
#> CooperativeStickyAssignor and prints each record's key (key:value). Each group
#> starts with two members, a and b.
#? Which of the six partitions will each assignor give a, and which b?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 6 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --formatter-property print.partition=true --command-property client.id=a --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --formatter-property print.partition=true --command-property client.id=b --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --formatter-property print.key=true --formatter-property key.separator=: --command-property client.id=a --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --formatter-property print.key=true --formatter-property key.separator=: --command-property client.id=b --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group eager --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group coop --members --verbose
#= Range gives a partitions 0-2 and b 3-5: each member a run of consecutive
#= partitions. The cooperative-sticky assignor, with nothing to stick to yet,
#= deals them out one by one: a has 0, 2 and 4, b has 1, 3 and 5.
#! expect group eager state Stable
#! expect group eager assignor range
#! expect group eager generation 1
#! expect group coop state Stable
#! expect group coop assignor cooperative-sticky
#! expect group coop generation 1
#! expect group coop owner clicks 4 a
#! expect group coop owner clicks 3 b
#! expect group eager owner clicks 3 b
#! pause
#> A rebalance cannot finish before every member has rejoined, and a member
#> rejoins from its poll loop: a member busy processing records rejoins late. We
#> make b slow in both groups (a simulator command: 1 second per record, as if each
#> record needed a slow database call) and give it a backlog: eight clicks by
#> alice, whose key lands on partition 3, owned by b in both groups.
kafkascope consumer slow %2 1000
kafkascope consumer slow %4 1000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:click-1
alice:click-2
alice:click-3
alice:click-4
alice:click-5
alice:click-6
alice:click-7
alice:click-8
EOF
sleep 1
#! expect partition clicks 3 log-end-offset 8
#! expect partition clicks 3 key alice
#! pause
#> Now consumer c joins both groups, and both start rebalancing. a hears of it at
#> its next heartbeat and rejoins; b is still busy with alice's clicks. Four
#> seconds in, bob clicks once; bob's key lands on partition 0, which a owns in
#> both groups and keeps in both final assignments.
#? Which group prints bob's click while the rebalance is waiting for b?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group eager --formatter-property print.partition=true --command-property client.id=c --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group coop --formatter-property print.key=true --formatter-property key.separator=: --command-property client.id=c --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor &
sleep 4
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --reader-property parse.key=true --reader-property key.separator=: <<EOF
bob:click-9
EOF
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group eager --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group coop --state
#= Only coop (it prints bob:click-9). Its member a kept partitions 0, 2 and 4 while
#= rejoining and went on fetching. In eager, a revoked all its partitions before
#= rejoining, so it reads nothing until b has rejoined and the rebalance is over:
#= the whole group stops for its slowest member.
#! expect output contains bob:click-9
#! expect output lacks Partition:0
#! expect group eager state PreparingRebalance
#! expect group coop state PreparingRebalance
#! pause
#> Once b has worked through its backlog it rejoins, and the rebalances finish.
sleep 15
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group eager --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group coop --members --verbose
#? Which generation is each group in now?
#= eager is in generation 2: one rebalance, after which a finally prints bob's
#= click (Partition:0). coop is in generation 3, two rounds: the first gave c
#= nothing and told a to give up partition 4 and b partition 5; they revoked just
#= those and rejoined at once, and the second round gave 4 and 5 to c. a kept 0 and
#= 2 and b kept 1 and 3 all along. In eager every partition was revoked, and range
#= moved 2 from a to b and 4 and 5 to c.
#! expect output contains click-9
#! expect group eager generation 2
#! expect group coop generation 3
#! expect group coop owner clicks 0 a
#! expect group coop owner clicks 2 a
#! expect group coop owner clicks 1 b
#! expect group coop owner clicks 3 b
#! expect group coop owner clicks 4 c
#! expect group coop owner clicks 5 c
#! expect group eager owner clicks 2 b
#! expect group eager owner clicks 4 c
