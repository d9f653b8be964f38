//! The browser UI (wasm32 only): yew components that project the engine's state.

pub mod cluster_view;
pub mod controls;
pub mod glossary;
pub mod state;
pub mod terminal;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use cluster_view::{rows, ClusterView};
use controls::Controls;
use glossary::Glossary;
use state::{AppState, UiAction};
use terminal::Terminal;

/// Wall-clock milliseconds between animation ticks while playing.
const TICK_MS: u32 = 50;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::from_location);
    {
        let dispatcher = state.dispatcher();
        let playing = state.playing;
        use_effect_with(playing, move |playing| {
            let interval = playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(UiAction::Tick { wall_ms: TICK_MS as f64 })));
            move || drop(interval)
        });
    }
    let d = state.dispatcher();
    let on_play = use_callback(d.clone(), |(), d| d.dispatch(UiAction::Play));
    let on_pause = use_callback(d.clone(), |(), d| d.dispatch(UiAction::Pause));
    let on_step = use_callback(d.clone(), |(), d| d.dispatch(UiAction::Step));
    let on_reset = use_callback(d.clone(), |(), d| d.dispatch(UiAction::Reset));
    let on_submit = use_callback(d.clone(), |line: String, d| d.dispatch(UiAction::RunLine(line)));
    let on_interrupt = use_callback(d, |(), d| d.dispatch(UiAction::Interrupt));
    let console = state.console.borrow();
    let sim = console.sim();
    let (brokers, topics) = rows(sim);
    let busy = console.has_foreground();
    html! {
        <main class="ks-app" data-testid="app-ready">
            <header class="ks-header">
                <h1>{"Kafkascope"}</h1>
                <p class="ks-muted">{"Apache Kafka in a browser tab: a deterministic, in-memory Kafka you can pause and step."}</p>
            </header>
            <Controls playing={state.playing} now_ms={sim.now()} {on_play} {on_pause} {on_step} {on_reset} />
            <ClusterView {brokers} {topics} />
            <Terminal lines={state.lines.clone()} {on_submit} {on_interrupt} {busy} />
            <Glossary />
            <footer class="ks-muted">{ format!("seed {} · {} events", sim.seed(), sim.trace().len()) }</footer>
        </main>
    }
}

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
