//! Kafka's partition assignors against Kafka's own test vectors
//! (reference/kafka-semantics.md §2.2–2.5), plus property tests.
//!
//! Test names follow the Kafka test each vector comes from:
//! clients/src/test/java/org/apache/kafka/clients/consumer/{RangeAssignorTest,RoundRobinAssignorTest,
//! CooperativeStickyAssignorTest}.java, …/consumer/internals/AbstractStickyAssignorTest.java, and
//! group-coordinator/src/test/java/org/apache/kafka/coordinator/group/assignor/{RangeAssignorTest,
//! OptimizedUniformAssignmentBuilderTest,UniformHeterogeneousAssignmentBuilderTest}.java.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::engine::map::Map;
use std::collections::BTreeSet;

use kafkascope::engine::assignor::uniform::{self, uuid_from_kafka_string};
use kafkascope::engine::assignor::{
    cooperative_sticky, sticky, Assignment, ClientAssignor, MemberSubscription, RebalanceProtocol, ServerAssignor, TopicPartition,
};
use kafkascope::engine::rng::Uuid;
use kafkascope::engine::ErrorCode;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn tp(topic: &str, partition: u32) -> TopicPartition {
    TopicPartition::new(topic, partition)
}

/// `"topic1-0"` style names to partitions (the topic is everything before the last '-').
fn tps(names: &[&str]) -> Vec<TopicPartition> {
    names
        .iter()
        .map(|n| {
            let (t, p) = n.rsplit_once('-').expect("topic-partition");
            tp(t, p.parse().expect("partition number"))
        })
        .collect()
}

fn topics(spec: &[(&str, u32)]) -> Map<String, u32> {
    spec.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn member(id: &str, subscribed: &[&str]) -> MemberSubscription {
    MemberSubscription::new(id, subscribed)
}

/// A member that owned `owned` in generation 1 (what Kafka's `buildSubscriptionV2Above(…, generationId = 1, …)` sends).
fn owner(id: &str, subscribed: &[&str], owned: &[&str]) -> MemberSubscription {
    member(id, subscribed).with_owned(tps(owned)).with_generation(1)
}

fn expect(spec: &[(&str, &[&str])]) -> Assignment {
    spec.iter().map(|(m, p)| (m.to_string(), tps(p))).collect()
}

fn as_sets(a: &Assignment) -> Map<String, BTreeSet<TopicPartition>> {
    a.iter().map(|(m, l)| (m.clone(), l.iter().cloned().collect())).collect()
}

fn transfers(spec: &[(&str, &str)]) -> Map<TopicPartition, String> {
    spec.iter().map(|(p, m)| (tps(&[p])[0].clone(), m.to_string())).collect()
}

/// Members whose owned partitions are `assignment`'s (generation 1), as Kafka's tests
/// build the next step's subscriptions.
fn owning(ids: &[&str], subscribed: &[&str], assignment: &Assignment) -> Vec<MemberSubscription> {
    ids.iter().map(|id| member(id, subscribed).with_owned(assignment.get(*id).cloned().unwrap_or_default()).with_generation(1)).collect()
}

/// Checks one sticky vector with both sticky assignors, as AbstractStickyAssignorTest runs
/// for each subclass: the eager `sticky` result equals `expected`; the cooperative round
/// leaves out exactly the transferring partitions; the cooperative follow-up rounds settle
/// on `expected`. Returns the cooperative settled assignment.
fn check_sticky(
    partitions: &Map<String, u32>,
    members: &[MemberSubscription],
    expected: &Assignment,
    transferring: Option<&Map<TopicPartition, String>>,
) -> Assignment {
    let eager = sticky::assign(partitions, members);
    assert_eq!(&eager.assignment, expected, "sticky assignment");
    assert_eq!(eager.partitions_transferring_ownership.as_ref(), transferring, "sticky partitionsTransferringOwnership");

    let coop = cooperative_sticky::assign(partitions, members);
    let moving = transferring.cloned().unwrap_or_default();
    assert_eq!(coop.partitions_transferring_ownership, moving, "cooperative transferring");
    let mut first_round = expected.clone();
    for (p, m) in &moving {
        first_round.get_mut(m).expect("new owner").retain(|x| x != p);
    }
    assert_eq!(coop.assignment, first_round, "cooperative first round");

    let rounds = cooperative_sticky::rebalance_until_stable(partitions, members, 5);
    assert!(rounds.len() <= 4, "settles within the rounds Kafka's test allows");
    let settled = rounds.last().expect("a round").clone();
    assert_eq!(&settled, expected, "cooperative settled assignment");
    assert_eq!(ClientAssignor::Sticky.assign(partitions, members), eager.assignment);
    assert_eq!(ClientAssignor::CooperativeSticky.assign(partitions, members), coop.assignment);
    settled
}

fn kafka_uuid(s: &str) -> Uuid {
    uuid_from_kafka_string(s).expect("a Kafka Uuid")
}

// Topic ids of group-coordinator/src/test/.../assignor/*Test.java.
const TOPIC1_UUID: &str = "T1-A4s3VTwiI5CTbEp6POw";
const TOPIC2_UUID: &str = "T2-B4s3VTwiI5YHbPp6YUe";
const TOPIC3_UUID: &str = "T3-CU8fVTLCz5YMkLoDQsa";
const TOPIC4_UUID: &str = "T4-Tw9fVTLCz5HbPp6YQsa";

fn kafka_topic_ids() -> Map<String, Uuid> {
    [("topic1", TOPIC1_UUID), ("topic2", TOPIC2_UUID), ("topic3", TOPIC3_UUID), ("topic4", TOPIC4_UUID)]
        .into_iter()
        .map(|(n, id)| (n.to_string(), kafka_uuid(id)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Names, protocols, errors
// ---------------------------------------------------------------------------------------

#[test]
fn client_assignor_names_and_class_names() {
    for (a, name, class) in [
        (ClientAssignor::Range, "range", "org.apache.kafka.clients.consumer.RangeAssignor"),
        (ClientAssignor::RoundRobin, "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor"),
        (ClientAssignor::Sticky, "sticky", "org.apache.kafka.clients.consumer.StickyAssignor"),
        (ClientAssignor::CooperativeSticky, "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
    ] {
        assert_eq!(a.name(), name);
        assert_eq!(a.class_name(), class);
        assert_eq!(ClientAssignor::from_name(name), Ok(a));
        assert_eq!(ClientAssignor::from_name(class), Ok(a));
        assert_eq!(ClientAssignor::from_name(&format!(" {class} ")), Ok(a));
    }
}

#[test]
fn unknown_client_assignor_is_a_config_exception() {
    assert_eq!(ClientAssignor::from_class_name("org.apache.kafka.clients.consumer.RangeAssignor"), Some(ClientAssignor::Range));
    assert_eq!(ClientAssignor::from_class_name("range"), None, "the config takes class names");
    let err = ClientAssignor::from_name("org.example.FancyAssignor").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(
        err.message,
        "Invalid value org.example.FancyAssignor for configuration partition.assignment.strategy: \
         Class org.example.FancyAssignor could not be found."
    );
    assert!(ClientAssignor::from_name("Range").is_err(), "names are case-sensitive");
}

#[test]
fn supported_rebalance_protocols() {
    use RebalanceProtocol::*;
    assert_eq!(ClientAssignor::Range.rebalance_protocols(), &[Eager]);
    assert_eq!(ClientAssignor::RoundRobin.rebalance_protocols(), &[Eager]);
    assert_eq!(ClientAssignor::Sticky.rebalance_protocols(), &[Eager]);
    assert_eq!(ClientAssignor::CooperativeSticky.rebalance_protocols(), &[Cooperative, Eager]);
    assert_eq!(Eager.name(), "EAGER");
    assert_eq!(Cooperative.name(), "COOPERATIVE");
}

#[test]
fn server_assignor_names_and_unsupported_assignor() {
    assert_eq!(ServerAssignor::from_name("uniform"), Ok(ServerAssignor::Uniform));
    assert_eq!(ServerAssignor::from_name("range"), Ok(ServerAssignor::Range));
    assert_eq!(ServerAssignor::ALL[0], ServerAssignor::Uniform, "uniform is the broker default");
    let err = ServerAssignor::from_name("sticky").unwrap_err();
    assert_eq!(err.code, ErrorCode::UnsupportedAssignor);
    assert_eq!(err.name(), "UNSUPPORTED_ASSIGNOR");
    assert_eq!(err.message, "ServerAssignor sticky is not supported. Supported assignors: uniform, range.");
}

#[test]
fn every_member_appears_and_unknown_or_empty_topics_are_skipped() {
    let partitions = topics(&[("topic1", 2), ("empty", 0), ("unused", 5)]);
    let members = [member("c1", &["topic1", "missing"]), member("c2", &["empty"]), member("c3", &[])];
    for a in ClientAssignor::ALL {
        let result = a.assign(&partitions, &members);
        assert_eq!(result.keys().cloned().collect::<Vec<_>>(), ["c1", "c2", "c3"], "{a}");
        assert_eq!(result["c1"], tps(&["topic1-0", "topic1-1"]), "{a}");
        assert!(result["c2"].is_empty() && result["c3"].is_empty(), "{a}");
    }
    for a in ServerAssignor::ALL {
        let result = a.assign(&partitions, &members);
        assert_eq!(result["c1"], tps(&["topic1-0", "topic1-1"]), "{a}");
        assert_eq!(result.len(), 3, "{a}");
    }
}

// ---------------------------------------------------------------------------------------
// §2.2 RangeAssignorTest
// ---------------------------------------------------------------------------------------

#[test]
fn range_test_one_consumer_multiple_topics() {
    let r = ClientAssignor::Range.assign(&topics(&[("topic1", 1), ("topic2", 2)]), &[member("consumer", &["topic1", "topic2"])]);
    assert_eq!(r, expect(&[("consumer", &["topic1-0", "topic2-0", "topic2-1"])]));
}

#[test]
fn range_test_two_consumers_one_topic_one_partition() {
    let r = ClientAssignor::Range.assign(&topics(&[("topic", 1)]), &[member("consumer1", &["topic"]), member("consumer2", &["topic"])]);
    assert_eq!(r, expect(&[("consumer1", &["topic-0"]), ("consumer2", &[])]));
}

#[test]
fn range_test_two_consumers_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let r = ClientAssignor::Range.assign(&topics(&[("topic1", 3), ("topic2", 3)]), &[member("consumer1", &all), member("consumer2", &all)]);
    assert_eq!(r, expect(&[("consumer1", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer2", &["topic1-2", "topic2-2"])]));
}

#[test]
fn range_test_multiple_consumers_mixed_topics() {
    let r = ClientAssignor::Range.assign(
        &topics(&[("topic1", 3), ("topic2", 2)]),
        &[member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])],
    );
    assert_eq!(
        r,
        expect(&[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-1"]), ("consumer3", &["topic1-2"])])
    );
}

#[test]
fn range_test_two_static_consumers_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let members = [member("consumer-b", &all).with_instance_id("instance1"), member("consumer-a", &all).with_instance_id("instance2")];
    let r = ClientAssignor::Range.assign(&topics(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(r, expect(&[("consumer-b", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer-a", &["topic1-2", "topic2-2"])]));
}

#[test]
fn range_test_one_static_consumer_and_one_dynamic_consumer_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let members = [member("consumer-b", &all).with_instance_id("instance1"), member("consumer-a", &all)];
    let r = ClientAssignor::Range.assign(&topics(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(r, expect(&[("consumer-b", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer-a", &["topic1-2", "topic2-2"])]));
}

#[test]
fn range_test_static_member_range_assignment_persistent() {
    let all = ["topic1", "topic2"];
    let partitions = topics(&[("topic1", 5), ("topic2", 4)]);
    let statics: Vec<MemberSubscription> =
        (1..=3).map(|i| member(&format!("consumer{i}"), &all).with_instance_id(format!("instance{i}"))).collect();
    let mut members = statics.clone();
    members.push(member("consumer4", &all));
    let r = ClientAssignor::Range.assign(&partitions, &members);
    assert_eq!(
        r,
        expect(&[
            ("consumer1", &["topic1-0", "topic1-1", "topic2-0"]),
            ("consumer2", &["topic1-2", "topic2-1"]),
            ("consumer3", &["topic1-3", "topic2-2"]),
            ("consumer4", &["topic1-4", "topic2-3"]),
        ])
    );
    // Replacing dynamic consumer4 by consumer5 gives it the same partitions.
    let mut members = statics;
    members.push(member("consumer5", &all));
    let r = ClientAssignor::Range.assign(&partitions, &members);
    assert_eq!(r["consumer5"], tps(&["topic1-4", "topic2-3"]));
    assert_eq!(r["consumer1"], tps(&["topic1-0", "topic1-1", "topic2-0"]));
}

#[test]
fn range_test_rack_aware_assignment_with_uniform_subscription_non_rack_part() {
    let all = ["t1", "t2", "t3"];
    let r = ClientAssignor::Range.assign(
        &topics(&[("t1", 6), ("t2", 7), ("t3", 2)]),
        &[member("consumer0", &all), member("consumer1", &all), member("consumer2", &all)],
    );
    assert_eq!(
        r,
        expect(&[
            ("consumer0", &["t1-0", "t1-1", "t2-0", "t2-1", "t2-2", "t3-0"]),
            ("consumer1", &["t1-2", "t1-3", "t2-3", "t2-4", "t3-1"]),
            ("consumer2", &["t1-4", "t1-5", "t2-5", "t2-6"]),
        ])
    );
}

#[test]
fn range_orders_member_ids_as_java_strings() {
    // Java's String.compareTo compares UTF-16 units: U+1F600 (surrogates 0xD83D 0xDE00)
    // sorts before U+FF21, the opposite of code point (and UTF-8 byte) order.
    let r = ClientAssignor::Range.assign(&topics(&[("topic", 3)]), &[member("\u{FF21}", &["topic"]), member("\u{1F600}", &["topic"])]);
    assert_eq!(r["\u{1F600}"], tps(&["topic-0", "topic-1"]));
    assert_eq!(r["\u{FF21}"], tps(&["topic-2"]));
}

// ---------------------------------------------------------------------------------------
// §2.3 RoundRobinAssignorTest
// ---------------------------------------------------------------------------------------

#[test]
fn roundrobin_test_two_dynamic_consumers_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let r = ClientAssignor::RoundRobin
        .assign(&topics(&[("topic1", 3), ("topic2", 3)]), &[member("consumer1", &all), member("consumer2", &all)]);
    assert_eq!(r, expect(&[("consumer1", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])]));
}

#[test]
fn roundrobin_test_multiple_consumers_mixed_topics() {
    let r = ClientAssignor::RoundRobin.assign(
        &topics(&[("topic1", 3), ("topic2", 2)]),
        &[member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])],
    );
    assert_eq!(
        r,
        expect(&[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-1"]), ("consumer3", &["topic1-2"])])
    );
}

#[test]
fn roundrobin_test_two_static_consumers_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let members = [member("consumer-b", &all).with_instance_id("instance1"), member("consumer-a", &all).with_instance_id("instance2")];
    let r = ClientAssignor::RoundRobin.assign(&topics(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(r, expect(&[("consumer-b", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer-a", &["topic1-1", "topic2-0", "topic2-2"])]));
}

#[test]
fn roundrobin_test_one_static_consumer_and_one_dynamic_consumer_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    let members = [member("consumer-b", &all).with_instance_id("instance1"), member("consumer-a", &all)];
    let r = ClientAssignor::RoundRobin.assign(&topics(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(r, expect(&[("consumer-b", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer-a", &["topic1-1", "topic2-0", "topic2-2"])]));
}

#[test]
fn roundrobin_test_static_member_round_robin_assignment_persistent() {
    let all = ["topic1", "topic2"];
    let partitions = topics(&[("topic1", 3), ("topic2", 3)]);
    let statics: Vec<MemberSubscription> =
        (1..=3).map(|i| member(&format!("consumer{i}"), &all).with_instance_id(format!("instance{i}"))).collect();
    let mut members = statics.clone();
    members.push(member("consumer4", &all));
    let r = ClientAssignor::RoundRobin.assign(&partitions, &members);
    assert_eq!(
        r,
        expect(&[
            ("consumer1", &["topic1-0", "topic2-1"]),
            ("consumer2", &["topic1-1", "topic2-2"]),
            ("consumer3", &["topic1-2"]),
            ("consumer4", &["topic2-0"]),
        ])
    );
    let mut members = statics;
    members.push(member("consumer5", &all));
    let r = ClientAssignor::RoundRobin.assign(&partitions, &members);
    assert_eq!(r["consumer5"], tps(&["topic2-0"]));
    assert_eq!(r["consumer2"], tps(&["topic1-1", "topic2-2"]));
}

#[test]
fn roundrobin_test_static_member_round_robin_assignment_persistent_after_member_id_changes() {
    let all = ["topic1", "topic2"];
    let partitions = topics(&[("topic1", 5), ("topic2", 5)]);
    let by_instance = |members: &[MemberSubscription]| -> Map<String, Vec<TopicPartition>> {
        let r = ClientAssignor::RoundRobin.assign(&partitions, members);
        members.iter().map(|m| (m.instance_id.clone().unwrap(), r[&m.member_id].clone())).collect()
    };
    let before = by_instance(&[
        member("consumer1", &all).with_instance_id("instance1"),
        member("consumer2", &all).with_instance_id("instance2"),
        member("consumer3", &all).with_instance_id("instance3"),
    ]);
    let expected: Map<String, Vec<TopicPartition>> = [
        ("instance1", tps(&["topic1-0", "topic1-3", "topic2-1", "topic2-4"])),
        ("instance2", tps(&["topic1-1", "topic1-4", "topic2-2"])),
        ("instance3", tps(&["topic1-2", "topic2-0", "topic2-3"])),
    ]
    .into_iter()
    .map(|(i, l)| (i.to_string(), l))
    .collect();
    assert_eq!(before, expected);
    // consumer3 -> consumer4, consumer2 -> consumer5: the instances keep their partitions.
    let after = by_instance(&[
        member("consumer1", &all).with_instance_id("instance1"),
        member("consumer5", &all).with_instance_id("instance2"),
        member("consumer4", &all).with_instance_id("instance3"),
    ]);
    assert_eq!(after, expected);
}

#[test]
fn roundrobin_javadoc_example() {
    let r = ClientAssignor::RoundRobin.assign(
        &topics(&[("t0", 1), ("t1", 2), ("t2", 3)]),
        &[member("C0", &["t0"]), member("C1", &["t0", "t1"]), member("C2", &["t0", "t1", "t2"])],
    );
    assert_eq!(r, expect(&[("C0", &["t0-0"]), ("C1", &["t1-0"]), ("C2", &["t1-1", "t2-0", "t2-1", "t2-2"])]));
}

// ---------------------------------------------------------------------------------------
// §2.4 AbstractStickyAssignorTest (both sticky assignors), CooperativeStickyAssignorTest
// ---------------------------------------------------------------------------------------

#[test]
fn sticky_test_two_consumers_two_topics_six_partitions() {
    let all = ["topic1", "topic2"];
    check_sticky(
        &topics(&[("topic1", 3), ("topic2", 3)]),
        &[member("consumer1", &all), member("consumer2", &all)],
        &expect(&[("consumer1", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])]),
        Some(&Map::new()),
    );
}

#[test]
fn sticky_test_multiple_consumers_mixed_topic_subscriptions() {
    // Unequal subscriptions: the general builder, partitionsTransferringOwnership null.
    check_sticky(
        &topics(&[("topic1", 3), ("topic2", 2)]),
        &[member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])],
        &expect(&[("consumer1", &["topic1-0", "topic1-2"]), ("consumer2", &["topic2-0", "topic2-1"]), ("consumer3", &["topic1-1"])]),
        None,
    );
}

#[test]
fn sticky_test_consumer_owning_min_quota_expected_max_quota() {
    let all = ["topic1", "topic2"];
    check_sticky(
        &topics(&[("topic1", 2), ("topic2", 3)]),
        &[owner("consumer1", &all, &["topic1-0", "topic2-1"]), owner("consumer2", &all, &["topic1-1", "topic2-2"])],
        &expect(&[("consumer1", &["topic1-0", "topic2-1", "topic2-0"]), ("consumer2", &["topic1-1", "topic2-2"])]),
        Some(&Map::new()),
    );
}

#[test]
fn sticky_test_max_quota_consumer_more_than_num_expected_max_capacity_members() {
    // Depends on java.util.HashMap order: consumer3, consumer2, consumer1. In lexicographic
    // order consumer1 would keep both its partitions instead.
    let all = ["topic1", "topic2"];
    check_sticky(
        &topics(&[("topic1", 2), ("topic2", 2)]),
        &[
            owner("consumer1", &all, &["topic1-0", "topic2-0"]),
            owner("consumer2", &all, &["topic1-1", "topic2-1"]),
            owner("consumer3", &all, &[]),
        ],
        &expect(&[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-1"]), ("consumer3", &["topic2-0"])]),
        Some(&transfers(&[("topic2-0", "consumer3")])),
    );
}

#[test]
fn sticky_test_all_consumers_are_under_min_quota() {
    let all = ["topic1", "topic2"];
    check_sticky(
        &topics(&[("topic1", 2), ("topic2", 3)]),
        &[owner("consumer1", &all, &["topic1-0"]), owner("consumer2", &all, &["topic1-1"]), owner("consumer3", &all, &[])],
        &expect(&[("consumer1", &["topic1-0", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-2"]), ("consumer3", &["topic2-0"])]),
        Some(&Map::new()),
    );
}

#[test]
fn sticky_test_add_remove_consumer_one_topic() {
    let partitions = topics(&[("topic", 3)]);
    let sub = ["topic"];
    // Step 1: one fresh consumer.
    let step1 = check_sticky(
        &partitions,
        &[member("consumer1", &sub)],
        &expect(&[("consumer1", &["topic-0", "topic-1", "topic-2"])]),
        Some(&Map::new()),
    );
    // Step 2: consumer2 joins; topic-2 moves (cooperative: round 1 consumer2=[], round 2 [topic-2]).
    let mut members = owning(&["consumer1"], &sub, &step1);
    members.push(owner("consumer2", &sub, &[]));
    let step2 = check_sticky(
        &partitions,
        &members,
        &expect(&[("consumer1", &["topic-0", "topic-1"]), ("consumer2", &["topic-2"])]),
        Some(&transfers(&[("topic-2", "consumer2")])),
    );
    let round1 = cooperative_sticky::assign(&partitions, &members).assignment;
    assert_eq!(round1, expect(&[("consumer1", &["topic-0", "topic-1"]), ("consumer2", &[])]));
    // Step 3: consumer1 leaves; consumer2 takes everything (Kafka compares as a set).
    let members = owning(&["consumer2"], &sub, &step2);
    let eager = sticky::assign(&partitions, &members);
    assert_eq!(as_sets(&eager.assignment), as_sets(&expect(&[("consumer2", &["topic-0", "topic-1", "topic-2"])])));
    assert_eq!(eager.partitions_transferring_ownership, Some(Map::new()));
    let coop = cooperative_sticky::assign(&partitions, &members);
    assert_eq!(coop.assignment, eager.assignment);
}

#[test]
fn sticky_test_add_remove_two_consumers_two_topics() {
    let partitions = topics(&[("topic1", 3), ("topic2", 4)]);
    let all = ["topic1", "topic2"];
    let step1 = check_sticky(
        &partitions,
        &[member("consumer1", &all), member("consumer2", &all)],
        &expect(&[("consumer1", &["topic1-0", "topic1-2", "topic2-1", "topic2-3"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])]),
        Some(&Map::new()),
    );
    // Add consumer3 and consumer4.
    let mut members = owning(&["consumer1", "consumer2"], &all, &step1);
    members.push(owner("consumer3", &all, &[]));
    members.push(owner("consumer4", &all, &[]));
    let step2 = check_sticky(
        &partitions,
        &members,
        &expect(&[
            ("consumer1", &["topic1-0", "topic2-1"]),
            ("consumer2", &["topic2-0", "topic1-1"]),
            ("consumer3", &["topic1-2", "topic2-3"]),
            ("consumer4", &["topic2-2"]),
        ]),
        Some(&transfers(&[("topic1-2", "consumer3"), ("topic2-3", "consumer3"), ("topic2-2", "consumer4")])),
    );
    // Remove consumer1 and consumer2.
    let members = owning(&["consumer3", "consumer4"], &all, &step2);
    check_sticky(
        &partitions,
        &members,
        &expect(&[("consumer3", &["topic1-2", "topic2-3", "topic1-0", "topic2-1"]), ("consumer4", &["topic2-2", "topic1-1", "topic2-0"])]),
        Some(&Map::new()),
    );
}

#[test]
fn cooperative_test_all_consumers_have_owned_partition_invalidated_when_claimed_by_multiple_consumers_in_same_generation_with_equal_partitions_per_consumer(
) {
    let partitions = topics(&[("topic", 3)]);
    let sub = ["topic"];
    let members = [
        owner("consumer1", &sub, &["topic-0", "topic-1"]),
        owner("consumer2", &sub, &["topic-0", "topic-2"]),
        owner("consumer3", &sub, &[]),
    ];
    // topic-0 stays "owned" until both claimants revoke it, so consumer3 gets nothing yet.
    let round1 = cooperative_sticky::assign(&partitions, &members);
    assert_eq!(round1.assignment, expect(&[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &[])]));
    assert_eq!(round1.partitions_transferring_ownership, transfers(&[("topic-0", "consumer3")]));
    let rounds = cooperative_sticky::rebalance_until_stable(&partitions, &members, 5);
    assert_eq!(rounds.last().unwrap(), &expect(&[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-0"])]));
    // The eager sticky assignor hands topic-0 over at once.
    assert_eq!(sticky::assign(&partitions, &members).assignment, *rounds.last().unwrap());
}

#[test]
fn cooperative_test_all_consumers_have_owned_partition_invalidated_when_claimed_by_multiple_consumers_in_same_generation_with_unequal_partitions_per_consumer(
) {
    let partitions = topics(&[("topic", 4)]);
    let sub = ["topic"];
    let members = [
        owner("consumer1", &sub, &["topic-0", "topic-1"]),
        owner("consumer2", &sub, &["topic-0", "topic-2"]),
        owner("consumer3", &sub, &[]),
    ];
    let round1 = cooperative_sticky::assign(&partitions, &members);
    assert_eq!(round1.assignment, expect(&[("consumer1", &["topic-1", "topic-3"]), ("consumer2", &["topic-2"]), ("consumer3", &[])]));
    let rounds = cooperative_sticky::rebalance_until_stable(&partitions, &members, 5);
    assert_eq!(
        rounds.last().unwrap(),
        &expect(&[("consumer1", &["topic-1", "topic-3"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-0"])])
    );
}

#[test]
fn sticky_test_partitions_transferring_ownership_include_the_partition_claimed_by_multiple_consumers_in_same_generation() {
    let partitions = topics(&[("topic", 3)]);
    let sub = ["topic"];
    let members = [
        owner("consumer1", &sub, &["topic-0", "topic-1"]),
        owner("consumer2", &sub, &["topic-0", "topic-2"]),
        owner("consumer3", &sub, &[]),
    ];
    let eager = sticky::assign(&partitions, &members);
    assert_eq!(eager.partitions_transferring_ownership, Some(transfers(&[("topic-0", "consumer3")])));
    assert_eq!(eager.assignment, expect(&[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-0"])]));
}

#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_stale_generation() {
    let partitions = topics(&[("topic", 3), ("topic2", 3)]);
    let all = ["topic", "topic2"];
    let claim = ["topic-0", "topic-2", "topic2-1"];
    let members = [
        member("consumer1", &all).with_owned(tps(&claim)).with_generation(10),
        member("consumer2", &all).with_owned(tps(&claim)).with_generation(9),
    ];
    let r = sticky::assign(&partitions, &members);
    assert_eq!(as_sets(&r.assignment)["consumer1"], tps(&["topic-0", "topic-2", "topic2-1"]).into_iter().collect());
    assert_eq!(as_sets(&r.assignment)["consumer2"], tps(&["topic-1", "topic2-0", "topic2-2"]).into_iter().collect());
    assert_eq!(r.partitions_transferring_ownership, Some(Map::new()));
}

#[test]
fn sticky_assignor_javadoc_example_2() {
    check_sticky(
        &topics(&[("t0", 1), ("t1", 2), ("t2", 3)]),
        &[member("C0", &["t0"]), member("C1", &["t0", "t1"]), member("C2", &["t0", "t1", "t2"])],
        &expect(&[("C0", &["t0-0"]), ("C1", &["t1-0", "t1-1"]), ("C2", &["t2-0", "t2-1", "t2-2"])]),
        None,
    );
}

#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_no_generation() {
    let partitions = topics(&[("topic", 3), ("topic2", 3)]);
    let all = ["topic", "topic2"];
    let claim = ["topic-0", "topic-2", "topic2-1"];
    let members =
        [member("consumer1", &all).with_owned(tps(&claim)).with_generation(10), member("consumer2", &all).with_owned(tps(&claim))];
    let r = sticky::assign(&partitions, &members);
    assert_eq!(as_sets(&r.assignment)["consumer1"], tps(&claim).into_iter().collect());
    assert_eq!(as_sets(&r.assignment)["consumer2"], tps(&["topic-1", "topic2-0", "topic2-2"]).into_iter().collect());
    assert_eq!(r.partitions_transferring_ownership, Some(Map::new()));
}

#[test]
fn sticky_test_ensure_partitions_assigned_to_highest_generation() {
    let partitions = topics(&[("topic", 3), ("topic2", 3), ("topic3", 3)]);
    let all = ["topic", "topic2", "topic3"];
    let members = [
        member("consumer1", &all).with_owned(tps(&["topic-0", "topic2-0", "topic3-0"])).with_generation(10),
        member("consumer2", &all).with_owned(tps(&["topic-1", "topic2-1", "topic3-1"])).with_generation(9),
        member("consumer3", &all).with_owned(tps(&["topic2-1", "topic3-0", "topic3-2"])).with_generation(8),
    ];
    for r in [sticky::assign(&partitions, &members).assignment, cooperative_sticky::assign(&partitions, &members).assignment] {
        let sets = as_sets(&r);
        assert_eq!(sets["consumer1"], tps(&["topic-0", "topic2-0", "topic3-0"]).into_iter().collect());
        assert_eq!(sets["consumer2"], tps(&["topic-1", "topic2-1", "topic3-1"]).into_iter().collect());
        assert_eq!(sets["consumer3"], tps(&["topic-2", "topic2-2", "topic3-2"]).into_iter().collect());
    }
}

#[test]
fn sticky_test_no_reassignment_on_current_members() {
    let partitions = topics(&[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)]);
    let all = ["topic", "topic2", "topic3", "topic1"];
    let members = [
        member("consumer1", &all),
        member("consumer2", &all).with_owned(tps(&["topic-0", "topic2-0", "topic1-0"])).with_generation(9),
        member("consumer3", &all).with_owned(tps(&["topic3-2", "topic2-2", "topic1-1"])).with_generation(8),
        member("consumer4", &all).with_owned(tps(&["topic3-1", "topic-1", "topic-2"])).with_generation(7),
    ];
    let r = sticky::assign(&partitions, &members);
    assert_eq!(as_sets(&r.assignment)["consumer1"], tps(&["topic1-2", "topic2-1", "topic3-0"]).into_iter().collect());
    assert_eq!(r.partitions_transferring_ownership, Some(Map::new()));
}

#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_multiple_generation() {
    let partitions = topics(&[("topic", 3), ("topic2", 3)]);
    let all = ["topic", "topic2"];
    let members = [
        member("consumer1", &all).with_owned(tps(&["topic-0", "topic2-1", "topic-1"])).with_generation(10),
        member("consumer2", &all).with_owned(tps(&["topic-0", "topic2-1", "topic2-2"])).with_generation(8),
    ];
    let r = sticky::assign(&partitions, &members);
    assert_eq!(as_sets(&r.assignment)["consumer1"], tps(&["topic-0", "topic2-1", "topic-1"]).into_iter().collect());
    assert_eq!(as_sets(&r.assignment)["consumer2"], tps(&["topic-2", "topic2-2", "topic2-0"]).into_iter().collect());
    assert_eq!(r.partitions_transferring_ownership, Some(Map::new()));
}

#[test]
fn sticky_general_builder_rebalances_when_a_member_unsubscribes() {
    // consumer2 drops topic2: its topic2 partitions go to consumer1 (the only subscriber),
    // then topic1 partitions move the other way until both have three.
    let partitions = topics(&[("topic1", 3), ("topic2", 3)]);
    let members = [
        owner("consumer1", &["topic1", "topic2"], &["topic1-0", "topic1-2", "topic2-1"]),
        owner("consumer2", &["topic1"], &["topic1-1", "topic2-0", "topic2-2"]),
    ];
    let r = sticky::assign(&partitions, &members);
    assert_eq!(r.partitions_transferring_ownership, None);
    assert_eq!(
        r.assignment,
        expect(&[("consumer1", &["topic2-1", "topic2-0", "topic2-2"]), ("consumer2", &["topic1-1", "topic1-0", "topic1-2"])])
    );
    // Cooperative: partitions both revoked from one member and added to another wait a round.
    let coop = cooperative_sticky::assign(&partitions, &members);
    assert_eq!(
        coop.partitions_transferring_ownership,
        transfers(&[("topic1-0", "consumer2"), ("topic1-2", "consumer2"), ("topic2-0", "consumer1"), ("topic2-2", "consumer1")])
    );
    assert_eq!(coop.assignment, expect(&[("consumer1", &["topic2-1"]), ("consumer2", &["topic1-1"])]));
    let settled = cooperative_sticky::rebalance_until_stable(&partitions, &members, 5).pop().unwrap();
    assert_eq!(as_sets(&settled), as_sets(&r.assignment));
}

// ---------------------------------------------------------------------------------------
// §2.5 Server-side assignors (group-coordinator)
// ---------------------------------------------------------------------------------------

#[test]
fn server_range_test_first_assignment_three_members_three_topics_different_subscriptions() {
    let r = ServerAssignor::Range.assign(
        &topics(&[("topic1", 3), ("topic2", 3), ("topic3", 2)]),
        &[member("A", &["topic1", "topic2"]), member("B", &["topic3"]), member("C", &["topic2", "topic3"])],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-1", "topic1-2", "topic2-0", "topic2-1"]),
            ("B", &["topic3-0"]),
            ("C", &["topic2-2", "topic3-1"])
        ])
    );
}

#[test]
fn server_range_test_reassignment_when_one_member_added_after_initial_assignment_with_two_members_two_topics() {
    let all = ["topic1", "topic2"];
    let r = ServerAssignor::Range.assign(
        &topics(&[("topic1", 3), ("topic2", 3)]),
        &[
            member("A", &all).with_owned(tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])),
            member("B", &all).with_owned(tps(&["topic1-2", "topic2-2"])),
            member("C", &all),
        ],
    );
    // Not sticky at this Kafka version: recomputed from scratch.
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic2-0"]), ("B", &["topic1-1", "topic2-1"]), ("C", &["topic1-2", "topic2-2"])]));
}

#[test]
fn server_range_test_static_membership_orders_static_members_first() {
    let all = ["topic1"];
    let r = ServerAssignor::Range.assign(
        &topics(&[("topic1", 3)]),
        &[member("A", &all), member("B", &all).with_instance_id("instance-b"), member("C", &all).with_instance_id("instance-a")],
    );
    assert_eq!(r, expect(&[("C", &["topic1-0"]), ("B", &["topic1-1"]), ("A", &["topic1-2"])]));
}

#[test]
fn uniform_test_first_assignment_two_members_two_topics_no_member_racks() {
    // OptimizedUniformAssignmentBuilderTest with its fixed topic ids: HashSet<Uuid> order
    // puts topic3 before topic1, so the unassigned list is t3-0, t3-1, t1-0, t1-1, t1-2 and
    // A (quota 3) takes a contiguous run of three.
    let partitions = topics(&[("topic1", 3), ("topic3", 2)]);
    let members = [member("A", &["topic1", "topic3"]), member("B", &["topic1", "topic3"])];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(&partitions, &kafka_topic_ids(), &members);
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic3-0", "topic3-1"]), ("B", &["topic1-1", "topic1-2"])]));
}

#[test]
fn uniform_without_topic_ids_orders_topics_by_name() {
    // The documented simplification: name order gives t1-0, t1-1, t1-2, t3-0, t3-1.
    let partitions = topics(&[("topic1", 3), ("topic3", 2)]);
    let members = [member("A", &["topic1", "topic3"]), member("B", &["topic1", "topic3"])];
    let r = ServerAssignor::Uniform.assign(&partitions, &members);
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic1-1", "topic1-2"]), ("B", &["topic3-0", "topic3-1"])]));
}

#[test]
fn uniform_homogeneous_test_first_assignment_num_members_greater_than_total_num_partitions() {
    let all = ["topic3"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic3", 2)]),
        &kafka_topic_ids(),
        &[member("A", &all), member("B", &all), member("C", &all)],
    );
    assert_eq!(r, expect(&[("A", &["topic3-0"]), ("B", &["topic3-1"]), ("C", &[])]));
}

#[test]
fn uniform_homogeneous_test_reassignment_for_two_members_two_topics_given_unbalanced_prev_assignment() {
    let all = ["topic1", "topic2"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic2", 3)]),
        &kafka_topic_ids(),
        &[
            member("A", &all).with_owned(tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])),
            member("B", &all).with_owned(tps(&["topic1-2", "topic2-2"])),
        ],
    );
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic1-1", "topic2-0"]), ("B", &["topic1-2", "topic2-1", "topic2-2"])]));
}

#[test]
fn uniform_homogeneous_test_reassignment_when_partitions_are_added_for_two_members_two_topics() {
    let all = ["topic1", "topic2"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 6), ("topic2", 5)]),
        &kafka_topic_ids(),
        &[
            member("A", &all).with_owned(tps(&["topic1-0", "topic1-2", "topic2-0"])),
            member("B", &all).with_owned(tps(&["topic1-1", "topic2-1", "topic2-2"])),
        ],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-2", "topic1-3", "topic2-0", "topic2-3", "topic2-4"]),
            ("B", &["topic1-1", "topic1-4", "topic1-5", "topic2-1", "topic2-2"]),
        ])
    );
}

#[test]
fn uniform_homogeneous_test_reassignment_when_one_member_added_after_initial_assignment_with_two_members_two_topics() {
    let all = ["topic1", "topic2"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic2", 3)]),
        &kafka_topic_ids(),
        &[
            member("A", &all).with_owned(tps(&["topic1-0", "topic1-2", "topic2-0"])),
            member("B", &all).with_owned(tps(&["topic1-1", "topic2-1", "topic2-2"])),
            member("C", &all),
        ],
    );
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic1-2"]), ("B", &["topic1-1", "topic2-1"]), ("C", &["topic2-0", "topic2-2"])]));
}

#[test]
fn uniform_homogeneous_test_reassignment_when_one_member_removed_after_initial_assignment_with_three_members_two_topics() {
    let all = ["topic1", "topic2"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic2", 3)]),
        &kafka_topic_ids(),
        &[member("A", &all).with_owned(tps(&["topic1-0", "topic2-0"])), member("B", &all).with_owned(tps(&["topic1-1", "topic2-1"]))],
    );
    assert_eq!(r, expect(&[("A", &["topic1-0", "topic2-0", "topic2-2"]), ("B", &["topic1-1", "topic1-2", "topic2-1"])]));
}

#[test]
fn uniform_homogeneous_test_reassignment_when_one_subscription_removed_after_initial_assignment_with_two_members_two_topics() {
    let sub = ["topic2"];
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 2), ("topic2", 2)]),
        &kafka_topic_ids(),
        &[member("A", &sub).with_owned(tps(&["topic1-0", "topic2-0"])), member("B", &sub).with_owned(tps(&["topic1-1", "topic2-1"]))],
    );
    assert_eq!(r, expect(&[("A", &["topic2-0"]), ("B", &["topic2-1"])]));
}

#[test]
fn uniform_heterogeneous_test_first_assignment_two_members_two_topics() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic3", 6)]),
        &kafka_topic_ids(),
        &[member("A", &["topic1", "topic3"]), member("B", &["topic3"])],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-1", "topic1-2", "topic3-4"]),
            ("B", &["topic3-0", "topic3-1", "topic3-2", "topic3-3", "topic3-5"])
        ])
    );
}

#[test]
fn uniform_heterogeneous_test_first_assignment_num_members_greater_than_total_num_partitions() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 2), ("topic3", 1)]),
        &kafka_topic_ids(),
        &[member("A", &["topic3"]), member("B", &["topic3"]), member("C", &["topic1"])],
    );
    assert_eq!(r, expect(&[("A", &["topic3-0"]), ("B", &[]), ("C", &["topic1-0", "topic1-1"])]));
}

#[test]
fn uniform_heterogeneous_test_reassignment_for_two_members_three_topics_given_unbalanced_prev_assignment() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 6), ("topic2", 4), ("topic3", 4)]),
        &kafka_topic_ids(),
        &[
            member("A", &["topic1"]).with_owned(tps(&["topic1-0", "topic1-1", "topic1-2"])),
            member("B", &["topic1", "topic2"]).with_owned(tps(&["topic1-3", "topic2-0"])),
            member("C", &["topic1", "topic2", "topic3"]).with_owned(tps(&[
                "topic1-4", "topic1-5", "topic2-1", "topic2-2", "topic2-3", "topic3-0", "topic3-1", "topic3-2", "topic3-3",
            ])),
        ],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-1", "topic1-2", "topic1-5"]),
            ("B", &["topic1-3", "topic2-0", "topic2-1", "topic2-2", "topic2-3"]),
            ("C", &["topic1-4", "topic3-0", "topic3-1", "topic3-2", "topic3-3"]),
        ])
    );
}

#[test]
fn uniform_heterogeneous_test_reassignment_when_partitions_are_added_for_two_members() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 6), ("topic2", 5), ("topic3", 3), ("topic4", 3)]),
        &kafka_topic_ids(),
        &[
            member("A", &["topic1", "topic3"]).with_owned(tps(&["topic1-0", "topic1-1", "topic1-2", "topic1-3", "topic3-0", "topic3-1"])),
            member("B", &["topic1", "topic2", "topic3", "topic4"])
                .with_owned(tps(&["topic2-0", "topic2-1", "topic2-2", "topic4-0", "topic4-1", "topic4-2"])),
        ],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-1", "topic1-2", "topic1-3", "topic1-4", "topic1-5", "topic3-0", "topic3-1", "topic3-2"]),
            ("B", &["topic2-0", "topic2-1", "topic2-2", "topic2-3", "topic2-4", "topic4-0", "topic4-1", "topic4-2"]),
        ])
    );
}

#[test]
fn uniform_heterogeneous_test_reassignment_when_one_member_added_and_partitions_added_two_members_two_topics() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 6), ("topic2", 7)]),
        &kafka_topic_ids(),
        &[
            member("A", &["topic1"]).with_owned(tps(&["topic1-0", "topic1-2", "topic2-0"])),
            member("B", &["topic1", "topic2"]).with_owned(tps(&["topic1-1", "topic2-1", "topic2-2"])),
            member("C", &["topic1", "topic2"]),
        ],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-2", "topic1-3", "topic1-4", "topic1-5"]),
            ("B", &["topic1-1", "topic2-1", "topic2-2", "topic2-6"]),
            ("C", &["topic2-0", "topic2-3", "topic2-4", "topic2-5"]),
        ])
    );
}

#[test]
fn uniform_heterogeneous_test_reassignment_when_one_member_removed_after_initial_assignment_with_three_members_three_topics() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic2", 8), ("topic3", 3)]),
        &kafka_topic_ids(),
        &[
            member("A", &["topic1", "topic3"]).with_owned(tps(&["topic1-0", "topic1-1", "topic1-2", "topic3-0", "topic3-1"])),
            member("B", &["topic2"]).with_owned(tps(&["topic2-3", "topic2-4", "topic2-5", "topic2-6"])),
        ],
    );
    assert_eq!(
        r,
        expect(&[
            ("A", &["topic1-0", "topic1-1", "topic1-2", "topic3-0", "topic3-1", "topic3-2"]),
            ("B", &["topic2-0", "topic2-1", "topic2-2", "topic2-3", "topic2-4", "topic2-5", "topic2-6", "topic2-7"]),
        ])
    );
}

#[test]
fn uniform_heterogeneous_test_reassignment_when_one_subscription_removed_after_initial_assignment_with_two_members_two_topics() {
    let r = ServerAssignor::Uniform.assign_with_topic_ids(
        &topics(&[("topic1", 3), ("topic2", 5)]),
        &kafka_topic_ids(),
        &[
            member("A", &["topic1"]).with_owned(tps(&["topic1-0", "topic1-2", "topic2-1", "topic2-3"])),
            member("B", &["topic1", "topic2"]).with_owned(tps(&["topic1-1", "topic2-0", "topic2-2", "topic2-4"])),
        ],
    );
    assert_eq!(
        r,
        expect(&[("A", &["topic1-0", "topic1-1", "topic1-2"]), ("B", &["topic2-0", "topic2-1", "topic2-2", "topic2-3", "topic2-4"])])
    );
}

#[test]
fn uniform_heterogeneous_test_reassignment_when_topic_partitions_run_out_and_members_have_no_partitions() {
    // Kafka's test forces the heterogeneous builder on equal subscriptions.
    let all = ["topic1", "topic2", "topic3"];
    let r = uniform::assign_heterogeneous(
        &topics(&[("topic1", 2), ("topic2", 2), ("topic3", 2)]),
        &kafka_topic_ids(),
        &[member("A", &all).with_owned(tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1", "topic3-0", "topic3-1"])), member("B", &all)],
    );
    assert_eq!(r, expect(&[("A", &["topic2-0", "topic3-0", "topic3-1"]), ("B", &["topic1-0", "topic1-1", "topic2-1"])]));
}

#[test]
fn kafka_uuid_spelling_round_trips() {
    assert_eq!(kafka_uuid(TOPIC1_UUID).to_kafka_string(), TOPIC1_UUID);
    // Padding bits set in the last character are ignored, as by java.util.Base64.
    assert_eq!(kafka_uuid(TOPIC2_UUID).to_kafka_string(), "T2-B4s3VTwiI5YHbPp6YUQ");
    assert_eq!(kafka_uuid(TOPIC3_UUID).to_kafka_string(), "T3-CU8fVTLCz5YMkLoDQsQ");
    assert_eq!(kafka_uuid(TOPIC4_UUID).to_kafka_string(), "T4-Tw9fVTLCz5HbPp6YQsQ");
    assert_eq!(uuid_from_kafka_string("short"), None);
}

// ---------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Group {
    partitions: Map<String, u32>,
    members: Vec<MemberSubscription>,
}

const TOPIC_NAMES: [&str; 5] = ["orders", "payments", "t", "topic-a", "zeta"];

/// Random groups: 1–5 topics of 0–9 partitions (some unsubscribed, some missing from the
/// metadata), 1–8 members with random member ids, some static, random subscriptions
/// (or all equal), random owned partitions (possibly invalid or conflicting) and
/// generations.
fn group(equal_subscriptions: bool) -> impl Strategy<Value = Group> {
    let topic_counts = prop::collection::vec(0u32..10, 5);
    let members = prop::collection::vec(
        (
            "[a-z0-9]{0,6}",
            prop::option::weighted(0.25, "[a-c]{1,3}"),
            prop::collection::vec(any::<bool>(), 6),
            prop::collection::vec((0usize..6, 0u32..11), 0..8),
            prop::option::of(0i32..3),
        ),
        1..9,
    );
    (topic_counts, members, prop::collection::vec(any::<bool>(), 6)).prop_map(move |(counts, raw, shared)| {
        let mut names: Vec<String> = TOPIC_NAMES.iter().map(|s| s.to_string()).collect();
        names.push("missing".into()); // subscribed but absent from the metadata
        let partitions: Map<String, u32> = TOPIC_NAMES.iter().zip(&counts).map(|(t, n)| (t.to_string(), *n)).collect();
        let members = raw
            .into_iter()
            .enumerate()
            .map(|(i, (prefix, instance, subs, owned, generation))| {
                let subs = if equal_subscriptions { &shared } else { &subs };
                let topics: Vec<String> = names.iter().zip(subs).filter(|(_, s)| **s).map(|(n, _)| n.clone()).collect();
                MemberSubscription {
                    member_id: format!("{prefix}{i}"),
                    instance_id: instance.map(|x| format!("{x}{i}")),
                    topics,
                    owned: owned.into_iter().map(|(t, p)| TopicPartition::new(names[t].as_str(), p)).collect(),
                    generation,
                }
            })
            .collect();
        Group { partitions, members }
    })
}

/// The partitions each member may get, and all partitions someone subscribes to.
fn subscribed_partitions(g: &Group) -> (Map<String, BTreeSet<TopicPartition>>, BTreeSet<TopicPartition>) {
    let mut per_member = Map::new();
    let mut all = BTreeSet::new();
    for m in &g.members {
        let mut mine = BTreeSet::new();
        for t in &m.topics {
            for p in 0..g.partitions.get(t).copied().unwrap_or(0) {
                mine.insert(tp(t, p));
            }
        }
        all.extend(mine.iter().cloned());
        per_member.insert(m.member_id.clone(), mine);
    }
    (per_member, all)
}

/// Every member present; partitions only to subscribers; each at most once; and, when
/// `complete`, every subscribed partition assigned.
fn check_valid(g: &Group, a: &Assignment, complete: bool) -> Result<(), TestCaseError> {
    let (allowed, all) = subscribed_partitions(g);
    prop_assert_eq!(a.len(), g.members.len());
    let mut seen = BTreeSet::new();
    for m in &g.members {
        let list = a.get(&m.member_id).ok_or_else(|| TestCaseError::fail("member missing"))?;
        for p in list {
            prop_assert!(allowed[&m.member_id].contains(p), "{} got unsubscribed {}", m.member_id, p);
            prop_assert!(seen.insert(p.clone()), "{} assigned twice", p);
        }
    }
    if complete {
        prop_assert_eq!(seen, all);
    }
    Ok(())
}

fn spread(a: &Assignment) -> usize {
    let sizes = a.values().map(Vec::len);
    sizes.clone().max().unwrap_or(0) - sizes.min().unwrap_or(0)
}

/// The fewest partitions that must change owner to go from `before` to a balanced
/// assignment of `total` partitions over `members` (all subscribed to everything):
/// members keep at most their quota, and the `total % n` larger quotas go to members
/// owning that many.
fn minimal_moves(before: &Assignment, members: &[String], total: usize) -> usize {
    let n = members.len();
    let (min_quota, extra) = (total / n, total % n);
    let owned: Vec<usize> = members.iter().map(|m| before.get(m).map_or(0, Vec::len)).collect();
    let kept_at_min: usize = owned.iter().map(|&s| s.min(min_quota)).sum();
    let can_keep_extra = owned.iter().filter(|&&s| s > min_quota).count().min(extra);
    total - kept_at_min - can_keep_extra
}

fn moved(before: &Assignment, after: &Assignment) -> usize {
    let owner: Map<&TopicPartition, &String> = before.iter().flat_map(|(m, l)| l.iter().map(move |p| (p, m))).collect();
    after.iter().flat_map(|(m, l)| l.iter().map(move |p| (p, m))).filter(|(p, m)| owner.get(p) != Some(m)).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_subscribed_partition_is_assigned_exactly_once(g in group(false)) {
        for a in [ClientAssignor::Range, ClientAssignor::RoundRobin, ClientAssignor::Sticky] {
            check_valid(&g, &a.assign(&g.partitions, &g.members), true)?;
        }
        for a in ServerAssignor::ALL {
            check_valid(&g, &a.assign(&g.partitions, &g.members), true)?;
        }
        // Cooperative: one round never assigns a partition twice; the follow-ups complete it.
        check_valid(&g, &ClientAssignor::CooperativeSticky.assign(&g.partitions, &g.members), false)?;
        let rounds = cooperative_sticky::rebalance_until_stable(&g.partitions, &g.members, 6);
        prop_assert!(rounds.len() <= 4, "{} cooperative rounds", rounds.len());
        check_valid(&g, rounds.last().unwrap(), true)?;
    }

    #[test]
    fn equal_subscriptions_are_balanced(g in group(true)) {
        let sticky = ClientAssignor::Sticky.assign(&g.partitions, &g.members);
        check_valid(&g, &sticky, true)?;
        prop_assert!(spread(&sticky) <= 1, "sticky {:?}", sticky);
        let settled = cooperative_sticky::rebalance_until_stable(&g.partitions, &g.members, 6).pop().unwrap();
        check_valid(&g, &settled, true)?;
        prop_assert!(spread(&settled) <= 1, "cooperative-sticky {:?}", settled);
        let uniform = ServerAssignor::Uniform.assign(&g.partitions, &g.members);
        check_valid(&g, &uniform, true)?;
        prop_assert!(spread(&uniform) <= 1, "uniform {:?}", uniform);
        let roundrobin = ClientAssignor::RoundRobin.assign(&g.partitions, &g.members);
        prop_assert!(spread(&roundrobin) <= 1);
    }

    #[test]
    fn sticky_moves_no_more_than_needed_when_one_member_joins_or_leaves(
        counts in prop::collection::vec(1u32..12, 1..4),
        n in 1usize..8,
        seed_prefix in "[a-z]{0,3}",
        leaver in any::<prop::sample::Index>(),
    ) {
        let partitions: Map<String, u32> = counts.iter().enumerate().map(|(i, c)| (format!("topic{i}"), *c)).collect();
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        let subscribed: Vec<String> = partitions.keys().cloned().collect();
        let ids: Vec<String> = (0..n).map(|i| format!("{seed_prefix}member{i}")).collect();
        let fresh: Vec<MemberSubscription> = ids.iter().map(|id| MemberSubscription::new(id.clone(), &subscribed)).collect();
        let before = ClientAssignor::Sticky.assign(&partitions, &fresh);
        let with_owned = |ids: &[String]| -> Vec<MemberSubscription> {
            ids.iter().map(|id| MemberSubscription::new(id.clone(), &subscribed).with_owned(before.get(id).cloned().unwrap_or_default()).with_generation(1)).collect()
        };

        // One member joins.
        let mut joined = ids.clone();
        joined.push(format!("{seed_prefix}newcomer"));
        let members = with_owned(&joined);
        let after = ClientAssignor::Sticky.assign(&partitions, &members);
        prop_assert_eq!(moved(&before, &after), minimal_moves(&before, &joined, total));
        let settled = cooperative_sticky::rebalance_until_stable(&partitions, &members, 6).pop().unwrap();
        prop_assert_eq!(moved(&before, &settled), minimal_moves(&before, &joined, total));

        // One member leaves.
        if n > 1 {
            let mut left = ids.clone();
            left.remove(leaver.index(n));
            let members = with_owned(&left);
            let after = ClientAssignor::Sticky.assign(&partitions, &members);
            prop_assert_eq!(moved(&before, &after), minimal_moves(&before, &left, total));
            let settled = cooperative_sticky::rebalance_until_stable(&partitions, &members, 6).pop().unwrap();
            prop_assert_eq!(moved(&before, &settled), minimal_moves(&before, &left, total));
        }
    }

    #[test]
    fn assignors_are_deterministic(g in group(false)) {
        for a in ClientAssignor::ALL {
            prop_assert_eq!(a.assign(&g.partitions, &g.members), a.assign(&g.partitions, &g.members));
        }
        for a in ServerAssignor::ALL {
            prop_assert_eq!(a.assign(&g.partitions, &g.members), a.assign(&g.partitions, &g.members));
        }
        // Range and round-robin sort the members themselves: input order does not matter.
        let mut reversed = g.members.clone();
        reversed.reverse();
        for a in [ClientAssignor::Range, ClientAssignor::RoundRobin] {
            prop_assert_eq!(a.assign(&g.partitions, &g.members), a.assign(&g.partitions, &reversed));
        }
        prop_assert_eq!(ServerAssignor::Range.assign(&g.partitions, &g.members), ServerAssignor::Range.assign(&g.partitions, &reversed));
    }
}
