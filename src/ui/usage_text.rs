//! A Kafka tool's usage text in the terminal (`kafka-topics.sh --help`, or after a usage
//! error), fetched from `help/TOOL.txt` the first time it is shown and kept for the
//! session. The console writes one placeholder line in its place
//! ([`crate::console::options::OptionParser::help`] says why); until the file arrives
//! the terminal shows "…" there.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;

use super::site::fetch_text;
use crate::console::options::deferred_help_tool;
use crate::console::tools::OPTION_TOOLS;

thread_local! {
    /// The usage texts asked for: (tool, text once fetched, or why it is missing).
    static TEXTS: RefCell<Vec<(String, Option<Rc<str>>)>> = const { RefCell::new(Vec::new()) };
}

/// The tool whose usage text the terminal line `line` stands for: only a tool that has
/// a file in `help/` (output that merely looks like the placeholder fetches nothing).
pub fn tool_of(line: &str) -> Option<&str> {
    deferred_help_tool(line).filter(|tool| OPTION_TOOLS.iter().any(|(t, _)| t == tool))
}

/// `tool`'s usage text without its last newline (like every line of the terminal), or
/// a sentence saying why it could not be fetched; `None` until the fetch has ended.
pub fn usage_text(tool: &str) -> Option<Rc<str>> {
    TEXTS.with(|t| t.borrow().iter().find(|(name, _)| name == tool).and_then(|(_, text)| text.clone()))
}

/// How many usage texts have arrived: the terminal scrolls again when it grows.
pub fn arrived() -> usize {
    TEXTS.with(|t| t.borrow().iter().filter(|(_, text)| text.is_some()).count())
}

/// Fetches `tool`'s usage text unless it was already asked for; `done` runs when it
/// has arrived.
pub fn request(tool: &str, done: impl FnOnce() + 'static) {
    let asked = TEXTS.with(|t| {
        let mut t = t.borrow_mut();
        let asked = t.iter().any(|(name, _)| name == tool);
        if !asked {
            t.push((tool.to_string(), None));
        }
        asked
    });
    if asked {
        return;
    }
    let tool = tool.to_string();
    spawn_local(async move {
        let text = match fetch_text(&format!("help/{tool}.txt")).await {
            Ok(text) => text.trim_end_matches('\n').into(),
            Err(why) => format!("kafkascope: the usage text of {tool} is missing: {why}").into(),
        };
        TEXTS.with(|t| {
            if let Some(entry) = t.borrow_mut().iter_mut().find(|(name, _)| *name == tool) {
                entry.1 = Some(text);
            }
        });
        done();
    });
}
