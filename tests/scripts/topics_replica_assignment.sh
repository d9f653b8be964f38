# kafka-topics.sh --create --replica-assignment (TopicCommandOptions.parseReplicaAssignment and
# the controller's checks of a manual assignment, ReplicationControlManager 4.x): each
# partition's replicas, the first its preferred leader
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic placed --replica-assignment 3:1,2:3,1:2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic placed
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replica-assignment 1:2 --partitions 1
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replica-assignment 1:x
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replica-assignment 1:1
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replica-assignment 1:2,3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replica-assignment 1:7
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic placed --replica-assignment 1
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 4 --replica-assignment 3:1,2:3,1:2,1:3
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic placed --replica-assignment 1
