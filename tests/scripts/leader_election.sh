# kafka-leader-election.sh: preferred and unclean elections, and the tool's errors
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 6 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic v --partitions 1 --replication-factor 2
# every partition is led by its preferred replica: nothing to do, nothing printed
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic t --partition 0
# broker 1 crashes; the controller fences it after 9 s and moves its leaderships
kafkascope broker stop 1
sleep 10
kafkascope broker start 1
sleep 5
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type PREFERRED --all-topic-partitions
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t
# v: the follower stops, then the leader: offline, and the ISR is the leader alone
kafkascope broker stop 2 --clean
kafkascope broker stop 3 --clean
kafkascope broker start 2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic v
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic v --partition 0
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type unclean --all-topic-partitions
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic v
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type unclean --topic v --partition 0
# errors
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic nope --partition 1
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic t --partition 9
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type foo --topic t --partition 1
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic t
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --partition 1 --all-topic-partitions
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred
kafka-leader-election.sh --topic t --partition 1
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --topic t --partition x
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --bogus
kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --path-to-json-file elect.json
kafka-leader-election.sh --bootstrap-server localhost:9999 --election-type preferred --all-topic-partitions
kafka-leader-election.sh --help
