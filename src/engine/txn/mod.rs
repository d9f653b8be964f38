//! Kafka's transactions (KIP-98, KIP-447, KIP-890): the transaction coordinator's state
//! and the transactional producer's. The protocol's handling (requests, markers, the
//! timeout task) is in `sim/transactions.rs`; the partition side (producer state, last
//! stable offset, aborted index) in `log/producer_state.rs` and `log/txn_index.rs`.
//!
//! Checked against Kafka 4.3's source for issue 18: `TransactionCoordinator.scala`,
//! `TransactionStateManager.scala`, `TransactionMetadata.scala` and `TransactionState`
//! (core/src/main/scala/kafka/coordinator/transaction/ and
//! transaction-coordinator/src/main/java/org/apache/kafka/coordinator/transaction/), and the
//! client's `TransactionManager` (clients/.../producer/internals/TransactionManager.java).

pub mod coordinator;
pub mod state;

pub use coordinator::{transaction_partition, TxnCoordinator, TRANSACTION_STATE_TOPIC, TRANSACTION_STATE_TOPIC_PARTITIONS};
pub use state::{ClientTxnState, TransactionMetadata, TxnState};
