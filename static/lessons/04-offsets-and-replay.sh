#! title: Offsets: commits, lag, duplicates after a crash, and replay
#! summary: A group remembers where it got to by committing offsets; a crash before a commit means re-reading, and resetting offsets replays history.
#! seed: 1
#> Every record in a partition has an offset: 0, 1, 2, ... A consumer group keeps
#> one number per partition, its committed offset: the offset of the next record
#> the group has not yet finished with. Kafka stores it for the group (in the
#> internal topic __consumer_offsets), so a consumer that restarts, or another
#> member that takes over, knows where to carry on.
#>
#> We write five orders to a one-partition topic, then start a shipping consumer
#> that commits by hand: enable.auto.commit=false turns off the automatic commit
#> every 5 seconds, and `kafkascope consumer commit %1` makes the application call
#> commitSync() (a simulator command: a real application calls it in its own code).
#? The consumer reads the five orders, offsets 0 to 4, and commits. What will
#? kafka-consumer-groups.sh show as the group's CURRENT-OFFSET: 4 or 5?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
order-1
order-2
order-3
order-4
order-5
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --from-beginning --command-property enable.auto.commit=false &
sleep 8
kafkascope consumer commit %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= 5. The consumer printed the five orders (offsets 0 to 4) and committed, and a
#= committed offset is not the last record read but the next one to read.
#= LOG-END-OFFSET is 5 too, so the LAG, the difference, is 0.
#! expect output contains order-5
#! expect group shipping committed orders 0 5
#! expect partition orders 0 log-end-offset 5
#! expect group shipping lag 0
#! pause
#> Three more orders arrive. The consumer reads and ships them at once, but this
#> time it has not committed yet.
#? The consumer has printed order-6, order-7 and order-8. What LAG will
#? kafka-consumer-groups.sh show for the group now?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
order-6
order-7
order-8
EOF
sleep 2
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= 3. Lag is measured from the committed offset, which is still 5, to the end of
#= the log, 8. The broker knows what the group has committed, not what the
#= application has done: as far as Kafka is concerned, orders 6 to 8 are not
#= finished until an offset after them is committed.
#! expect output contains order-8
#! expect group shipping committed orders 0 5
#! expect partition orders 0 log-end-offset 8
#! expect group shipping lag 3
#! pause
#> Now the consumer crashes (kill -9 %1: no shutdown hook, no last commit,
#> no LeaveGroup) and a replacement starts in the same group. Its arrival starts a
#> rebalance, but the coordinator waits for every member to rejoin, and it gives up
#> on the dead one only when its heartbeats have been missing for
#> session.timeout.ms (45 seconds). Then the new member gets the partition.
#? Where does the replacement start reading: after order-8, which was already
#? shipped, or somewhere earlier?
kill -9 %1
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --command-property enable.auto.commit=false &
sleep 60
#= At the committed offset, 5: it prints order-6, order-7 and order-8 again, and
#= those three orders are shipped twice. This is at-least-once delivery, Kafka's
#= usual guarantee: processing first and committing afterwards never loses a
#= record, but a crash between the two repeats work. Applications make the repeat
#= harmless (an order id that is shipped once, an idempotent write) or commit
#= before processing and accept losing records instead (at-most-once).
#! expect output contains order-6
#! expect output contains order-8
#! expect output lacks order-5
#! expect group shipping members 1
#! expect group shipping owner orders 0 %1
#! expect group shipping generation 2
#! pause
#> The new consumer commits, and the group has caught up again.
kafkascope consumer commit %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#! expect group shipping committed orders 0 8
#! expect group shipping lag 0
#! pause
#> Reading does not delete anything: all eight orders are still in the log. So a
#> group can go back and read them again, for example after fixing a bug in the
#> shipping code. kafka-consumer-groups.sh --reset-offsets moves a group's
#> committed offsets; --dry-run shows the plan, --execute applies it. We run
#> --execute twice: first while the shipping consumer is still in the group, then
#> after stopping the consumer cleanly (kill -TERM: it leaves the group), with a
#> --dry-run before it.
#? Which of the two --execute runs will move the group's committed offset to 0?
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group shipping --topic orders --to-earliest --execute
kill -TERM %1
sleep 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group shipping --topic orders --to-earliest --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group shipping --topic orders --to-earliest --execute
#= Only the second. The tool refuses while the group has members (the group is
#= Stable, not Empty), because they would overwrite the new offsets with their own
#= commits. Once the consumer has left, the group is Empty and the reset applies:
#= committed offset 0, so the LAG is all eight orders.
#! expect output contains Assignments can only be reset if the group 'shipping' is inactive, but the current state is Stable.
#! expect output contains NEW-OFFSET
#! expect group shipping state Empty
#! expect group shipping committed orders 0 0
#! expect group shipping lag 8
#! pause
#> The group's position is back at offset 0. The next consumer in the group starts
#> there.
#? How many orders will this consumer read before it stops?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group shipping --max-messages 8
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= All eight, from order-1, even though the group had read them all before. This is
#= replay: history stays in the log for as long as retention keeps it (7 days by
#= default), and any group can rewind to an offset (--to-offset), a time
#= (--to-datetime), or shift by a count (--shift-by). A push-based event bus such
#= as AWS EventBridge delivers each event to its targets and keeps no per-consumer
#= position to rewind; replaying there needs an archive set up beforehand.
#! expect output contains order-1
#! expect output contains Processed a total of 8 messages
#! expect group shipping committed orders 0 8
#! expect group shipping lag 0
