//! The app's state: one simulation behind `Rc<RefCell<_>>`, changed only through
//! [`UiAction`]s in a yew `Reducible` (as yew's function_todomvc keeps its logic in
//! `state.rs`). Components render what it holds and dispatch actions; they hold no
//! Kafka logic.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use crate::engine::{ClusterConfig, Command, NewRecord, Sim};

/// The seed a fresh page starts with.
pub const DEFAULT_SEED: u64 = 42;

/// What the user can do to the simulation from the controls.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    Play,
    Pause,
    /// advance virtual time while playing: `ms` of wall time at the current speed
    Tick {
        wall_ms: f64,
    },
    /// run to the next event
    Step,
    Reset,
}

#[derive(Clone)]
pub struct AppState {
    pub sim: Rc<RefCell<Sim>>,
    /// bumps on every change, so components can compare cheaply
    pub version: u64,
    pub playing: bool,
    /// virtual ms per wall ms
    pub speed: f64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim) && self.version == other.version && self.playing == other.playing
    }
}

/// The scenario a fresh page shows: Kafka's quickstart topic on three brokers, and a
/// producer that has sent a few keyed records.
pub fn quickstart_commands() -> Vec<Command> {
    let mut cmds = vec![
        Command::CreateTopic { name: "quickstart-events".into(), partitions: Some(3), replication_factor: Some(3), configs: vec![] },
        Command::CreateProducer { configs: vec![] },
    ];
    for i in 0..12 {
        let key = format!("user-{}", i % 4);
        cmds.push(Command::Send {
            producer: 1,
            topic: "quickstart-events".into(),
            partition: None,
            record: NewRecord::keyed(key, format!("event {i}")),
        });
    }
    cmds
}

impl AppState {
    pub fn new(seed: u64) -> Self {
        let mut sim = Sim::new(ClusterConfig::default(), seed);
        for cmd in quickstart_commands() {
            // the built-in scenario is valid; an error here would be a bug worth seeing
            if let Err(e) = sim.apply(cmd) {
                gloo::console::error!(format!("quickstart command failed: {e}"));
            }
        }
        AppState { sim: Rc::new(RefCell::new(sim)), version: 0, playing: false, speed: 1.0 }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(DEFAULT_SEED)
    }
}

impl Reducible for AppState {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            UiAction::Play => next.playing = true,
            UiAction::Pause => next.playing = false,
            UiAction::Tick { wall_ms } => {
                if !self.playing {
                    return self;
                }
                let ms = (wall_ms * self.speed).round().max(1.0) as i64;
                self.sim.borrow_mut().advance(ms);
            }
            UiAction::Step => {
                next.playing = false;
                self.sim.borrow_mut().step_event(3_600_000);
            }
            UiAction::Reset => {
                let seed = self.sim.borrow().seed();
                return Rc::new(AppState::new(seed));
            }
        }
        next.version += 1;
        Rc::new(next)
    }
}
