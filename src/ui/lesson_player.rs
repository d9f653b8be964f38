//! The lesson player and presenter mode (issue 7), the browser side of
//! [`crate::classroom::player`].
//!
//! "Lessons" opens the list of lessons, read from the site's own `lessons/` folder
//! (`lessons/index.txt`, then each file, with relative URLs so the site works from any
//! static server and path, offline too). Choosing one plays it in a fresh session: the
//! narration panel (`<aside aria-label="Lesson">`) shows the step's narration and its
//! predict questions (each answer hidden until "Reveal"); "Next step" (`n`, PageDown)
//! runs the step's commands in the terminal and shows its claims, checked (✓ or ✗ with
//! what the simulation has instead); the next "Next step" shows the following step;
//! "Previous step" (`p`, PageUp) rewinds to where a step started. The logic lives in
//! [`super::state::LessonRun`]; this module only fetches, renders and dispatches.
//!
//! "Present" (or `?present=1`) is presenter mode: the stylesheet hides the header, the
//! glossary and the less used controls and enlarges the type for a projector; Escape
//! leaves it.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::on_click;
use super::site::fetch_text;
use super::state::{LessonRun, UiAction};
use crate::classroom::lesson::{self, Lesson};

/// The lessons the site lists: each file's name, and the lesson or why it cannot be read.
pub type Catalogue = Result<Vec<(String, Result<Rc<Lesson>, String>)>, String>;

/// Reads `lessons/index.txt` and every lesson it lists.
async fn load_catalogue() -> Catalogue {
    let index = fetch_text("lessons/index.txt").await?;
    let mut lessons = Vec::new();
    for name in index.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let text = fetch_text(&format!("lessons/{name}")).await;
        lessons.push((name.to_string(), text.and_then(|t| lesson::parse(&t).map(Rc::new).map_err(|e| e.to_string()))));
    }
    Ok(lessons)
}

/// "Lessons" and "Present", for the controls bar (a view function, as
/// [`super::jobs::jobs`] is).
pub fn lesson_buttons(open: bool, presenting: bool, on_action: &Callback<UiAction>) -> Html {
    let on_lessons = on_click(on_action, UiAction::ShowLessons(!open));
    let on_present = on_click(on_action, UiAction::Present(!presenting));
    html! {
        <>
            <button class="ks-btn" aria-label="Lessons" aria-expanded={open.to_string()} title="Guided lessons: narration, predictions, checked claims"
                onclick={on_lessons}>{"Lessons"}</button>
            <button class="ks-btn" aria-label="Presenter mode" aria-pressed={presenting.to_string()}
                title="Large type and no chrome, for a projector (Escape leaves; n/p or PageDown/PageUp move through a lesson)"
                onclick={on_present}>{"Present"}</button>
        </>
    }
}

/// The lesson panel's effects, for the app: fetches the catalogue the first time the
/// list opens (it arrives as [`UiAction::Catalogue`]), and scrolls the narration panel:
/// a new step shows from its top, a step that ran scrolls to its checks. Gives the
/// panel's node, for [`lesson_panel`].
#[hook]
pub fn use_lesson_panel(lessons_open: bool, loaded: bool, run: Option<&Rc<LessonRun>>, on_action: &Callback<UiAction>) -> NodeRef {
    let on_action = on_action.clone();
    use_effect_with(lessons_open, move |open| {
        if *open && !loaded {
            spawn_local(async move { on_action.emit(UiAction::Catalogue(Rc::new(load_catalogue().await))) });
        }
    });
    let aside = use_node_ref();
    {
        let aside = aside.clone();
        let key = run.map(|r| (r.at, r.ran()));
        use_effect_with(key, move |key| {
            if let (Some((_, ran)), Some(el)) = (key, aside.cast::<web_sys::Element>()) {
                el.set_scroll_top(if *ran { el.scroll_height() } else { 0 });
            }
        });
    }
    aside
}

/// The list of lessons while it is open (`catalogue`: `None` while it loads), else the
/// narration panel of the lesson being played, else nothing. A view function, as
/// [`super::jobs::jobs`] is; [`use_lesson_panel`] holds its effects.
pub fn lesson_panel(
    run: Option<&Rc<LessonRun>>,
    lessons_open: bool,
    catalogue: Option<&Catalogue>,
    aside: &NodeRef,
    on_action: &Callback<UiAction>,
) -> Html {
    let emit = |action| on_click(on_action, action);
    if lessons_open {
        let body = match catalogue {
            None => html! { <p class="ks-muted">{"Loading lessons…"}</p> },
            Some(Err(e)) => html! { <p class="ks-err">{ format!("The lessons cannot be loaded: {e}.") }</p> },
            Some(Ok(lessons)) => html! {
                <ol class="ks-lesson-choices">
                    { for lessons.iter().map(|(name, lesson)| match lesson {
                        Ok(l) => html! {
                            <li key={name.clone()}>
                                <button class="ks-lesson-choice" onclick={emit(UiAction::StartLesson(l.clone()))}>
                                    <span class="ks-lesson-head">
                                        <strong>{ l.title.clone() }</strong>
                                        if l.advanced {
                                            <span class="ks-level" title="An advanced lesson: a course can stop before it">{"advanced"}</span>
                                        }
                                    </span>
                                    <span class="ks-muted">{ l.summary.clone() }</span>
                                </button>
                            </li>
                        },
                        Err(e) => html! { <li key={name.clone()} class="ks-err">{ format!("{name}: {e}") }</li> },
                    }) }
                </ol>
            },
        };
        return html! {
            <nav class="ks-lesson" aria-label="Lesson list">
                <div class="ks-lesson-head">
                    <h2>{"Lessons"}</h2>
                    <button class="ks-btn ks-btn-small" aria-label="Close the list" onclick={emit(UiAction::ShowLessons(false))}>{"✕"}</button>
                </div>
                { body }
                // docs/teaching.md, served beside the page (index.html's copy-file), as conformance.md is
                <p class="ks-muted"><a href="teaching.md" target="_blank" rel="noopener">{"For teachers: running a class or a workshop"}</a></p>
            </nav>
        };
    }
    let Some(run) = run else { return html! {} };
    let n = run.lesson.steps.len();
    let Some(step) = run.lesson.steps.get(run.at) else { return html! {} };
    let outcome = run.outcomes.get(run.at).filter(|_| run.ran());
    let complete = run.complete();
    let (passed, checked) = run.tally();
    html! {
        <aside class="ks-lesson" aria-label="Lesson" ref={aside.clone()}>
            <div class="ks-lesson-head">
                <h2>{ run.lesson.title.clone() }</h2>
                <button class="ks-btn ks-btn-small" aria-label="Close lesson" title="Back to the free simulator (the session stays)"
                    onclick={emit(UiAction::CloseLesson)}>{"✕"}</button>
            </div>
            <p class="ks-lesson-progress" aria-live="polite">{ format!("Step {} of {n}", run.at + 1) }</p>
            { for step.narration.iter().map(|para| html! { <p class="ks-narration">{ para.clone() }</p> }) }
            { for step.questions.iter().enumerate().map(|(i, q)| html! {
                <div class="ks-question">
                    <p><strong>{"Predict: "}</strong>{ q.prompt.clone() }</p>
                    if run.revealed.contains(&(run.at, i)) {
                        <p class="ks-answer">{ q.answer.clone() }</p>
                    } else {
                        <button class="ks-btn ks-btn-small" onclick={emit(UiAction::RevealAnswer(i))}>{"Reveal"}</button>
                    }
                </div>
            }) }
            if let Some(outcome) = outcome {
                <ul class="ks-claims" aria-label="Checks">
                    { for outcome.checks.iter().map(|c| match &c.mismatch {
                        None => html! { <li class="ks-claim-ok">{ format!("✓ {}", c.claim) }</li> },
                        Some(m) => html! { <li class="ks-claim-fail">{ format!("✗ {}: {m}", c.claim) }</li> },
                    }) }
                    { for outcome.problems.iter().map(|pr| html! { <li class="ks-claim-fail">{ format!("✗ {pr}") }</li> }) }
                </ul>
            } else {
                <p class="ks-muted ks-lesson-hint">{"Predict, then press Next step (n) to run this step's commands."}</p>
            }
            if complete {
                <p class="ks-lesson-done" role="status">{ format!("Lesson complete: {passed} of {checked} claims passed.") }</p>
            }
            <div class="ks-lesson-nav">
                <button class="ks-btn" aria-label="Previous step" title="Rewind to where the previous step started (p, PageUp)"
                    disabled={run.at == 0 && !run.ran()} onclick={emit(UiAction::LessonBack)}>{"◂ Previous"}</button>
                <button class="ks-btn ks-btn-primary" aria-label="Next step" title="Run this step, then show the next one (n, PageDown)"
                    disabled={complete} onclick={emit(UiAction::LessonNext)}>{"Next ▸"}</button>
            </div>
        </aside>
    }
}
