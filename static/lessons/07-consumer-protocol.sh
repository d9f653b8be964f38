#! title: The new consumer protocol (KIP-848) next to the classic one
#! summary: With group.protocol=consumer the broker computes assignments, each member moves to its new partitions on its own, and nobody stops while a member joins.
#! level: advanced
#! seed: 1
#> In the classic protocol (JoinGroup and SyncGroup), a rebalance is a group-wide
#> event: every member rejoins, one member (the group leader, a client) computes
#> the assignment, and with the default eager assignors every member first gives
#> up all of its partitions. KIP-848 replaces this with a new protocol: early
#> access in Kafka 3.7, a preview in 3.8 and 3.9, generally available since 4.0. A
#> consumer opts in with group.protocol=consumer; the default is still classic.
#> Under the new protocol the client's own session.timeout.ms,
#> heartbeat.interval.ms and partition.assignment.strategy are refused: the broker's
#> group.consumer.* settings take their place, and a client may only name a
#> server-side assignor with group.remote.assignor.
#>
#> In the new protocol there is one request, ConsumerGroupHeartbeat, which every
#> member sends every 5 seconds (group.consumer.heartbeat.interval.ms, set on the
#> broker). The broker's coordinator runs the assignor itself (uniform by
#> default; range is the other choice) and tells each member its target
#> partitions in the heartbeat answers.
#>
#> We start two groups on a 6-partition topic, side by side: classic-app with two
#> classic consumers (jobs %1 and %2) and new-app with two consumers that set
#> group.protocol=consumer (jobs %3 and %4).
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 6 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group classic-app &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group classic-app &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-app --command-property group.protocol=consumer &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-app --command-property group.protocol=consumer &
sleep 20
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group classic-app --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-app --state
#> Both groups are Stable with three partitions per member. The classic group's
#> assignor was chosen by the members' vote (range, the first in the consumers'
#> default list); the new group's by the broker (uniform). The classic group
#> counts rebalances in generations; the new one counts changes in a group epoch,
#> which went up once for each member that joined.
#>
#> The second new-app member waited for its partitions longer than you might
#> expect. Since Kafka 4.3 (KIP-1263) the coordinator computes a group's target
#> assignment at most once per group.consumer.assignment.interval.ms (1 second), so
#> that a burst of joins costs one run of the assignor. The second member joined
#> a few milliseconds after the first: the group stayed Assigning until a heartbeat
#> came after that second, here the next one, 5 seconds later.
#! expect group classic-app state Stable
#! expect group classic-app generation 1
#! expect group classic-app assignor range
#! expect group new-app state Stable
#! expect group new-app assignor uniform
#! expect group new-app epoch 2
#! expect group new-app owner clicks 2 %3
#! expect group new-app owner clicks 5 %4
#! expect group classic-app owner clicks 2 %2
#! expect group classic-app owner clicks 4 %1
#! pause
#> A third consumer joins each group: job %5 in classic-app, job %6 in new-app.
#> We look one second later.
#? While the groups rebalance, who reads partition 0 in each group?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group classic-app &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-app --command-property group.protocol=consumer &
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group classic-app --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-app --members --verbose
#= In classic-app, nobody: the eager protocol made every member revoke all six
#= partitions before rejoining, and until the rebalance completes the whole group
#= stops (#PARTITIONS 0 for everyone). In new-app, job %3 still reads partition
#= 0: the coordinator raised the group epoch to 3, computed a new target
#= assignment (two partitions each), and asked each old member to release only
#= what it must give up: %3 released partition 2 (which has no owner for the
#= moment) and %4 released 5. Everything else is still being consumed. A member
#= that has released what it had to moves up to the new epoch, 3; so does the
#= newcomer, although it has no partitions yet.
#! expect group classic-app state PreparingRebalance
#! expect group classic-app owner clicks 0 none
#! expect group new-app state Reconciling
#! expect group new-app epoch 3
#! expect group new-app owner clicks 0 %3
#! expect group new-app owner clicks 3 %4
#! expect group new-app owner clicks 2 none
#! expect group new-app member %3 epoch 3
#! expect group new-app member %6 epoch 3
#! pause
#> The group is Reconciling: members are at the group epoch, but not every member
#> has its target partitions yet. The newcomer gets partitions 2 and 5 only once
#> their old owners have released them, and it hears so in its next heartbeat
#> answer.
#? Ten seconds later, which partitions changed owner in each group?
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group classic-app --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-app --members --verbose
#= In new-app, two: the newcomer (%6) has partitions 2 and 5, one from each old
#= member, and 0, 1, 3 and 4 never stopped. The group is Stable at epoch 3. In
#= classic-app, three: range recomputed everything from the sorted member list,
#= so partition 2 moved from %2 to %1 and 4 and 5 from %1 to the newcomer (%5),
#= and all six partitions paused until generation 2 was in place.
#! expect group new-app state Stable
#! expect group new-app owner clicks 2 %6
#! expect group new-app owner clicks 5 %6
#! expect group new-app owner clicks 0 %3
#! expect group new-app member %6 epoch 3
#! expect group new-app member %3 epoch 3
#! expect group classic-app state Stable
#! expect group classic-app generation 2
#! expect group classic-app owner clicks 4 %5
#! expect group classic-app owner clicks 2 %1
#! expect group classic-app owner clicks 5 %5
#! pause
#> A member leaves: job %4 closes cleanly (kill -TERM). In the new protocol it sends
#> a last heartbeat with member epoch -1, meaning "I am leaving"; the group epoch
#> goes up and its partitions go to the others.
#? %4 owns partitions 3 and 4; %3 has 0 and 1, %6 has 2 and 5. Will %3 and %6
#? give up anything while %4's partitions are shared out, and who gets which?
kill -TERM %4
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group new-app --members --verbose
#= Nothing is given up: %3 keeps 0 and 1 and adds 4, %6 keeps 2 and 5 and adds 3.
#= The uniform assignor keeps partitions where they are and only hands out the
#= ones that lost their owner. The group epoch is now 4, and both remaining
#= members reached it. Nothing in the group stopped for the change: the members
#= that stay each picked up the partitions they were given at their next
#= heartbeat.
#! expect group new-app owner clicks 0 %3
#! expect group new-app owner clicks 1 %3
#! expect group new-app owner clicks 4 %3
#! expect group new-app owner clicks 2 %6
#! expect group new-app owner clicks 3 %6
#! expect group new-app owner clicks 5 %6
#! expect group new-app members 2
#! expect group new-app epoch 4
#! expect group new-app state Stable
#! expect group new-app member %3 epoch 4
#! expect group new-app member %6 epoch 4
