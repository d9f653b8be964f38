#! title: Consumer groups share the work; separate groups each get everything
#! summary: Consumers in one group split a topic's partitions between them; every group gets its own copy of every record.
#! seed: 3
#> One consumer may not keep up with a busy topic. Kafka's answer is the consumer
#> group: consumers started with the same group.id (--group) share the topic's
#> partitions, each partition going to exactly one member of the group.
#>
#> We make a topic with 3 partitions and write six orders with keys.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-1
bob:order-2
carol:order-3
dave:order-4
erin:order-5
frank:order-6
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders
#! expect topic orders partitions 3
#! expect partition orders 0 log-end-offset 2
#! expect partition orders 1 log-end-offset 2
#! expect partition orders 2 log-end-offset 2
#! pause
#> Now three consumers join the group billing, in the background. Each prints the
#> partition a record came from. Joining takes a moment: the group coordinator (a
#> broker) waits group.initial.rebalance.delay.ms (3 seconds) for more members,
#> and 3 more because members kept arriving; then one member, the leader, computes
#> who reads what. Each member commits the offsets it has read every 5 seconds
#> (auto.commit.interval.ms), so we wait 12 seconds before looking.
#? With three partitions and three members, how many partitions will each member get?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --formatter-property print.partition=true &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --formatter-property print.partition=true &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --formatter-property print.partition=true &
sleep 12
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
#= One each. Each of the six orders is printed exactly once in billing, by the
#= member that owns its partition. The describe output lists the owner
#= (CONSUMER-ID) of each partition, its committed offset (CURRENT-OFFSET) and the
#= lag: how far the committed offset is behind the end of the partition.
#! expect group billing state Stable
#! expect group billing members 3
#! expect group billing generation 1
#! expect group billing owner orders 0 %3
#! expect group billing owner orders 1 %1
#! expect group billing owner orders 2 %2
#! expect group billing lag 0
#! pause
#> A second application wants the same orders, say for shipping. It uses its own
#> group id. Groups do not share: each group keeps its own committed offsets and
#> gets every record of the topic.
#? The shipping group has a single member. How many of the six orders will it read?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --from-beginning --formatter-property print.partition=true &
sleep 12
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= All six: its one member owns all three partitions. This is fan-out: every group
#= receives everything, and within a group the work is divided. Billing's offsets
#= did not move; shipping's are its own.
#! expect group shipping members 1
#! expect group shipping owner orders 0 %4
#! expect group shipping owner orders 1 %4
#! expect group shipping owner orders 2 %4
#! expect group shipping committed orders 2 2
#! expect group billing committed orders 2 2
#! expect group shipping lag 0
#! pause
#> We write two more orders while all four consumers keep running.
#? Four consumers are running: three in billing, one in shipping. How many of
#? them will print order-7?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-7
carol:order-8
EOF
sleep 10
#= Two: new records reach one member of each group. order-7 (alice's key, on
#= partition 0) is printed by the billing member that owns partition 0 and by the
#= shipping consumer; the other two billing members never see it. The same goes
#= for order-8 on partition 2. After their next automatic commit (every 5 seconds,
#= auto.commit.interval.ms), both groups have committed offset 3 on partitions 0
#= and 2, and no lag.
#! expect output contains order-7
#! expect output contains order-8
#! expect group billing owner orders 0 %3
#! expect group billing committed orders 0 3
#! expect group shipping committed orders 0 3
#! expect group billing committed orders 2 3
#! expect group shipping committed orders 2 3
#! expect group billing lag 0
#! expect group shipping lag 0
#! pause
#> What if a group has more members than partitions? A fourth billing consumer
#> joins. The group rebalances: every member rejoins, and the generation goes up.
#? Which partitions will the fourth member get?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --formatter-property print.partition=true &
sleep 15
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --members
#= None. A partition is never split between members of a group, so with three
#= partitions at most three members work; the fourth waits idle (#PARTITIONS 0)
#= and takes over if another member leaves. To read faster, add partitions, not
#= just consumers.
#! expect group billing members 4
#! expect group billing generation 2
#! expect group billing state Stable
#! expect output contains #PARTITIONS
