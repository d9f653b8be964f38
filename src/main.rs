//! The wasm entry point that Trunk builds: mounts the yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    kafkascope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kafkascope-web is the browser build; run it with `trunk serve` (see README.md).");
}

/// The page's allocator: Talc instead of the standard library's dlmalloc, which is
/// bigger on wasm32: the page is 2.9 KB smaller gzipped with Talc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
