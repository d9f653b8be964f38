#! title: Static membership: a rolling restart without rebalancing
#! summary: With group.instance.id, a consumer that restarts within session.timeout.ms gets its partitions back and the group does not rebalance.
#! level: advanced
#! seed: 6
#> Deploying a new version of an application usually means restarting its
#> consumers one by one: a rolling restart. For an ordinary (dynamic) member, each
#> stop sends LeaveGroup and each start sends JoinGroup with a new member id, so
#> every restart costs two rebalances of the whole group.
#>
#> Static membership (KIP-345, Kafka 2.3) gives each consumer a stable identity,
#> group.instance.id. The coordinator remembers the instance and its partitions. We
#> start two groups of three side by side: dynamic, and static with instances
#> app-1, app-2 and app-3.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 3 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group dynamic --command-property client.id=app-1 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group dynamic --command-property client.id=app-2 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group dynamic --command-property client.id=app-3 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group static --command-property client.id=app-1 --command-property group.instance.id=app-1 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group static --command-property client.id=app-2 --command-property group.instance.id=app-2 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group static --command-property client.id=app-3 --command-property group.instance.id=app-3 &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group static --members --verbose
#> Both groups are Stable in generation 1. A static member's id starts with its
#> instance id, and the assignors sort static members by instance id, so app-1 gets
#> partition 0, app-2 partition 1 and app-3 partition 2.
#! expect group dynamic generation 1
#! expect group static generation 1
#! expect group static state Stable
#! expect group static owner payments 0 app-1
#! expect group static owner payments 1 app-2
#! expect group static owner payments 2 app-3
#! pause
#> We restart app-1 in both groups: stop it cleanly (kill -TERM, as a deployment
#> would) and start the new version ten seconds later.
kill -TERM %1
kill -TERM %4
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group static --members
#? While app-1 is down, does the static group rebalance? Who reads partition 0?
#= No rebalance: a static member does not send LeaveGroup when it closes, so the
#= coordinator keeps it as a member and keeps partition 0 assigned to it. Nobody
#= reads partition 0 until app-1 is back (or until session.timeout.ms, 45 seconds,
#= passes). That is the trade-off: a short pause on one partition instead of a
#= rebalance of the whole group. The dynamic app-1 sent LeaveGroup, and its group
#= is rebalancing without it.
#! expect group static state Stable
#! expect group static members 3
#! expect group static generation 1
#! expect group static owner payments 0 app-1
#! expect group dynamic state PreparingRebalance
#! pause
#> Ten seconds later the new app-1 starts in both groups.
sleep 9
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group dynamic --command-property client.id=app-1 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group static --command-property client.id=app-1 --command-property group.instance.id=app-1 &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group static --members --verbose
#? Which generation is each group in after the restart?
#= The static group is still in generation 1: the coordinator recognised instance
#= app-1, replaced its old member id with the new one and handed back partition 0,
#= with no rebalance at all. The dynamic group rebalanced twice, once when app-1
#= left and once when it came back: generation 3.
#! expect group static generation 1
#! expect group static owner payments 0 app-1
#! expect group static members 3
#! expect group dynamic generation 3
#! expect group dynamic members 3
#! pause
#> Static membership does not hide a member that is really gone. We stop app-3 of
#> the static group for good: a crash this time (kill -9). After
#> session.timeout.ms, 45 seconds without a heartbeat, the coordinator removes it
#> and the group rebalances.
#? Thirty seconds after the crash, how many members does the static group have,
#? and who owns partition 2?
kill -9 %6
sleep 30
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group static --state
#= Still three, and partition 2 is still app-3's: 30 seconds is less than
#= session.timeout.ms, so the coordinator has not given up on it. Nobody reads
#= partition 2 meanwhile.
#! expect group static generation 1
#! expect group static members 3
#! expect group static owner payments 2 app-3
#! pause
#> 20 seconds more and app-3's session has expired. The group rebalances with the
#> range assignor over app-1 and app-2.
#? Partition 2 needs a new owner. Do app-1 and app-2 keep partitions 0 and 1?
sleep 20
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group static --members --verbose
#= app-1 keeps 0, but app-2 does not keep 1. Range deals the sorted members
#= contiguous ranges again from scratch: three partitions over two members gives
#= app-1 partitions 0 and 1 and app-2 partition 2. Partition 1 moved from app-2 to
#= app-1 although its owner was alive and well: range does not try to keep
#= partitions where they were (lesson 6's cooperative-sticky does).
#! expect group static members 2
#! expect group static generation 2
#! expect group static state Stable
#! expect group static owner payments 0 app-1
#! expect group static owner payments 1 app-1
#! expect group static owner payments 2 app-2
