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
# --alter: the assignment lists every partition, the entries past the topic's current
# partitions place the added ones (TopicService.topicNewPartitions, createPartitions)
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 4 --replica-assignment 3:1,2:3,1:2,1:3
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 6 --replica-assignment 3:1,2:3,1:2,1:3,2:1
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 5 --replica-assignment 3:1,2:3,1:2,1:3,1:2:3
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 5 --replica-assignment 3:1,2:3,1:2,1:3,1:9
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 5 --replica-assignment 3:1,2:3,1:2,1:3,2:2
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 5 --replica-assignment 1,2,3,1,2
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic nope --partitions 5 --replica-assignment 1:2 --if-exists
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic placed --partitions 5 --replica-assignment ''
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic placed
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic placed --replica-assignment 1
