//! Play/Pause, Step, Step back, Reset, speed, the time scrubber and "pause when a
//! rebalance starts". Keyboard: Space, →, ← (see `mod.rs`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::on_click;
use super::state::UiAction;

/// What the controls show; what they do goes to the app as [`UiAction`]s.
pub struct ControlsView {
    pub playing: bool,
    /// virtual time now, in ms since the start
    pub now_ms: i64,
    /// the furthest virtual time recorded (the scrubber's end)
    pub end_ms: i64,
    pub speed: f64,
    pub pause_on_rebalance: bool,
    /// the simulation's seed (a new one in the Seed field starts again, if the app
    /// accepts it)
    pub seed: u64,
}

/// Formats virtual time as `m:ss.mmm`.
pub fn format_time(ms: i64) -> String {
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}

/// Speeds on the slider, 0.1× to 100×.
pub const SPEEDS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];

/// The toolbar: playback, the scrubber and clock, speed, seed, then `children` (Scenes,
/// Lessons, Present, Share, Save, Open, Export, theme). A view
/// function, as [`super::jobs::jobs`] is: the clock it shows changes on every tick.
pub fn controls(p: &ControlsView, on_action: &Callback<UiAction>, children: Html) -> Html {
    let send = |action| on_click(on_action, action);
    let play_pause = if p.playing {
        html! { <button class="ks-btn ks-play" aria-label="Pause" title="Pause (Space)" onclick={send(UiAction::Pause)}>{"❚❚ Pause"}</button> }
    } else {
        html! { <button class="ks-btn ks-btn-primary ks-play" aria-label="Play" title="Play (Space)" onclick={send(UiAction::Play)}>{"▶ Play"}</button> }
    };
    let speed_index = SPEEDS.iter().position(|s| (*s - p.speed).abs() < 1e-9).unwrap_or(3);
    let (on_speed, on_scrub, on_por, on_seed) = (on_action.clone(), on_action.clone(), on_action.clone(), on_action.clone());
    html! {
        <div class="ks-controls" role="toolbar" aria-label="Simulation controls">
            { play_pause }
            <button class="ks-btn" aria-label="Step back" title="Step back (←)" onclick={send(UiAction::StepBack)}>{"◂"}</button>
            <button class="ks-btn" aria-label="Step" title="Step to the next event (→)" onclick={send(UiAction::Step)}>{"▸"}</button>
            <button class="ks-btn" aria-label="Reset" title="Reset: start again" onclick={send(UiAction::Reset)}>{"↺"}</button>
            <input class="ks-scrubber" type="range" min="0" max={p.end_ms.max(p.now_ms).max(1).to_string()} value={p.now_ms.to_string()}
                aria-label="Virtual time" title="Drag to travel in time"
                oninput={Callback::from(move |e: InputEvent| {
                    if let Ok(t) = e.target_unchecked_into::<HtmlInputElement>().value().parse::<i64>() {
                        on_scrub.emit(UiAction::Scrub(t));
                    }
                })} />
            <span class="ks-clock" title="Virtual time: the simulation's own clock">{ format!("t = {}", format_time(p.now_ms)) }</span>
            <label class="ks-speed">
                <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} value={speed_index.to_string()} aria-label="Speed"
                    oninput={Callback::from(move |e: InputEvent| {
                        let i: usize = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(3);
                        on_speed.emit(UiAction::SetSpeed(SPEEDS[i.min(SPEEDS.len() - 1)]));
                    })} />
                <span class="ks-speed-value">{ format!("{}×", crate::engine::decimal::shortest(SPEEDS[speed_index])) }</span>
            </label>
            <label class="ks-check">
                <input type="checkbox" checked={p.pause_on_rebalance} aria-label="pause when a rebalance starts"
                    onchange={Callback::from(move |e: Event| on_por.emit(UiAction::SetPauseOnRebalance(e.target_unchecked_into::<HtmlInputElement>().checked())))} />
                <span title="Pause by itself when a consumer group starts rebalancing">{" pause on rebalance"}</span>
            </label>
            <label class="ks-seed" title="The seed of the simulation's random choices (member ids, producer ids, jitter). The same seed and commands give the same run; changing it starts again.">{"seed "}
                <input type="number" min="0" value={p.seed.to_string()} aria-label="Seed"
                    onchange={Callback::from(move |e: Event| {
                        on_seed.emit(UiAction::ResetWithSeed(e.target_unchecked_into::<HtmlInputElement>().value()));
                    })} />
            </label>
            { children }
        </div>
    }
}
