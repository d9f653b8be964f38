# kafka-configs.sh --describe --all lists every topic config Kafka 4.3's LogConfig defines
# (compression levels, replication throttles, remote-storage switches included), sorted by
# name, with DescribeConfigs' synonyms; values are validated as LogConfig validates them
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config compression.type=zstd,compression.zstd.level=9
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config compression.zstd.level=23
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config compression.gzip.level=0
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config compression.gzip.level=-1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config compression.lz4.level=0
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config leader.replication.throttled.replicas=[0:1,1:2]
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config follower.replication.throttled.replicas=all
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config remote.storage.enable=true
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config remote.copy.lag.ms=0
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name t --all
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name t
