//! The classroom: what teachers and students use around the simulation.
//!
//! Lessons (narrated console scripts with checked claims), share links that rebuild
//! an exact run, and the export of a session to a real Kafka cluster. Like the engine
//! and the console, nothing here depends on the browser: the `ui` module only draws it.

pub mod share;

pub mod check;
pub mod export;
pub mod lesson;
pub mod player;
pub mod progress;
pub mod scene;
pub mod share_check;
pub mod tar;
