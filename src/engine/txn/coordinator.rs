//! The transaction coordinator's bookkeeping: which `__transaction_state` partition
//! owns a transactional id, and every transactional id's metadata.

use std::rc::Rc;

use crate::engine::group::java_string_hash;
use crate::engine::map::Map;

use super::state::{PendingTxnOffsets, TransactionMetadata};

/// `Topic.TRANSACTION_STATE_TOPIC_NAME`.
pub const TRANSACTION_STATE_TOPIC: &str = "__transaction_state";
/// `transaction.state.log.num.partitions` (50).
pub const TRANSACTION_STATE_TOPIC_PARTITIONS: u32 = 50;
/// `transaction.abort.timed.out.transaction.cleanup.interval.ms` (10000).
pub const ABORT_TIMED_OUT_INTERVAL_MS: i64 = 10_000;
/// `transaction.max.timeout.ms` (900000).
pub const TRANSACTION_MAX_TIMEOUT_MS: i64 = 900_000;

/// `TransactionStateManager.partitionFor`: `Utils.abs(transactionalId.hashCode) %
/// transactionTopicPartitionCount`.
pub fn transaction_partition(transactional_id: &str) -> u32 {
    let h = java_string_hash(transactional_id);
    let abs = if h == i32::MIN { 0 } else { h.abs() };
    (abs as u32) % TRANSACTION_STATE_TOPIC_PARTITIONS
}

/// Every transaction coordinator's state at once (each transactional id's metadata
/// lives with the leader of its partition; a new leader loads it from the log).
#[derive(Clone, Debug, Default, Hash)]
pub struct TxnCoordinator {
    pub transactions: Map<Rc<str>, TransactionMetadata>,
    /// the next producer id to hand out (`ProducerIdManager`; KRaft's blocks start at 0)
    pub next_producer_id: i64,
    /// the abort-timed-out-transactions task is scheduled
    pub abort_task_scheduled: bool,
    /// transactional offsets awaiting their marker, per (group, producer id)
    pub pending_offsets: PendingTxnOffsets,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_is_abs_hash_mod_50() {
        assert_eq!(transaction_partition("hello"), 99162322 % 50);
        assert_eq!(transaction_partition("polygenelubricants"), 0);
    }
}
