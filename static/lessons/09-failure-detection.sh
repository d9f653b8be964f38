#! title: Failure detection: crash, clean close, slow consumer
#! summary: How the group coordinator notices that a member is gone: LeaveGroup at once, session.timeout.ms for a crash, max.poll.interval.ms for a consumer stuck in processing.
#! seed: 7
#> A consumer group must notice when a member stops working, so that another member
#> takes over its partitions. How fast that happens depends on how the member
#> stopped. Three workers join the group workers on a topic with 3 partitions.
#>
#> Two settings matter. Each member's background thread sends a heartbeat every
#> heartbeat.interval.ms (3 seconds); if none arrives for session.timeout.ms (45
#> seconds by default), the coordinator removes the member. And the application
#> must call poll() at least every max.poll.interval.ms (5 minutes by default).
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 3 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property client.id=w1 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property client.id=w2 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property client.id=w3 --command-property max.poll.interval.ms=20000 &
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members --verbose
#> w3 was started with max.poll.interval.ms=20000 (20 seconds), for the last part
#> of the lesson.
#! expect group workers state Stable
#! expect group workers members 3
#! expect group workers generation 1
#! expect group workers owner jobs 0 w1
#! expect group workers owner jobs 1 w2
#! expect group workers owner jobs 2 w3
#! pause
#> First, a clean stop: kill -TERM lets the consumer close(), as Ctrl-C or a
#> deployment would. Closing commits its offsets and sends LeaveGroup.
#? Five seconds after w1 closes, is its partition 0 still waiting for a new
#? owner (the session timeout is 45 seconds), or has someone taken it?
kill -TERM %1
sleep 5
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members --verbose
#= Taken, by w2. The session timeout plays no part: the coordinator starts a
#= rebalance as soon as the LeaveGroup arrives, the others rejoin at their next
#= heartbeat, and a few seconds later w1's partition has a new owner. Range over
#= w2 and w3 gives w2 partitions 0 and 1, and w3 keeps 2.
#! expect job %1 done
#! expect group workers members 2
#! expect group workers generation 2
#! expect group workers state Stable
#! expect group workers owner jobs 0 w2
#! expect group workers owner jobs 1 w2
#! expect group workers owner jobs 2 w3
#! pause
#> Now a crash: kill -9 stops w2 at once, like a machine failure. No commit, no LeaveGroup: w2 just falls silent.
#? How long will partitions 0 and 1 go unread?
kill -9 %2
sleep 30
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state
#= Until session.timeout.ms runs out, 45 seconds after w2's last heartbeat. After
#= 30 seconds the coordinator still counts w2 as a member and its partitions as
#= assigned, though nobody reads them.
#! expect group workers members 2
#! expect group workers generation 2
#! expect group workers owner jobs 0 w2
#! pause
#> Twenty seconds more.
#? Fifty seconds have passed since the crash. Who reads partitions 0 and 1 now?
sleep 20
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members --verbose
#= w3, which now reads all three partitions. The session expired, the coordinator
#= removed w2 and rebalanced, and w3 is the only member left. A shorter
#= session.timeout.ms notices crashes sooner, at the risk of removing members that
#= only paused (a long garbage collection, a network hiccup).
#! expect group workers members 1
#! expect group workers generation 3
#! expect group workers owner jobs 0 w3
#! expect group workers owner jobs 1 w3
#! expect group workers owner jobs 2 w3
#! pause
#> Last, a consumer that is alive but stuck. Its heartbeats keep coming from the
#> background thread, so the session never expires. But the application takes 5
#> seconds per record (a simulator command stands in for a slow database), and we
#> give it eight records: 40 seconds without returning to poll().
#? w3 allows 20 seconds between polls (max.poll.interval.ms=20000). What happens?
kafkascope consumer slow %3 5000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs <<EOF
job-1
job-2
job-3
job-4
job-5
job-6
job-7
job-8
EOF
sleep 30
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
#= After 20 seconds without a poll, w3's heartbeat thread gives up and sends
#= LeaveGroup ("consumer poll timeout has expired"). The group is left with no
#= members, so the records w3 had not committed will be delivered again when it
#= polls and rejoins. The fix is to process less per poll (max.poll.records) or to
#= allow more time (max.poll.interval.ms), not a longer session timeout.
#! expect group workers members 0
#! expect group workers state Empty
#! pause
#> w3 finishes its eight records 40 seconds in, calls poll() again, notices it is no
#> longer a member and rejoins. Its last commit was made before the eight records
#> arrived, and its attempt to commit them failed: it had left the group.
#? What does w3 print once it is back?
sleep 30
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers
#= The same eight jobs again: it resumes from the last committed offset, so it
#= processes them a second time. Kafka's consumers deliver at least once; an
#= application that must not repeat work has to be idempotent.
#=
#= The describe says more: CURRENT-OFFSET 0 and LAG 8 on jobs-2. Nothing of this
#= second pass is committed either, and it never will be: at 5 seconds a job, w3
#= again needs 40 seconds for the eight records of this poll, overruns
#= max.poll.interval.ms, is removed and starts over. A lag that stays put while the
#= consumer looks busy is the sign of this loop; the cure is the one above.
#! expect group workers members 1
#! expect group workers state Stable
#! expect output contains job-8
