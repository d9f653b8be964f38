#! title: KRaft and the controller
#! summary: No ZooKeeper: a controller keeps the cluster's metadata in its own replicated log; brokers register and heartbeat, a silent broker is fenced after broker.session.timeout.ms, and the controller, not the brokers, picks the new leaders.
#! seed: 1
#! level: advanced
#> Someone has to decide which broker leads each partition, who is in each ISR,
#> which brokers are alive, which topics exist. In Kafka 4 that is the
#> controller. It writes every decision as a record to a log of its own, the
#> metadata log (__cluster_metadata), and every broker fetches that log, the way
#> a follower fetches a partition. This design is KRaft (Kafka + Raft): the
#> controllers replicate the metadata log among themselves with the Raft
#> protocol, and one of them, the active controller, leads it.
#>
#> In this cluster the controller is its own node, node 0 (process.roles=controller),
#> and brokers 1, 2 and 3 are broker-only. kafka-metadata-quorum.sh asks who is
#> in the quorum.
#? Which nodes vote in the quorum, and which only follow the metadata log?
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status
#= Node 0 is the only voter (CurrentVoters) and the leader (LeaderId: 0). The three
#= brokers are observers: they fetch the metadata log but do not vote. A production
#= cluster runs three or five controllers so that the quorum survives losing one or
#= two; Kafkascope models one.
#! expect output contains LeaderId:               0
#! expect output contains CurrentVoters:          [{"id": 0,
#! expect output contains {"id": 3, "directoryId":
#! pause
#> Now a topic. kafka-topics.sh sends CreateTopics to a broker, which forwards it
#> to the controller; the controller places the replicas, picks a leader for each
#> partition and writes it all to the metadata log. The brokers learn about the
#> topic by fetching that log.
#? After the topic exists, do the brokers lag behind the controller's metadata log?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3
sleep 5
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
#= No: every running broker's LogEndOffset equals the leader's, Lag 0. The log also
#= grows when nothing happens: the active controller appends a NoOpRecord every
#= 500 ms (metadata.max.idle.interval.ms), so a broker that stops fetching falls
#= visibly behind.
#! expect output contains Observer
#! expect partition orders 0 isr 1,2,3
#! expect topic orders partitions 3
#! pause
#> Each broker also sends the controller a heartbeat every
#> broker.heartbeat.interval.ms (2 seconds). A broker whose heartbeats stop for
#> broker.session.timeout.ms (9 seconds) is fenced: the controller takes it out
#> of every ISR and moves the leadership of its partitions elsewhere.
#>
#> Broker 3 crashes (kill -9 of its process).
#? Three seconds later, is broker 3 still in the ISR of the partitions it follows?
kafkascope broker stop 3
sleep 3
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
#= Yes. The controller does not know the process died; it has only missed one
#= heartbeat. Until the session expires, broker 3 is registered and unfenced, and
#= still in every ISR. Clients that connect to it find it closed at once, but the
#= metadata still names it.
#! expect broker 3 stopped
#! expect partition orders 0 isr 1,2,3
#! pause
#> Ten more seconds pass: past broker.session.timeout.ms.
#? Who moves the leadership of the partitions broker 3 led: broker 3 itself, the
#? other brokers, or the controller?
sleep 10
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
#= The controller. It fenced broker 3, wrote new ISRs without it, and elected a new
#= leader from the ISR for partition 1, which broker 3 led: broker 1, the next
#= replica in the list. The brokers only apply what they read in the metadata log.
#! expect partition orders 0 isr 1,2
#! expect partition orders 1 leader 1
#! expect partition orders 1 isr 1,2
#! pause
#> The metadata quorum shows the same story from the log's side.
#? What does the replication table show for broker 3?
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication --human-readable
#= Broker 3 is still listed as an observer (the leader forgets an observer only
#= after five minutes of silence), with the LogEndOffset it had reached when it
#= crashed, a growing Lag, and a LastFetchTimestamp 13 seconds ago. The running
#= brokers are caught up.
#! expect output contains 13000 ms ago
#! expect output contains Observer
#! pause
#> Broker 3 starts again. It registers with the controller, catches up with the
#> metadata log, and the controller unfences it. Then, as a follower, it copies
#> what it missed of each partition and rejoins the ISRs.
#? Twenty seconds after broker 3 is back, does it lead partition 1 again?
kafkascope broker start 3
sleep 20
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status
#= Not yet. It rejoined every ISR, but broker 1 still leads partition 1. Broker 3 is
#= partition 1's preferred leader (the first replica listed), and with
#= auto.leader.rebalance.enable the controller moves leadership back to preferred
#= leaders, but only at its leader-imbalance check, every
#= leader.imbalance.check.interval.seconds (300 seconds).
#! expect partition orders 1 isr 1,2,3
#! expect partition orders 1 leader 1
#! expect broker 3 running
#! pause
#> Five minutes later.
#? Who leads partition 1 now?
sleep 300
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
#= Broker 3, its preferred replica: the controller's imbalance check found partition 1
#= led by a replica that is not the first one, with broker 3 back in the ISR, and
#= elected it (a preferred leader election, as kafka-leader-election.sh
#= --election-type preferred would).
#! expect partition orders 1 leader 3
#! pause
#> Why no ZooKeeper? Before KRaft, the controller was one broker elected through
#> ZooKeeper, a separate system that stored the metadata; each controller failover
#> reloaded everything from it, and every cluster had to run and secure a second
#> distributed system. KRaft (KIP-500) keeps the metadata in Kafka's own replicated
#> log, and Kafka 4.0 removed ZooKeeper mode entirely.
#>
#> Older guides, like the docker-compose file in this course's overview, start a
#> zookeeper container and point the broker at it with KAFKA_ZOOKEEPER_CONNECT.
#> With Kafka 4 that broker would not start; the tools' --zookeeper option is gone too.
#? What does kafka-topics.sh say to --zookeeper localhost:2181?
kafka-topics.sh --zookeeper localhost:2181 --list
kafka-cluster.sh cluster-id --bootstrap-server localhost:9092
#= It does not know the option: zookeeper is not a recognized option. Tools talk to
#= brokers (--bootstrap-server), or straight to the controllers
#= (--bootstrap-controller, for kafka-metadata-quorum.sh and kafka-configs.sh). The
#= cluster id that kafka-storage.sh format wrote into every node's meta.properties
#= is what kafka-cluster.sh prints; the export's docker-compose.yml runs one node as
#= both broker and controller (KAFKA_PROCESS_ROLES: broker,controller).
#! expect output contains zookeeper is not a recognized option
#! expect output contains Cluster ID:
