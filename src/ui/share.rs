//! Share links, Save and Open (issue 7): the browser side of [`crate::classroom::share`].
//!
//! A link is `https://host/path/#s=PAYLOAD`, PAYLOAD being the session record's text
//! compressed with the browser's own `CompressionStream("deflate-raw")` (no compressor
//! in the wasm) and encoded as base64url. Opening one decodes it asynchronously, reading
//! the decompressed stream only up to [`MAX_TEXT_BYTES`] (a zip bomb is refused, never
//! inflated), then replaces the session with the replayed record; a damaged or
//! oversized link shows a dismissable alert and leaves an empty, working simulator.
//! Save downloads the session's script; Open runs a script file in a fresh session.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, HtmlInputElement, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, WritableStream};
use yew::prelude::*;

use super::on_click;
use super::state::{AppState, UiAction};
use super::storage;
use crate::classroom::share::{
    base64url_decode, base64url_encode, session_script, SessionRecord, MAX_LINK_CHARS, MAX_SCRIPT_BYTES, MAX_TEXT_BYTES,
};
use crate::console::session::Session;

// The Compression Streams API (web-sys only binds it behind `web_sys_unstable_apis`,
// though every current browser has it): a transform stream pair for one format.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

/// The fragment's key: `#s=PAYLOAD`.
const FRAGMENT: &str = "#s=";

/// The payload of a share link's fragment (`#s=...`), if the page was opened with one.
pub fn link_payload(hash: &str) -> Option<&str> {
    hash.strip_prefix(FRAGMENT)
}

/// Runs `bytes` through a compression or decompression stream and reads the result,
/// refusing (and cancelling the stream) once more than `cap` bytes come out.
async fn transform(bytes: &[u8], pair: &ReadableWritablePair, cap: usize) -> Result<Vec<u8>, Failure> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(|_| Failure::Browser)?;
    let stream: ReadableStream = blob.stream().pipe_through(pair);
    let reader = ReadableStreamDefaultReader::new(&stream).map_err(|_| Failure::Browser)?;
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| Failure::Corrupt)?;
        if Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(out);
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| Failure::Corrupt)?;
        let Some(value) = value.dyn_ref::<Uint8Array>() else { return Err(Failure::Corrupt) };
        let len = value.length() as usize;
        if out.len() + len > cap {
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(Failure::TooBig);
        }
        let start = out.len();
        out.resize(start + len, 0);
        value.copy_to(&mut out[start..]);
    }
}

enum Failure {
    Browser,
    Corrupt,
    TooBig,
}

/// `bytes` compressed by the browser as raw deflate (RFC 1951); `None` past `cap` bytes.
pub async fn deflate_raw(bytes: &[u8], cap: usize) -> Result<Option<Vec<u8>>, String> {
    let cs = CompressionStream::new("deflate-raw").map_err(|_| "this browser cannot compress (no CompressionStream)".to_string())?;
    let pair = ReadableWritablePair::new(&cs.readable(), &cs.writable());
    match transform(bytes, &pair, cap).await {
        Ok(out) => Ok(Some(out)),
        Err(Failure::TooBig) => Ok(None),
        Err(_) => Err("the browser could not compress the session".to_string()),
    }
}

/// The link payload of a record's text.
pub async fn encode(text: &str) -> Result<String, String> {
    let too_long = || "the session is too long for a link; use Save to keep it as a script".to_string();
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_long());
    }
    let bytes = deflate_raw(text.as_bytes(), MAX_LINK_CHARS / 4 * 3).await?.ok_or_else(too_long)?;
    Ok(base64url_encode(&bytes))
}

/// Reads a link payload back into a record; every failure is a sentence for the alert.
pub async fn decode(payload: &str) -> Result<SessionRecord, String> {
    let bytes = base64url_decode(payload).map_err(|e| e.to_string())?;
    let ds = DecompressionStream::new("deflate-raw").map_err(|_| "this browser cannot decompress (no DecompressionStream)".to_string())?;
    let pair = ReadableWritablePair::new(&ds.readable(), &ds.writable());
    let text = match transform(&bytes, &pair, MAX_TEXT_BYTES).await {
        Ok(t) => t,
        Err(Failure::TooBig) => return Err(format!("the link holds more than {MAX_TEXT_BYTES} bytes of session")),
        Err(Failure::Corrupt) => return Err("the link is damaged (its data does not decompress)".to_string()),
        Err(Failure::Browser) => return Err("the browser could not decompress the link".to_string()),
    };
    let text = String::from_utf8(text).map_err(|_| "the link is damaged (its session is not text)".to_string())?;
    SessionRecord::from_text(&text).map_err(|e| format!("the link's session is damaged ({e})"))
}

/// This page's address without query or fragment.
fn page_address() -> String {
    let loc = gloo::utils::window().location();
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// Shows `url` in the address bar without reloading.
fn replace_address(url: &str) {
    if let Ok(h) = gloo::utils::window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Takes a share link out of the address bar (Reset), so reloading does not reopen it.
pub fn clear_link() {
    let loc = gloo::utils::window().location();
    if link_payload(&loc.hash().unwrap_or_default()).is_some() {
        replace_address(&format!("{}{}", page_address(), loc.search().unwrap_or_default()));
    }
}

/// Opens the share link the page was loaded with, if any, and keeps the autosave going.
/// Call once, from the app component.
#[hook]
pub fn use_share_and_autosave(state: &UseReducerHandle<AppState>) {
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            storage::install_pagehide();
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            if let Some(payload) = link_payload(&hash) {
                let payload = payload.to_string();
                spawn_local(async move {
                    d.dispatch(match decode(&payload).await {
                        Ok(record) => UiAction::Open(Rc::new(record)),
                        Err(e) => UiAction::Notice(Some(format!("This share link cannot be opened: {e}. The simulator starts empty."))),
                    })
                });
            }
        });
    }
    let (session, playing) = (state.session.clone(), state.playing);
    use_effect_with((state.version, Rc::as_ptr(&state.session) as usize), move |_| storage::schedule(session, playing));
    // the lesson's progress changes only on lesson actions: written at once, beside the session
    let lesson = state.lesson.clone();
    use_effect_with(lesson.as_ref().map(|l| Rc::as_ptr(l) as usize), move |_| storage::save_lesson(lesson.as_deref()));
}

/// Share, Save and Open for `session`, for the controls bar, with the last share link
/// made (a view function, as [`super::jobs::jobs`] is).
pub fn share_bar(session: &Rc<RefCell<Session>>, link: Option<&Rc<str>>, on_action: &Callback<UiAction>) -> Html {
    let on_share = {
        let session = session.clone();
        let on_action = on_action.clone();
        Callback::from(move |_| {
            let text = SessionRecord::of(&session.borrow()).to_text();
            let on_action = on_action.clone();
            spawn_local(async move {
                match encode(&text).await {
                    Ok(payload) => {
                        let url = format!("{}{FRAGMENT}{payload}", page_address());
                        replace_address(&url);
                        let clipboard = gloo::utils::window().navigator().clipboard();
                        let _ = JsFuture::from(clipboard.write_text(&url)).await;
                        on_action.emit(UiAction::ShareLink(url.into()));
                    }
                    Err(e) => on_action.emit(UiAction::Notice(Some(format!("No share link: {e}.")))),
                }
            });
        })
    };
    let on_save = {
        let session = session.clone();
        let on_action = on_action.clone();
        Callback::from(move |_| {
            let script = session_script(&session.borrow());
            if super::download::offer("kafkascope-session.sh", "text/x-shellscript", script.as_bytes()).is_err() {
                on_action.emit(UiAction::Notice(Some("The browser refused the download.".to_string())));
            }
        })
    };
    let on_open = {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            if file.size() > MAX_SCRIPT_BYTES as f64 {
                on_action.emit(UiAction::Notice(Some(format!(
                    "{} cannot be opened: the file is {} bytes long; a script may have at most {MAX_SCRIPT_BYTES}.",
                    file.name(),
                    file.size() as u64
                ))));
                return;
            }
            let on_action = on_action.clone();
            spawn_local(async move {
                let name = file.name();
                match JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                    Some(text) => on_action.emit(UiAction::OpenScript { name: name.into(), text: text.into() }),
                    None => on_action.emit(UiAction::Notice(Some(format!("{name} cannot be opened: the browser could not read it.")))),
                }
            });
        })
    };
    let hidden = "position:absolute;width:1px;height:1px;opacity:0;overflow:hidden";
    html! {
        <>
            <button class="ks-btn" aria-label="Share" title="Make a link that rebuilds this exact run" onclick={on_share}>{"↗ Share"}</button>
            <button class="ks-btn" aria-label="Save" title="Download the session's script (kafkascope-session.sh)" onclick={on_save}>{"↓ Save"}</button>
            <label class="ks-btn" title="Run a script file in a fresh session" style="position:relative">{"↑ Open"}
                <input type="file" accept=".sh,.txt,text/plain" aria-label="Open script" style={hidden} onchange={on_open} />
            </label>
            if let Some(url) = link.cloned() {
                <input class="ks-share-link" type="text" readonly=true value={url} aria-label="Share link" size="24"
                    title="The link is in the address bar and, if the browser allowed it, on the clipboard"
                    onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
            }
        </>
    }
}

/// A message about a link, the autosave or a file, until dismissed (a view function, as
/// [`super::jobs::jobs`] is).
pub fn notice(message: Option<&Rc<str>>, on_action: &Callback<UiAction>) -> Html {
    let Some(message) = message else { return html! {} };
    html! {
        <div class="ks-notice" role="alert"
            style="display:flex;gap:var(--ks-space-3);align-items:center;padding:var(--ks-space-2) var(--ks-space-3);border:1px solid var(--ks-err);border-radius:var(--ks-radius-sm);background:var(--ks-surface)">
            <span>{ message.to_string() }</span>
            <button class="ks-btn ks-btn-small" aria-label="Dismiss" onclick={on_click(on_action, UiAction::Notice(None))}>{"✕"}</button>
        </div>
    }
}
