//! Transactions in the simulation: the transactional producer's calls
//! (`TransactionManager`), the transaction coordinator's requests
//! (`TransactionCoordinator.handleInitProducerId`, `handleEndTransaction`, the
//! KIP-890 verification a partition leader asks for), the markers it writes
//! (`TransactionMarkerChannelManager` → `WriteTxnMarkers`), transactional offsets in the
//! group coordinator (`TxnOffsetCommit`, KIP-447) and the abort of timed-out transactions
//! (`TransactionStateManager.timedOutTransactions`, every
//! `transaction.abort.timed.out.transaction.cleanup.interval.ms`).
//!
//! Checked against Kafka 4.3 (issue 18). A new 4.x cluster finalizes `transaction.version`
//! 2 (KIP-890 part 2), which is what is modelled: the client sends no AddPartitionsToTxn
//! (a partition's leader adds the partition when the first transactional batch arrives)
//! and no AddOffsetsToTxn (TxnOffsetCommit goes straight to the group coordinator, which
//! adds the group's `__consumer_offsets` partition), and every EndTxn bumps the producer
//! epoch. Simplifications: the broker-to-coordinator verification and the marker's
//! answer take no network time; the coordinator's state survives a change of its
//! partition's leader (Kafka's new leader reloads it from `__transaction_state`);
//! `transactional.id.expiration.ms` and producer id rotation on epoch exhaustion are not
//! modelled; TxnOffsetCommit does not check the consumer's group generation (KIP-447).

use std::rc::Rc;

use super::super::assignor::TopicPartition;
use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event, ProducerId};
use super::super::group::{coordinator_partition, CommittedOffset, OFFSETS_TOPIC};
use super::super::log::record::NewRecord;
use super::super::log::BatchProducer;
use super::super::txn::coordinator::ABORT_TIMED_OUT_INTERVAL_MS;
use super::super::txn::state::{TxnCall, TxnClient};
use super::super::txn::{transaction_partition, ClientTxnState, TransactionMetadata, TxnState, TRANSACTION_STATE_TOPIC};
use super::{Action, Sim};

/// A request from a transactional producer to a coordinator.
#[derive(Clone, Debug, Hash)]
pub(crate) enum TxnRequest {
    InitProducerId { timeout_ms: i64 },
    EndTxn { producer_id: i64, epoch: i16, commit: bool },
    TxnOffsetCommit { group: Rc<str>, producer_id: i64, epoch: i16, offsets: Vec<(TopicPartition, i64)> },
}

impl TxnRequest {
    pub fn api(&self) -> &'static str {
        match self {
            TxnRequest::InitProducerId { .. } => "InitProducerId",
            TxnRequest::EndTxn { .. } => "EndTxn",
            TxnRequest::TxnOffsetCommit { .. } => "TxnOffsetCommit",
        }
    }
}

/// The coordinator's answer: the producer id and epoch, or an error.
pub(crate) type TxnResponse = Result<(i64, i16), ErrorCode>;

/// `ProducerFencedException`'s message.
const FENCED: &str = "ProducerFencedException: There is a newer producer with the same transactionalId which fences the current one.";

impl Sim {
    /// The broker coordinating a transactional id: the leader of its `__transaction_state`
    /// partition.
    pub fn transaction_coordinator(&self, transactional_id: &str) -> Option<BrokerId> {
        let t = self.st.topics.get(TRANSACTION_STATE_TOPIC)?;
        t.partitions[transaction_partition(transactional_id) as usize].leader.filter(|b| self.broker_alive(*b))
    }

    /// The coordinator's metadata of every transactional id.
    pub fn transactions(&self) -> impl Iterator<Item = &TransactionMetadata> {
        self.st.txn.transactions.values()
    }

    /// `__transaction_state` is created on the first FindCoordinator for a transaction
    /// (`transaction.state.log.replication.factor` 3, capped at the cluster's size;
    /// `transaction.state.log.min.isr` 2; compacted), and with it the coordinator's
    /// abort-timed-out-transactions task starts.
    fn ensure_transaction_topic(&mut self) -> KafkaResult<()> {
        if !self.st.topics.contains_key(TRANSACTION_STATE_TOPIC) {
            let rf = 3.min(self.st.brokers.len() as i32);
            // `TransactionStateManager.transactionTopicConfigs` (4.x)
            let configs = vec![
                ("unclean.leader.election.enable".to_string(), "false".to_string()),
                ("compression.type".to_string(), "uncompressed".to_string()),
                ("cleanup.policy".to_string(), "compact".to_string()),
                ("min.insync.replicas".to_string(), 2.min(rf).to_string()),
                ("segment.bytes".to_string(), "104857600".to_string()),
            ];
            self.create_internal_topic(
                TRANSACTION_STATE_TOPIC,
                super::super::txn::TRANSACTION_STATE_TOPIC_PARTITIONS as i32,
                rf,
                &configs,
            )?;
        }
        if !self.st.txn.abort_task_scheduled {
            self.st.txn.abort_task_scheduled = true;
            self.schedule(ABORT_TIMED_OUT_INTERVAL_MS, Action::TxnAbortCheck);
        }
        Ok(())
    }

    fn txn_client(&self, producer: ProducerId) -> KafkaResult<&TxnClient> {
        self.producer(producer)?.txn.as_deref().ok_or_else(|| {
            KafkaError::new(
                ErrorCode::IllegalArgument,
                "IllegalStateException: Transactional method invoked on a non-transactional producer.",
            )
        })
    }

    fn txn_client_mut(&mut self, producer: ProducerId) -> Option<&mut TxnClient> {
        self.st.producers.get_mut(&producer).and_then(|p| p.txn.as_deref_mut())
    }

    /// An application call on a transactional producer. Calls after a blocking one wait
    /// their turn, as the application thread would.
    pub(super) fn txn_call(&mut self, producer: ProducerId, call: TxnCall) -> KafkaResult<Reply> {
        let c = self.txn_client(producer)?;
        if c.state == ClientTxnState::FatalError {
            let msg = c.last_error.clone().unwrap_or_else(|| FENCED.into());
            return Err(KafkaError::new(ErrorCode::ProducerFenced, msg));
        }
        if c.blocked || !c.queue.is_empty() {
            self.txn_client_mut(producer).expect("checked").queue.push_back(call);
            return Ok(Reply::Done);
        }
        self.run_txn_call(producer, call)
    }

    fn set_client_state(&mut self, producer: ProducerId, to: ClientTxnState) {
        let Some(c) = self.txn_client_mut(producer) else { return };
        if c.state == to {
            return;
        }
        c.state = to;
        let transactional_id = c.transactional_id.clone();
        self.emit(Event::TxnClientState { producer, transactional_id, state: to });
    }

    fn txn_fail(&mut self, producer: ProducerId, code: ErrorCode, message: String, fatal: bool) -> KafkaError {
        if let Some(c) = self.txn_client_mut(producer) {
            c.last_error = Some(message.clone());
            c.blocked = false;
            c.awaiting_flush = None;
            if fatal {
                c.queue.clear();
            }
            let transactional_id = c.transactional_id.clone();
            self.emit(Event::TxnError { producer, transactional_id, error: code, message: message.clone() });
        }
        if fatal {
            self.set_client_state(producer, ClientTxnState::FatalError);
        }
        KafkaError::new(code, message)
    }

    fn invalid_transition(&mut self, producer: ProducerId, to: ClientTxnState) -> KafkaError {
        let c = self.txn_client_mut(producer).expect("transactional");
        let msg = format!(
            "IllegalStateException: TransactionalId {}: Invalid transition attempted from state {} to state {}",
            c.transactional_id,
            c.state.name(),
            to.name()
        );
        self.txn_fail(producer, ErrorCode::InvalidTxnState, msg, false)
    }

    fn run_txn_call(&mut self, producer: ProducerId, call: TxnCall) -> KafkaResult<Reply> {
        let state = self.txn_client(producer)?.state;
        match call {
            TxnCall::Init => {
                if state != ClientTxnState::Uninitialized {
                    return Err(self.invalid_transition(producer, ClientTxnState::Initializing));
                }
                self.ensure_transaction_topic()?;
                self.set_client_state(producer, ClientTxnState::Initializing);
                let timeout_ms = self.st.producers[&producer].config.transaction_timeout_ms;
                self.send_txn_request(producer, TxnRequest::InitProducerId { timeout_ms });
                Ok(Reply::Done)
            }
            TxnCall::Begin => {
                if state != ClientTxnState::Ready {
                    return Err(self.invalid_transition(producer, ClientTxnState::InTransaction));
                }
                self.set_client_state(producer, ClientTxnState::InTransaction);
                Ok(Reply::Done)
            }
            TxnCall::Send { topic, partition, record } => {
                if state != ClientTxnState::InTransaction {
                    // `TransactionManager.maybeFailWithError` / `failIfNotReadyForSend`
                    let msg = if self.txn_client(producer)?.producer_id < 0 {
                        "IllegalStateException: Cannot perform a 'send' before completing a call to initTransactions when transactions are enabled.".to_string()
                    } else {
                        format!("IllegalStateException: Cannot call send in state {}", state.name())
                    };
                    return Err(self.txn_fail(producer, ErrorCode::InvalidTxnState, msg, false));
                }
                let reply = self.send(producer, &topic, partition, record)?;
                if let Reply::Queued { partition } = reply {
                    if let Some(name) = self.st.topics.get(topic.as_str()).map(|t| t.name.clone()) {
                        let c = self.txn_client_mut(producer).expect("transactional");
                        if !c.partitions.iter().any(|(t, p)| *t == name && *p == partition) {
                            c.partitions.push((name, partition));
                            crate::engine::sorting::sort(&mut c.partitions);
                        }
                    }
                }
                Ok(reply)
            }
            TxnCall::SendOffsets { group, offsets } => {
                if state != ClientTxnState::InTransaction {
                    let msg = format!(
                        "IllegalStateException: Cannot send offsets if a transaction is not in progress (currentState= {})",
                        state.name()
                    );
                    return Err(self.txn_fail(producer, ErrorCode::InvalidTxnState, msg, false));
                }
                let c = self.txn_client_mut(producer).expect("transactional");
                c.offsets_sent = true;
                c.blocked = true;
                let (producer_id, epoch) = (c.producer_id, c.epoch);
                let request = TxnRequest::TxnOffsetCommit { group: Rc::from(group.as_str()), producer_id, epoch, offsets };
                self.send_txn_request(producer, request);
                Ok(Reply::Done)
            }
            TxnCall::Commit | TxnCall::Abort => {
                let commit = call == TxnCall::Commit;
                let ok = match state {
                    ClientTxnState::InTransaction => true,
                    ClientTxnState::AbortableError => !commit,
                    _ => false,
                };
                let to = if commit { ClientTxnState::CommittingTransaction } else { ClientTxnState::AbortingTransaction };
                if !ok {
                    if commit && state == ClientTxnState::AbortableError {
                        let msg = "KafkaException: Cannot execute transactional method because we are in an error state".to_string();
                        return Err(self.txn_fail(producer, ErrorCode::InvalidTxnState, msg, false));
                    }
                    return Err(self.invalid_transition(producer, to));
                }
                self.set_client_state(producer, to);
                if commit {
                    self.drain(producer);
                } else if let Some(p) = self.st.producers.get_mut(&producer) {
                    // `abortTransaction`: batches not yet sent are aborted, not sent
                    p.open.clear();
                }
                let c = self.txn_client_mut(producer).expect("transactional");
                c.blocked = true;
                c.awaiting_flush = Some(commit);
                self.maybe_end_txn(producer);
                Ok(Reply::Done)
            }
        }
    }

    /// Sends EndTxn once every batch of the transaction is acknowledged (the commit's
    /// flush); a transaction that wrote nothing ends without a request (KIP-890).
    pub(super) fn maybe_end_txn(&mut self, producer: ProducerId) {
        let Some(p) = self.st.producers.get(&producer) else { return };
        let Some(c) = p.txn.as_ref() else { return };
        let Some(commit) = c.awaiting_flush else { return };
        if !p.in_flight.is_empty() || !p.open.is_empty() {
            return;
        }
        let c = self.txn_client_mut(producer).expect("transactional");
        c.awaiting_flush = None;
        if c.partitions.is_empty() && !c.offsets_sent {
            self.txn_completed(producer, commit);
            return;
        }
        let (producer_id, epoch) = (c.producer_id, c.epoch);
        self.send_txn_request(producer, TxnRequest::EndTxn { producer_id, epoch, commit });
    }

    fn txn_completed(&mut self, producer: ProducerId, commit: bool) {
        let c = self.txn_client_mut(producer).expect("transactional");
        c.partitions.clear();
        c.offsets_sent = false;
        c.blocked = false;
        if commit {
            c.committed_transactions += 1;
        } else {
            c.aborted_transactions += 1;
        }
        self.set_client_state(producer, ClientTxnState::Ready);
        self.run_txn_queue(producer);
    }

    /// Runs the queued calls until one blocks.
    fn run_txn_queue(&mut self, producer: ProducerId) {
        loop {
            let Some(c) = self.txn_client_mut(producer) else { return };
            if c.blocked || c.state == ClientTxnState::FatalError {
                return;
            }
            let Some(call) = c.queue.pop_front() else { return };
            let _ = self.run_txn_call(producer, call);
        }
    }

    fn send_txn_request(&mut self, producer: ProducerId, request: TxnRequest) {
        let Some(c) = self.txn_client_mut(producer) else { return };
        c.blocked = true;
        let tid = c.transactional_id.clone();
        let broker = match &request {
            TxnRequest::TxnOffsetCommit { group, .. } => {
                // FindCoordinator(GROUP) creates `__consumer_offsets` if it must
                let _ = self.ensure_offsets_topic();
                self.coordinator_for(group)
            }
            _ => self.transaction_coordinator(&tid),
        };
        let Some(broker) = broker else {
            // FindCoordinator finds none: the client retries after retry.backoff.ms
            let backoff = self.st.producers[&producer].config.retry_backoff_ms.max(1);
            self.schedule(backoff, Action::TxnRetry { producer, request });
            return;
        };
        self.emit(Event::TxnRequestSent { producer, transactional_id: tid, api: request.api().into(), broker });
        let d = self.delay();
        self.schedule(d, Action::TxnRequestArrive { producer, broker, request });
    }

    pub(super) fn on_txn_retry(&mut self, producer: ProducerId, request: TxnRequest) {
        if self.txn_client_mut(producer).is_some_and(|c| c.state != ClientTxnState::FatalError) && !self.st.producers[&producer].closed {
            self.send_txn_request(producer, request);
        }
    }

    pub(super) fn on_txn_request(&mut self, producer: ProducerId, broker: BrokerId, request: TxnRequest) {
        let Some(tid) = self.st.producers.get(&producer).and_then(|p| p.txn.as_ref()).map(|c| c.transactional_id.clone()) else {
            return;
        };
        let coordinator = match &request {
            TxnRequest::TxnOffsetCommit { group, .. } => self.coordinator_for(group),
            _ => self.transaction_coordinator(&tid),
        };
        let result = if coordinator != Some(broker) {
            Err(ErrorCode::CoordinatorNotAvailable)
        } else {
            match &request {
                TxnRequest::InitProducerId { timeout_ms } => self.handle_init_producer_id(&tid, *timeout_ms),
                TxnRequest::EndTxn { producer_id, epoch, commit } => self.handle_end_txn(&tid, *producer_id, *epoch, *commit, true),
                TxnRequest::TxnOffsetCommit { group, producer_id, epoch, offsets } => {
                    self.handle_txn_offset_commit(&tid, group, *producer_id, *epoch, offsets).map(|_| (*producer_id, *epoch))
                }
            }
        };
        self.emit(Event::TxnResponse { producer, transactional_id: tid, api: request.api().into(), broker, error: result.err() });
        let d = self.delay();
        self.schedule(d, Action::TxnResponseArrive { producer, request, result });
    }

    pub(super) fn on_txn_response(&mut self, producer: ProducerId, request: TxnRequest, result: TxnResponse) {
        if self.st.producers.get(&producer).is_none_or(|p| p.closed || p.txn.is_none()) {
            return;
        }
        let retry = self.st.producers[&producer].config.retry_backoff_ms.max(1);
        match (result, &request) {
            (Err(ErrorCode::CoordinatorNotAvailable | ErrorCode::ConcurrentTransactions), _) => {
                // retriable: the client backs off and sends the request again
                self.schedule(retry, Action::TxnRetry { producer, request });
            }
            (Err(code @ (ErrorCode::ProducerFenced | ErrorCode::InvalidProducerEpoch)), _) => {
                self.txn_fail(producer, code, FENCED.into(), true);
            }
            (Err(code), _) => {
                let msg = format!("KafkaException: {}", code.default_message());
                self.txn_fail(producer, code, msg, true);
            }
            (Ok((pid, epoch)), TxnRequest::InitProducerId { .. }) => {
                let c = self.txn_client_mut(producer).expect("checked");
                c.producer_id = pid;
                c.epoch = epoch;
                c.blocked = false;
                let transactional_id = c.transactional_id.clone();
                self.emit(Event::TxnProducerInitialized { producer, transactional_id, producer_id: pid, epoch });
                self.set_client_state(producer, ClientTxnState::Ready);
                self.run_txn_queue(producer);
            }
            (Ok((_, epoch)), TxnRequest::EndTxn { commit, .. }) => {
                // KIP-890: EndTxn answers with the bumped epoch
                self.txn_client_mut(producer).expect("checked").epoch = epoch;
                self.txn_completed(producer, *commit);
            }
            (Ok(_), TxnRequest::TxnOffsetCommit { .. }) => {
                self.txn_client_mut(producer).expect("checked").blocked = false;
                self.run_txn_queue(producer);
            }
        }
    }

    /// A produce from a transactional producer failed: fenced is fatal; anything else
    /// that is not retried leaves the transaction to be aborted (`ABORTABLE_ERROR`).
    pub(super) fn on_txn_produce_failed(&mut self, producer: ProducerId, code: ErrorCode, message: &str) {
        if self.txn_client_mut(producer).is_none() {
            return;
        }
        match code {
            ErrorCode::InvalidProducerEpoch | ErrorCode::ProducerFenced => {
                self.txn_fail(producer, ErrorCode::ProducerFenced, FENCED.into(), true);
            }
            _ => {
                let awaiting = self.txn_client_mut(producer).and_then(|c| c.awaiting_flush);
                self.txn_fail(producer, code, format!("KafkaException: {message}"), false);
                self.set_client_state(producer, ClientTxnState::AbortableError);
                if awaiting == Some(false) {
                    // an abort goes ahead
                    self.txn_client_mut(producer).expect("checked").awaiting_flush = Some(false);
                    self.set_client_state(producer, ClientTxnState::AbortingTransaction);
                    self.maybe_end_txn(producer);
                }
            }
        }
    }

    // ---- the coordinator ----

    fn write_txn_state(&mut self, tid: &Rc<str>, from: TxnState) {
        let m = &self.st.txn.transactions[tid];
        let parts: Vec<String> = m.partitions.iter().map(|(t, p)| format!("{t}-{p}")).collect();
        let value = format!(
            "producerId:{},producerEpoch:{},state={},partitions=[{}],txnLastUpdateTimestamp={},txnTimeoutMs={}",
            m.producer_id,
            m.producer_epoch,
            m.state.name(),
            parts.join(","),
            m.txn_last_update_ms,
            m.txn_timeout_ms
        );
        let (to, pid, epoch) = (m.state, m.producer_id, m.producer_epoch);
        let _ = self.produce_batch(TRANSACTION_STATE_TOPIC, transaction_partition(tid), &[NewRecord::keyed(tid.as_bytes(), value)]);
        if from != to {
            let coordinator = self.transaction_coordinator(tid);
            self.emit(Event::TxnStateChanged { transactional_id: tid.clone(), producer_id: pid, epoch, from, to, coordinator });
        }
    }

    fn set_txn_state(&mut self, tid: &Rc<str>, to: TxnState) {
        let now = self.st.now;
        let m = self.st.txn.transactions.get_mut(tid).expect("exists");
        let from = m.state;
        debug_assert!(to.can_follow(from), "{from:?} -> {to:?}");
        m.state = to;
        m.txn_last_update_ms = now;
        self.write_txn_state(tid, from);
    }

    /// `handleInitProducerId` (Kafka 4.3): a new id gets a producer id and epoch 0; a known
    /// one gets its epoch bumped, which fences the previous producer; an open transaction
    /// is aborted first (PrepareEpochFence) and the client told to retry.
    fn handle_init_producer_id(&mut self, tid: &Rc<str>, timeout_ms: i64) -> TxnResponse {
        if timeout_ms > super::super::txn::coordinator::TRANSACTION_MAX_TIMEOUT_MS || timeout_ms <= 0 {
            return Err(ErrorCode::InvalidTransactionTimeout);
        }
        let now = self.st.now;
        let coordinator_epoch = self.txn_coordinator_epoch(tid);
        if !self.st.txn.transactions.contains_key(tid) {
            let producer_id = self.st.txn.next_producer_id;
            self.st.txn.next_producer_id += 1;
            self.st.txn.transactions.insert(
                tid.clone(),
                TransactionMetadata {
                    transactional_id: tid.clone(),
                    producer_id,
                    producer_epoch: -1,
                    last_producer_epoch: -1,
                    txn_timeout_ms: timeout_ms,
                    state: TxnState::Empty,
                    partitions: Vec::new(),
                    txn_start_ms: -1,
                    txn_last_update_ms: now,
                    pending_markers: Vec::new(),
                    coordinator_epoch,
                },
            );
        }
        let m = &self.st.txn.transactions[tid];
        match m.state {
            TxnState::PrepareCommit | TxnState::PrepareAbort | TxnState::PrepareEpochFence => Err(ErrorCode::ConcurrentTransactions),
            TxnState::Ongoing => {
                // `prepareFenceProducerEpoch`, then the abort; CONCURRENT_TRANSACTIONS makes
                // the client retry once the markers are written
                self.fence_and_abort(tid);
                Err(ErrorCode::ConcurrentTransactions)
            }
            _ => {
                let m = self.st.txn.transactions.get_mut(tid).expect("exists");
                m.last_producer_epoch = m.producer_epoch;
                m.producer_epoch += 1;
                m.txn_timeout_ms = timeout_ms;
                m.partitions.clear();
                m.txn_start_ms = -1;
                let answer = (m.producer_id, m.producer_epoch);
                self.set_txn_state(tid, TxnState::Empty);
                Ok(answer)
            }
        }
    }

    fn txn_coordinator_epoch(&self, tid: &str) -> i32 {
        self.partition(TRANSACTION_STATE_TOPIC, transaction_partition(tid)).map_or(0, |p| p.leader_epoch)
    }

    /// Ongoing → PrepareEpochFence (epoch bumped, the zombie fenced) → PrepareAbort.
    fn fence_and_abort(&mut self, tid: &Rc<str>) {
        let m = self.st.txn.transactions.get_mut(tid).expect("exists");
        m.last_producer_epoch = m.producer_epoch;
        m.producer_epoch += 1;
        self.set_txn_state(tid, TxnState::PrepareEpochFence);
        let (pid, epoch) = {
            let m = &self.st.txn.transactions[tid];
            (m.producer_id, m.producer_epoch)
        };
        let _ = self.handle_end_txn(tid, pid, epoch, false, false);
    }

    /// `handleEndTransaction` under transaction version 2: PrepareCommit or PrepareAbort
    /// with the epoch bumped, the answer, then the markers.
    fn handle_end_txn(&mut self, tid: &Rc<str>, producer_id: i64, epoch: i16, commit: bool, from_client: bool) -> TxnResponse {
        let Some(m) = self.st.txn.transactions.get(tid) else { return Err(ErrorCode::InvalidProducerEpoch) };
        if m.producer_id != producer_id {
            return Err(ErrorCode::InvalidProducerEpoch);
        }
        if from_client && epoch < m.producer_epoch {
            return Err(ErrorCode::ProducerFenced);
        }
        let target = if commit { TxnState::PrepareCommit } else { TxnState::PrepareAbort };
        match m.state {
            TxnState::Ongoing | TxnState::PrepareEpochFence => {}
            TxnState::PrepareCommit | TxnState::PrepareAbort => return Err(ErrorCode::ConcurrentTransactions),
            TxnState::CompleteCommit if commit => return Ok((m.producer_id, m.producer_epoch)),
            TxnState::CompleteAbort if !commit => return Ok((m.producer_id, m.producer_epoch)),
            _ => return Err(ErrorCode::InvalidTxnState),
        }
        let now = self.st.now;
        let m = self.st.txn.transactions.get_mut(tid).expect("exists");
        if from_client {
            // KIP-890: every EndTxn bumps the epoch, so a late write of this transaction is fenced
            m.last_producer_epoch = m.producer_epoch;
            m.producer_epoch += 1;
        }
        m.pending_markers = m.partitions.clone();
        m.txn_last_update_ms = now;
        let answer = (m.producer_id, m.producer_epoch);
        let markers = m.pending_markers.clone();
        let coordinator_epoch = m.coordinator_epoch;
        self.set_txn_state(tid, target);
        let d = self.delay();
        for (topic, partition) in markers {
            self.schedule(
                d,
                Action::TxnMarkerArrive {
                    transactional_id: tid.clone(),
                    topic,
                    partition,
                    producer_id,
                    epoch: answer.1,
                    commit,
                    coordinator_epoch,
                },
            );
        }
        if self.st.txn.transactions[tid].pending_markers.is_empty() {
            self.complete_txn(tid, commit);
        }
        Ok(answer)
    }

    fn complete_txn(&mut self, tid: &Rc<str>, commit: bool) {
        let m = self.st.txn.transactions.get_mut(tid).expect("exists");
        m.partitions.clear();
        self.set_txn_state(tid, if commit { TxnState::CompleteCommit } else { TxnState::CompleteAbort });
    }

    /// `WriteTxnMarkers` at a partition's leader: the marker is appended (taking an
    /// offset) and the producer's transaction there is complete; with no leader the
    /// coordinator retries.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_txn_marker(
        &mut self,
        tid: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        producer_id: i64,
        epoch: i16,
        commit: bool,
        coordinator_epoch: i32,
    ) {
        let now = self.st.now;
        let own = self.per_broker_log_defaults();
        let Some(t) = self.st.topics.get_mut(&topic) else {
            return self.marker_done(&tid, &topic, partition, commit);
        };
        let cfg = t.config.clone();
        let Some(part) = t.partitions.get_mut(partition as usize) else {
            return self.marker_done(&tid, &topic, partition, commit);
        };
        let leader = part.leader;
        let leader = leader.filter(|l| self.broker_alive(*l));
        let Some(leader) = leader else {
            self.schedule(
                100,
                Action::TxnMarkerArrive { transactional_id: tid, topic, partition, producer_id, epoch, commit, coordinator_epoch },
            );
            return;
        };
        // the leader's log config: its own dynamic log configs count (broker_config.rs)
        let cfg = super::broker_config::replica_config(&cfg, &own, leader);
        let part = &mut self.st.topics.get_mut(&topic).expect("exists").partitions[partition as usize];
        let hw = part.high_watermark();
        let r = part.replica_mut(leader).expect("the leader hosts a replica");
        let Ok(info) = r.log.append_marker(producer_id, epoch, coordinator_epoch, commit, now, &cfg, hw) else {
            return self.marker_done(&tid, &topic, partition, commit);
        };
        if let Some(base) = info.rolled {
            self.emit(Event::SegmentRolled { topic: topic.clone(), partition, broker: leader, base_offset: base });
        }
        self.emit(Event::TxnMarkerWritten {
            transactional_id: tid.clone(),
            topic: topic.clone(),
            partition,
            broker: leader,
            offset: info.first_offset,
            producer_id,
            commit,
        });
        if &*topic == OFFSETS_TOPIC {
            self.complete_txn_offsets(partition, producer_id, commit);
        }
        self.wake_parked_fetches(&topic, partition);
        self.maybe_advance_high_watermark(&topic, partition);
        self.marker_done(&tid, &topic, partition, commit);
    }

    fn marker_done(&mut self, tid: &Rc<str>, topic: &Rc<str>, partition: u32, commit: bool) {
        let Some(m) = self.st.txn.transactions.get_mut(tid) else { return };
        let before = m.pending_markers.len();
        m.pending_markers.retain(|(t, p)| !(t == topic && *p == partition));
        if before > 0 && m.pending_markers.is_empty() && matches!(m.state, TxnState::PrepareCommit | TxnState::PrepareAbort) {
            self.complete_txn(tid, commit);
        }
    }

    /// KIP-890's verification, asked by a partition's leader before it appends a
    /// transactional batch (`AddPartitionsToTxn` from the broker): the epoch must be the
    /// current one, and the partition joins the transaction (Empty or Complete → Ongoing).
    pub(super) fn txn_add_partition(
        &mut self,
        tid: &Rc<str>,
        producer_id: i64,
        epoch: i16,
        topic: &Rc<str>,
        partition: u32,
    ) -> Result<(), ErrorCode> {
        let now = self.st.now;
        let Some(m) = self.st.txn.transactions.get(tid) else { return Err(ErrorCode::InvalidProducerEpoch) };
        if m.producer_id != producer_id || epoch < m.producer_epoch {
            return Err(ErrorCode::InvalidProducerEpoch);
        }
        match m.state {
            TxnState::PrepareCommit | TxnState::PrepareAbort | TxnState::PrepareEpochFence => {
                return Err(ErrorCode::ConcurrentTransactions)
            }
            TxnState::Dead => return Err(ErrorCode::InvalidTxnState),
            _ => {}
        }
        if m.state == TxnState::Ongoing && m.partitions.iter().any(|(t, p)| t == topic && *p == partition) {
            return Ok(());
        }
        let from = m.state;
        let m = self.st.txn.transactions.get_mut(tid).expect("exists");
        if from != TxnState::Ongoing {
            m.txn_start_ms = now;
        }
        m.partitions.push((topic.clone(), partition));
        crate::engine::sorting::sort(&mut m.partitions);
        m.txn_last_update_ms = now;
        if from != TxnState::Ongoing {
            self.set_txn_state(tid, TxnState::Ongoing);
        } else {
            self.write_txn_state(tid, from);
        }
        Ok(())
    }

    /// `TxnOffsetCommit` at the group coordinator (KIP-447; transaction version 2 adds the
    /// group's `__consumer_offsets` partition itself): the offsets are written to that
    /// partition as transactional records and applied when the commit marker arrives.
    fn handle_txn_offset_commit(
        &mut self,
        tid: &Rc<str>,
        group: &Rc<str>,
        producer_id: i64,
        epoch: i16,
        offsets: &[(TopicPartition, i64)],
    ) -> Result<(), ErrorCode> {
        let p = coordinator_partition(group);
        let topic: Rc<str> = self.st.topics.get(OFFSETS_TOPIC).map(|t| t.name.clone()).ok_or(ErrorCode::CoordinatorNotAvailable)?;
        self.txn_add_partition(tid, producer_id, epoch, &topic, p)?;
        let records: Vec<NewRecord> =
            offsets.iter().map(|(tp, o)| NewRecord::keyed(format!("{group},{},{}", tp.topic, tp.partition), o.to_string())).collect();
        if !records.is_empty() {
            let now = self.st.now;
            let own = self.per_broker_log_defaults();
            let t = self.st.topics.get_mut(OFFSETS_TOPIC).expect("exists");
            let part = &mut t.partitions[p as usize];
            if let Some(leader) = part.leader {
                let cfg = super::broker_config::replica_config(&t.config, &own, leader);
                let r = part.replica_mut(leader).expect("the leader hosts a replica");
                let bp = BatchProducer { producer_id, epoch, transactional: true };
                r.log.append_producer_batch(&records, now, &cfg, bp).map_err(|e| e.code)?;
                self.maybe_advance_high_watermark(&topic, p);
            }
        }
        let pending = self.st.txn.pending_offsets.entry((group.clone(), producer_id)).or_default();
        for (tp, o) in offsets {
            pending.retain(|(t, _)| t != tp);
            pending.push((tp.clone(), *o));
        }
        Ok(())
    }

    /// The marker reached a `__consumer_offsets` partition: a commit makes the pending
    /// transactional offsets of its groups the committed ones; an abort drops them.
    fn complete_txn_offsets(&mut self, partition: u32, producer_id: i64, commit: bool) {
        let keys: Vec<(Rc<str>, i64)> = self
            .st
            .txn
            .pending_offsets
            .keys()
            .filter(|(g, pid)| *pid == producer_id && coordinator_partition(g) == partition)
            .cloned()
            .collect();
        let now = self.st.now;
        for key in keys {
            let offsets = self.st.txn.pending_offsets.remove(&key).unwrap_or_default();
            if !commit || offsets.is_empty() {
                continue;
            }
            let epochs: Vec<Option<i32>> = offsets.iter().map(|(tp, o)| self.offset_leader_epoch(tp, *o)).collect();
            let group = key.0;
            let stored = if let Some(g) = self.st.groups.get_mut(&group) {
                for ((tp, o), leader_epoch) in offsets.iter().zip(&epochs) {
                    g.offsets.insert(tp.clone(), CommittedOffset { offset: *o, commit_timestamp: now, leader_epoch: *leader_epoch });
                }
                true
            } else if let Some(g) = self.st.consumer_groups.get_mut(&group) {
                for ((tp, o), leader_epoch) in offsets.iter().zip(&epochs) {
                    g.offsets.insert(tp.clone(), CommittedOffset { offset: *o, commit_timestamp: now, leader_epoch: *leader_epoch });
                }
                true
            } else {
                let mut g = super::super::group::ClassicGroup::new(group.clone(), now);
                for ((tp, o), leader_epoch) in offsets.iter().zip(&epochs) {
                    g.offsets.insert(tp.clone(), CommittedOffset { offset: *o, commit_timestamp: now, leader_epoch: *leader_epoch });
                }
                self.st.groups.insert(group.clone(), g);
                true
            };
            if stored {
                self.emit(Event::OffsetsCommitted { group, member_id: String::new(), offsets });
            }
        }
    }

    /// The coordinator's periodic task (`abortTimedOutTransactions`): every Ongoing
    /// transaction older than its `transaction.timeout.ms` is fenced and aborted.
    pub(super) fn on_txn_abort_check(&mut self) {
        let now = self.st.now;
        let timed_out: Vec<Rc<str>> = self
            .st
            .txn
            .transactions
            .values()
            .filter(|m| m.state == TxnState::Ongoing && m.txn_start_ms + m.txn_timeout_ms < now)
            .map(|m| m.transactional_id.clone())
            .collect();
        for tid in timed_out {
            if self.transaction_coordinator(&tid).is_some() {
                self.emit(Event::TxnTimedOut { transactional_id: tid.clone() });
                self.fence_and_abort(&tid);
            }
        }
        self.schedule(ABORT_TIMED_OUT_INTERVAL_MS, Action::TxnAbortCheck);
    }

    /// `Admin.abortTransaction` (`kafka-transactions.sh abort`): the partition's leader
    /// writes an abort marker for the producer's open transaction there, as the
    /// coordinator would (a hanging transaction's cure).
    pub fn abort_hanging(&mut self, topic: &str, partition: u32, producer_id: i64, epoch: i16, coordinator_epoch: i32) -> KafkaResult<i64> {
        let now = self.st.now;
        let own = self.per_broker_log_defaults();
        let t = self
            .st
            .topics
            .get_mut(topic)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownTopicOrPartition, ErrorCode::UnknownTopicOrPartition.default_message()))?;
        let cfg = t.config.clone();
        let name = t.name.clone();
        let part = t
            .partitions
            .get_mut(partition as usize)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownTopicOrPartition, ErrorCode::UnknownTopicOrPartition.default_message()))?;
        let leader = part.leader.ok_or_else(|| KafkaError::of(ErrorCode::LeaderNotAvailable))?;
        let cfg = super::broker_config::replica_config(&cfg, &own, leader);
        let hw = part.high_watermark();
        let r = part.replica_mut(leader).expect("the leader hosts a replica");
        if let Some(e) = r.log.producer_state().get(producer_id) {
            if epoch < e.epoch {
                return Err(KafkaError::of(ErrorCode::InvalidProducerEpoch));
            }
        }
        let info = r.log.append_marker(producer_id, epoch, coordinator_epoch, false, now, &cfg, hw)?;
        self.emit(Event::TxnMarkerWritten {
            transactional_id: Rc::from(""),
            topic: name.clone(),
            partition,
            broker: leader,
            offset: info.first_offset,
            producer_id,
            commit: false,
        });
        self.wake_parked_fetches(&name, partition);
        self.maybe_advance_high_watermark(&name, partition);
        Ok(info.first_offset)
    }
}
