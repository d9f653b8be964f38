//! Offering bytes as a file download: a `Blob`, an object URL and a clicked
//! `<a download>` (the Save button's script, the Export button's tar).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` as the download `name` of type `mime`.
pub fn offer(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&Array::of1(&Uint8Array::from(bytes)), &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // the download starts after this returns: revoke the address a little later
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
