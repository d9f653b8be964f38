#! title: Keys and partitions
#! summary: One key always lands on one partition, so Kafka keeps order per key, but only within a partition.
#! seed: 1
#> A topic is split into partitions: separate logs that different brokers can lead
#> and different consumers can read in parallel. More partitions, more parallelism.
#>
#> We create a topic called orders with 3 partitions, each copied to 3 brokers.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
#> Each partition has its own leader and its own offsets, starting at 0.
#! expect topic orders partitions 3
#! expect partition orders 0 log-end-offset 0
#! expect partition orders 1 log-end-offset 0
#! expect partition orders 2 log-end-offset 0
#! pause
#> Now a producer writes eight orders, each with a key: the customer's name. With
#> parse.key=true the console producer reads "key:value" lines.
#>
#> The producer, not the broker, picks the partition. For a record with a key,
#> Kafka's default partitioner hashes the key's bytes with murmur2 and takes the
#> result modulo the number of partitions. Same key, same hash, same partition.
#? alice places three orders (order-1, order-4, order-7). Will they be spread over
#? the three partitions, or all land on one? If one, which?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-1
bob:order-2
carol:order-3
alice:order-4
dave:order-5
bob:order-6
alice:order-7
erin:order-8
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders
#= All three on partition 0: murmur2("alice") modulo 3 is 0, every time. bob's
#= hash happens to land on partition 0 too, carol and erin share partition 2, and
#= dave has partition 1 to himself. A partition holds many keys; a key is on one
#= partition. kafka-get-offsets.sh shows each partition's end offset: 5, 1 and 2.
#! expect partition orders 0 key alice
#! expect partition orders 0 key bob
#! expect partition orders 1 key dave
#! expect partition orders 2 key carol
#! expect partition orders 2 key erin
#! expect partition orders 0 log-end-offset 5
#! expect output contains orders:1:1
#! pause
#> Why does this matter? Kafka guarantees order only within a partition: a
#> consumer reads each partition's records in offset order. Because all of alice's
#> orders are on partition 0, every consumer sees order-1, then order-4, then
#> order-7, in the order she placed them.
#>
#> Across partitions there is no order. This consumer prints each record's
#> partition and offset.
#? dave's order-5 was written fifth, on partition 1; alice's order-7 seventh, on
#? partition 0. Will the consumer print order-5 before order-7?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 8 --formatter-property print.key=true --formatter-property print.partition=true --formatter-property print.offset=true
#= Not here, and nothing promises it would. The consumer fetches from the
#= partitions separately, and here it prints all of partition 0 first, so order-5
#= (partition 1, offset 0) comes after order-7 (partition 0, offset 4). Within
#= partition 0 the order is fixed: order-1, order-4, order-7 at offsets 0, 2 and 4.
#= Across partitions a consumer may interleave records any way its fetches
#= return them.
#! expect output contains Processed a total of 8 messages
#! expect output contains Partition:0	Offset:4	alice	order-7
#! expect output contains Partition:1	Offset:0	dave	order-5
#! pause
#> The mapping from key to partition depends on the number of partitions. Adding
#> partitions is allowed (removing them is not), but it changes the modulo, so
#> some keys move to another partition.
#? We grow orders to 4 partitions and every customer orders once more. Will
#? alice's new order still go to partition 0?
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 4
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-9
bob:order-10
carol:order-11
dave:order-12
erin:order-13
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders
#= No: the hash is the same, but modulo 4 it gives 1, so order-9 lands on
#= partition 1 while her older orders stay on partition 0. A consumer may now read
#= order-9 before order-7. bob, carol and dave's new orders go to partition 2, erin's
#= to partition 0, and the new partition 3 happens to get none. This is why teams
#= choose the partition count of a keyed topic up front, or accept that per-key
#= order breaks once, at the change.
#! expect topic orders partitions 4
#! expect partition orders 1 log-end-offset 2
#! expect partition orders 2 log-end-offset 5
#! expect partition orders 0 log-end-offset 6
#! expect partition orders 3 log-end-offset 0
#! pause
#> Records without a key have no partition to be sent to. Since Kafka 3.3 the
#> producer sticks to one partition until about batch.size bytes (16 KB) have gone
#> to it, then switches to another, chosen at random (favouring partitions with
#> less waiting): small bursts share a partition, and over time the load spreads.
#? A producer sends three short records without a key. Will they be spread over
#? the four partitions, or go to one?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
no key 1
no key 2
no key 3
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders
#= To one: three short lines are far less than batch.size, so the producer stays
#= on the partition it picked (partition 1 here, whose end offset went from 2 to
#= 5), and all three travel in one batch. Which partition it is, nothing promises:
#= no key, no promise about where a record goes, and no order with other records.
#! expect partition orders 1 log-end-offset 5
#! expect partition orders 0 log-end-offset 6
#! expect partition orders 2 log-end-offset 5
#! expect partition orders 3 log-end-offset 0
