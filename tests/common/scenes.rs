//! Playing a built-in scene (`static/scenes/`) natively, step by step at its `#! at:` times,
//! as the page's Scenes menu plays it: the tests of the stage and of transactions use it.

use kafkascope::classroom::scene::Scene;
use kafkascope::console::output::Output;
use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

/// A session on the scene's seed with every step due by `until_ms` run, each at its time;
/// `on_line` sees each line with what it printed. The clock stops after the last line run.
pub fn play_steps(sc: &Scene, until_ms: i64, mut on_line: impl FnMut(&str, Output)) -> Session {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), sc.seed)));
    for step in sc.steps.iter().filter(|st| st.at_ms <= until_ms) {
        let now = s.console().sim().now();
        if step.at_ms > now {
            s.advance(step.at_ms - now);
        }
        for line in &step.lines {
            let out = s.run_line(line);
            on_line(line, out);
        }
    }
    s
}
