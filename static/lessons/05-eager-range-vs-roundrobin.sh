#! title: Eager rebalancing: range vs roundrobin
#! summary: Two assignors deal the same partitions differently, and with the eager protocol every member stops while a new one joins.
#! seed: 4
#> Who reads which partition is decided by an assignor, chosen with the consumer
#> setting partition.assignment.strategy. The group's leader (one of the members)
#> runs it during a rebalance. Two classic assignors:
#>
#> RangeAssignor, for each topic, sorts the members and gives each a contiguous
#> range of partitions. RoundRobinAssignor deals all partitions out one at a time,
#> like cards.
#>
#> Members are sorted by member id, which starts with the client.id. We name our
#> consumers a, b and c so the order is easy to follow. We make a topic with 6
#> partitions and two groups, each with two members: by-range and by-roundrobin.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 6 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-range --command-property client.id=a --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-range --command-property client.id=b --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-roundrobin --command-property client.id=a --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-roundrobin --command-property client.id=b --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor &
sleep 10
#! expect group by-range state Stable
#! expect group by-range assignor range
#! expect group by-roundrobin state Stable
#! expect group by-roundrobin assignor roundrobin
#! pause
#> Let us see what each assignor gave the two members.
#? In each group, which partitions does consumer b own?
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group by-range
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group by-roundrobin
#= With range, b owns the second half: partitions 3, 4 and 5 (a has 0, 1, 2). With
#= roundrobin, b owns every other partition: 1, 3 and 5 (a has 0, 2, 4). Both are
#= balanced, three each; they differ in which three.
#! expect group by-range owner clicks 0 a
#! expect group by-range owner clicks 2 a
#! expect group by-range owner clicks 3 b
#! expect group by-range owner clicks 5 b
#! expect group by-roundrobin owner clicks 0 a
#! expect group by-roundrobin owner clicks 1 b
#! expect group by-roundrobin owner clicks 3 b
#! expect group by-roundrobin owner clicks 4 a
#! pause
#> Now a third consumer, c, joins each group. The coordinator answers the next
#> heartbeat of a and b with REBALANCE_IN_PROGRESS. These assignors use the eager
#> protocol: before rejoining, every member revokes all of its partitions.
#? One second after c starts, who owns partition 0 of by-range, as
#? kafka-consumer-groups.sh sees it: still a, already c, or nobody?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-range --command-property client.id=c --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group by-roundrobin --command-property client.id=c --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor &
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group by-range --state
#= Nobody. One second later the group is rebalancing (PreparingRebalance): the
#= coordinator waits for a and b to rejoin, and until the new assignment is made,
#= describe shows no owner for any partition. a gives up partition 0 as soon as
#= it hears of the rebalance, with all its other partitions, and c has nothing
#= yet. Until the rebalance completes, nobody in the group reads anything: a
#= stop-the-world pause.
#! expect group by-range state PreparingRebalance
#! expect group by-range owner clicks 0 none
#! expect output contains PreparingRebalance
#! pause
#> The members rejoin within a few seconds (each learns of the rebalance at its next
#> heartbeat, every 3 seconds), the leader runs the assignor again for three
#> members, and the group is Stable in generation 2.
#? After this rebalance, who gets partition 3 in each group?
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group by-range
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group by-roundrobin
#= In by-range, b keeps partition 3: the ranges are now a 0-1, b 2-3, c 4-5. In
#= by-roundrobin, partition 3 moves to a: dealing 0..5 over a, b, c gives a 0 and
#= 3, b 1 and 4, c 2 and 5. Neither assignor tries to keep partitions where they
#= were; with eager rebalancing that costs little extra, since everything was
#= revoked anyway. Lesson 6 shows an assignor that does care.
#! expect group by-range generation 2
#! expect group by-range members 3
#! expect group by-range owner clicks 3 b
#! expect group by-range owner clicks 2 b
#! expect group by-range owner clicks 4 c
#! expect group by-roundrobin generation 2
#! expect group by-roundrobin owner clicks 3 a
#! expect group by-roundrobin owner clicks 2 c
#! expect group by-roundrobin owner clicks 4 b
#! pause
#> Range's weakness shows with several topics: it works topic by topic, so the
#> first members in sort order get the extra partition of every topic. We
#> subscribe a new range group, two members, to two topics of 3 partitions each
#> (--include takes a regular expression of topic names).
#? Six partitions, two members: how many will a get, and how many b?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic views --partitions 3 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic carts --partitions 3 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'views|carts' --group two-topics --command-property client.id=a --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'views|carts' --group two-topics --command-property client.id=b --command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group two-topics --members
#= a four, b two. Range splits each topic on its own: three partitions over two
#= members gives the first member, a, two (0 and 1) and b one (2), and that
#= happens in views and again in carts. Roundrobin would have dealt the six
#= partitions three and three.
#! expect group two-topics owner views 0 a
#! expect group two-topics owner carts 0 a
#! expect group two-topics owner views 1 a
#! expect group two-topics owner carts 1 a
#! expect group two-topics owner views 2 b
#! expect group two-topics owner carts 2 b
