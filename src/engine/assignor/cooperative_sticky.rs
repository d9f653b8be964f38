//! The client-side cooperative sticky assignor (KIP-429).
//!
//! Models clients/src/main/java/org/apache/kafka/clients/consumer/CooperativeStickyAssignor.java:
//! the [`sticky`] assignment, minus every partition that changes owner in
//! this rebalance. Such a partition must first be revoked by its previous owner; the owner
//! notices it is missing from its assignment, revokes it and rejoins, and the follow-up
//! rebalance hands it to the new owner. [`rebalance_until_stable`] plays those rounds.
//!
//! The partitions changing owner are the constrained builder's
//! `partitionsTransferringOwnership`, or, after the general builder, the partitions both
//! newly assigned to someone and revoked from someone
//! (`computePartitionsTransferringOwnership`). Owned partitions come from the
//! subscription's `ownedPartitions` and its generation (ConsumerProtocol v2+).

use crate::engine::map::Map;
use std::collections::HashSet;

use super::common::{to_assignment, Resolver, NONE};
use super::sticky;
use super::{Assignment, MemberSubscription, RebalanceProtocol, TopicPartition};

/// `supportedProtocols()`.
pub const SUPPORTED_PROTOCOLS: [RebalanceProtocol; 2] = [RebalanceProtocol::Cooperative, RebalanceProtocol::Eager];

/// One cooperative rebalance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CooperativeOutcome {
    /// The assignment sent to the members: partitions still owned elsewhere left out.
    pub assignment: Assignment,
    /// The partitions left out, each with the member that will get it once it is revoked.
    pub partitions_transferring_ownership: Map<TopicPartition, String>,
}

/// `CooperativeStickyAssignor.assign`: one rebalance.
pub fn assign(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> CooperativeOutcome {
    let mut run = sticky::run(partitions_per_topic, members);
    let transferring = match run.transferring.take() {
        Some(t) => t,
        None => transferring_from_diff(&run, members),
    };
    // adjustAssignment: List.remove(Object) keeps the rest of each list in order.
    for &(g, m) in &transferring {
        let list = &mut run.lists[m as usize];
        if let Some(pos) = list.iter().position(|&x| x == g) {
            list.remove(pos);
        }
    }
    let partitions_transferring_ownership =
        transferring.iter().map(|&(g, m)| (run.topics.tp(g), members[m as usize].member_id.clone())).collect();
    CooperativeOutcome { assignment: to_assignment(&run.topics, members, &run.lists), partitions_transferring_ownership }
}

/// `computePartitionsTransferringOwnership`: partitions added to one member's assignment
/// that some member had to revoke.
fn transferring_from_diff(run: &sticky::Run, members: &[MemberSubscription]) -> Vec<(u32, u32)> {
    let total = run.topics.total();
    let mut added = vec![NONE; total];
    let mut revoked = vec![false; total];
    // Scratch stamps: owned_by[g] == m while looking at member m's owned partitions,
    // assigned_to[g] == m for its assignment.
    let mut owned_by = vec![NONE; total];
    let mut assigned_to = vec![NONE; total];
    let mut resolver = Resolver::new(&run.topics);
    for (m, member) in members.iter().enumerate() {
        let owned: Vec<u32> = member.owned.iter().filter_map(|tp| resolver.gid(tp)).collect();
        for &g in &owned {
            owned_by[g as usize] = m as u32;
        }
        for &g in &run.lists[m] {
            assigned_to[g as usize] = m as u32;
            if owned_by[g as usize] != m as u32 {
                added[g as usize] = m as u32;
            }
        }
        for &g in &owned {
            if assigned_to[g as usize] != m as u32 {
                revoked[g as usize] = true;
            }
        }
    }
    (0..total as u32).filter(|&g| added[g as usize] != NONE && revoked[g as usize]).map(|g| (g, added[g as usize])).collect()
}

/// Plays a cooperative rebalance and its follow-ups, as `CooperativeStickyAssignorTest`'s
/// `verifyValidityAndBalance` does: after each round every member owns exactly what it
/// was assigned (it revoked the rest) and rejoins in the next generation; the rounds stop
/// when one revokes nothing, or after `max_rounds`. Returns every round's assignment; the
/// last is the settled state.
pub fn rebalance_until_stable(
    partitions_per_topic: &Map<String, u32>,
    members: &[MemberSubscription],
    max_rounds: usize,
) -> Vec<Assignment> {
    let mut members = members.to_vec();
    let mut rounds = Vec::new();
    for _ in 0..max_rounds.max(1) {
        let assignment = assign(partitions_per_topic, &members).assignment;
        let revoked_any = members.iter().any(|m| {
            // Lookups only: the set is never iterated.
            let now: HashSet<&TopicPartition> = assignment[&m.member_id].iter().collect();
            m.owned.iter().any(|tp| !now.contains(tp))
        });
        let generation = members.iter().filter_map(|m| m.generation).max().unwrap_or(0).max(0) + 1;
        for m in &mut members {
            m.owned = assignment[&m.member_id].clone();
            m.generation = Some(generation);
        }
        rounds.push(assignment);
        if !revoked_any {
            break;
        }
    }
    rounds
}
