//! The brokers' periodic log work: retention (`LogManager.cleanupLogs`, every
//! `log.retention.check.interval.ms`) and compaction (the log cleaner, which looks for
//! work every `log.cleaner.backoff.ms`).

use super::super::event::Event;
use super::Sim;

impl Sim {
    pub(super) fn retention_check(&mut self) {
        let now = self.st.now;
        let mut events = Vec::new();
        let alive: Vec<i32> = self.st.brokers.iter().filter(|b| b.alive).map(|b| b.id).collect();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                for r in part.replicas.iter_mut().filter(|r| alive.contains(&r.broker)) {
                    for seg in r.log.delete_old_segments(now, r.high_watermark, &t.config) {
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
        for t in self.st.topics.values_mut().filter(|t| t.config.cleanup_policy.compact) {
            for part in &mut t.partitions {
                for r in part.replicas.iter_mut().filter(|r| alive.contains(&r.broker)) {
                    if let Some(info) = r.log.maybe_clean(now, r.high_watermark, &t.config) {
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
