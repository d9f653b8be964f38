//! Files of the site that the page fetches when it needs them rather than carrying them
//! in its wasm: the lessons (`lessons/`) and the Kafka tools' usage texts (`help/`).
//! URLs are relative, so the site works from any static server and path.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches a file of the site as text; a failure is a sentence naming the file.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |why: &str| format!("{url} could not be loaded{why}");
    let response = JsFuture::from(gloo::utils::window().fetch_with_str(url)).await.map_err(|_| failed(""))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed(""))?;
    if !response.ok() {
        return Err(failed(&format!(" (HTTP {})", response.status())));
    }
    let text = response.text().map_err(|_| failed(""))?;
    JsFuture::from(text).await.ok().and_then(|t| t.as_string()).ok_or_else(|| failed(""))
}

/// Whether the user asked the system for reduced motion: the page then opens paused.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().is_some_and(|m| m.matches())
}

/// The window's inner size in CSS px.
pub fn viewport() -> (i32, i32) {
    let w = gloo::utils::window();
    let px = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).map_or(0, |v| v as i32);
    (px(w.inner_width()), px(w.inner_height()))
}
