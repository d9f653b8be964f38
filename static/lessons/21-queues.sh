#! title: Queues for Kafka: share groups next to consumer groups
#! summary: A slow work queue that a consumer group cannot scale past its partitions and a share group can; a poison message released until it is archived; what a share group gives up (ordering) and what it keeps (at-least-once).
#! seed: 16
#! level: advanced
#> A work queue: each record is a job that takes a worker two seconds. The topic
#> jobs has 2 partitions. First, the classic answer: a consumer group, billing, with
#> four workers. kafkascope consumer slow makes each worker's application take 2000 ms
#> per record, and max.poll.records=1 has each poll bring one job.
#? Four consumers in one consumer group, two partitions: how many of them get jobs?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 2 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group billing --command-property max.poll.records=1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group billing --command-property max.poll.records=1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group billing --command-property max.poll.records=1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group billing --command-property max.poll.records=1 > /dev/null &
kafkascope consumer slow %1 2000
kafkascope consumer slow %2 2000
kafkascope consumer slow %3 2000
kafkascope consumer slow %4 2000
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --members
#= Two. A partition belongs to one member of a consumer group, so a group never
#= has more busy members than the topic has partitions: the other two own nothing
#= and wait. To scale a consumer group you add partitions, ahead of time.
#! expect group billing members 4
#! expect output contains #PARTITIONS
#! pause
#> Kafka 4.2 made share groups (KIP-932, "Queues for Kafka") production-ready. A
#> share group's members read the same partitions together: every record is
#> acquired by one member and locked for it (group.share.record.lock.duration.ms,
#> 30 seconds), and acknowledged on its own. We stop billing and start a share
#> group, workers, of four kafka-console-share-consumer.sh workers, equally slow,
#> reading from the earliest offset (the group config share.auto.offset.reset;
#> latest by default). Then 12 jobs arrive. We let six seconds pass first: since
#> Kafka 4.3 a group's assignment is computed at most once a second
#> (group.share.assignment.interval.ms, KIP-1263), so the workers that join just
#> after the first get their partitions at their next heartbeat, 5 seconds later.
#? Four share consumers, two partitions: how many of them get jobs now?
kill %1 %2 %3 %4
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &
kafkascope consumer slow %1 2000
kafkascope consumer slow %2 2000
kafkascope consumer slow %3 2000
kafkascope consumer slow %4 2000
sleep 6
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs --reader-property parse.key=true --reader-property key.separator=: <<EOF
a:job-1
b:job-2
c:job-3
d:job-4
e:job-5
f:job-6
g:job-7
h:job-8
i:job-9
j:job-10
k:job-11
l:job-12
EOF
sleep 1
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
#= All four. The share group's assignor (simple) gives every member a partition
#= even when there are more members than partitions, and members share them: on the
#= stage each partition is linked to several workers, and each record under a strip
#= shows who acquired it. Adding workers adds throughput, without new partitions.
#! expect share-group workers state Stable
#! expect share-group workers members 4
#! pause
#> Let the queue drain. Each worker acknowledges a job when its next poll comes:
#> kafka-console-share-consumer.sh acknowledges every record it prints (ACCEPT).
#> The share-partition start offset (SPSO, the green marker on a strip) moves past
#> the records that are done; kafka-share-groups.sh --describe shows it as
#> START-OFFSET, and LAG counts what is not done yet.
#? Twelve jobs of two seconds, four workers: roughly how long until the queue is empty?
sleep 8
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
#= About six seconds: twelve jobs shared by four workers, three each. With the
#= consumer group it would take twelve: two busy members, six jobs each.
#! expect output contains START-OFFSET
#! expect share-group workers start-offset jobs 0 8
#! expect share-group workers start-offset jobs 1 4
#! pause
#> A poison message: the job with key poison makes the application fail. A share
#> consumer can acknowledge a record with RELEASE (deliver it again, maybe to
#> another worker) or REJECT (never again). kafkascope consumer fail %N key poison
#> release makes every worker release it; on a real cluster the application calls
#> acknowledge(record, AcknowledgeType.RELEASE).
#? How many times will the poison job be delivered before Kafka gives up on it?
kafkascope consumer fail %1 key poison release
kafkascope consumer fail %2 key poison release
kafkascope consumer fail %3 key poison release
kafkascope consumer fail %4 key poison release
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs --reader-property parse.key=true --reader-property key.separator=: <<EOF
poison:job-13
EOF
sleep 30
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
#= Five times: group.share.delivery.count.limit (5) deliveries, then the record is
#= archived and never delivered again. The stage counted its deliveries above its
#= cell, then marked it archived; the start offset moved past it, so it no longer
#= holds the queue back. With REJECT it would have been archived at once.
#! expect share-group workers record jobs 1 4 done
#! expect share-group workers start-offset jobs 1 5
#! pause
#> What is given up, and what is kept. A consumer group delivers each partition in
#> order to one member. A share group does not: records of one partition go to
#> different workers at once and finish in any order, and a released record comes
#> back after later ones. What is kept is at-least-once delivery: a record is done
#> only when acknowledged. kill -9 crashes a worker in the middle of a job.
#? The crashed worker had acquired a job. What happens to it?
kafkascope consumer fail %1 off
kafkascope consumer fail %2 off
kafkascope consumer fail %3 off
kafkascope consumer fail %4 off
kafkascope consumer slow %1 60000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs --reader-property parse.key=true --reader-property key.separator=: <<EOF
m:job-14
n:job-15
o:job-16
p:job-17
EOF
sleep 1
kill -9 %1
sleep 35
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
#= Its lock runs out after 30 seconds and the job becomes available again: another
#= worker gets it, delivered a second time, and the queue drains (LAG 0). Nothing is
#= lost, but a job may run twice, so the work must be safe to repeat (idempotent). A
#= clean close (kill %N) would have released it at once. The crashed member is still
#= in the group: the coordinator removes it after share.session.timeout.ms (45 s).
#! expect share-group workers members 4
#! expect share-group workers start-offset jobs 0 10
#! expect share-group workers start-offset jobs 1 7
#! pause
#> Ten seconds later the crashed member's session has expired.
sleep 10
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state
#! expect share-group workers members 3
