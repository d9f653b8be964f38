//! Share groups (KIP-932, "Queues for Kafka"), as the group coordinator keeps them, and the
//! share-partitions their records are handed out from.
//!
//! Checked against Apache Kafka 4.x source (the 4.2/4.3 line): `modern/share/ShareGroup.java`,
//! `ShareGroupMember.java` and `GroupMetadataManager.shareGroupHeartbeat` in
//! group-coordinator/src/main/java/org/apache/kafka/coordinator/group/; the share assignor
//! `assignor/SimpleAssignor.java` (the balanced version of Kafka 4.1+); `GroupConfig.java`
//! for the group-level configs and their bounds; `core/.../server/share/SharePartition.java`
//! for the share-partition state machine (in [`SharePartition`]).
//!
//! * A share group has a **group epoch** (bumped when members join, leave or change their
//!   subscription) and an **assignment epoch** (the epoch of the target assignment the
//!   assignor computed). Its state is Empty (no members), Stable (members) or Dead.
//! * Partitions are not exclusive: with more members than partitions every member still
//!   gets one, several members sharing it; there is no revocation step, so a member takes
//!   its target assignment (and the assignment epoch) on its next heartbeat.
//! * Records are handed out per record on the partition's leader: acquired under a lock
//!   (`share.record.lock.duration.ms`), then acknowledged (ACCEPT), released for
//!   redelivery (RELEASE, or the lock timing out) or rejected (REJECT). A record delivered
//!   `share.delivery.count.limit` times and not accepted is archived.
//!
//! Simplifications: the share-partition lives with the group in the simulation rather
//! than on the leader broker, and its durable state (`__share_group_state`) is that same
//! object: it survives members leaving and brokers stopping; a leader change loses the
//! acquisition locks (acquired records become available, delivery counts kept), as the
//! new leader rebuilds the state from the persister. Records are acquired one by one,
//! up to the fetch's record limit; Kafka acquires whole batches where it can. Topics are
//! named, not identified by id.

use crate::engine::map::Map;
use crate::engine::sorting;
use std::collections::VecDeque;
use std::rc::Rc;

use serde::Serialize;

use super::super::assignor::TopicPartition;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::java_string_hash;
use super::GroupState;

/// `group.share.session.timeout.ms` (45000), with `.min.` 45000 and `.max.` 60000
pub const SHARE_SESSION_TIMEOUT_MS: i64 = 45_000;
/// `group.share.heartbeat.interval.ms` (5000), with `.min.` 5000 and `.max.` 15000
pub const SHARE_HEARTBEAT_INTERVAL_MS: i64 = 5_000;
/// `group.share.record.lock.duration.ms` (30000), with `.min.` 15000 and `.max.` 3600000
pub const SHARE_RECORD_LOCK_DURATION_MS: i64 = 30_000;
/// `group.share.delivery.count.limit` (5), bounds 2..=10
pub const SHARE_DELIVERY_COUNT_LIMIT: u16 = 5;
/// `group.share.partition.max.record.locks` (2000 since Kafka 4.1; 200 in 4.0), bounds 100..=10000
pub const SHARE_PARTITION_MAX_RECORD_LOCKS: usize = 2_000;
/// `ShareGroupHeartbeatRequest.LEAVE_GROUP_MEMBER_EPOCH`
pub const SHARE_LEAVE_EPOCH: i32 = -1;

/// `share.auto.offset.reset`: where a share-partition starts when the group has no state
/// for it (`ShareGroupAutoOffsetResetStrategy`; `by_duration:` is not modelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ShareOffsetReset {
    Latest,
    Earliest,
}

/// `share.isolation.level`: read_uncommitted acquires up to the high watermark;
/// read_committed up to the last stable offset, without aborted transactions' records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ShareIsolation {
    ReadUncommitted,
    ReadCommitted,
}

/// A share group's dynamic configs (`kafka-configs.sh --entity-type groups`), each
/// defaulting to the broker's `group.share.*` setting.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareGroupConfig {
    pub session_timeout_ms: i64,
    pub heartbeat_interval_ms: i64,
    pub record_lock_duration_ms: i64,
    pub delivery_count_limit: u16,
    pub partition_max_record_locks: usize,
    pub auto_offset_reset: ShareOffsetReset,
    pub isolation_level: ShareIsolation,
}

impl Default for ShareGroupConfig {
    fn default() -> Self {
        ShareGroupConfig {
            session_timeout_ms: SHARE_SESSION_TIMEOUT_MS,
            heartbeat_interval_ms: SHARE_HEARTBEAT_INTERVAL_MS,
            record_lock_duration_ms: SHARE_RECORD_LOCK_DURATION_MS,
            delivery_count_limit: SHARE_DELIVERY_COUNT_LIMIT,
            partition_max_record_locks: SHARE_PARTITION_MAX_RECORD_LOCKS,
            auto_offset_reset: ShareOffsetReset::Latest,
            isolation_level: ShareIsolation::ReadUncommitted,
        }
    }
}

/// The group configs `kafka-configs.sh --entity-type groups` knows (`GroupConfig`, Kafka
/// 4.3), with their defaults as `--describe --all` prints them. The consumer-group ones are
/// accepted and stored but Kafkascope's consumer groups use the cluster settings.
pub const GROUP_CONFIG_NAMES: &[(&str, &str)] = &[
    ("consumer.assignment.interval.ms", "1000"),
    ("consumer.heartbeat.interval.ms", "5000"),
    ("consumer.session.timeout.ms", "45000"),
    ("share.assignment.interval.ms", "1000"),
    ("share.auto.offset.reset", "latest"),
    ("share.delivery.count.limit", "5"),
    ("share.heartbeat.interval.ms", "5000"),
    ("share.isolation.level", "read_uncommitted"),
    ("share.partition.max.record.locks", "2000"),
    ("share.record.lock.duration.ms", "30000"),
    ("share.session.timeout.ms", "45000"),
];

impl ShareGroupConfig {
    /// The config with `name` set to `value`, checked as `GroupConfig.validate` does (its
    /// type, then its bounds). `InvalidConfig` errors carry Kafka's messages.
    pub fn with(&self, name: &str, value: &str) -> KafkaResult<ShareGroupConfig> {
        let bad = |why: String| KafkaError::new(ErrorCode::InvalidConfig, why);
        let int = |min: i64, max: i64| -> KafkaResult<i64> {
            let v: i64 = value
                .trim()
                .parse()
                .map_err(|_| bad(format!("Invalid value {value} for configuration {name}: Not a number of type INT")))?;
            if v < min {
                return Err(bad(format!("{name} must be greater than or equal to {}", min_name(name))));
            }
            if v > max {
                return Err(bad(format!("{name} must be less than or equal to {}", max_name(name))));
            }
            Ok(v)
        };
        let mut c = self.clone();
        match name {
            "share.session.timeout.ms" => c.session_timeout_ms = int(45_000, 60_000)?,
            "share.heartbeat.interval.ms" => c.heartbeat_interval_ms = int(5_000, 15_000)?,
            "share.record.lock.duration.ms" => c.record_lock_duration_ms = int(15_000, 3_600_000)?,
            "share.delivery.count.limit" => c.delivery_count_limit = int(2, 10)? as u16,
            "share.partition.max.record.locks" => c.partition_max_record_locks = int(100, 10_000)? as usize,
            "share.auto.offset.reset" => {
                c.auto_offset_reset = match value.trim().to_ascii_lowercase().as_str() {
                    "latest" => ShareOffsetReset::Latest,
                    "earliest" => ShareOffsetReset::Earliest,
                    _ => {
                        return Err(bad(format!(
                            "Invalid value {value} for configuration share.auto.offset.reset: the value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS.>'."
                        )))
                    }
                }
            }
            "share.isolation.level" => {
                c.isolation_level = match value.trim() {
                    "read_uncommitted" => ShareIsolation::ReadUncommitted,
                    "read_committed" => ShareIsolation::ReadCommitted,
                    _ => return Err(bad(format!("Invalid value {value} for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted"))),
                }
            }
            "consumer.session.timeout.ms" => {
                int(45_000, 60_000)?;
            }
            "consumer.heartbeat.interval.ms" => {
                int(5_000, 15_000)?;
            }
            // KIP-1263 (Kafka 4.3), read where the target assignment is computed
            "consumer.assignment.interval.ms" | "share.assignment.interval.ms" => {
                int(0, 15_000)?;
            }
            _ => return Err(bad(format!("Unknown group config name: {name}"))),
        }
        if c.session_timeout_ms <= c.heartbeat_interval_ms {
            return Err(bad("share.session.timeout.ms must be greater than share.heartbeat.interval.ms".into()));
        }
        Ok(c)
    }
}

fn min_name(name: &str) -> String {
    format!("group.{}", name.replacen('.', ".min.", 1))
}
fn max_name(name: &str) -> String {
    format!("group.{}", name.replacen('.', ".max.", 1))
}

/// A member as the coordinator knows it (`ShareGroupMember`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareGroupMember {
    /// generated by the client (KIP-1082), a Kafka `Uuid` string
    pub member_id: Rc<str>,
    pub client_id: String,
    pub client_host: String,
    /// the share consumer in the simulation
    pub consumer: u32,
    pub member_epoch: i32,
    pub subscribed_topics: Vec<String>,
    /// the partitions it was given (sorted); others may have the same ones
    pub assigned: Vec<TopicPartition>,
    /// when its session expires unless it heartbeats again
    pub session_deadline: i64,
}

/// A share group as the coordinator keeps it (`ShareGroup`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareGroup {
    pub group_id: Rc<str>,
    pub state: GroupState,
    pub group_epoch: i32,
    pub assignment_epoch: i32,
    /// when the target assignment was last computed (KIP-1263); `None` before the first
    pub assignment_timestamp: Option<i64>,
    pub members: Map<Rc<str>, ShareGroupMember>,
    /// the assignor's last result, by member
    pub target: Map<Rc<str>, Vec<TopicPartition>>,
    pub config: ShareGroupConfig,
    /// configs set with kafka-configs.sh, as given (name, value)
    pub dynamic_configs: Vec<(String, String)>,
    /// the share-partitions' state, durable as `__share_group_state` keeps it
    pub partitions: Map<TopicPartition, SharePartition>,
    /// the subscribed topics' partition counts when the group epoch was last bumped
    pub metadata: Vec<(String, u32)>,
}

impl ShareGroup {
    pub fn new(group_id: Rc<str>) -> Self {
        ShareGroup {
            group_id,
            state: GroupState::Empty,
            group_epoch: 0,
            assignment_epoch: 0,
            assignment_timestamp: None,
            members: Map::new(),
            target: Map::new(),
            config: ShareGroupConfig::default(),
            dynamic_configs: Vec::new(),
            partitions: Map::new(),
            metadata: Vec::new(),
        }
    }

    /// The topics any member subscribes to, sorted.
    pub fn subscribed_topics(&self) -> Vec<String> {
        let mut t: Vec<String> = self.members.values().flat_map(|m| m.subscribed_topics.iter().cloned()).collect();
        sorting::sort(&mut t);
        t.dedup();
        t
    }

    /// The members of each partition (for the stage and `--describe`).
    pub fn members_of(&self, tp: &TopicPartition) -> Vec<Rc<str>> {
        self.members.values().filter(|m| m.assigned.contains(tp)).map(|m| m.member_id.clone()).collect()
    }
}

/// `SimpleAssignor.assign` (Kafka 4.1+; the homogeneous and heterogeneous paths):
/// members hashed to one partition each (`Math.abs(memberId.hashCode() % n)`), then each
/// member's current partitions kept while it has fewer than its share, then the partitions
/// nobody has yet dealt round-robin, a member taking at most one more than its share.
/// `partitions_of(topic)` gives a topic's partition count (`None`: no such topic).
/// Kafka iterates `HashMap`s here; Kafkascope iterates members and partitions in sorted
/// order, so with hash collisions the choice among equals can differ from a real broker's.
pub fn simple_assign(
    members: &[(Rc<str>, Vec<String>, Vec<TopicPartition>)],
    partitions_of: impl Fn(&str) -> Option<u32>,
) -> Map<Rc<str>, Vec<TopicPartition>> {
    let mut out: Map<Rc<str>, Vec<TopicPartition>> = members.iter().map(|(m, _, _)| (m.clone(), Vec::new())).collect();
    if members.is_empty() {
        return out;
    }
    let targets_of = |topics: &[String]| -> Vec<TopicPartition> {
        let mut v = Vec::new();
        for t in topics {
            for p in 0..partitions_of(t).unwrap_or(0) {
                v.push(TopicPartition::new(t.as_str(), p));
            }
        }
        v
    };
    let homogeneous = members.iter().all(|(_, s, _)| {
        let mut a = s.clone();
        let mut b = members[0].1.clone();
        sorting::sort(&mut a);
        sorting::sort(&mut b);
        a == b
    });
    let hash_index = |member: &str, n: usize| -> usize { (java_string_hash(member) % n as i32).unsigned_abs() as usize };
    if homogeneous {
        let targets = targets_of(&members[0].1);
        if targets.is_empty() {
            return out;
        }
        let n_members = members.len();
        let desired = targets.len().div_ceil(n_members);
        // 1. hash each member to one partition
        let mut by_partition: Map<TopicPartition, Vec<Rc<str>>> = Map::new();
        for (m, _, _) in members {
            let tp = targets[hash_index(m, targets.len())].clone();
            by_partition.entry(tp).or_default().push(m.clone());
        }
        let mut assigned_partitions: Map<TopicPartition, ()> = Map::new();
        for (tp, ms) in by_partition.iter() {
            for m in ms {
                out.get_mut(m).expect("member").push(tp.clone());
            }
            assigned_partitions.insert(tp.clone(), ());
        }
        // 2. current assignment, while under the desired count, for partitions not hashed
        for (m, _, current) in members {
            for tp in current {
                if !targets.contains(tp) || by_partition.contains_key(tp) {
                    continue;
                }
                let mine = out.get_mut(m).expect("member");
                if mine.len() < desired && !mine.contains(tp) {
                    mine.push(tp.clone());
                    assigned_partitions.insert(tp.clone(), ());
                }
            }
        }
        // 3. round robin over the partitions no member has, at most desired + 1 each
        let unassigned: Vec<TopicPartition> = targets.iter().filter(|tp| !assigned_partitions.contains_key(*tp)).cloned().collect();
        let mut ring: Vec<Rc<str>> = members.iter().map(|(m, _, _)| m.clone()).collect();
        let mut i = 0usize;
        let mut k = 0usize;
        while k < unassigned.len() && !ring.is_empty() {
            if i >= ring.len() {
                i = 0;
            }
            let m = ring[i].clone();
            let mine = out.get_mut(&m).expect("member");
            if mine.len() <= desired {
                mine.push(unassigned[k].clone());
                k += 1;
                i += 1;
            } else {
                ring.remove(i);
            }
        }
    } else {
        // heterogeneous: hash per member over its own partitions, round robin the rest
        // among the members subscribed to each topic, then keep current partitions
        let mut by_partition: Map<TopicPartition, Vec<Rc<str>>> = Map::new();
        let mut all: Vec<TopicPartition> = Vec::new();
        for (m, topics, _) in members {
            let targets = targets_of(topics);
            if targets.is_empty() {
                continue;
            }
            let tp = targets[hash_index(m, targets.len())].clone();
            by_partition.entry(tp).or_default().push(m.clone());
            all.extend(targets);
        }
        sorting::sort(&mut all);
        all.dedup();
        let currently: Vec<&TopicPartition> = members.iter().flat_map(|(_, _, c)| c.iter()).collect();
        let mut topics: Vec<Rc<str>> = all.iter().map(|tp| tp.topic.clone()).collect();
        topics.dedup();
        for topic in topics {
            let subscribers: Vec<Rc<str>> =
                members.iter().filter(|(_, s, _)| s.iter().any(|t| **t == *topic)).map(|(m, _, _)| m.clone()).collect();
            let unassigned: Vec<&TopicPartition> =
                all.iter().filter(|tp| tp.topic == topic && !by_partition.contains_key(*tp) && !currently.contains(tp)).collect();
            for (i, tp) in unassigned.into_iter().enumerate() {
                by_partition.entry(tp.clone()).or_default().push(subscribers[i % subscribers.len()].clone());
            }
        }
        for (tp, ms) in by_partition.iter() {
            for m in ms {
                out.get_mut(m).expect("member").push(tp.clone());
            }
        }
        for (m, topics, current) in members {
            for tp in current {
                if topics.iter().any(|t| **t == *tp.topic) && !by_partition.contains_key(tp) && all.contains(tp) {
                    let mine = out.get_mut(m).expect("member");
                    if !mine.contains(tp) {
                        mine.push(tp.clone());
                    }
                }
            }
        }
    }
    for v in out.values_mut() {
        sorting::sort(v);
        v.dedup();
    }
    out
}

/// The state of one in-flight record (`RecordState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum RecordState {
    Available,
    Acquired,
    Acknowledged,
    Archived,
}

impl RecordState {
    pub fn name(self) -> &'static str {
        match self {
            RecordState::Available => "AVAILABLE",
            RecordState::Acquired => "ACQUIRED",
            RecordState::Acknowledged => "ACKNOWLEDGED",
            RecordState::Archived => "ARCHIVED",
        }
    }
    /// Acknowledged and archived records are done with: the start offset may pass them.
    pub fn is_terminal(self) -> bool {
        matches!(self, RecordState::Acknowledged | RecordState::Archived)
    }
}

/// `AcknowledgeType`: what a consumer says about a record it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AcknowledgeType {
    /// processed: never delivered again
    Accept,
    /// not processed: deliver it again (to anyone)
    Release,
    /// unprocessable: never deliver it again
    Reject,
}

impl AcknowledgeType {
    pub fn name(self) -> &'static str {
        match self {
            AcknowledgeType::Accept => "ACCEPT",
            AcknowledgeType::Release => "RELEASE",
            AcknowledgeType::Reject => "REJECT",
        }
    }
}

/// One record past the start offset (`InFlightState`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct InFlightRecord {
    pub state: RecordState,
    pub delivery_count: u16,
    /// the member holding it while Acquired
    pub owner: Option<Rc<str>>,
    /// while Acquired: when its acquisition lock times out
    pub lock_deadline: i64,
    /// an offset with no record in the log (compacted away): archived as soon as it is reached
    pub gap: bool,
}

impl InFlightRecord {
    /// An offset with no record in the log (a `gap`): archived at once, never delivered.
    fn gap() -> Self {
        InFlightRecord { state: RecordState::Archived, delivery_count: 0, owner: None, lock_deadline: 0, gap: true }
    }
}

/// Why acquired records went back (or on to the archive) without an acknowledgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ReleaseReason {
    /// `share.record.lock.duration.ms` passed
    LockTimeout,
    /// the member closed its share session (a clean `close()`)
    MemberLeft,
    /// the partition's leader changed: the new leader's state has no locks
    LeaderChanged,
}

/// A share-partition (`SharePartition`): the records of one partition that one share group
/// has in flight, from the share-partition start offset (SPSO) on.
///
/// Every offset below [`SharePartition::start_offset`] is done with (acknowledged or
/// archived); `records[i]` is the state of offset `start_offset + i`; the end offset
/// ([`SharePartition::end_offset`]) is the first offset never acquired yet. Kafka's
/// `endOffset` (SPEO) is the last in-flight offset, one less.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SharePartition {
    pub start_offset: i64,
    pub records: VecDeque<InFlightRecord>,
    /// the partition's leader epoch when the state was loaded
    pub leader_epoch: i32,
    /// bumped when the offsets are reset (`stateEpoch`)
    pub state_epoch: i32,
}

/// What one acquisition handed out: (offset, delivery count).
pub type Acquired = Vec<(i64, u16)>;

impl SharePartition {
    pub fn new(start_offset: i64, leader_epoch: i32) -> Self {
        SharePartition { start_offset, records: VecDeque::new(), leader_epoch, state_epoch: 0 }
    }

    /// The first offset not yet in flight (one past Kafka's SPEO).
    pub fn end_offset(&self) -> i64 {
        self.start_offset + self.records.len() as i64
    }

    pub fn get(&self, offset: i64) -> Option<&InFlightRecord> {
        if offset < self.start_offset {
            return None;
        }
        self.records.get((offset - self.start_offset) as usize)
    }

    fn get_mut(&mut self, offset: i64) -> Option<&mut InFlightRecord> {
        if offset < self.start_offset {
            return None;
        }
        self.records.get_mut((offset - self.start_offset) as usize)
    }

    /// Records currently Acquired.
    pub fn acquired_count(&self) -> usize {
        self.records.iter().filter(|r| r.state == RecordState::Acquired).count()
    }

    /// Records in flight and not yet done with (what `kafka-share-groups.sh` 4.2+ counts
    /// towards the lag, with the records not yet fetched).
    pub fn undelivered_in_flight(&self) -> i64 {
        self.records.iter().filter(|r| !r.state.is_terminal()).count() as i64
    }

    /// Moves the start offset past the records at its front that are done with
    /// (`maybeUpdateCachedStateAndOffsets`).
    pub fn advance_start(&mut self) {
        while self.records.front().is_some_and(|r| r.state.is_terminal()) {
            self.records.pop_front();
            self.start_offset += 1;
        }
    }

    /// The log's start moved past records in flight (retention): they are gone.
    pub fn truncate_below(&mut self, log_start: i64) {
        while self.start_offset < log_start {
            if self.records.pop_front().is_none() {
                self.start_offset = log_start;
                return;
            }
            self.start_offset += 1;
        }
    }

    /// Acquires for `member` up to `max_records` records: first Available ones already in
    /// flight (redeliveries), in offset order, then new ones from `log_offsets` (the
    /// offsets the log holds from the end offset on, below the high watermark), while fewer
    /// than `max_locks` records are in flight. Each gets its delivery count raised and a
    /// lock until `now + lock_ms`. `SharePartition.acquire`. When the log's offsets run out
    /// before `upto` (the high watermark, or the last stable offset), the offsets left hold
    /// no record to deliver (transaction markers, aborted records): archived gaps.
    #[allow(clippy::too_many_arguments)]
    pub fn acquire(
        &mut self,
        member: &Rc<str>,
        max_records: usize,
        max_locks: usize,
        now: i64,
        lock_ms: i64,
        log_offsets: impl Iterator<Item = i64>,
        upto: i64,
    ) -> Acquired {
        let mut out = Vec::new();
        let start = self.start_offset;
        for (i, r) in self.records.iter_mut().enumerate() {
            if out.len() >= max_records {
                return out;
            }
            if r.state == RecordState::Available && !r.gap {
                r.state = RecordState::Acquired;
                r.delivery_count += 1;
                r.owner = Some(member.clone());
                r.lock_deadline = now + lock_ms;
                out.push((start + i as i64, r.delivery_count));
            }
        }
        let mut next = self.end_offset();
        let mut ran_out = true;
        for offset in log_offsets {
            if out.len() >= max_records || self.records.len() >= max_locks {
                ran_out = false;
                break;
            }
            if offset < next {
                continue;
            }
            // offsets the log no longer has (compacted) are archived gaps
            while next < offset {
                self.records.push_back(InFlightRecord::gap());
                next += 1;
            }
            self.records.push_back(InFlightRecord {
                state: RecordState::Acquired,
                delivery_count: 1,
                owner: Some(member.clone()),
                lock_deadline: now + lock_ms,
                gap: false,
            });
            out.push((offset, 1));
            next += 1;
        }
        while ran_out && next < upto && self.records.len() < max_locks {
            self.records.push_back(InFlightRecord::gap());
            next += 1;
        }
        self.advance_start();
        out
    }

    /// `member` acknowledges `offset`. Only the member holding a record's lock may; any
    /// other case is `INVALID_RECORD_STATE`. A released record that has reached the
    /// delivery count limit is archived instead. Returns the new state.
    pub fn acknowledge(&mut self, member: &str, offset: i64, ack: AcknowledgeType, delivery_limit: u16) -> Result<RecordState, ErrorCode> {
        let Some(r) = self.get_mut(offset) else { return Err(ErrorCode::InvalidRecordState) };
        if r.state != RecordState::Acquired || r.owner.as_deref() != Some(member) {
            return Err(ErrorCode::InvalidRecordState);
        }
        r.state = match ack {
            AcknowledgeType::Accept => RecordState::Acknowledged,
            AcknowledgeType::Reject => RecordState::Archived,
            AcknowledgeType::Release if r.delivery_count >= delivery_limit => RecordState::Archived,
            AcknowledgeType::Release => RecordState::Available,
        };
        r.owner = None;
        let s = r.state;
        self.advance_start();
        Ok(s)
    }

    /// Releases the records `which` selects from their locks: back to Available, or to
    /// Archived once delivered `delivery_limit` times. Returns (released, archived) offsets.
    pub fn release_where(&mut self, delivery_limit: u16, mut which: impl FnMut(&InFlightRecord) -> bool) -> (Vec<i64>, Vec<i64>) {
        let mut released = Vec::new();
        let mut archived = Vec::new();
        let start = self.start_offset;
        for (i, r) in self.records.iter_mut().enumerate() {
            if r.state == RecordState::Acquired && which(r) {
                r.owner = None;
                if r.delivery_count >= delivery_limit {
                    r.state = RecordState::Archived;
                    archived.push(start + i as i64);
                } else {
                    r.state = RecordState::Available;
                    released.push(start + i as i64);
                }
            }
        }
        self.advance_start();
        (released, archived)
    }

    /// The earliest lock deadline, if any record is Acquired.
    pub fn next_lock_deadline(&self) -> Option<i64> {
        self.records.iter().filter(|r| r.state == RecordState::Acquired).map(|r| r.lock_deadline).min()
    }

    /// Debug checks: the start offset never passes a record not done with, and a record
    /// is held by an owner exactly while it is Acquired.
    pub fn check_invariants(&self) {
        debug_assert!(self.records.front().is_none_or(|r| !r.state.is_terminal()), "SPSO stops at the first record not done with");
        for r in &self.records {
            debug_assert_eq!(r.state == RecordState::Acquired, r.owner.is_some(), "an acquired record has exactly one owner");
        }
    }
}

/// Ranges of consecutive offsets, for events: `[3, 4, 5, 9]` → `[(3, 5), (9, 9)]`.
pub fn ranges(offsets: &[i64]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for &o in offsets {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == o => *last = o,
            _ => out.push((o, o)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Rc<str> {
        Rc::from(s)
    }

    #[test]
    fn acquire_ack_release_archive() {
        let mut sp = SharePartition::new(0, 0);
        let a = sp.acquire(&m("a"), 3, 100, 0, 30_000, 0..10, 10);
        assert_eq!(a, vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(sp.end_offset(), 3);
        assert_eq!(sp.acknowledge("b", 0, AcknowledgeType::Accept, 5), Err(ErrorCode::InvalidRecordState));
        assert_eq!(sp.acknowledge("a", 0, AcknowledgeType::Accept, 5), Ok(RecordState::Acknowledged));
        assert_eq!(sp.start_offset, 1);
        assert_eq!(sp.acknowledge("a", 1, AcknowledgeType::Release, 5), Ok(RecordState::Available));
        let b = sp.acquire(&m("b"), 1, 100, 10, 30_000, 3..10, 10);
        assert_eq!(b, vec![(1, 2)]);
        assert_eq!(sp.acknowledge("a", 2, AcknowledgeType::Reject, 5), Ok(RecordState::Archived));
        assert_eq!(sp.start_offset, 1, "offset 1 is still acquired");
        let (rel, arch) = sp.release_where(2, |r| r.lock_deadline <= 40_000);
        assert_eq!((rel, arch), (vec![], vec![1]), "a second delivery at limit 2 archives");
        assert_eq!(sp.start_offset, 3);
    }

    #[test]
    fn max_locks_bounds_the_window() {
        let mut sp = SharePartition::new(0, 0);
        let a = sp.acquire(&m("a"), 500, 100, 0, 30_000, 0..1000, 1000);
        assert_eq!(a.len(), 100);
        assert!(sp.acquire(&m("b"), 500, 100, 0, 30_000, 100..1000, 1000).is_empty());
    }

    #[test]
    fn simple_assignor_shares_partitions_among_more_members() {
        let members: Vec<(Rc<str>, Vec<String>, Vec<TopicPartition>)> =
            (0..8).map(|i| (Rc::from(format!("member-{i}")), vec!["t".to_string()], Vec::new())).collect();
        let a = simple_assign(&members, |_| Some(4));
        assert!(a.values().all(|v| !v.is_empty() && v.len() <= 2));
        for p in 0..4 {
            assert!(a.values().any(|v| v.contains(&TopicPartition::new("t", p))), "partition {p} has a member");
        }
        let one: Vec<_> = members[..1].to_vec();
        let a = simple_assign(&one, |_| Some(4));
        assert_eq!(a.values().next().unwrap().len(), 4);
    }
}
