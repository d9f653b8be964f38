//! The glossary the UI shows: Kafka's terms, what each real tool calls them, and every
//! place where Kafkascope simplifies Kafka. One list, so code and UI cannot disagree.

/// A Kafka term as learners meet it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub term: &'static str,
    pub meaning: &'static str,
    /// what real tools call it (CLI, Kafdrop, Kafbat UI, Redpanda Console), if they differ
    pub elsewhere: &'static str,
}

pub const TERMS: &[Term] = &[
    Term { term: "Offset", meaning: "A record's position in its partition: 0, 1, 2, ... Offsets never change and are never reused.", elsewhere: "" },
    Term {
        term: "Log start offset",
        meaning: "The first offset still in the partition. Retention raises it by deleting whole old segments.",
        elsewhere: "earliest (kafka-get-offsets.sh --time -2); First Offset in Kafdrop",
    },
    Term {
        term: "High watermark",
        meaning: "The offset up to which every in-sync replica has the records; consumers read only below it. Since Kafka 4.0 it does not move while the ISR is smaller than min.insync.replicas.",
        elsewhere: "LOG-END-OFFSET in kafka-consumer-groups.sh; latest in kafka-get-offsets.sh; High Water Mark in Redpanda Console",
    },
    Term {
        term: "Log end offset",
        meaning: "The offset the next record appended to the leader will get.",
        elsewhere: "Last Offset in Kafdrop; End offset in Kafbat UI",
    },
    Term { term: "Segment", meaning: "A chunk of a partition's log. Retention and compaction work on whole segments; the newest is the active segment.", elsewhere: "" },
    Term {
        term: "Share group",
        meaning: "A group whose members read the same partitions together, as a queue (KIP-932, Kafka 4.2+): each record is acquired by one member under a lock (group.share.record.lock.duration.ms, 30 s) and acknowledged on its own: ACCEPT, RELEASE (deliver again) or REJECT. After group.share.delivery.count.limit (5) deliveries a record is archived. More members than partitions all get work; the order of a partition is not kept; delivery is at least once.",
        elsewhere: "kafka-share-groups.sh, kafka-console-share-consumer.sh; KafkaShareConsumer",
    },
    Term {
        term: "Share-partition start offset",
        meaning: "SPSO: in a share group, every record of the partition below it is acknowledged or archived; the in-flight records (acquired, available, acknowledged or archived) follow it.",
        elsewhere: "START-OFFSET in kafka-share-groups.sh --describe",
    },
    Term {
        term: "ISR",
        meaning: "In-sync replicas: the leader and the followers that have caught up within replica.lag.time.max.ms.",
        elsewhere: "Isr in kafka-topics.sh --describe",
    },
    Term {
        term: "Preferred leader",
        meaning: "A partition's first replica. While another replica leads, the controller moves leadership back to it every leader.imbalance.check.interval.seconds (300), once it is in the ISR.",
        elsewhere: "the first of Replicas in kafka-topics.sh --describe; auto.leader.rebalance.enable",
    },
    Term {
        term: "ELR",
        meaning: "Eligible Leader Replicas (KIP-966, Kafka 4.1+): replicas that left an ISR already below min.insync.replicas. The high watermark does not move while the ISR is that small, so they still hold every committed record; when the ISR empties, the controller elects the leader from them. A broker back from a crash leaves the ELR. LastKnownElr remembers the last leader of a partition whose ISR emptied.",
        elsewhere: "Elr and LastKnownElr in kafka-topics.sh --describe; the Elr column of the Topics tab; on the stage, a replica in the ELR says ELR (offline · in ELR while its broker is down)",
    },
    Term {
        term: "Controller",
        meaning: "The node that decides the cluster's metadata (KRaft, no ZooKeeper since Kafka 4.0): topics, partition leaders and ISRs, which brokers are alive. It writes each decision to the metadata log, which every broker fetches, and fences a broker whose heartbeats stop for broker.session.timeout.ms (9 s).",
        elsewhere: "kafka-metadata-quorum.sh describe --status (LeaderId, CurrentVoters); process.roles=controller",
    },
    Term { term: "Leader epoch", meaning: "A counter that rises at every leader election; followers use it to find where their log diverged.", elsewhere: "" },
    Term {
        term: "acks",
        meaning: "How many replicas must have a record before the producer hears back: 0 (none), 1 (the leader), all (the whole ISR, at least min.insync.replicas).",
        elsewhere: "",
    },
    Term {
        term: "Tombstone",
        meaning: "A record with a key and a null value: compaction deletes the key's older records, and the tombstone itself at the first cleaning after delete.retention.ms (the cleaner only runs when min.cleanable.dirty.ratio or max.compaction.lag.ms calls for it).",
        elsewhere: "",
    },
    Term {
        term: "Last stable offset",
        meaning: "The first offset of the oldest transaction still open in a partition (or the high watermark when none is): a read_committed consumer reads only below it, and skips the records of aborted transactions. Each commit or abort writes a marker, a control record that takes an offset but no consumer ever sees.",
        elsewhere: "LSO; isolation.level=read_committed; kafka-transactions.sh describe-producers shows CurrentTransactionStartOffset",
    },
    Term {
        term: "Transaction coordinator",
        meaning: "The broker leading the transactional id's __transaction_state partition (abs(hashCode) % 50). It hands out the producer id and epoch (a new epoch fences an older instance), tracks the transaction's state, writes the markers and aborts a transaction older than transaction.timeout.ms.",
        elsewhere: "Coordinator in kafka-transactions.sh list; TransactionState: Empty, Ongoing, PrepareCommit, CompleteCommit, PrepareAbort, CompleteAbort",
    },
    Term {
        term: "Sticky partitioner",
        meaning: "Records without a key stay on one partition until batch.size bytes have gone there, then a random partition is picked.",
        elsewhere: "BuiltInPartitioner (KIP-794)",
    },
];

/// What the glossary says Kafkascope is checked against: the release, and the table of
/// each tool's and behaviour's Kafka source (`docs/conformance.md`, served beside the page
/// as `conformance.md`).
pub const REFERENCE: &str = "Kafkascope follows Apache Kafka 4.3 (4.3.1): the release its tools' --version print and the export runs. The conformance table lists the Kafka source each tool and behaviour was checked against, and where Kafkascope simplifies.";
/// Where the conformance table is, relative to the page.
pub const CONFORMANCE_HREF: &str = "conformance.md";

/// Where Kafkascope does less than Kafka, in plain words.
pub const SIMPLIFICATIONS: &[&str] = &[
    "One controller (node 0, controller only) leads the metadata quorum and never fails; the metadata log counts one record per controller decision plus a no-op record every 500 ms (kafka-metadata-quorum.sh).",
    "There is no disk and no network: logs live in memory, and every message between nodes takes the same configurable delay (network.delay.ms, 2 ms).",
    "Segments roll on segment.bytes and segment.ms only: there are no index files to fill up, and segment.jitter.ms is not modelled.",
    "Eligible Leader Replicas are always on, as in a cluster created by Kafka 4.1 or later (the eligible.leader.replicas.version feature cannot be turned off), and min.insync.replicas can only be set per topic here (with ELR, Kafka keeps its default at the cluster level, not per broker).",
    "The log cleaner keeps the latest record per key but does not merge small cleaned segments into larger ones.",
    "Transactions follow Kafka 4.x's transaction version 2 (KIP-890): partitions join a transaction when the leader sees its first batch, and every commit or abort bumps the producer epoch. The coordinator's checks with partition leaders take no network time, its state survives a move of its __transaction_state partition, and transactional.id.expiration.ms is not modelled; the log cleaner keeps markers and aborted records.",
    "Followers fetch each partition separately, and a fetch waits at the leader until there is new data or a new high watermark (Kafka waits at most replica.fetch.wait.max.ms).",
    "A consumer's fetch waits at the leader for fetch.min.bytes (counted as the records' own sizes, without batch headers) or fetch.max.wait.ms, counted from when the first records are there; with no records at all it waits for them, where Kafka answers an empty fetch after fetch.max.wait.ms and the consumer asks again.",
    "The sticky partitioner picks the next partition uniformly among those with a leader; Kafka's adaptive weighting by queue size is not modelled.",
    "Share groups (KIP-932): ShareFetch and ShareAcknowledge take no network time (only ShareGroupHeartbeat does); records are acquired one by one up to max.poll.records, where Kafka acquires whole batches; the share-partitions' durable state (__share_group_state) lives with the group, so only a leader change loses the acquisition locks; share.isolation.level=read_committed acquires up to the last stable offset and skips aborted records; share.auto.offset.reset by_duration, the dead-letter queue and the RENEW acknowledgement are not modelled.",
    "Idempotent producers are modelled by remembering the last five batches per producer on each replica; out-of-order sequence errors are not.",
    "A producer sends each batch as soon as it closes, however many are in flight: max.in.flight.requests.per.connection only takes part in the idempotence checks, and compression.type and buffer.memory are checked and have no effect. As in Kafka, a client config name the client does not know is ignored, and partition.assignment.strategy takes class names (org.apache.kafka.clients.consumer.RangeAssignor), not short names.",
    "A crashed broker keeps everything it had written when it restarts (Kafka relies on replication, not fsync, and may lose its unflushed tail).",
    "ListOffsets by timestamp scans the log instead of a time index.",
    "offsets.topic.replication.factor (3) is capped at the number of brokers, as a one-broker setup sets it to 1. As in Kafka, __consumer_offsets is created at a group's first FindCoordinator only when that many brokers are registered; until then the coordinator is not available and the consumer keeps asking.",
    "Where a Kafka tool prints a Java stack trace, the terminal shows the exception, its Caused by lines and one line, '... (stack frames not simulated)', in place of the 'at' frames; Kafka's own API exceptions have no frames at all. As in Kafka 4.3 (KIP-1263), a group computes its target assignment at most once per group.consumer.assignment.interval.ms (group.share.assignment.interval.ms for share groups), 1 s: a member that joins just after another waits, with the group Assigning, until a heartbeat after that second; Kafka may run the assignor on a background thread, Kafkascope runs it inside that heartbeat.",
    "The console consumers' deserializers (--key-deserializer, --value-deserializer, key/value/headers.deserializer) are those of org.apache.kafka.common.serialization, UTF-8 only (the *.deserializer.encoding properties are ignored); ByteArrayDeserializer prints [B@ and a hash of the bytes where Java prints the array's identity hash, and a UUID must be in its canonical 8-4-4-4-12 form. print.delivery prints a delivery count (DeliveryCount:N) for share records only.",
    "kafka-configs.sh --describe --all of a broker lists only the broker configs the simulation models (about sixty of a real broker's hundreds), with Kafka 4.3's defaults; kafkascope config stands for its server.properties (STATIC_BROKER_CONFIG). Dynamic broker configs (kafka-configs.sh --entity-type brokers --alter) take effect on topics without their own value, the cleaner's backoff, unclean leader election and the assignment intervals; a broker's own log configs count where it writes and cleans its replicas (the controller, node 0, takes the cluster default), and other dynamic configs (threads, listeners, SSL) are stored without effect. A config name Kafkascope does not know is kept as a custom config, even one a real broker would refuse as not dynamic.",
    "group.coordinator.rebalance.protocols (kafkascope config; Kafka 4.3's default classic,consumer,streams) changes at once on every broker, where Kafka reads it at start. Without consumer, group.protocol=consumer consumers fail; share and streams gate nothing here (share groups follow the share.version feature since 4.1, and there are no streams groups).",
    "A group switches between the classic and the consumer (KIP-848) protocol only while it is Empty: Kafka's online upgrade and downgrade of a group with members is not modelled, so mixing the protocols in a busy group is refused. ConsumerGroupHeartbeat names topics where Kafka sends topic ids.",
    "On the stage a dot stands for a whole batch (its number counts the records) and a group protocol message (JoinGroup, SyncGroup, Heartbeat, ConsumerGroupHeartbeat, ...) for its request or response; each is drawn after the event, taking 600 ms of virtual time, where the simulated network carried it in 2 ms. A strip shows a partition's newest records; a broker with more replicas than fit shows its busiest (leaders first) and counts the rest.",
    "The lag chart samples each group's lag after every change the page makes; a jump forward in time leaves no samples in between and is drawn as a straight line.",
    "Only localhost, 127.0.0.1, kafka and broker resolve (the simulated brokers listen on ports 9092 to 9100): the console producer and consumer log that another host name could not be resolved, as Kafka's clients do, and treat an address no broker listens on as unreachable. kafka-console-consumer.sh refuses the formatters of Kafka's internal topics (__consumer_offsets, __transaction_state), which are not kept as topics here.",
    "The terminal is one bash session: kill %N sends SIGTERM (the tools close cleanly, as the JVM's shutdown hook does) and kill -9 %N is a crash; other signals are refused. At most 64 background jobs run at once.",
    "The export runs the session on one Kafka node: replication factors and min.insync.replicas above 1 become 1, and broker stops and network cuts are left as comments with their real-world equivalent.",
    "A long run keeps only the last two minutes of its events in memory (at most 50,000; the views show less than that): the event count, the trace hash and time travel still cover the whole run, since going back replays the recorded commands from a checkpoint, one early enough to bring back the last minute the views show.",
    "In the browser a tool's usage text (its --help, or the option table after a usage error) is fetched when the terminal first shows it: in the session's output it is one placeholder line, which the terminal (and cat of a file it was redirected to) shows as the text, but which a lesson's output claims do not see.",
];
