//! The browser UI (wasm32 only): yew views that project the engine's state.
//!
//! The page is one screen that never scrolls (at 1024×700 and above): a top bar
//! (playback, time, scenes, lessons, sharing), the **stage** ([`stage`], drawing
//! [`crate::stage`]) taking most of the window, an **inspector** column with tabs (the
//! group, the partition logs, the rebalance timeline, the topics' tables, the glossary;
//! a lesson's narration takes the column while a lesson runs) and a docked terminal
//! drawer. Each pane scrolls inside itself; below 900 px wide they stack.
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
pub mod glossary;
pub mod group_panel;
pub mod jobs;
pub mod lag_chart;
pub mod lesson_player;
pub mod log_strip;
pub mod recovery;
pub mod share;
pub mod site;
pub mod stage;
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
use state::{AppState, InspectorTab, UiAction};
use terminal::Terminal;

/// The inspector column's width in CSS px, as style.css sets it (`--ks-inspector-w`):
/// wider on big screens, narrower in presenter mode so the stage keeps its room.
pub fn inspector_px(viewport_w: i32, presenting: bool) -> i32 {
    match (presenting, viewport_w >= 1700) {
        (true, _) => 340,
        (false, true) => 400,
        (false, false) => 360,
    }
}
/// Below this window width the panes stack.
pub const STACK_BELOW_PX: i32 = 900;
/// The top bar's and the terminal drawer's own height (its header and prompt), in CSS
/// px, as style.css draws them: what the stage pane does not get.
pub const TOPBAR_PX: i32 = 48;
pub const DRAWER_CHROME_PX: i32 = 74;
/// The most the stage is magnified to fill a big pane.
pub const MAX_STAGE_SCALE: f64 = 1.5;

/// The stage laid out for a pane of `pane` CSS px, and the scale that fills the pane
/// (at least 1: when the brokers need more room than the pane has, it scrolls instead).
/// Presenter mode lays the stage out with 16 px text.
///
/// Magnified by `room`, the stage is laid out `pane / room` wide; its height does not
/// depend on its width, so `room` (kept from the last render in `last_room`) is right
/// until the cluster's shape changes, and only then is the stage laid out a second time.
fn fitted_stage(
    console: &crate::console::Console,
    groups: &[crate::engine::sim::GroupDescription],
    pane: (i32, i32),
    presenting: bool,
    last_room: &mut f64,
) -> (crate::stage::Stage, f64) {
    let m = crate::stage::Metrics::for_text(if presenting { 16 } else { 12 });
    let (w, h) = (f64::from(pane.0.max(200)), f64::from(pane.1.max(200)));
    let lay_out = |room: f64| crate::stage::stage(console, groups, (w / room) as i32, m);
    // under 5 % more room is not worth magnifying for
    let room_for =
        |s: &crate::stage::Stage| Some((h / f64::from(s.height)).clamp(1.0, MAX_STAGE_SCALE)).filter(|r| *r > 1.05).unwrap_or(1.0);
    let mut s = lay_out(*last_room);
    let room = room_for(&s);
    if (room - *last_room).abs() > 1e-9 {
        *last_room = room;
        s = lay_out(room);
    }
    let scale = (w / f64::from(s.width)).min(h / f64::from(s.height)).clamp(1.0, MAX_STAGE_SCALE);
    (s, scale)
}

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
    use_window_listeners(&state);
    let d = state.dispatcher();
    let on_action = use_callback(d, |a: UiAction, d| d.dispatch(a));
    let lesson_aside = lesson_player::use_lesson_panel(state.lessons_open, state.catalogue.is_some(), state.lesson.as_ref(), &on_action);
    let on_drag = use_terminal_drag(&on_action);
    // the stage's last magnification (see fitted_stage)
    let stage_room = use_mut_ref(|| 1.0_f64);
    let session = state.session.borrow();
    let console = session.console();
    let sim = console.sim();
    let now_ms = sim.now();
    let controls_view = ControlsView {
        playing: state.playing,
        now_ms,
        end_ms: session.recorded_end_time(),
        speed: state.speed,
        pause_on_rebalance: state.pause_on_rebalance,
        seed: sim.seed(),
    };
    let (vw, vh) = state.viewport;
    let stacked = vw < STACK_BELOW_PX;
    let pane_w = if stacked { vw } else { vw - inspector_px(vw, state.presenting) } - 20;
    let drawer = DRAWER_CHROME_PX + if state.terminal_folded { 0 } else { state.terminal_height };
    let caption = if state.scene.is_some() { 26 } else { 0 };
    let pane_h = if stacked { vh * 2 / 3 } else { vh - TOPBAR_PX - drawer - caption - 12 };
    let (stage_data, scale) = fitted_stage(console, &state.groups, (pane_w, pane_h), state.presenting, &mut stage_room.borrow_mut());
    let with_lesson = state.lessons_open || state.lesson.is_some();
    let terminal_style = format!("--ks-term-h:{}px", if state.terminal_folded { 0 } else { state.terminal_height });
    let running_jobs = jobs::running(console);
    let busy = console.has_foreground();
    html! {
        <main class={classes!("ks-app", state.presenting.then_some("ks-presenting"), with_lesson.then_some("ks-with-lesson"), state.terminal_folded.then_some("ks-term-folded"))}
            style={terminal_style} data-testid="app-ready">
            <header class="ks-topbar">
                <span class="ks-brand" title="Kafkascope: Apache Kafka in a browser tab, a deterministic in-memory Kafka you can pause, step and rewind">{"Kafkascope"}</span>
                { controls(&controls_view, &on_action, html! {
                    <TopMenus scene={state.scene.as_ref().map(|s| s.scene.clone())} lessons_open={state.lessons_open} presenting={state.presenting}
                        session={state.session.clone()} share_link={state.share_link.clone()} exporting={state.exporting} theme={state.theme}
                        on_action={on_action.clone()} />
                }) }
            </header>
            { share::notice(state.notice.as_ref(), &on_action) }
            <section class="ks-stage-pane" aria-label="Stage">
                if let Some(run) = &state.scene {
                    <p class="ks-scene-caption"><strong>{ run.scene.title.clone() }</strong>{" · "}{ run.scene.summary.clone() }</p>
                }
                { stage::stage_view(&stage_data, scale, &on_action) }
            </section>
            <aside class="ks-inspector" aria-label="Inspector">
                if with_lesson {
                    { lesson_player::lesson_panel(state.lesson.as_ref(), state.lessons_open, state.catalogue.as_deref(), &lesson_aside, &on_action) }
                    { group_summary(&state.groups) }
                } else {
                    { inspector_tabs(state.inspector, &on_action) }
                    <div class="ks-inspector-body" role="tabpanel" aria-label={state.inspector.name()}>
                        <InspectorBody epoch={inspector_epoch(&state)} tab={state.inspector} state={state.clone()} on_action={on_action.clone()} />
                    </div>
                }
            </aside>
            <section class="ks-drawer" aria-label="Terminal drawer">
                <div class="ks-drawer-head">
                    <div class="ks-drawer-grip" role="separator" aria-orientation="horizontal" aria-label="Resize the terminal"
                        title="Drag to resize the terminal" onpointerdown={on_drag}></div>
                    <span class="ks-drawer-title">{"Terminal"}</span>
                    { jobs::jobs(&running_jobs, &on_action) }
                    <footer class="ks-status" title="The seed and the number of events in the simulation's trace: the same seed and commands give the same events">
                        { format!("seed {} · {} events", sim.seed(), sim.trace().len()) }
                    </footer>
                    <button class="ks-btn ks-btn-small ks-drawer-fold" aria-label={if state.terminal_folded { "Show the terminal" } else { "Fold the terminal" }}
                        onclick={on_click(&on_action, UiAction::TerminalHeight(None))}>{ if state.terminal_folded { "▴" } else { "▾" } }</button>
                </div>
                <Terminal lines={state.lines.clone()} on_action={on_action.clone()} {busy} />
            </section>
        </main>
    }
}

#[derive(Properties)]
struct MenusProps {
    scene: Option<Rc<crate::classroom::scene::Scene>>,
    lessons_open: bool,
    presenting: bool,
    session: Rc<std::cell::RefCell<crate::console::session::Session>>,
    share_link: Option<Rc<str>>,
    exporting: bool,
    theme: usize,
    on_action: Callback<UiAction>,
}

impl PartialEq for MenusProps {
    /// The same session (not an equal one: a session is compared by identity).
    fn eq(&self, o: &Self) -> bool {
        let same_scene = match (&self.scene, &o.scene) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_scene
            && (self.lessons_open, self.presenting, self.exporting, self.theme) == (o.lessons_open, o.presenting, o.exporting, o.theme)
            && Rc::ptr_eq(&self.session, &o.session)
            && self.share_link == o.share_link
            && self.on_action == o.on_action
    }
}

/// The top bar's menus and buttons after the playback controls (Scenes, Lessons,
/// Present, Share, theme). A component: they change only when a menu's choice does,
/// not with the clock on every tick.
#[function_component(TopMenus)]
fn top_menus(p: &MenusProps) -> Html {
    let on_action = &p.on_action;
    html! { <>
        { scenes_menu(p.scene.as_ref().map(|s| s.file.as_str()), on_action) }
        { lesson_player::lesson_buttons(p.lessons_open, p.presenting, on_action) }
        <details class="ks-menu ks-session-menu">
            <summary class="ks-btn" aria-label="Session menu" title="Share, save, open or export this session">{"Share ▾"}</summary>
            <div class="ks-menu-list ks-menu-right">
                { share::share_bar(&p.session, p.share_link.as_ref(), on_action) }
                { export::export_button(&p.session, p.exporting, on_action) }
            </div>
        </details>
        { theme::theme_button(p.theme, on_action) }
    </> }
}

/// While a lesson takes the inspector column, the group's state stays in view under it.
fn group_summary(groups: &[crate::engine::sim::GroupDescription]) -> Html {
    html! {
        <ul class="ks-group-summary" aria-label="Groups">
            { for groups.iter().map(|g| html! {
                <li key={g.group_id.to_string()}>
                    <strong>{ g.group_id.to_string() }</strong>{" "}
                    <span class={classes!("ks-state", format!("ks-state-{}", g.state.name()))}>{ g.state.name() }</span>
                    <span class="ks-muted">{ format!(" · {} member(s) · generation {}", g.members.len(), g.generation_id) }</span>
                </li>
            }) }
        </ul>
    }
}

fn inspector_tabs(current: InspectorTab, on_action: &Callback<UiAction>) -> Html {
    html! {
        <div class="ks-tabs" role="tablist" aria-label="Inspector">
            { for InspectorTab::ALL.iter().map(|&tab| html! {
                <button key={tab.name()} class={classes!("ks-tab", (tab == current).then_some("ks-tab-on"))} role="tab"
                    aria-selected={(tab == current).to_string()} onclick={on_click(on_action, UiAction::Inspect(tab))}>{ tab.name() }</button>
            }) }
        </div>
    }
}

/// While playing, the inspector's tables and chart are redrawn on every
/// `INSPECTOR_EVERY_TICKS`th tick (4 times a second at the 50 ms tick): numbers that
/// change 20 times a second cannot be read anyway, and the stage, which shows the
/// motion, keeps every tick. Paused, stepping or typing, every change redraws it.
const INSPECTOR_EVERY_TICKS: u64 = 5;

/// When the inspector redraws: with a new session, and at the state's version (every
/// change), coarsened while playing.
fn inspector_epoch(state: &AppState) -> (usize, u64) {
    let version = if state.playing { state.version / INSPECTOR_EVERY_TICKS } else { state.version };
    (Rc::as_ptr(&state.session) as usize, version)
}

#[derive(Properties)]
struct InspectorProps {
    epoch: (usize, u64),
    tab: InspectorTab,
    /// read when the epoch changes; not compared (it changes on every tick)
    state: UseReducerHandle<AppState>,
    on_action: Callback<UiAction>,
}

impl PartialEq for InspectorProps {
    fn eq(&self, other: &Self) -> bool {
        self.epoch == other.epoch && self.tab == other.tab && self.on_action == other.on_action
    }
}

#[function_component(InspectorBody)]
fn inspector_panel(p: &InspectorProps) -> Html {
    inspector_body(&p.state, p.tab, &p.on_action)
}

/// The inspector's panel for `tab`: only the shown tab is computed and drawn.
fn inspector_body(state: &AppState, tab: InspectorTab, on_action: &Callback<UiAction>) -> Html {
    let session = state.session.borrow();
    let sim = session.console().sim();
    match tab {
        InspectorTab::Group => {
            let lag: Vec<_> = {
                let history = state.lag.borrow();
                state.groups.iter().map(|g| Rc::new(history.series(&g.group_id, sim.now()))).collect()
            };
            let only_share = state.groups.is_empty() && sim.share_groups().next().is_some();
            html! { <>
                if !only_share { { group_panel::group_panel(&group_panel::GroupPanelView { groups: &state.groups, lag: &lag, now_ms: sim.now() }, on_action) } }
                { group_panel::share_groups(sim) }
            </> }
        }
        InspectorTab::Logs => html! { <>
            { for log_strip::topic_names(sim).into_iter().map(|name| html! {
                <LogStrips key={name.clone()} source={log_strip::source(&state.session, &name)} topic={name.clone()} />
            }) }
        </> },
        InspectorTab::Timeline => html! { <>
            { for timeline::timelines(sim, timeline::DEFAULT_WINDOW_MS).iter().map(|data| {
                timeline::timeline_view(data, state.zoomed_timelines.iter().any(|g| **g == *data.group), on_action)
            }) }
            if sim.list_groups().is_empty() && sim.share_groups().next().is_none() {
                <p class="ks-muted">{"No consumer group yet: the timeline shows one swimlane per member once a group exists."}</p>
            }
        </> },
        InspectorTab::Topics => {
            let (brokers, topics) = rows(sim);
            cluster_view(&brokers, &topics, on_action)
        }
        InspectorTab::Glossary => glossary::glossary(),
    }
}

/// The Scenes menu: each built-in scene opens in a fresh session and plays.
fn scenes_menu(current: Option<&str>, on_action: &Callback<UiAction>) -> Html {
    html! {
        <details class="ks-menu">
            <summary class="ks-btn" aria-label="Scenes">{"Scenes ▾"}</summary>
            <ul class="ks-menu-list" role="menu">
                { for crate::classroom::scene::built_in().into_iter().map(|scene| {
                    let a = on_action.clone();
                    let on = current == Some(scene.file.as_str());
                    let s = scene.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        // close the menu, then open the scene
                        if let Some(d) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("details").ok().flatten()) {
                            let _ = d.remove_attribute("open");
                        }
                        a.emit(UiAction::OpenScene(s.clone()));
                    });
                    html! {
                        <li key={scene.file.clone()} role="none">
                            <button role="menuitem" class={classes!("ks-menu-item", on.then_some("ks-tab-on"))} title={scene.summary.clone()} {onclick}>
                                { scene.title.clone() }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

/// Keeps the app's idea of the window's size current (the stage lays itself out to it),
/// and closes an open menu (Scenes, Share) when the user clicks anywhere else, as menus do.
#[hook]
fn use_window_listeners(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let resize = gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
            let (width, height) = site::viewport();
            dispatcher.dispatch(UiAction::Viewport { width, height });
        });
        let outside = gloo::events::EventListener::new(&gloo::utils::document(), "pointerdown", |e| {
            let inside =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest(".ks-menu").ok().flatten());
            let open = gloo::utils::document().query_selector_all(".ks-menu[open]").ok();
            for i in 0..open.as_ref().map_or(0, |l| l.length()) {
                if let Some(menu) = open.as_ref().and_then(|l| l.item(i)).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    if inside.as_ref() != Some(&menu) {
                        let _ = menu.remove_attribute("open");
                    }
                }
            }
        });
        move || drop((resize, outside))
    });
}

/// Dragging the terminal's grip: the drawer's height follows the pointer until it is released.
#[hook]
fn use_terminal_drag(on_action: &Callback<UiAction>) -> Callback<PointerEvent> {
    let listeners = use_mut_ref(Vec::<gloo::events::EventListener>::new);
    let on_action = on_action.clone();
    Callback::from(move |e: PointerEvent| {
        e.prevent_default();
        let doc = gloo::utils::document();
        let (a, held) = (on_action.clone(), listeners.clone());
        let moving = gloo::events::EventListener::new(&doc, "pointermove", move |e| {
            if let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() {
                let (_, h) = site::viewport();
                a.emit(UiAction::TerminalHeight(Some(h - e.client_y() - 14)));
            }
        });
        // a listener must not be dropped while it runs: let them go once this event is done
        let up = gloo::events::EventListener::new(&doc, "pointerup", move |_| {
            let done = std::mem::take(&mut *held.borrow_mut());
            gloo::timers::callback::Timeout::new(0, move || drop(done)).forget();
        });
        *listeners.borrow_mut() = vec![moving, up];
    })
}

/// Mounts the app on the page's body.
pub fn start() {
    recovery::install_panic_hook();
    yew::Renderer::<App>::new().render();
}
