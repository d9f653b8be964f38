#! title: Transactions and the last stable offset
#! summary: A transactional scorer turns payments into alerts, one transaction per poll, beside a plain producer of rule alerts; each commit writes a marker cell. At 12 s a new scorer fences the old one, then crashes mid-transaction: the high watermark moves on but the last stable offset stays, so the read_committed reader (card-blocker) falls behind while audit-log reads on. At 24 s a third scorer aborts the hanging transaction and the reader catches up, skipping the aborted alert.
#! seed: 9
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 1 --replication-factor 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic fraud-alerts --partitions 1 --replication-factor 3
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic payments --throughput 2 --repeating-keys 4 > /dev/null &
kafkascope process --from payments --to fraud-alerts --group fraud-scoring --transactional-id scorer --prefix "ALERT "
kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --throughput 1 > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --group card-blocker --isolation-level read_committed > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic fraud-alerts --group audit-log > /dev/null &
#! at: 12
kafkascope process --from payments --to fraud-alerts --group fraud-scoring --transactional-id scorer --prefix "ALERT " --crash-after 3
#! at: 24
kafkascope process --from payments --to fraud-alerts --group fraud-scoring --transactional-id scorer --prefix "ALERT "
