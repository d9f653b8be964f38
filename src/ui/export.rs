//! "Export to real Kafka": downloads `kafkascope-export.tar`, the current session as a
//! docker-compose.yml for one real Kafka node, a bash script of the session's commands,
//! kafka-python producer and consumer code and a README (see `classroom::export`).
//!
//! The archive is made by the export worker (`src/bin/export_worker.rs`), started at the
//! click: the page's own download stays without the export's code, and a long session's
//! replay does not freeze the page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::UiAction;
use crate::classroom::export::TAR_NAME;
use crate::classroom::share::session_text;
use crate::console::session::Session;

/// The worker's loader (`static/export-worker.js`), copied beside the page; it loads
/// `kafkascope-export.js` and `kafkascope-export_bg.wasm`, which Trunk names after the
/// binary, without a content hash, as it does for workers.
const WORKER_URL: &str = "./export-worker.js";

/// The worker's two handlers, kept until the worker has answered.
type Handlers = Rc<RefCell<Option<(Closure<dyn FnMut(web_sys::MessageEvent)>, Closure<dyn FnMut(web_sys::Event)>)>>>;

/// Terminates the worker and frees its handlers once the one running has returned (a
/// closure must not be dropped while it runs).
fn finish(worker: &web_sys::Worker, handlers: &Handlers) {
    worker.terminate();
    worker.set_onmessage(None);
    worker.set_onerror(None);
    let handlers = handlers.clone();
    wasm_bindgen_futures::spawn_local(async move { drop(handlers.borrow_mut().take()) });
}

/// Starts the export worker, hands it `text` (the session record) once it listens, and
/// calls `done` with the archive or with why there is none.
fn run_worker(text: String, done: Callback<Result<Vec<u8>, String>>) -> Result<(), JsValue> {
    let worker = web_sys::Worker::new(WORKER_URL)?;
    let text = Rc::new(RefCell::new(Some(text)));
    let handlers: Handlers = Rc::default();
    let on_message = {
        let (worker, done, handlers) = (worker.clone(), done.clone(), handlers.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            if data.as_bool() == Some(true) {
                // ready: hand over the session (and let go of the page's copy)
                if let Some(t) = text.borrow_mut().take() {
                    if worker.post_message(&JsValue::from_str(&t)).is_err() {
                        finish(&worker, &handlers);
                        done.emit(Err("the export worker refused the session".into()));
                    }
                }
                return;
            }
            finish(&worker, &handlers);
            done.emit(match data.as_string() {
                Some(message) => Err(message),
                None => Ok(js_sys::Uint8Array::new(&data).to_vec()),
            });
        })
    };
    let on_error = {
        let (worker, handlers) = (worker.clone(), handlers.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            finish(&worker, &handlers);
            done.emit(Err("the export worker stopped with an error".into()));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // kept until the worker answers (see finish); a worker that never answers keeps them
    *handlers.borrow_mut() = Some((on_message, on_error));
    Ok(())
}

/// The controls bar's Export button for `session`; it reads "Exporting…" while the
/// worker works (`busy`: [`super::state::AppState::exporting`]). A view function, as
/// [`super::jobs::jobs`] is.
pub fn export_button(session: &Rc<RefCell<Session>>, busy: bool, on_action: &Callback<UiAction>) -> Html {
    let onclick = {
        let session = session.clone();
        let on_action = on_action.clone();
        Callback::from(move |_| {
            if busy {
                return;
            }
            let done = {
                let on_action = on_action.clone();
                Callback::from(move |result: Result<Vec<u8>, String>| {
                    on_action.emit(UiAction::Exporting(false));
                    let offered = result.and_then(|bytes| {
                        super::download::offer(TAR_NAME, "application/x-tar", &bytes)
                            .map_err(|e| e.as_string().unwrap_or_else(|| "the browser refused the download".into()))
                    });
                    if let Err(e) = offered {
                        on_action.emit(UiAction::Notice(Some(format!("No export: {e}."))));
                    }
                })
            };
            on_action.emit(UiAction::Exporting(true));
            if run_worker(session_text(&session.borrow()), done).is_err() {
                on_action.emit(UiAction::Exporting(false));
                on_action.emit(UiAction::Notice(Some("No export: the browser could not start the export worker.".into())));
            }
        })
    };
    html! {
        <button class="ks-btn" aria-label="Export to real Kafka" {onclick} disabled={busy} aria-busy={busy.to_string()}
            title="Download kafkascope-export.tar: a docker-compose.yml for one real Kafka node, this session's commands as a bash script, and kafka-python producer and consumer code">
            { if busy { "⇪ Exporting…" } else { "⇪ Export" } }
        </button>
    }
}
