#! title: First topic: produce and consume
#! summary: Kafka's quickstart: create a topic, write two events into it, and read them back, twice.
#! seed: 1
#> Kafka stores events in topics. A topic is a named, append-only log: producers
#> add events at its end, consumers read it from any position they like, and
#> reading does not remove anything.
#>
#> This lesson follows Kafka's own quickstart. First we create a topic called
#> quickstart-events. We give no --partitions and no --replication-factor, so the
#> broker's defaults apply: one partition, one replica.
kafka-topics.sh --create --topic quickstart-events --bootstrap-server localhost:9092
kafka-topics.sh --describe --topic quickstart-events --bootstrap-server localhost:9092
#> The describe output shows the one partition, partition 0, the broker that leads
#> it (the one that takes writes and serves reads), and its in-sync replicas (Isr).
#! expect topic quickstart-events partitions 1
#! expect output contains Created topic quickstart-events.
#! expect output contains PartitionCount: 1
#! expect partition quickstart-events 0 log-end-offset 0
#! pause
#> Now we write two events with the console producer. Each line it reads becomes
#> one event (Kafka also calls it a record or a message).
#? The partition is empty: its log-end offset is 0. Which offsets will the two
#? events get, and what will the log-end offset be afterwards?
kafka-console-producer.sh --topic quickstart-events --bootstrap-server localhost:9092 <<END
This is my first event
This is my second event
END
#= The first event gets offset 0 and the second offset 1: offsets count up from 0,
#= one per record, in each partition. The log-end offset is the offset the next
#= record will get, so it is now 2. The high watermark is 2 as well: both records
#= are on every in-sync replica, so consumers may read them.
#! expect partition quickstart-events 0 log-end-offset 2
#! expect partition quickstart-events 0 high-watermark 2
#! expect partition quickstart-events 0 log-start-offset 0
#! pause
#> A console consumer reads the topic. --from-beginning makes it start at the
#> earliest offset still in the log, and --max-messages 2 makes it stop after two
#> events instead of waiting for more. (--from-beginning only applies where the
#> consumer has no committed offset to resume from: a consumer in a group that has
#> committed before resumes there, as later lessons show.)
#? Many message queues delete a message once it has been consumed. After this
#? consumer has read both events, what will the partition's log-end offset be, and
#? are the two events still in the topic?
kafka-console-consumer.sh --topic quickstart-events --from-beginning --bootstrap-server localhost:9092 --max-messages 2
#= The log-end offset is still 2 and both events are still there. They came back
#= in the order they were written, and reading did not change the log: another
#= consumer can read the same events again. That is what makes Kafka replayable.
#! expect output contains This is my first event
#! expect output contains This is my second event
#! expect output contains Processed a total of 2 messages
#! expect partition quickstart-events 0 log-end-offset 2
#! pause
#> A consumer that is not told --from-beginning (and has no committed offset to
#> resume from) starts at the end of the log: auto.offset.reset is latest.
#? This consumer waits 5 seconds (--timeout-ms 5000) for events. How many will it print?
kafka-console-consumer.sh --topic quickstart-events --bootstrap-server localhost:9092 --timeout-ms 5000
#= None. It starts at offset 2, the end of the log, and nothing new is written while
#= it waits, so it times out having processed 0 messages. The two old events are
#= still there; this consumer simply starts after them.
#! expect output contains Processed a total of 0 messages
#! expect output lacks This is my first event
#! pause
#> Consumers usually run all the time. We start one in the background (the &
#> at the end), give it a few seconds to join its consumer group and be given the
#> partition (a new group waits group.initial.rebalance.delay.ms, 3 seconds, for
#> more members), and then write a third event while it is running.
#? Like the last consumer, this one has no --from-beginning. Which of the three
#? events will it print?
kafka-console-consumer.sh --topic quickstart-events --bootstrap-server localhost:9092 &
sleep 5
kafka-console-producer.sh --topic quickstart-events --bootstrap-server localhost:9092 <<END
This is my third event
END
sleep 2
#= Only the third. It started at the end of the log, offset 2, so the first two
#= events are behind it; the third event arrives while it is running, and it prints
#= it as soon as it arrives. The third event got offset 2, so the log-end offset is
#= now 3.
#! expect output contains This is my third event
#! expect output lacks This is my first event
#! expect output lacks This is my second event
#! expect partition quickstart-events 0 log-end-offset 3
#! expect job %1 running
#! pause
#> Finally we stop the consumer cleanly, as Ctrl-C would (kill -TERM sends the
#> signal that runs its shutdown hook).
#? On its way out the consumer reports how many messages it processed. The topic
#? holds three events: what number will it report?
kill -TERM %1
sleep 1
#= 1. The count is what this consumer itself read, not what the topic holds: it
#= started at offset 2 and only ever saw the third event.
#! expect job %1 done
#! expect output contains Processed a total of 1 messages
#! pause
#> If you learned from an older guide, three things differ in the Kafka you
#> install today. Its docker-compose file may start ZooKeeper beside Kafka: Kafka
#> 4 has no ZooKeeper (in KRaft mode the brokers' controllers keep the cluster's
#> metadata themselves), and the export to real Kafka gives you a compose file
#> for apache/kafka 4.3. Its producer may take --broker-list: Kafka 4 refuses it,
#> and every tool takes --bootstrap-server, as here. And a consumer with a group
#> (--group, or kafka-python's group_id) run a second time does not read from the
#> beginning again, even with auto_offset_reset='earliest' or --from-beginning:
#> those apply only where the group has no committed offset, and the first run
#> committed where it stopped.
kafka-console-producer.sh --broker-list localhost:9092 --topic quickstart-events
kafka-topics.sh --bootstrap-server localhost:9092 --list
#! expect output contains broker-list is not a recognized option
#! expect output contains quickstart-events
