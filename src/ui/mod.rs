//! The browser UI (wasm32 only): yew views that project the engine's state.
//!
//! All state lives in [`state::AppState`], a `Reducible` changed only by
//! [`state::UiAction`]s, which every view sends through the app's one `on_action`
//! callback. Most views are view functions (a function from data to `Html`); a view is a
//! component only where it must skip renders or keep state of its own: the app, the
//! terminal (its history and completion) and a topic's log strips (the window each strip
//! shows). A component costs the page 1 to 3 KB of gzip (see `e2e/size.mjs`), and its
//! props comparison costs time on every render: a prop built anew on each render (a
//! `Callback::reform`, say) makes it never skip one.

pub mod cluster_view;
pub mod controls;
pub mod download;
pub mod export;
pub mod flow_view;
pub mod glossary;
pub mod group_panel;
pub mod jobs;
pub mod lag_chart;
pub mod lesson_player;
pub mod log_strip;
pub mod recovery;
pub mod share;
pub mod site;
pub mod state;
pub mod storage;
pub mod terminal;
pub mod theme;
pub mod timeline;
pub mod usage_text;

use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use cluster_view::{cluster_view, rows};
use controls::{controls, ControlsView};
use log_strip::LogStrips;
use state::{AppState, UiAction};
use terminal::Terminal;

/// A click handler that sends `action` to the app: what every button of a view does.
pub(crate) fn on_click(on_action: &Callback<UiAction>, action: UiAction) -> Callback<MouseEvent> {
    let a = on_action.clone();
    Callback::from(move |_: MouseEvent| a.emit(action.clone()))
}

/// Wall-clock milliseconds between animation ticks while playing.
const TICK_MS: u32 = 50;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::from_location);
    share::use_share_and_autosave(&state);
    {
        let dispatcher = state.dispatcher();
        let playing = state.playing;
        use_effect_with(playing, move |playing| {
            let interval = playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(UiAction::Tick { wall_ms: TICK_MS as f64 })));
            move || drop(interval)
        });
    }
    {
        // keyboard shortcuts, unless the user is typing in a field
        let dispatcher = state.dispatcher();
        // n/p step a lesson only while its panel shows (not while the list of lessons is open)
        let keys = (state.playing, state.lesson.is_some() && !state.lessons_open, state.presenting);
        use_effect_with(keys, move |&(playing, lesson, presenting)| {
            // not passive: Space and PageDown/PageUp must not scroll the page
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if presenting && e.key() == "Escape" {
                    dispatcher.dispatch(UiAction::Present(false));
                    return;
                }
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
                if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                match e.key().as_str() {
                    " " => {
                        e.prevent_default();
                        dispatcher.dispatch(if playing { UiAction::Pause } else { UiAction::Play });
                    }
                    "ArrowRight" => dispatcher.dispatch(UiAction::Step),
                    "ArrowLeft" => dispatcher.dispatch(UiAction::StepBack),
                    // n/p, or PageDown/PageUp as presentation clickers send them
                    "n" | "PageDown" | "p" | "PageUp" if lesson => {
                        e.prevent_default();
                        dispatcher.dispatch(if matches!(e.key().as_str(), "n" | "PageDown") {
                            UiAction::LessonNext
                        } else {
                            UiAction::LessonBack
                        });
                    }
                    _ => {}
                }
            });
            move || drop(listener)
        });
    }
    let d = state.dispatcher();
    let on_action = use_callback(d, |a: UiAction, d| d.dispatch(a));
    let lesson_aside = lesson_player::use_lesson_panel(state.lessons_open, state.catalogue.is_some(), state.lesson.as_ref(), &on_action);
    let session = state.session.borrow();
    let console = session.console();
    let sim = console.sim();
    let (brokers, topics) = rows(sim);
    let groups = state.groups.clone();
    let lag: Vec<_> = {
        let history = state.lag.borrow();
        groups.iter().map(|g| Rc::new(history.series(&g.group_id, sim.now()))).collect()
    };
    let running_jobs = jobs::running(console);
    let busy = console.has_foreground();
    let now_ms = sim.now();
    let controls_view = ControlsView {
        playing: state.playing,
        now_ms,
        end_ms: session.recorded_end_time(),
        speed: state.speed,
        pause_on_rebalance: state.pause_on_rebalance,
        seed: sim.seed(),
    };
    html! {
        <main class={classes!("ks-app", state.presenting.then_some("ks-presenting"), (state.lessons_open || state.lesson.is_some()).then_some("ks-with-lesson"))}
            data-testid="app-ready">
            <header class="ks-header">
                <h1>{"Kafkascope"} { theme::theme_button(state.theme, &on_action) }</h1>
                <p class="ks-muted">{"Apache Kafka in a browser tab: a deterministic, in-memory Kafka you can pause, step and rewind."}</p>
            </header>
            { controls(&controls_view, &on_action, html! { <>
                { export::export_button(&state.session, state.exporting, &on_action) }
                { lesson_player::lesson_buttons(state.lessons_open, state.presenting, &on_action) }
                { share::share_bar(&state.session, state.share_link.as_ref(), &on_action) }
            </> }) }
            { share::notice(state.notice.as_ref(), &on_action) }
            { lesson_player::lesson_panel(state.lesson.as_ref(), state.lessons_open, state.catalogue.as_deref(), &lesson_aside, &on_action) }
            { cluster_view(&brokers, &topics, &on_action) }
            { flow_view::flow_view(&flow_view::flow(console)) }
            { jobs::jobs(&running_jobs, &on_action) }
            { for log_strip::topic_names(sim).into_iter().map(|name| html! {
                <LogStrips key={name.clone()} source={log_strip::source(&state.session, &name)} topic={name.clone()} />
            }) }
            { group_panel::group_panel(&group_panel::GroupPanelView { groups: &groups, lag: &lag, now_ms }, &on_action) }
            { for timeline::timelines(sim, timeline::DEFAULT_WINDOW_MS).iter().map(|data| {
                timeline::timeline_view(data, state.zoomed_timelines.iter().any(|g| **g == *data.group), &on_action)
            }) }
            <Terminal lines={state.lines.clone()} {on_action} {busy} />
            { glossary::glossary() }
            <footer class="ks-muted">{ format!("seed {} · {} events", sim.seed(), sim.trace().len()) }</footer>
        </main>
    }
}

/// Mounts the app on the page's body.
pub fn start() {
    recovery::install_panic_hook();
    yew::Renderer::<App>::new().render();
}
