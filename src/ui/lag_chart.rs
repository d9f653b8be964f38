//! Consumer lag over virtual time, per group: the chart Kafka dashboards draw from
//! `records-lag-max` or from `kafka-consumer-groups.sh --describe` run again and again.
//!
//! The lag is LOG-END-OFFSET − CURRENT-OFFSET summed over the group's partitions, as
//! the tool computes it (LOG-END-OFFSET is the high watermark). The UI samples it after
//! every change; going back in time drops the samples after the new present, so the
//! chart always shows the history that led here. A simplification: a jump forward
//! (scrubbing) leaves no samples in between, and the chart draws a straight line there.

use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::sim::GroupDescription;

/// Most samples kept per history (older ones are thinned out by half).
const MAX_SAMPLES: usize = 800;
/// The chart's window of virtual time.
pub const WINDOW_MS: i64 = 60_000;

/// One sample: (virtual time, [(group, total lag)]).
type Sample = (i64, Vec<(Rc<str>, i64)>);
/// A lag series: (virtual time, total lag).
pub type Series = Rc<Vec<(i64, i64)>>;

/// Lag samples, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LagHistory {
    samples: Vec<Sample>,
}

impl LagHistory {
    /// Takes a sample of the groups at virtual time `now`, first forgetting anything
    /// after it (time travel).
    pub fn record(&mut self, now: i64, groups: &[GroupDescription]) {
        while self.samples.last().is_some_and(|(t, _)| *t >= now) {
            self.samples.pop();
        }
        let lags = groups.iter().map(|g| (g.group_id.clone(), g.offsets.iter().filter_map(|r| r.lag).sum())).collect();
        self.samples.push((now, lags));
        if self.samples.len() > MAX_SAMPLES {
            let keep: Vec<_> = self.samples.drain(..).enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, s)| s).collect();
            self.samples = keep;
        }
    }

    /// The series of one group within `WINDOW_MS` before `now`.
    pub fn series(&self, group: &str, now: i64) -> Vec<(i64, i64)> {
        self.samples
            .iter()
            .filter(|(t, _)| *t >= now - WINDOW_MS && *t <= now)
            .filter_map(|(t, lags)| lags.iter().find(|(g, _)| &**g == group).map(|(_, l)| (*t, *l)))
            .collect()
    }
}

const W: i64 = 600;
const H: i64 = 90;
const PAD: i64 = 28;

/// The chart: axes, the scale's labels and the lag line. Drawn as elements (not markup
/// parsed anew), so a tick that adds a sample changes one attribute, the line's points.
pub fn svg(series: &[(i64, i64)], now: i64) -> Html {
    let start = now - WINDOW_MS;
    let max = series.iter().map(|(_, l)| *l).max().unwrap_or(0).max(1);
    let x = |t: i64| PAD + (t - start) * (W - PAD - 4) / WINDOW_MS;
    let y = |l: i64| 6 + (max - l) * (H - 20) / max;
    let mut points = String::with_capacity(series.len() * 8);
    for (t, l) in series {
        let _ = write!(points, "{},{} ", x(*t), y(*l));
    }
    html! {
        <svg class="ks-lag-svg" viewBox={format!("0 0 {W} {H}")} width="100%" role="img"
            aria-label={format!("Total lag over the last 60 s of virtual time, at most {max}")}>
            <path class="ks-lag-axis" d={format!("M{PAD} 6V{}H{}", H - 14, W - 4)} />
            <text x={(PAD - 3).to_string()} y="12" text-anchor="end">{ max }</text>
            <text x={(PAD - 3).to_string()} y={(H - 14).to_string()} text-anchor="end">{"0"}</text>
            <text x={PAD.to_string()} y={(H - 2).to_string()}>{"−60 s"}</text>
            <text x={(W - 4).to_string()} y={(H - 2).to_string()} text-anchor="end">{"now"}</text>
            if !series.is_empty() {
                <polyline class="ks-lag-line" {points} />
            }
        </svg>
    }
}

/// One group's lag chart (a view function, as [`super::jobs::jobs`] is: its group panel
/// renders whenever the lag changes).
pub fn lag_chart(group: &str, series: &Series, now_ms: i64) -> Html {
    let last = series.last().map_or(0, |(_, l)| *l);
    html! {
        <figure class="ks-lag" data-testid="lag-chart">
            <figcaption class="ks-muted">{ format!("Lag over time · group {group} · now {last}") }
                <span title="LOG-END-OFFSET − CURRENT-OFFSET summed over the group's partitions. Kafdrop calls it Combined Lag; Kafbat UI and Redpanda Console show Consumer Lag.">{" ⓘ"}</span>
            </figcaption>
            { svg(series, now_ms) }
        </figure>
    }
}
