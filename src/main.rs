//! The wasm entry point that Trunk builds: mounts the yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    kafkascope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kafkascope-web is the browser build; run it with `trunk serve` (see README.md).");
}
