#! title: Kafka or EventBridge? Ordering, fan-out, replay and retention, shown
#! summary: The seed's comparison table played out on Kafka: order per key, groups that each read everything, a rewind, a consumer that was down, retention that deletes by time and not by reading; what AWS documents for EventBridge is told beside each.
#! seed: 1
#> The seed's overview ends with a table: Kafka against AWS EventBridge on
#> throughput, replay, retention, fan-out and management. This lesson plays the
#> Kafka column on the simulator and checks it; the EventBridge column is told
#> beside it, from AWS's documentation (the simulator models only Kafka). Two rows
#> are left aside: throughput and management depend on cluster size, region and
#> money, which a simulator cannot show.
#>
#> An order service writes order events to a topic orders, keyed by customer.
#> The topic has 3 partitions and segment.ms=60000, so its log files roll after a
#> minute (it matters in step 5). A billing service reads them in the group
#> billing and prints each record's partition, offset and key.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3 --config segment.ms=60000
#? Will billing print the nine events in the order they were written? And alice's
#? three (placed, paid, shipped)?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=, <<EOF
alice,alice placed order-1
bob,bob placed order-2
carol,carol placed order-3
alice,alice paid order-1
dave,dave placed order-4
bob,bob paid order-2
alice,alice shipped order-1
carol,carol paid order-3
bob,bob shipped order-2
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --max-messages 9 --formatter-property print.partition=true --formatter-property print.offset=true --formatter-property print.key=true
#= Alice's three, yes; the nine, no. The key picks the partition, so all of a
#= customer's events are in one partition, in the order they were written
#= (offsets 0, 2 and 4 of partition 0 for alice). Across partitions there is no
#= order: dave placed order-4, written fifth, is printed after bob shipped
#= order-2, written ninth, because the consumer handed over partition 0 before
#= partition 1. Another run may interleave partitions differently, never a
#= partition's own records. Kafka's ordering is per partition, and so per key.
#=
#= EventBridge: an event bus with rules and targets has no keys or partitions. An
#= AWS expert's accepted answer on AWS re:Post says it "does not guarantee the
#= order of the events", and the EventBridge guide says events replayed from an
#= archive "aren't necessarily replayed in the same order that they were added".
#= AWS's newer Custom Event Bus offers FIFO delivery within an event group that
#= the publisher names (EventGroupId): the nearest thing to a Kafka key.
#! expect partition orders 0 key alice
#! expect partition orders 0 key bob
#! expect partition orders 1 key dave
#! expect partition orders 2 key carol
#! expect partition orders 0 log-end-offset 6
#! expect output contains Processed a total of 9 messages
#! pause
#> A second service, shipping, starts later, in its own group. billing has read
#> and committed all nine events. (--from-beginning applies only to a group with
#> no committed offset, which shipping is.) kafka-get-offsets.sh --time -2 then
#> asks each partition for its earliest offset, the first record still stored.
#? How many events will shipping get, and what will the earliest offsets be?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --from-beginning --max-messages 9
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders --time -2
#= All nine, and the earliest offsets are still 0. Reading deletes nothing: a
#= record stays in the log however many groups have read it, and each group keeps
#= only its own committed offsets. Fan-out in Kafka is consumers pulling: any
#= number of groups, each reading everything at its own pace, added at any time,
#= without the producer or the topic knowing about them.
#=
#= EventBridge pushes instead: a rule matches events and sends them to its
#= targets (up to five per rule, says the PutTargets API reference), and more
#= rules give more targets. EventBridge matches an event against the rules when
#= it arrives, so a target added later does not get earlier events, unless an
#= archive kept them (step 6).
#! expect output contains Processed a total of 9 messages
#! expect output contains orders:0:0
#! expect partition orders 0 log-start-offset 0
#! expect group billing committed orders 0 6
#! expect group shipping committed orders 0 6
#! expect group shipping lag 0
#! pause
#> A bug is found in billing: alice was charged wrongly. After the fix, billing
#> must read alice's events again. kafka-consumer-groups.sh --reset-offsets moves
#> a group's committed offsets (the group must have no running members); here
#> only for partition 0, alice's (orders:0). Then billing runs again until 10
#> seconds pass without a record (--timeout-ms; it then stops with a
#> TimeoutException, its normal way out).
#? How many events will billing read again? And what happens to shipping's
#? offsets?
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders:0 --to-earliest --execute
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --timeout-ms 10000
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= Six, bob's three included, and shipping's offsets do not move. A group
#= rewinds partitions to an offset (or to a time, --to-datetime), not keys: the
#= consumer gets everything in partition 0 after that point and must skip or
#= harmlessly repeat what it does not need. The rewind is the group's alone:
#= shipping's committed offsets are still 6, 1 and 2, lag 0. This is Kafka's
#= native replay: nothing to set up beforehand, any group, any time, as far back
#= as the log still reaches.
#! expect output contains NEW-OFFSET
#! expect output contains bob paid order-2
#! expect output contains Processed a total of 6 messages
#! expect group billing committed orders 0 6
#! expect group billing lag 0
#! expect group shipping committed orders 0 6
#! expect group shipping lag 0
#! pause
#> The shipping service is down for two minutes (no consumer of its group runs).
#> Meanwhile three more events arrive. Then shipping starts again, without
#> --from-beginning.
#? Which events will shipping print when it comes back?
sleep 120
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=, <<EOF
dave,dave paid order-4
carol,carol shipped order-3
alice,alice placed order-5
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --timeout-ms 10000
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= Exactly the three that arrived while it was down, from its committed offsets
#= (6, 1 and 2): none lost, none repeated. While a consumer is away the records
#= wait in the log and its lag grows; how long they wait is the topic's
#= retention (retention.ms, 7 days by default), the same for every group.
#=
#= The seed's "24 hours by default" for EventBridge is not a retention period.
#= AWS documents it as the retry window: when a target cannot take an event (a
#= retriable error), EventBridge retries "for 24 hours and up to 185 times" by
#= default (a target's retry policy can lower both), and then drops the event
#= unless a dead-letter queue is configured. A rules-and-targets bus keeps no copy
#= of an event it has delivered, unless an archive does (step 6).
#! expect output contains dave paid order-4
#! expect output lacks alice placed order-1
#! expect output contains Processed a total of 3 messages
#! expect group shipping committed orders 0 7
#! expect group shipping committed orders 1 2
#! expect group shipping lag 0
#! expect partition orders 0 segments 2
#! pause
#> Records are deleted by time (or size), not by being read. We set the topic's
#> retention.ms to 4 minutes, standing in for the default 7 days. The broker checks
#> retention every 5 minutes (log.retention.check.interval.ms) and deletes whole
#> segments whose newest record is older than retention.ms. The first nine events
#> are over 5 minutes old by the next check; the last three, about 3. Each
#> partition has two segments: the three late events rolled new ones, since the
#> first segments were older than segment.ms. Then a new group, audit, reads the
#> topic from the beginning.
#? How many events will audit read, and what will partition 0's earliest offset
#? be?
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders --add-config retention.ms=240000
sleep 200
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders --time -2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group audit --from-beginning --timeout-ms 10000
#= Three, and 6. The segments holding the first nine events were past
#= retention.ms and went as a whole; the three newer events stay. Offsets do not
#= change: alice placed order-5 is still offset 6 of partition 0, with nothing
#= before it any more. Reading did not delete the nine, and a group that had not
#= read them would not have kept them: retention is a property of the topic, set
#= in days or weeks (or bytes, or for ever with retention.ms=-1), not of a reader.
#! expect partition orders 0 log-start-offset 6
#! expect partition orders 1 log-start-offset 1
#! expect partition orders 2 log-start-offset 2
#! expect partition orders 0 segments 1
#! expect output contains Processed a total of 3 messages
#! expect output lacks alice placed order-1
#! expect group audit lag 0
#! pause
#> The audit service wants to read everything since midnight again (the
#> simulator's clock starts at 2026-01-01 00:00, before the first event was
#> written). --to-datetime moves the group, in each partition, to the first offset
#> whose timestamp is at or after that time.
#>
#> On EventBridge, replay is opt-in. You first create an archive on an event bus
#> (it can filter by event pattern, and keeps events indefinitely by default or
#> for the number of days you set); a replay then sends the archived events of a
#> time range back to the same bus, to all of its rules or to the rules you pick.
#> An archive holds only events that arrived after it was created.
#? Which offsets will audit be moved to?
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group audit --topic orders --to-datetime 2026-01-01T00:00:00.000 --execute
#= 6, 1 and 2: the earliest offsets still in the log. Replay reaches back as far
#= as retention keeps records, and no further; what retention deleted is gone for
#= every group: audit's lag is 3, the three events left. Both replays have a
#= horizon, Kafka's the topic's retention and EventBridge's the archive's, but a
#= Kafka replay is one group's business, while an EventBridge replay reaches
#= every target of the rules it is sent to.
#=
#= AWS's newer Custom Event Bus (the rules-and-targets custom bus is now called
#= Custom Event Bus - Classic) keeps every event for 1 to 365 days and lets each
#= subscriber start from a point in the past: much closer to Kafka. When you
#= compare, say which bus you mean. The table's other rows: EventBridge's
#= PutEvents rate is a per-account, per-Region quota that differs by Region and
#= can be raised on request; Kafka's grows with brokers and partitions, and
#= "millions a second" describes a large cluster, not any cluster. EventBridge is
#= managed, with pattern filtering and AWS targets built in; Kafka is run by you
#= or bought managed (Amazon MSK, Confluent Cloud), and asks for sizing, partition
#= counts and retention decisions in return.
#! expect output contains NEW-OFFSET
#! expect group audit committed orders 0 6
#! expect group audit committed orders 1 1
#! expect group audit committed orders 2 2
#! expect group audit lag 3
