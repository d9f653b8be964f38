#! title: Replication: the ISR, acks, and losing an acknowledged write
#! summary: Brokers fail; the in-sync replica set shrinks; acks=all with min.insync.replicas refuses writes it cannot protect, while acks=1 accepts a write that an unclean leader election then loses.
#! seed: 1
#> Each partition is copied to replication-factor brokers. One replica is the
#> leader: it takes every write and serves reads. The others are followers: they
#> keep fetching from the leader to copy its log. The replicas that are caught up
#> form the ISR, the in-sync replicas. A record counts as committed when every
#> ISR member has it; the high watermark marks that point, and consumers read only
#> below it.
#>
#> We create a payments topic with three replicas and min.insync.replicas=2, and
#> write two payments. The console producer uses acks=all (-1): the leader answers
#> only when the whole ISR has the record.
#? Once both payments are acknowledged, where is the high watermark?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 1 --replication-factor 3 --config min.insync.replicas=2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments <<EOF
payment-1
payment-2
EOF
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
#= 2, the log end: broker 2 leads, brokers 3 and 1 follow, all three are in the
#= ISR, and the producer got its answers only once every one of them had both
#= payments.
#! expect partition payments 0 leader 2
#! expect partition payments 0 isr 1,2,3
#! expect partition payments 0 high-watermark 2
#! pause
#> Broker 1 crashes (a simulator command: its process dies, as with kill -9; clients
#> see its connections refused at once).
#> The controller notices when the broker stops sending heartbeats for
#> broker.session.timeout.ms (9 seconds), fences it and removes it from every ISR.
#> The tools now bootstrap from broker 2 (localhost:9093): a client whose only
#> --bootstrap-server is a stopped broker reaches nobody and times out.
#? The ISR shrinks to brokers 2 and 3. Will a new payment written with acks=all
#? still be accepted?
kafkascope broker stop 1
sleep 10
kafka-topics.sh --bootstrap-server localhost:9093 --describe --topic payments
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments <<EOF
payment-3
EOF
#= Yes. acks=all waits for the current ISR, brokers 2 and 3, and two in-sync
#= replicas satisfy min.insync.replicas=2. payment-3 is on two brokers, so it
#= survives the loss of either. Broker 1 does not have it.
#! expect broker 1 stopped
#! expect partition payments 0 isr 2,3
#! expect partition payments 0 high-watermark 3
#! expect output lacks Exception
#! pause
#> Now broker 3 crashes too, and the ISR is the leader alone. Two producers try to
#> write: one with the default acks=all, one with --request-required-acks 1
#> (acks=1: the leader answers as soon as it has written the record itself). Then
#> a consumer reads the partition for five seconds.
#? Which of the two payments will be accepted, and which will the consumer see?
kafkascope broker stop 3
sleep 10
kafka-topics.sh --bootstrap-server localhost:9093 --describe --under-min-isr-partitions
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments <<EOF
payment-4
EOF
kafka-console-producer.sh --bootstrap-server localhost:9093 --topic payments --request-required-acks 1 <<EOF
payment-5
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9093 --topic payments --partition 0 --offset earliest --timeout-ms 5000
#= Only payment-5 is accepted, and the consumer sees neither. With one in-sync
#= replica, fewer than min.insync.replicas, the leader refuses acks=all writes with
#= NOT_ENOUGH_REPLICAS. The producer retries (the console producer 3 times, its
#= --message-send-max-retries; a producer with Kafka's defaults keeps trying for
#= delivery.timeout.ms, 2 minutes) and then reports the failure, so the
#= application knows payment-4 was not taken: a NotEnoughReplicasException. acks=1
#= does not ask: the leader wrote payment-5 at offset 3 and said yes, although no
#= other broker has it. But since Kafka 4.0 the high watermark does not move while
#= the ISR is below min.insync.replicas, so payment-5 is not committed and no
#= consumer can read it (log end offset 4, high watermark 3).
#=
#= The describe line, run before the producers, shows why: Isr: 2 and Elr: 3. Kafka
#= 4.1 and later keep Eligible Leader Replicas (KIP-966): a replica that leaves an
#= ISR already below min.insync.replicas still holds every committed record (the
#= high watermark stopped when it left), so it stays eligible to lead. The
#= --under-min-isr-partitions report lists the partitions in this state: an
#= operator's first check when producers report NOT_ENOUGH_REPLICAS.
#! expect output contains NotEnoughReplicasException
#! expect output contains Elr: 3
#! expect output lacks payment-4
#! expect output lacks payment-5
#! expect output contains Processed a total of 3 messages
#! expect partition payments 0 isr 2
#! expect partition payments 0 elr 3
#! expect partition payments 0 log-end-offset 4
#! expect partition payments 0 high-watermark 3
#! pause
#> Then the leader, broker 2, crashes as well, and broker 1 comes back.
#? Broker 1 is running and has payment-1 and payment-2. Will it become the leader?
kafkascope broker stop 2
sleep 10
kafkascope broker start 1
sleep 5
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
#= No. A leader must come from the ISR or, when the ISR is empty, from the ELR.
#= When broker 2 was fenced the ISR emptied (with ELR, Kafka lets it) and broker 2
#= joined broker 3 in the ELR: Isr is empty, Elr: 2,3, and LastKnownElr: 2 remembers
#= the last leader. Broker 1 missed payment-3, and leading would throw it away, so
#= the partition stays offline (Leader: none) until an eligible replica returns.
#= Producers and consumers of this partition get errors meanwhile: Kafka chose
#= consistency over availability.
#! expect broker 1 running
#! expect broker 2 stopped
#! expect partition payments 0 leader none
#! expect partition payments 0 isr none
#! expect partition payments 0 elr 2,3
#! expect output contains LastKnownElr: 2
#! pause
#> Broker 3, an eligible leader replica, comes back.
#? Will broker 3 lead the partition?
kafkascope broker start 3
sleep 5
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
#= No. Broker 3 crashed (as with kill -9), and a broker that comes back from an
#= unclean shutdown may have lost records it had not yet flushed to disk, so the
#= controller takes it out of the ELR when it registers again: Elr: 2. Only broker
#= 2 is eligible now, and it is down. Had broker 3 been stopped cleanly (a
#= controlled shutdown), it would have led again at once.
#! expect broker 3 running
#! expect partition payments 0 leader none
#! expect partition payments 0 elr 2
#! pause
#> An operator who needs the partition back now can allow unclean leader
#> election: any live replica may then lead, in sync or not. In Kafka this is the
#> unclean.leader.election.enable config, for the cluster or per topic; here we
#> set it on the payments topic with kafka-configs.sh. The controller looks for
#> leaderless partitions it may now mend every unclean.leader.election.interval.ms
#> (5 minutes), so we wait that long.
#? Brokers 1 and 3 are both running, and neither is eligible. The replica list is
#? 2,3,1, and the controller takes the first live replica in it. Which broker
#? will lead, and which of payment-1 to payment-5 will a consumer then read?
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name payments --add-config unclean.leader.election.enable=true
sleep 300
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --partition 0 --offset earliest --timeout-ms 5000
#= Broker 3, the first running replica in the replica list (2,3,1), leads, and
#= its log is now the truth: payment-1 to payment-3, log end offset 3. Broker 3
#= crashed before payment-4 was tried, so payment-5, written to broker 2 alone,
#= is gone, although its producer was told it was written. payment-3, written
#= with acks=all, survived because broker 3 had it; had the controller picked
#= broker 1, payment-3 would have been lost too. Unclean election trades
#= durability for availability, which is why it is off by default.
#! expect partition payments 0 leader 3
#! expect partition payments 0 log-end-offset 3
#! expect output contains payment-1
#! expect output contains payment-3
#! expect output lacks payment-5
#! expect output contains Processed a total of 3 messages
#! pause
#> Finally broker 2, the old leader, restarts. Its log still holds payment-5 at
#> offset 3.
#? Will payment-5 come back when broker 2 rejoins?
kafkascope broker start 2
sleep 5
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments <<EOF
payment-6
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --partition 0 --offset earliest --max-messages 4
#= No. Broker 2 returns as a follower, asks the new leader where its leader epoch
#= ended, and truncates its log to offset 3, dropping payment-5. Then it catches
#= up and rejoins the ISR. The next record, payment-6, gets offset 3: the offset
#= the producer of payment-5 was given now holds another record. The safe recipe
#= is acks=all, replication factor 3, min.insync.replicas=2 and no unclean
#= election: then an acknowledged write is on at least two replicas, and it is
#= not lost while one in-sync replica that has it survives (Kafka's promise is
#= one survivor, not a majority; the ELR keeps that promise when the ISR shrinks).
#! expect partition payments 0 isr 1,2,3
#! expect partition payments 0 leader 3
#! expect partition payments 0 log-end-offset 4
#! expect output contains payment-6
#! expect output lacks payment-5
#! pause
#> Broker 3 leads now, but the replica list is 2,3,1: broker 2, the first replica,
#> is the partition's preferred leader. Kafka gives each partition's first replica
#> to a different broker so that leadership, and the work that comes with it, is
#> spread out. After failures it piles up on the brokers that survived. The
#> controller repairs that by itself: with auto.leader.rebalance.enable (on by
#> default) it looks every leader.imbalance.check.interval.seconds (300) for
#> partitions led by a replica other than their first.
#? Five minutes later, which broker leads the partition?
sleep 300
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
#= Broker 2 again. It is back in the ISR, so the controller's check elected its
#= preferred leader (a preferred leader election: the leader epoch rises once more)
#= and broker 3 went back to following. A preferred replica outside the ISR would
#= have to wait for a later check. An operator need not wait:
#= kafka-leader-election.sh --election-type preferred --all-topic-partitions asks the
#= controller for the same election at once.
#! expect partition payments 0 leader 2
#! expect partition payments 0 isr 1,2,3
