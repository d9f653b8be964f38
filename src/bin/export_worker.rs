//! The export worker, which Trunk builds beside the app (`index.html`,
//! `data-type="worker"`): the page starts it when Export is clicked, so the export's code
//! and templates (about 28 KB of gzip) are downloaded only then, and the session's replay
//! runs off the page's thread.
//!
//! Messages: the worker posts `true` once it listens; the page posts the text of its
//! session record (`classroom::share::session_text`); the worker answers with the
//! archive's bytes (a `Uint8Array`) or, when the text cannot be read, an error text.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let answer: JsValue = match e.data().as_string() {
            Some(text) => match kafkascope::classroom::export::Export::tar_of_record(&text) {
                Ok(bytes) => js_sys::Uint8Array::from(&bytes[..]).into(),
                Err(message) => JsValue::from_str(&message),
            },
            None => JsValue::from_str("the export worker expects the session's text"),
        };
        let _ = reply.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    let _ = scope.post_message(&JsValue::TRUE);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kafkascope-export is the browser's export worker, which Trunk builds beside the app (see README.md).");
}

/// Talc, as on the page (src/main.rs): smaller than std's dlmalloc on wasm32.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
