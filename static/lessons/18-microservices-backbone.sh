#! title: A real pipeline: Kafka as a microservices backbone
#! summary: An orders service publishes events that billing, shipping and notifications each read in their own group, at their own pace, catching up after a stop without the publisher noticing; commands go through a topic to one handling group, and keys keep each order's events in order.
#! seed: 1
#> A shop is built from small services. When an order is placed, billing must
#> charge it, shipping must pack it and notifications must email the customer.
#> If the orders service called each of them directly, it would have to know
#> them all, wait for them all, and fail when one is down. With Kafka as the
#> backbone it publishes each event once, to the topic order-events, and every
#> service that cares reads the topic with a consumer group of its own.
#>
#> We create order-events with 3 partitions and start the three services (jobs
#> %1 billing, %2 shipping, %3 notifications; each printed line stands for one
#> event handed to the service's code, with the partition it came from). They
#> start before anything is written: a new group without --from-beginning starts
#> at the end of the log. Then the orders service publishes six events, keyed by
#> order id.
#? Three services each read all six events. How many records will order-events
#? hold: 6 or 18?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic order-events --partitions 3 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order-events --group billing --formatter-property print.partition=true &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order-events --group shipping --formatter-property print.partition=true &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order-events --group notifications --formatter-property print.partition=true &
sleep 10
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order-events --reader-property parse.key=true --reader-property key.separator=, <<EOF
order-42,order-42 created 2 books 35.00 EUR
order-43,order-43 created 1 lamp 60.00 EUR
order-42,order-42 paid 35.00 EUR
order-44,order-44 created 3 mugs 24.00 EUR
order-43,order-43 paid 60.00 EUR
order-45,order-45 created 1 chair 80.00 EUR
EOF
sleep 6
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic order-events
#= 6: two on each partition, the log end offsets add up to 6. Each event is
#= printed three times, once by each service, but it is stored once (on each of
#= its 3 replicas). A group does not get a copy of its own: it reads the same log
#= and keeps its own committed offset per partition. That is why fan-out is cheap
#= in Kafka, and why a fourth service can be added later without the orders
#= service changing a line. The key kept each order's events together: order-42
#= created and paid are both on partition 0, in the order they were published.
#! expect partition order-events 0 log-end-offset 2
#! expect partition order-events 1 log-end-offset 2
#! expect partition order-events 2 log-end-offset 2
#! expect partition order-events 0 key order-42
#! expect partition order-events 1 key order-43
#! expect group billing lag 0
#! expect group shipping lag 0
#! expect group notifications lag 0
#! pause
#> Sending email is slow. The simulator command `kafkascope consumer slow %3
#> 3000` makes the notifications service take 3 seconds per event. The shop
#> gets busy: six more events arrive.
#? Eight seconds later, what lag will each of the three groups show?
kafkascope consumer slow %3 3000
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order-events --reader-property parse.key=true --reader-property key.separator=, <<EOF
order-46,order-46 created 4 pens 12.00 EUR
order-46,order-46 paid 12.00 EUR
order-47,order-47 created 1 desk 240.00 EUR
order-47,order-47 paid 240.00 EUR
order-48,order-48 created 2 books 30.00 EUR
order-48,order-48 paid 30.00 EUR
EOF
sleep 8
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --all-groups
#= billing and shipping 0, notifications 6. Each group goes at its own pace:
#= billing and shipping are done, while notifications fetched all six in one
#= poll and will work on them for 18 seconds. It commits them only when it
#= polls again, so its committed offsets still stand where they were before the
#= burst. Nobody waited for it: the producer's sends were acknowledged by the
#= partition leaders, which know nothing of who reads, so the orders service
#= went on at full speed, and so did billing and shipping.
#! expect group billing lag 0
#! expect group shipping lag 0
#! expect group notifications lag 6
#! expect group notifications committed order-events 1 2
#! pause
#> Shipping is redeployed: its old version is stopped (kill %2, a clean
#> shutdown: the consumer commits what it has read and leaves its group). While
#> it is down, three more events arrive, one of them for order-42.
#? What will kafka-consumer-groups.sh show for shipping now: no group at all, or
#? a group that remembers where it was?
kill %2
sleep 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order-events --reader-property parse.key=true --reader-property key.separator=, <<EOF
order-42,order-42 address changed Berlin
order-49,order-49 created 1 rug 99.00 EUR
order-49,order-49 paid 99.00 EUR
EOF
sleep 5
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shipping
#= A group that remembers. shipping has no members (state Empty), but its
#= committed offsets stay, and the lag counts what it has missed: 3. Kafka keeps
#= an empty group's offsets for offsets.retention.minutes (7 days by default).
#= The orders service published as before: to the producer, a stopped reader
#= and a running one look the same. A direct call from the orders service to
#= shipping would have failed here, or the event would have to be kept and
#= retried by the orders service itself.
#! expect group shipping state Empty
#! expect group shipping members 0
#! expect group shipping committed order-events 0 4
#! expect group shipping lag 3
#! expect partition order-events 0 log-end-offset 5
#! pause
#> The new version of shipping starts with the same command: the same group,
#> and no --from-beginning.
#? For a new group, no --from-beginning means "start at the end, read only new
#? events". What will the new shipping print?
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order-events --group shipping --formatter-property print.partition=true &
sleep 12
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --all-groups
#= Exactly the three events it missed, from its committed offsets: not the
#= whole history, and not nothing. --from-beginning (auto.offset.reset=earliest)
#= and the default auto.offset.reset=latest only apply where the group has no
#= committed offset (or it points outside the log); here it has one. (The same
#= holds for the seed's Python consumer: run again with the same group_id, it
#= carries on where it stopped and does not read from the beginning again.)
#= The same three lines are printed twice: notifications, done with its
#= backlog, has read them too. Every service has caught up, each on its own,
#= and the orders service never knew.
#! expect output contains order-42 address changed Berlin
#! expect output contains order-49 paid 99.00 EUR
#! expect output lacks order-42 created
#! expect group shipping members 1
#! expect group shipping committed order-events 0 5
#! expect group shipping lag 0
#! expect group notifications lag 0
#! pause
#> Events say what has happened. Requests ask for something to happen, and
#> should be handled once. The checkout sends its requests as commands to a
#> topic of their own, order-commands (2 partitions), keyed by order id. The
#> orders service reads them in one group, orders-service, with two instances
#> for capacity, and publishes what it decided to order-events, with the same
#> key. Kafkascope runs it for you: `kafkascope process` reads --from in
#> --group, writes each record to --to with --prefix before its value and the
#> same key, then commits (a real service would check stock and write its
#> database first).
#? The checkout sends three commands, two for order-50. How many times will each
#? command be handled, and how many times will each resulting event be read?
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic order-commands --partitions 2 --replication-factor 3
kafkascope process --from order-commands --to order-events --group orders-service --prefix "accepted "
kafkascope process --from order-commands --to order-events --group orders-service --prefix "accepted "
sleep 10
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order-commands --reader-property parse.key=true --reader-property key.separator=, <<EOF
order-50,place order-50 1 lamp 60.00 EUR
order-51,place order-51 2 mugs 16.00 EUR
order-50,cancel order-50
EOF
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group orders-service
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group orders-service --members
#= Each command once; each event three times. orders-service is one group, so
#= each partition of order-commands has one owner (#PARTITIONS is 1 for each
#= instance): one instance handled order-50's two commands (partition 0), the
#= other order-51's (partition 1), each in its partition's order, place before
#= cancel. The events they wrote, with the same keys, fan out to billing,
#= shipping and notifications, which print each one. That is the usual split:
#= a command topic read by the one service that owns the decision, and an
#= event topic that anyone may read. A caller that needs an answer (the
#= checkout showing "order accepted") reads the events, or a reply topic of
#= its own, and matches replies to its requests by key or by a correlation id
#= in a header; Kafka has no request-reply call built in.
#! expect group orders-service members 2
#! expect group orders-service committed order-commands 0 2
#! expect group orders-service committed order-commands 1 1
#! expect partition order-commands 0 key order-50
#! expect partition order-commands 1 key order-51
#! expect output contains accepted cancel order-50
#! expect group billing lag 0
#! expect group shipping lag 0
#! expect group notifications lag 0
#! pause
#> The checkout gets busy and sends six commands for three orders, order-52
#> first: it is placed, paid and then cancelled, while order-53 and order-54
#> come in between. Afterwards we read back partition 0 of order-events with
#> the offset of each event.
#? order-52 was placed before anything happened to order-53. Will the three
#? services read "place order-52" before "place order-53"?
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order-commands --reader-property parse.key=true --reader-property key.separator=, <<EOF
order-52,place order-52 1 kettle 45.00 EUR
order-53,place order-53 3 plates 27.00 EUR
order-52,pay order-52 45.00 EUR
order-53,pay order-53 27.00 EUR
order-54,place order-54 1 clock 20.00 EUR
order-52,cancel order-52
EOF
sleep 10
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic order-commands
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order-events --partition 0 --offset 5 --max-messages 6 --formatter-property print.offset=true --formatter-property key.separator=" "
#= No: all three read order-53 and order-54 first, though all six events are on
#= one partition of order-events (0: with 3 partitions, the three keys happen to
#= hash there). The order was lost earlier. order-52's commands are on
#= partition 1 of order-commands, order-53's and order-54's on partition 0, so
#= the two instances of the orders service handled them side by side, and here
#= the one with partition 0 wrote its events first. What holds from end to
#= end is each key's own order: one key, one partition of each topic, one
#= instance at a time, so place, pay and cancel of order-52 reach every service
#= in that order. Choose the key by the entity whose events must stay in order
#= (an order, a customer, an account), and expect no order between keys.
#=
#= Kafkascope simplifies the orders service: it commits after writing, so a
#= crash in between would publish some events twice (at-least-once; lesson 16
#= shows transactions), and a real one must also keep its database and its
#= events in step, for example with an outbox table.
#! expect partition order-commands 1 key order-52
#! expect partition order-commands 0 key order-53
#! expect partition order-commands 0 key order-54
#! expect partition order-events 0 key order-52
#! expect partition order-events 0 key order-53
#! expect partition order-events 0 key order-54
#! expect output contains Offset:5 accepted place order-53
#! expect output contains Offset:8 accepted place order-52
#! expect output contains Offset:10 accepted cancel order-52
#! expect group billing lag 0
#! expect group shipping lag 0
