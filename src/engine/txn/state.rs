//! The states of a transaction at its coordinator and at its producer.

use std::rc::Rc;

use serde::Serialize;

use crate::engine::assignor::TopicPartition;
use crate::engine::map::Map;

/// `TransactionState` (Kafka 4.3, transaction-coordinator module): the coordinator's
/// state of one transactional id, with the names `kafka-transactions.sh` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum TxnState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    PrepareEpochFence,
    Dead,
}

impl TxnState {
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Empty => "Empty",
            TxnState::Ongoing => "Ongoing",
            TxnState::PrepareCommit => "PrepareCommit",
            TxnState::PrepareAbort => "PrepareAbort",
            TxnState::CompleteCommit => "CompleteCommit",
            TxnState::CompleteAbort => "CompleteAbort",
            TxnState::PrepareEpochFence => "PrepareEpochFence",
            TxnState::Dead => "Dead",
        }
    }

    pub const ALL: [TxnState; 8] = [
        TxnState::Empty,
        TxnState::Ongoing,
        TxnState::PrepareCommit,
        TxnState::PrepareAbort,
        TxnState::CompleteCommit,
        TxnState::CompleteAbort,
        TxnState::PrepareEpochFence,
        TxnState::Dead,
    ];

    pub fn from_name(s: &str) -> Option<TxnState> {
        TxnState::ALL.into_iter().find(|t| t.name().eq_ignore_ascii_case(s))
    }

    /// `TransactionState.validPreviousStates`.
    pub fn can_follow(self, from: TxnState) -> bool {
        use TxnState::*;
        match self {
            Empty => matches!(from, Empty | CompleteCommit | CompleteAbort),
            Ongoing => matches!(from, Ongoing | Empty | CompleteCommit | CompleteAbort),
            PrepareCommit => from == Ongoing,
            PrepareAbort => matches!(from, Ongoing | PrepareEpochFence | Empty | CompleteCommit | CompleteAbort),
            CompleteCommit => from == PrepareCommit,
            CompleteAbort => from == PrepareAbort,
            PrepareEpochFence => from == Ongoing,
            Dead => matches!(from, Empty | CompleteCommit | CompleteAbort),
        }
    }
}

/// `TransactionMetadata`: what the coordinator keeps per transactional id.
#[derive(Clone, Debug, Hash, Serialize)]
pub struct TransactionMetadata {
    pub transactional_id: Rc<str>,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub last_producer_epoch: i16,
    pub txn_timeout_ms: i64,
    pub state: TxnState,
    /// the partitions in the transaction, sorted
    pub partitions: Vec<(Rc<str>, u32)>,
    /// `txnStartTimestamp` (-1 before the first transaction)
    pub txn_start_ms: i64,
    pub txn_last_update_ms: i64,
    /// markers not yet written (while PrepareCommit or PrepareAbort)
    pub pending_markers: Vec<(Rc<str>, u32)>,
    /// the coordinator epoch (the `__transaction_state` partition's leader epoch)
    pub coordinator_epoch: i32,
}

/// The transactional producer's state (`TransactionManager.State`, Kafka 4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ClientTxnState {
    Uninitialized,
    Initializing,
    Ready,
    InTransaction,
    CommittingTransaction,
    AbortingTransaction,
    AbortableError,
    FatalError,
}

impl ClientTxnState {
    pub fn name(self) -> &'static str {
        match self {
            ClientTxnState::Uninitialized => "UNINITIALIZED",
            ClientTxnState::Initializing => "INITIALIZING",
            ClientTxnState::Ready => "READY",
            ClientTxnState::InTransaction => "IN_TRANSACTION",
            ClientTxnState::CommittingTransaction => "COMMITTING_TRANSACTION",
            ClientTxnState::AbortingTransaction => "ABORTING_TRANSACTION",
            ClientTxnState::AbortableError => "ABORTABLE_ERROR",
            ClientTxnState::FatalError => "FATAL_ERROR",
        }
    }
}

/// A call the application makes on a transactional producer. Kafka's blocking calls
/// (`initTransactions`, `sendOffsetsToTransaction`, `commitTransaction`,
/// `abortTransaction`) hold the application thread until answered, so the calls after
/// one wait in [`TxnClient::queue`] (the simulated application thread).
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum TxnCall {
    Init,
    Begin,
    Send { topic: String, partition: Option<u32>, record: crate::engine::log::record::NewRecord },
    SendOffsets { group: String, offsets: Vec<(TopicPartition, i64)> },
    Commit,
    Abort,
}

/// The transactional side of a `KafkaProducer` (`TransactionManager`).
#[derive(Clone, Debug, Hash)]
pub struct TxnClient {
    pub transactional_id: Rc<str>,
    pub state: ClientTxnState,
    pub producer_id: i64,
    pub epoch: i16,
    /// partitions written in the current transaction (KIP-890: added by the brokers)
    pub partitions: Vec<(Rc<str>, u32)>,
    /// offsets were sent in this transaction
    pub offsets_sent: bool,
    /// a blocking call is waiting for its answer
    pub blocked: bool,
    /// the call that blocks, waiting for in-flight batches to be acknowledged first
    pub awaiting_flush: Option<bool>,
    pub queue: std::collections::VecDeque<TxnCall>,
    /// the last error, as the application's exception would say it
    pub last_error: Option<String>,
    pub committed_transactions: u64,
    pub aborted_transactions: u64,
}

impl TxnClient {
    pub fn new(transactional_id: &str) -> Self {
        TxnClient {
            transactional_id: Rc::from(transactional_id),
            state: ClientTxnState::Uninitialized,
            producer_id: -1,
            epoch: -1,
            partitions: Vec::new(),
            offsets_sent: false,
            blocked: false,
            awaiting_flush: None,
            queue: Default::default(),
            last_error: None,
            committed_transactions: 0,
            aborted_transactions: 0,
        }
    }
}

/// Offsets a TxnOffsetCommit wrote, waiting for the transaction's marker on the group's
/// `__consumer_offsets` partition (the group coordinator's pending transactional offsets).
pub type PendingTxnOffsets = Map<(Rc<str>, i64), Vec<(TopicPartition, i64)>>;
