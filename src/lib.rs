//! Kafkascope: Apache Kafka in a browser tab.
//!
//! * [`engine`]: the deterministic, in-memory Kafka model (no web dependency).
//! * `ui` (wasm32 only): the yew views, a thin projection of the engine.

pub mod console;
pub mod engine;

#[cfg(target_arch = "wasm32")]
pub mod ui;
