# Failed sends: the console producer's callback reports each record of a failed batch
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic ledger --partitions 1 --replication-factor 3 --config min.insync.replicas=2
kafkascope broker stop 2 --clean
kafkascope broker stop 3 --clean
# no retries: NOT_ENOUGH_REPLICAS comes back at once, with the broker's message
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic ledger --command-property retries=0 --command-property enable.idempotence=false --reader-property parse.key=true --reader-property key.separator=: <<EOF
acct-1:debit 10
acct-2:credit 5
EOF
# retries until delivery.timeout.ms, then the batch expires (retries set as a producer
# property overrides the tool's --message-send-max-retries default of 3)
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic ledger --command-property delivery.timeout.ms=3000 --command-property request.timeout.ms=2000 --command-property linger.ms=0 --command-property retries=2147483647 <<EOF
late
EOF
# the tool's own defaults: 3 retries (--message-send-max-retries), backing off from
# --retry-backoff-ms, then the broker's error
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic ledger <<EOF
three retries
EOF
# idempotence asked for, but no retries: the producer does not start
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic ledger --command-property retries=0 --command-property enable.idempotence=true <<EOF
never
EOF
kafkascope broker start 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic ledger <<EOF
fine again
EOF
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic ledger
