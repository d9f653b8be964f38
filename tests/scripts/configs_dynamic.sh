# Dynamic broker configs (KIP-226) as Kafka 4.3's ConfigCommand and brokers handle them:
# --alter of the cluster default (--entity-default) and of one broker (--entity-name N),
# --describe with DescribeConfigs' synonyms, and what the brokers refuse
# (DynamicBrokerConfig.validateConfigs: InvalidRequestException, state unchanged).
kafkascope config log.retention.check.interval.ms=1000
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replication-factor 3 --config segment.ms=1000
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic keep --replication-factor 3 --config segment.ms=1000 --config retention.ms=-1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
old
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic keep <<EOF
old
EOF
sleep 5
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
new
EOF
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic keep <<EOF
new
EOF
# the cluster-wide default: topics without their own retention.ms take it
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.retention.ms=3000,log.cleaner.backoff.ms=1000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-default
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name t --all
sleep 40
kafka-get-offsets.sh --bootstrap-server localhost:9092 --time -2
# one broker's own value wins over the default there
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name 2 --add-config log.retention.ms=86400000,ssl.cipher.suites=[TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384]
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 2 --all
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 9
# a topic's configs as the broker that answers has them: asked at localhost:9093, broker 2
kafka-configs.sh --bootstrap-server localhost:9093 --describe --entity-type topics --entity-name t --all
# refusals
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.retention.hours=1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name 1 --add-config broker.id=7,process.roles=broker
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config num.partitions=3,log.retention.ms=1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config ssl.cipher.suites=TLS_AES_128_GCM_SHA256
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name 1 --add-config ssl.keystore.type=PKCS12
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.retention.ms=a-week
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.segment.bytes=1000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.cleanup.policy=forever
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config unclean.leader.election.enable=yes
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config group.consumer.assignment.interval.ms=1s
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config group.consumer.assignment.interval.ms=60000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config min.insync.replicas=2 --delete-config min.insync.replicas
# ConfigAdminManager.preprocess checks every resource, a topic's too
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config retention.ms=1 --delete-config retention.ms
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name one --add-config log.retention.ms=1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-default
# a name the broker does not know is kept as a custom config; deleting what is not set does nothing
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config my.team=blue --delete-config log.roll.ms
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --delete-config log.retention.ms,log.cleaner.backoff.ms
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-default
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name 2 --delete-config log.retention.ms,ssl.cipher.suites
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type brokers --entity-name 2
# a stopped broker never gets the IncrementalAlterConfigs (4.3, KAFKA-20506: no DescribeConfigs
# first): the admin call times out after 30 s waiting for a node assignment
kafkascope broker stop 3
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-name 3 --add-config log.retention.ms=1
# 4.3's entity flags: --broker N and --broker-defaults stand for --entity-type brokers
# --entity-name N and --entity-default
kafka-configs.sh --bootstrap-server localhost:9092 --alter --broker 1 --add-config log.cleaner.min.cleanable.ratio=0.1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --broker-defaults --add-config compression.type=zstd
kafka-configs.sh --bootstrap-server localhost:9092 --describe --broker 1
kafka-configs.sh --bootstrap-server localhost:9092 --describe --broker-defaults
kafka-configs.sh --bootstrap-server localhost:9092 --describe --broker 1 --broker-defaults
kafka-configs.sh --bootstrap-server localhost:9092 --describe --broker 1 --entity-type brokers
kafka-configs.sh --bootstrap-server localhost:9092 --describe --broker x
