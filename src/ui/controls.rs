//! Play, Pause, Step and Reset, with the virtual clock.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub now_ms: i64,
    pub on_play: Callback<()>,
    pub on_pause: Callback<()>,
    pub on_step: Callback<()>,
    pub on_reset: Callback<()>,
}

/// Formats virtual time as `m:ss.mmm`.
pub fn format_time(ms: i64) -> String {
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}

#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let play_pause = if p.playing {
        let cb = p.on_pause.clone();
        html! { <button class="ks-btn" aria-label="Pause" onclick={Callback::from(move |_| cb.emit(()))}>{"❚❚ Pause"}</button> }
    } else {
        let cb = p.on_play.clone();
        html! { <button class="ks-btn ks-btn-primary" aria-label="Play" onclick={Callback::from(move |_| cb.emit(()))}>{"▶ Play"}</button> }
    };
    let step = p.on_step.clone();
    let reset = p.on_reset.clone();
    html! {
        <div class="ks-controls" role="toolbar" aria-label="Simulation controls">
            { play_pause }
            <button class="ks-btn" aria-label="Step" onclick={Callback::from(move |_| step.emit(()))}>{"▸ Step"}</button>
            <button class="ks-btn" aria-label="Reset" onclick={Callback::from(move |_| reset.emit(()))}>{"↺ Reset"}</button>
            <span class="ks-clock" title="Virtual time: the simulation's own clock">{ format!("t = {}", format_time(p.now_ms)) }</span>
        </div>
    }
}
