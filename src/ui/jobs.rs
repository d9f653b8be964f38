//! The terminal's background jobs, with buttons that crash or close them: `kill -9 %N`
//! (no commit, no LeaveGroup) and `kill -TERM %N` (a clean close; bash's plain `kill`
//! sends SIGTERM too).

use yew::prelude::*;

use super::on_click;
use super::state::UiAction;

use crate::console::Console;

/// (job number, command line) of each running job.
pub fn running(console: &Console) -> Vec<(usize, String)> {
    console.running_jobs().map(|j| (j.id, j.command_line.clone())).collect()
}

/// The list of `jobs` (see [`running`]); each button sends its command to `on_action`.
/// A view function rather than a component: it keeps no state, and the app renders it
/// on every tick anyway (a component's own code costs the page about 1 KB of gzip).
pub fn jobs(jobs: &[(usize, String)], on_action: &Callback<UiAction>) -> Html {
    if jobs.is_empty() {
        return html! {};
    }
    html! {
        <section class="ks-jobs" aria-label="Background jobs">
            <h2>{"Jobs"}</h2>
            <ul>
                { for jobs.iter().map(|(id, line)| {
                    let id = *id;
                    html! {
                        <li key={id}>
                            <code class="ks-ellipsis" title={line.clone()}>{ format!("[{id}] {line}") }</code>
                            <button class="ks-btn ks-btn-small" aria-label={format!("Crash job {id}")} title={format!("Runs: kill -9 %{id} (no commit, no LeaveGroup)")}
                                onclick={on_click(on_action, UiAction::RunLine(format!("kill -9 %{id}")))}>{"Crash"}</button>
                            <button class="ks-btn ks-btn-small" aria-label={format!("Close job {id}")} title={format!("Runs: kill -TERM %{id} (commit, then LeaveGroup)")}
                                onclick={on_click(on_action, UiAction::RunLine(format!("kill -TERM %{id}")))}>{"Close"}</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
