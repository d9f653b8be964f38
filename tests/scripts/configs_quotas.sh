# kafka-configs.sh for clients, users and ips (ConfigCommand, Kafka 4.x Java): client quotas
# and SCRAM credentials stored and described (Kafkascope throttles and authenticates nobody),
# and the refusals ConfigCommand prints as the message alone
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type clients --entity-name app
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --add-config producer_byte_rate=1048576,consumer_byte_rate=20000000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type clients --entity-name app
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-default --add-config request_percentage=50
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type clients
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --add-config retention.ms=1000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --add-config producer_byte_rate=fast
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --delete-config request_percentage
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --delete-config consumer_byte_rate
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type clients --entity-name app
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type users --entity-name alice --entity-type clients --entity-name app --add-config producer_byte_rate=1024
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type users --entity-name alice --entity-type clients --entity-name app
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-512=[iterations=1000,password=x]'
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-512=[password=x],consumer_byte_rate=10'
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type users --entity-name alice
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type users --entity-name bob --delete-config SCRAM-SHA-512
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type ips --entity-name 10.0.0.7 --add-config connection_creation_rate=10
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type ips --entity-name 10.0.0.7 --add-config producer_byte_rate=10
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type ips --entity-name not-a-host
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type ips
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type ips --entity-type clients
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type clients --entity-type clients
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type clients --entity-name app --add-config producer_byte_rate=1=2
# topics and brokers that do not exist (describeResourceConfig, Kafka 4.x)
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name nope
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 7
