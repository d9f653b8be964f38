//! The brokers' periodic log work: retention (`LogManager.cleanupLogs`, every
//! `log.retention.check.interval.ms`) and compaction (the log cleaner, which looks for
//! work every `log.cleaner.backoff.ms`). Each broker works on the replicas it holds with its
//! own log config: a broker's own dynamic log configs (`broker_config.rs`) count there.

use super::super::config::TopicConfig;
use super::super::event::Event;
use super::broker_config::replica_config;
use super::Sim;

impl Sim {
    pub(super) fn retention_check(&mut self) {
        let now = self.st.now;
        let mut events = Vec::new();
        let alive: Vec<i32> = self.st.brokers.iter().filter(|b| b.alive).map(|b| b.id).collect();
        let own = self.per_broker_log_defaults();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                for r in part.replicas.iter_mut().filter(|r| alive.contains(&r.broker)) {
                    let cfg = replica_config(&t.config, &own, r.broker);
                    for seg in r.log.delete_old_segments(now, r.high_watermark, &cfg) {
                        let lso = r.log.log_start_offset();
                        r.producer_state.retain(|s| s.last_offset >= lso);
                        events.push(Event::SegmentDeleted {
                            topic: t.name.clone(),
                            partition: part.index,
                            broker: r.broker,
                            segment: seg,
                            log_start_offset: lso,
                        });
                    }
                }
            }
        }
        for e in events {
            self.emit(e);
        }
    }

    pub(super) fn cleaner_check(&mut self) {
        let now = self.st.now;
        let mut events = Vec::new();
        let alive: Vec<i32> = self.st.brokers.iter().filter(|b| b.alive).map(|b| b.id).collect();
        let own = self.per_broker_log_defaults();
        // a broker's own log.cleanup.policy may make a topic compacted there
        let compacted_somewhere =
            |c: &TopicConfig| c.cleanup_policy.compact || own.iter().any(|(_, base)| c.rebased(base).cleanup_policy.compact);
        for t in self.st.topics.values_mut().filter(|t| compacted_somewhere(&t.config)) {
            for part in &mut t.partitions {
                for r in part.replicas.iter_mut().filter(|r| alive.contains(&r.broker)) {
                    let cfg = replica_config(&t.config, &own, r.broker);
                    if !cfg.cleanup_policy.compact {
                        continue;
                    }
                    if let Some(info) = r.log.maybe_clean(now, r.high_watermark, &cfg) {
                        events.push(Event::LogCompacted { topic: t.name.clone(), partition: part.index, broker: r.broker, info });
                    }
                }
            }
        }
        for e in events {
            self.emit(e);
        }
    }
}
