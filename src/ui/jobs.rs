//! The terminal's background jobs, with buttons that crash or close them: `kill -9 %N`
//! (no commit, no LeaveGroup) and `kill -TERM %N` (a clean close; bash's plain `kill`
//! sends SIGTERM too).

use yew::prelude::*;

use crate::console::Console;

/// (job number, command line) of each running job.
pub fn running(console: &Console) -> Vec<(usize, String)> {
    console.running_jobs().map(|j| (j.id, j.command_line.clone())).collect()
}

#[derive(Properties, PartialEq)]
pub struct JobsProps {
    pub jobs: Vec<(usize, String)>,
    pub on_command: Callback<String>,
}

#[function_component(Jobs)]
pub fn jobs(p: &JobsProps) -> Html {
    if p.jobs.is_empty() {
        return html! {};
    }
    html! {
        <section class="ks-jobs" aria-label="Background jobs">
            <h2>{"Jobs"}</h2>
            <ul>
                { for p.jobs.iter().map(|(id, line)| {
                    let (crash, close) = (p.on_command.clone(), p.on_command.clone());
                    let id = *id;
                    html! {
                        <li key={id}>
                            <code class="ks-ellipsis" title={line.clone()}>{ format!("[{id}] {line}") }</code>
                            <button class="ks-btn ks-btn-small" aria-label={format!("Crash job {id}")} title={format!("Runs: kill -9 %{id} (no commit, no LeaveGroup)")}
                                onclick={Callback::from(move |_| crash.emit(format!("kill -9 %{id}")))}>{"Crash"}</button>
                            <button class="ks-btn ks-btn-small" aria-label={format!("Close job {id}")} title={format!("Runs: kill -TERM %{id} (commit, then LeaveGroup)")}
                                onclick={Callback::from(move |_| close.emit(format!("kill -TERM %{id}")))}>{"Close"}</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
