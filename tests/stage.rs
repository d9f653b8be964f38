//! The stage's model (`kafkascope::stage`): what the page's main view draws, computed
//! natively from a console session. The browser tests check it is drawn; these check it
//! says the right things: where replicas are, which markers a strip carries, what moves.

mod common;

use common::scenes::play_steps;
use kafkascope::classroom::scene;
use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::sim::GroupDescription;
use kafkascope::engine::{ClusterConfig, Sim};
use kafkascope::stage::moving::DotKind;
use kafkascope::stage::{self, MarkerKind, Role, Slot};

const B: &str = "--bootstrap-server localhost:9092";

fn groups(sim: &Sim) -> Vec<GroupDescription> {
    sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect()
}

fn session(seed: u64, lines: &[String]) -> Session {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), seed)));
    for l in lines {
        s.run_line(l);
    }
    s
}

fn staged(s: &Session) -> stage::Stage {
    let sim = s.console().sim();
    stage::stage(s.console(), &groups(sim), 1100, stage::Metrics::default())
}

fn orders_with_group() -> Session {
    let lines = [
        format!("kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 3"),
        format!("kafka-console-consumer.sh {B} --topic orders --group shop > /dev/null &"),
        format!("kafka-console-consumer.sh {B} --topic orders --group shop > /dev/null &"),
    ];
    let mut s = session(3, &lines);
    s.advance(8_000);
    s
}

fn produce(s: &mut Session, records: &[&str]) {
    s.run_line(&format!("kafka-console-producer.sh {B} --topic orders --property parse.key=true --property key.separator=: <<EOF"));
    for r in records {
        s.run_line(r);
    }
    s.run_line("EOF");
}

#[test]
fn every_replica_sits_in_its_broker_and_every_partition_has_one_leader_row() {
    let s = orders_with_group();
    let st = staged(&s);
    assert_eq!(st.brokers.len(), 3);
    assert_eq!(st.rows.len(), 9, "3 partitions x 3 replicas");
    for p in 0..3 {
        let leaders: Vec<_> = st.rows.iter().filter(|r| r.partition == p && r.role == Role::Leader).collect();
        assert_eq!(leaders.len(), 1, "partition {p} has one leader row");
    }
    for r in &st.rows {
        let b = st.broker(r.broker).unwrap();
        assert!(r.rect.x >= b.rect.x && r.rect.right() <= b.rect.right(), "row inside its broker column");
        assert!(r.rect.y >= b.rect.y && r.rect.y + r.rect.h <= b.rect.y + b.rect.h);
    }
    // the coordinator is marked on exactly one broker
    let marked: Vec<_> = st.brokers.iter().filter(|b| b.coordinator_of.iter().any(|g| g == "shop")).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(Some(marked[0].id), st.groups[0].coordinator);
    assert_eq!(st.groups[0].state, "Stable");
    assert_eq!(st.members.len(), 2);
    assert_eq!(st.links.len(), 3, "each partition linked to its one owner");
    // nothing overlaps the groups column
    assert!(st.brokers.iter().all(|b| b.rect.right() < st.columns[2]));
}

#[test]
fn a_strip_shows_records_by_key_and_the_offsets_kafka_names() {
    let mut s = orders_with_group();
    produce(&mut s, &["alice:1", "bob:2", "alice:3", "carol:4"]);
    s.advance(6_000);
    let st = staged(&s);
    let sim = s.console().sim();
    for p in 0..3u32 {
        let row = &st.rows[st.leader_row("orders", p).unwrap()];
        let part = &sim.topic("orders").unwrap().partitions[p as usize];
        assert_eq!(row.log_end_offset, part.log_end_offset());
        let records = row.slots.iter().filter(|s| matches!(s, Slot::Record { .. })).count() as i64;
        assert_eq!(records, part.log_end_offset(), "every record is drawn (the log is short)");
        let kinds: Vec<MarkerKind> = row.markers.iter().map(|m| m.kind).collect();
        for k in [MarkerKind::LogStart, MarkerKind::HighWatermark, MarkerKind::LogEnd] {
            assert!(kinds.contains(&k), "{k:?} on partition {p}");
        }
        if part.log_end_offset() > 0 {
            // the group read and committed what was there
            assert!(kinds.contains(&MarkerKind::Position), "a member's position on partition {p}");
            assert!(kinds.contains(&MarkerKind::Committed), "the group's committed offset on partition {p}");
        }
    }
    // one key, one colour, one partition
    let alice = kafkascope::stage::key_colour(b"alice");
    let with_alice: Vec<u32> = st
        .rows
        .iter()
        .filter(|r| r.role == Role::Leader && r.slots.iter().any(|s| matches!(s, Slot::Record { colour: Some(c), .. } if *c == alice)))
        .map(|r| r.partition)
        .collect();
    assert!(
        !with_alice.is_empty()
            && with_alice.len()
                <= 1 + usize::from(alice == kafkascope::stage::key_colour(b"bob"))
                    + usize::from(alice == kafkascope::stage::key_colour(b"carol"))
    );
}

#[test]
fn an_append_travels_from_the_producer_and_a_fetch_to_the_member() {
    let mut s = orders_with_group();
    produce(&mut s, &["alice:1"]);
    // a few ms: the batch is appended and on its way, not yet arrived
    let mut saw = (false, false, false);
    for _ in 0..60 {
        s.advance(10);
        let st = staged(&s);
        for d in &st.dots {
            match d.kind {
                DotKind::Produce => saw.0 = true,
                DotKind::Replicate => saw.1 = true,
                DotKind::Fetch => saw.2 = true,
            }
        }
    }
    assert_eq!(saw, (true, true, true), "produce, replicate and fetch dots (produce, replicate, fetch)");
    // once the travel time has passed, nothing moves
    s.advance(stage::TRAVEL_MS * 2 + 3_000);
    let st = staged(&s);
    assert!(st.dots.iter().all(|d| d.kind != DotKind::Produce));
}

#[test]
fn stepping_through_a_rebalance_shows_join_group_and_sync_group_messages() {
    let mut s = orders_with_group();
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic orders --group shop > /dev/null &"));
    let mut apis = Vec::new();
    for _ in 0..400 {
        s.step_event(60_000);
        let st = staged(&s);
        for m in &st.messages {
            if !apis.contains(&(m.api, m.request)) {
                apis.push((m.api, m.request));
            }
        }
    }
    for want in [("JoinGroup", true), ("JoinGroup", false), ("SyncGroup", true), ("SyncGroup", false)] {
        assert!(apis.contains(&want), "{want:?} drawn on the stage; saw {apis:?}");
    }
}

#[test]
fn a_crashed_member_stays_until_its_session_times_out_and_fetches_nothing() {
    let mut s = orders_with_group();
    s.run_line("kill -9 %1");
    s.advance(1_000);
    let st = staged(&s);
    let gone: Vec<_> = st.members.iter().filter(|m| m.gone).collect();
    assert_eq!(gone.len(), 1, "the coordinator still lists the crashed member");
    let c = gone[0].consumer;
    assert!(st.links.iter().any(|l| l.gone && st.members[l.member].consumer == c), "it still holds its partitions");
    // after session.timeout.ms (45 s) the group rebalances without it
    s.advance(60_000);
    let st = staged(&s);
    assert!(st.members.iter().all(|m| !m.gone));
    assert_eq!(st.members.len(), 1);
    assert_eq!(st.links.len(), 3);
}

#[test]
fn a_stopped_broker_greys_out_and_its_leaderships_move() {
    let mut s = orders_with_group();
    let before = staged(&s);
    let led: Vec<u32> = before.rows.iter().filter(|r| r.broker == 1 && r.role == Role::Leader).map(|r| r.partition).collect();
    s.run_line("kafkascope broker stop 1");
    s.advance(10_000);
    let st = staged(&s);
    assert!(!st.broker(1).unwrap().alive);
    assert!(st.rows.iter().filter(|r| r.broker == 1).all(|r| r.role == Role::Offline));
    for p in led {
        let leader = &st.rows[st.leader_row("orders", p).expect("a new leader")];
        assert_ne!(leader.broker, 1);
    }
}

#[test]
fn a_broker_card_says_what_the_kraft_controller_knows() {
    // a crash: the controller fences the broker only when broker.session.timeout.ms (9 s)
    // passes without a heartbeat; a clean shutdown fences it at once
    let mut s = orders_with_group();
    assert!(staged(&s).brokers.iter().all(|b| b.alive && !b.fenced));
    s.run_line("kafkascope broker stop 1");
    s.advance(1_000);
    let b = staged(&s).broker(1).unwrap().clone();
    assert!(!b.alive && !b.fenced, "a crashed broker is still registered before its session expires");
    s.advance(10_000);
    assert!(staged(&s).broker(1).unwrap().fenced, "fenced once broker.session.timeout.ms passed");
    s.run_line("kafkascope broker stop 2 --clean");
    s.advance(100);
    assert!(staged(&s).broker(2).unwrap().fenced, "a controlled shutdown is fenced at once");
    s.run_line("kafkascope broker start 1");
    s.advance(5_000);
    let b = staged(&s).broker(1).unwrap().clone();
    assert!(b.alive && !b.fenced, "registered and unfenced again once caught up");
}

#[test]
fn a_crowded_broker_keeps_its_busiest_rows_and_summarises_the_rest() {
    let lines = [format!("kafka-topics.sh {B} --create --topic big --partitions 24 --replication-factor 3")];
    let mut s = session(1, &lines);
    s.advance(1_000);
    let st = staged(&s);
    for b in &st.brokers {
        let rows = st.rows.iter().filter(|r| r.broker == b.id).count();
        assert!(rows <= stage::MAX_ROWS_PER_BROKER, "broker {} draws {rows} rows", b.id);
        assert_eq!(rows + b.hidden.len(), 24, "drawn + summarised = hosted");
        // the summary names each replica it leaves out, none of them drawn
        for name in &b.hidden {
            assert!(
                !st.rows.iter().any(|r| r.broker == b.id && format!("{}-{}", r.topic, r.partition) == *name),
                "{name} is drawn and hidden"
            );
        }
    }
}

#[test]
fn the_stage_is_a_pure_function_of_the_session() {
    let a = staged(&orders_with_group());
    let b = staged(&orders_with_group());
    assert_eq!(a, b);
}

#[test]
fn every_built_in_scene_parses_and_runs_without_an_error() {
    let scenes = scene::built_in();
    assert_eq!(scenes.len(), scene::BUILT_IN.len(), "every scene parses");
    assert!(scenes.len() >= 7, "the default scene and six more");
    for (file, _) in scene::BUILT_IN {
        assert_eq!(scene::find(scene::link_name(file)).map(|i| scene::BUILT_IN[i].0), Some(*file), "?scene= finds {file}");
    }
    assert_eq!(scene::link_name("04-broker-failure.sh"), "broker-failure");
    assert_eq!(scene::find("no-such-scene"), None);
    for sc in &scenes {
        let mut s = play_steps(sc, i64::MAX, |line, out| {
            let text = format!("{out:?}");
            // a tool that refused its command line or failed; a client's logged error
            // (the retries scene's timed-out sends) is what that scene shows
            let refused = ["command not found", "Exception in thread", "is not a recognized option", "Error:"];
            assert!(!refused.iter().any(|r| text.contains(r)), "{}: `{line}` printed {text}", sc.file);
        });
        s.advance(30_000);
        let st = staged(&s);
        assert!(!st.rows.is_empty(), "{}: partitions on the stage", sc.file);
        let keeps_producing = sc.steps.iter().flat_map(|s| &s.lines).any(|l| l.contains("producer") && l.trim_end().ends_with('&'));
        assert_eq!(!st.producers.is_empty(), keeps_producing, "{}: a producer writing", sc.file);
    }
}

#[test]
fn the_default_scene_writes_keyed_records_and_its_group_reads_them() {
    let sc = scene::default_scene().unwrap();
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), sc.seed)));
    for line in &sc.steps[0].lines {
        s.run_line(line);
    }
    s.advance(3_000);
    let sim = s.console().sim();
    let topic = sim.topic("test-topic").expect("the overview's topic");
    let written: i64 = topic.partitions.iter().map(|p| p.log_end_offset()).sum();
    assert!(written >= 8, "records appended within 3 s: {written}");
    let g = sim.describe_group("test-group").expect("the group");
    assert_eq!(g.members.len(), 2);
    let st = staged(&s);
    let keyed = st.rows.iter().flat_map(|r| &r.slots).filter(|s| matches!(s, Slot::Record { colour: Some(_), .. })).count();
    assert!(keyed > 0, "records carry keys");
}

#[test]
fn bad_scenes_are_refused_with_the_line() {
    assert!(scene::parse("x.sh", "echo hi\n").unwrap_err().contains("title"));
    assert!(scene::parse("x.sh", "#! title: t\n#! at: 5\na\n#! at: 3\nb\n").unwrap_err().contains("x.sh:4"));
    assert!(scene::parse("x.sh", "#! title: t\n#! at: soon\n").unwrap_err().contains("x.sh:2"));
    assert!(scene::parse("x.sh", "#! title: t\n#! colour: red\n").unwrap_err().contains("unknown directive"));
    let ok = scene::parse("x.sh", "#! title: t\n#! seed: 4\na\n#! at: 2.5\nb\nc\n").unwrap();
    assert_eq!(ok.seed, 4);
    assert_eq!(ok.steps.len(), 2);
    assert_eq!(ok.steps[1].at_ms, 2_500);
    assert_eq!(ok.steps[1].lines, vec!["b".to_string(), "c".to_string()]);
}

#[test]
fn a_session_is_recognised_as_the_scene_it_started_from() {
    let sc = scene::built_in().into_iter().find(|s| s.file == "02-scaling-a-group.sh").unwrap();
    let lines: Vec<&str> = sc.steps[0].lines.iter().chain(&sc.steps[1].lines).map(String::as_str).collect();
    let (found, done) = scene::recognise(&lines).expect("recognised");
    assert_eq!((found.file.as_str(), done), ("02-scaling-a-group.sh", 2));
    let mut typed = lines.clone();
    typed.insert(sc.steps[0].lines.len(), "kafka-topics.sh --bootstrap-server localhost:9092 --list");
    assert_eq!(
        scene::recognise(&typed).map(|(s, n)| (s.file.clone(), n)),
        Some(("02-scaling-a-group.sh".to_string(), 2)),
        "typed lines in between"
    );
    assert!(scene::recognise(&["kafka-topics.sh --bootstrap-server localhost:9092 --list"]).is_none());
    assert!(scene::recognise(&[]).is_none());
}

#[test]
fn a_stopped_replica_in_the_elr_is_marked_eligible() {
    // min.insync.replicas=2 of 3: the second replica to leave joins the ELR (KIP-966)
    let lines = [
        format!("kafka-topics.sh {B} --create --topic t --partitions 1 --replication-factor 3 --config min.insync.replicas=2"),
        "kafkascope broker stop 3 --clean".to_string(),
        "kafkascope broker stop 1 --clean".to_string(),
        "sleep 20".to_string(),
    ];
    let s = session(5, &lines);
    let st = staged(&s);
    let p = &s.console().sim().topic("t").unwrap().partitions[0];
    assert_eq!(p.elr.len(), 1, "one replica eligible");
    for r in &st.rows {
        assert_eq!(r.elr, p.elr.contains(&r.broker), "broker {}", r.broker);
    }
    assert!(st.rows.iter().any(|r| r.elr && r.role == Role::Offline), "the eligible replica's broker is stopped");
}

/// Plays a built-in scene up to `until_ms` of virtual time.
fn play_scene(file: &str, until_ms: i64) -> Session {
    let sc = scene::built_in().into_iter().find(|s| s.file == file).expect("the scene");
    let mut s = play_steps(&sc, until_ms, |_, _| ());
    let now = s.console().sim().now();
    s.advance(until_ms - now);
    s
}

fn lag_by_partition(s: &Session, group: &str) -> Vec<i64> {
    let g = s.console().sim().describe_group(group).expect("the group");
    g.offsets.iter().map(|o| o.lag.unwrap_or(o.log_end_offset)).collect()
}

#[test]
fn the_throughput_scene_shows_lag_growing_then_falling_and_an_idle_fifth_member() {
    let file = "10-throughput-and-lag.sh";
    let total = |v: &[i64]| v.iter().sum::<i64>();
    // one member at 20 records/s against 40 written: the lag grows while it is alone
    let (at_10, at_19) =
        (lag_by_partition(&play_scene(file, 10_000), "analytics"), lag_by_partition(&play_scene(file, 19_000), "analytics"));
    assert!(total(&at_19) > total(&at_10) + 100, "lag grows with one slow member: {at_10:?} then {at_19:?}");
    // four members: three partitions catch up, the hot one stays behind
    let s = play_scene(file, 44_000);
    let at_44 = lag_by_partition(&s, "analytics");
    assert_eq!(at_44.iter().filter(|&&l| l < 60).count(), 3, "three partitions caught up: {at_44:?}");
    let g = s.console().sim().describe_group("analytics").unwrap();
    assert_eq!(g.members.len(), 4);
    // a fifth member for four partitions owns nothing
    let s = play_scene(file, 60_000);
    let g = s.console().sim().describe_group("analytics").unwrap();
    assert_eq!(g.members.len(), 5);
    let idle: Vec<_> = g.members.iter().filter(|m| m.assignment.is_empty()).map(|m| m.client_id.as_str()).collect();
    assert_eq!(idle.len(), 1, "one member owns no partition: {:?}", g.members);
}

#[test]
fn the_retries_scene_appends_four_copies_without_idempotence_and_one_with_it() {
    let file = "11-retries-and-duplicates.sh";
    let leo = |s: &Session| s.console().sim().topic("orders").expect("orders").partitions[0].log_end_offset();
    let s = play_scene(file, 24_000);
    assert_eq!(leo(&s), 4, "order-1 appended once per attempt (the first send and three retries)");
    let s = play_scene(file, 60_000);
    assert_eq!(leo(&s), 5, "order-2 appended once although its send was retried too");
}
