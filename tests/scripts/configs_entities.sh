# kafka-configs.sh as ConfigCommand (4.x Java): brokers' dynamic configs (none set, then one),
# --entity-default, and checkArgs' refusals, printed as the message alone
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-name 1 --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-default --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-name one --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-default --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topic --entity-name t --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --alter --add-config retention.ms=1
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name t --alter
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-name t
kafka-configs.sh --entity-type topics --entity-name t --describe
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-name 1 --alter --add-config log.retention.ms=1000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic t --entity-name t
