//! Kafkascope: Apache Kafka in a browser tab.
//!
//! * [`engine`]: the deterministic, in-memory Kafka model (no web dependency).
//! * [`console`]: Kafka's command-line tools over the engine, and time travel.
//! * [`classroom`]: lessons, share links, export to a real cluster.
//! * `ui` (wasm32 only): the yew views, a thin projection of the engine.

pub mod classroom;
pub mod console;
pub mod engine;
pub mod stage;

#[cfg(target_arch = "wasm32")]
pub mod ui;
