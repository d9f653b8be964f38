//! Autosave: the session's record (see [`crate::classroom::share`]) in `localStorage`
//! under [`KEY`], written at most every [`DEBOUNCE_MS`] of wall time after a change and
//! when the page is hidden (`pagehide`), read back when the page opens without a share
//! link or a `?seed=`/`?empty=` override. A stored value that cannot be read or replayed
//! is discarded with a console warning, never a crash; Reset clears it.
//!
//! A lesson being played is kept under [`LESSON_KEY`] (its text form, see
//! [`crate::classroom::progress`]) and resumed with the session it belongs to.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;

use crate::classroom::progress::LessonRun;
use crate::classroom::share::{session_text, SessionRecord, MAX_TEXT_BYTES};
use crate::console::session::Session;

/// The `localStorage` key; the version follows the record format's.
pub const KEY: &str = "kafkascope.session.v1";
/// The `localStorage` key of the lesson being played.
pub const LESSON_KEY: &str = "kafkascope.lesson.v1";
/// Least wall time between two autosaves while the session changes.
pub const DEBOUNCE_MS: u32 = 500;
/// The same while playing, when only the clock moves: saving a session costs a tick's
/// worth of time (its record is written out whole), and `pagehide` saves the last
/// seconds anyway.
pub const PLAYING_DEBOUNCE_MS: u32 = 5_000;

thread_local! {
    /// the session to save when the timer fires (the newest one the page shows)
    static LATEST: RefCell<Option<Rc<RefCell<Session>>>> = const { RefCell::new(None) };
    /// a save is scheduled
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Writes `session`'s record now (too large a record, or a full storage, only warns).
pub fn save(session: &Session) {
    let Some(store) = storage() else { return };
    if session.timeline().is_empty() {
        return; // nothing to keep (an empty simulator after a damaged link keeps the old autosave)
    }
    let text = session_text(session);
    if text.len() > MAX_TEXT_BYTES {
        gloo::console::warn!(format!("Kafkascope: the session is too long to autosave ({} bytes)", text.len()));
        return;
    }
    if store.set_item(KEY, &text).is_err() {
        gloo::console::warn!("Kafkascope: the browser refused to autosave the session (storage full or disabled)");
    }
}

/// Saves the newest session now, if there is one and it is not being changed.
pub fn save_latest() {
    LATEST.with(|l| {
        if let Some(s) = l.borrow().as_ref() {
            if let Ok(s) = s.try_borrow() {
                save(&s);
            }
        }
    });
}

/// Notes that `session` changed: it is saved within [`DEBOUNCE_MS`] (or
/// [`PLAYING_DEBOUNCE_MS`] while `playing`), once however many changes come in between.
pub fn schedule(session: Rc<RefCell<Session>>, playing: bool) {
    LATEST.with(|l| *l.borrow_mut() = Some(session));
    if PENDING.with(|p| p.replace(true)) {
        return;
    }
    Timeout::new(if playing { PLAYING_DEBOUNCE_MS } else { DEBOUNCE_MS }, || {
        PENDING.with(|p| p.set(false));
        save_latest();
    })
    .forget();
}

/// Saves on `pagehide` (closing, reloading or leaving the tab), for the changes of the
/// last half second.
pub fn install_pagehide() {
    gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", |_| save_latest()).forget();
}

/// The stored record, if there is a readable one; an unreadable one is removed.
pub fn load() -> Option<SessionRecord> {
    let store = storage()?;
    let text = store.get_item(KEY).ok().flatten()?;
    match SessionRecord::from_text(&text) {
        Ok(r) => Some(r),
        Err(e) => {
            discard(&format!("{e}"));
            None
        }
    }
}

/// Keeps the lesson being played (or forgets it when there is none). The session it
/// belongs to is saved beside it; [`save_latest`] runs first so the two agree.
pub fn save_lesson(run: Option<&LessonRun>) {
    let Some(store) = storage() else { return };
    let written = match run {
        Some(run) => {
            save_latest();
            store.set_item(LESSON_KEY, &run.to_text())
        }
        None => store.remove_item(LESSON_KEY),
    };
    if written.is_err() {
        gloo::console::warn!("Kafkascope: the browser refused to keep the lesson's progress (storage full or disabled)");
    }
}

/// The stored lesson, if it can be resumed with a session whose cursor is `cursor`;
/// one that cannot is removed with a warning.
pub fn load_lesson(cursor: usize) -> Option<LessonRun> {
    let text = storage()?.get_item(LESSON_KEY).ok().flatten()?;
    match LessonRun::from_text(&text, cursor) {
        Ok(run) => Some(run),
        Err(e) => {
            gloo::console::warn!(format!("Kafkascope: {e}"));
            let _ = storage().map(|s| s.remove_item(LESSON_KEY));
            None
        }
    }
}

/// Removes the stored session, warning why.
pub fn discard(why: &str) {
    gloo::console::warn!(format!("Kafkascope: the autosaved session was discarded: {why}"));
    clear();
}

/// Forgets the stored session (Reset), and the session last noted, so a `pagehide`
/// before the next render cannot store the old one again.
pub fn clear() {
    LATEST.with(|l| *l.borrow_mut() = None);
    if let Some(store) = storage() {
        let _ = store.remove_item(KEY);
        let _ = store.remove_item(LESSON_KEY);
    }
}

/// Whether the query string chooses how the page starts (`?seed=` or `?empty=`), which
/// wins over the autosave.
pub fn query_overrides(query: &str) -> bool {
    query.trim_start_matches('?').split('&').any(|p| p.starts_with("seed=") || p.starts_with("empty=") || p.starts_with("scene="))
}
