#! title: Compaction keeps the last value per key
#! summary: A compacted topic with four keys: segments roll every 4 s, and once enough of the log is dirty the cleaner keeps only each key's latest record, leaving gaps in the offsets (they are never reused).
#! seed: 13
kafkascope config log.cleaner.backoff.ms=1000
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic user-profiles --partitions 1 --replication-factor 3 --config cleanup.policy=compact --config segment.ms=4000 --config min.cleanable.dirty.ratio=0.1
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic user-profiles --throughput 3 --repeating-keys 4 > /dev/null &
