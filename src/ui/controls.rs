//! Play/Pause, Step, Step back, Reset, speed, the time scrubber and "pause when a
//! rebalance starts". Keyboard: Space, →, ← (see `mod.rs`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    /// virtual time now, in ms since the start
    pub now_ms: i64,
    /// the furthest virtual time recorded (the scrubber's end)
    pub end_ms: i64,
    pub speed: f64,
    pub pause_on_rebalance: bool,
    pub on_play: Callback<()>,
    pub on_pause: Callback<()>,
    pub on_step: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_scrub: Callback<i64>,
    pub on_pause_on_rebalance: Callback<bool>,
    /// the simulation's seed, and starting again with another one
    pub seed: u64,
    /// the Seed field's text, when it changes (the app checks it)
    pub on_seed: Callback<String>,
    /// more buttons (Share, Save, Open), after Reset
    #[prop_or_default]
    pub children: Html,
}

/// Formats virtual time as `m:ss.mmm`.
pub fn format_time(ms: i64) -> String {
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}

/// Speeds on the slider, 0.1× to 100×.
pub const SPEEDS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];

#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let play_pause = if p.playing {
        let cb = p.on_pause.clone();
        html! { <button class="ks-btn" aria-label="Pause" title="Pause (Space)" onclick={Callback::from(move |_| cb.emit(()))}>{"❚❚ Pause"}</button> }
    } else {
        let cb = p.on_play.clone();
        html! { <button class="ks-btn ks-btn-primary" aria-label="Play" title="Play (Space)" onclick={Callback::from(move |_| cb.emit(()))}>{"▶ Play"}</button> }
    };
    let step = p.on_step.clone();
    let back = p.on_step_back.clone();
    let reset = p.on_reset.clone();
    let on_speed = p.on_speed.clone();
    let speed_index = SPEEDS.iter().position(|s| (*s - p.speed).abs() < 1e-9).unwrap_or(3);
    let on_scrub = p.on_scrub.clone();
    let on_por = p.on_pause_on_rebalance.clone();
    let on_seed = p.on_seed.clone();
    html! {
        <div class="ks-controls" role="toolbar" aria-label="Simulation controls">
            { play_pause }
            <button class="ks-btn" aria-label="Step back" title="Step back (←)" onclick={Callback::from(move |_| back.emit(()))}>{"◂ Back"}</button>
            <button class="ks-btn" aria-label="Step" title="Step to the next event (→)" onclick={Callback::from(move |_| step.emit(()))}>{"▸ Step"}</button>
            <button class="ks-btn" aria-label="Reset" onclick={Callback::from(move |_| reset.emit(()))}>{"↺ Reset"}</button>
            { p.children.clone() }
            <label class="ks-speed">{"Speed "}
                <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} value={speed_index.to_string()} aria-label="Speed"
                    oninput={Callback::from(move |e: InputEvent| {
                        let i: usize = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(3);
                        on_speed.emit(SPEEDS[i.min(SPEEDS.len() - 1)]);
                    })} />
                <span class="ks-speed-value">{ format!("{}×", crate::engine::decimal::shortest(SPEEDS[speed_index])) }</span>
            </label>
            <label class="ks-check">
                <input type="checkbox" checked={p.pause_on_rebalance}
                    onchange={Callback::from(move |e: Event| on_por.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                {" pause when a rebalance starts"}
            </label>
            <input class="ks-scrubber" type="range" min="0" max={p.end_ms.max(p.now_ms).max(1).to_string()} value={p.now_ms.to_string()}
                aria-label="Virtual time" title="Drag to travel in time"
                oninput={Callback::from(move |e: InputEvent| {
                    if let Ok(t) = e.target_unchecked_into::<HtmlInputElement>().value().parse::<i64>() {
                        on_scrub.emit(t);
                    }
                })} />
            <label class="ks-seed" title="The seed of the simulation's random choices (member ids, producer ids, jitter). The same seed and commands give the same run; changing it starts again.">{"Seed "}
                <input type="number" min="0" value={p.seed.to_string()} aria-label="Seed"
                    onchange={Callback::from(move |e: Event| {
                        on_seed.emit(e.target_unchecked_into::<HtmlInputElement>().value());
                    })} />
            </label>
            <span class="ks-clock" title="Virtual time: the simulation's own clock">{ format!("t = {}", format_time(p.now_ms)) }</span>
        </div>
    }
}
