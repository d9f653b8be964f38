//! A Kafka tool's usage text in the terminal (`kafka-topics.sh --help`, or after a usage
//! error), fetched from `help/TOOL.txt` the first time it is shown and kept for the
//! session. The console writes one placeholder line in its place
//! ([`crate::console::options::OptionParser::help`] says why); until the file arrives
//! the line reads "…". Like every line of the terminal, it is shown without its last
//! newline.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::site::fetch_text;

thread_local! {
    /// The usage texts fetched so far: (tool, text).
    static LOADED: RefCell<Vec<(AttrValue, Rc<str>)>> = const { RefCell::new(Vec::new()) };
}

fn loaded(tool: &str) -> Option<Rc<str>> {
    LOADED.with(|l| l.borrow().iter().find(|(t, _)| t == tool).map(|(_, text)| text.clone()))
}

#[derive(Properties, PartialEq)]
pub struct UsageTextProps {
    /// The tool's command, `kafka-topics.sh`.
    pub tool: AttrValue,
}

#[function_component(UsageText)]
pub fn usage_text(p: &UsageTextProps) -> Html {
    let failed = use_state(|| None::<(AttrValue, String)>);
    let update = use_force_update();
    {
        let failed = failed.clone();
        use_effect_with(p.tool.clone(), move |tool| {
            if loaded(tool).is_none() {
                let tool = tool.clone();
                spawn_local(async move {
                    match fetch_text(&format!("help/{tool}.txt")).await {
                        Ok(text) => {
                            if loaded(&tool).is_none() {
                                LOADED.with(|l| l.borrow_mut().push((tool, text.into())));
                            }
                            update.force_update();
                        }
                        Err(why) => failed.set(Some((tool, why))),
                    }
                });
            }
        });
    }
    let (text, busy) = match (loaded(&p.tool), &*failed) {
        (Some(text), _) => (text.trim_end_matches('\n').to_string(), false),
        (None, Some((tool, why))) if *tool == p.tool => (format!("kafkascope: the usage text of {tool} is missing: {why}"), false),
        (None, _) => ("…".to_string(), true),
    };
    let node = use_node_ref();
    {
        // the text arrives after the terminal scrolled to its newest line: scroll again
        let node = node.clone();
        use_effect_with(busy, move |busy| {
            if let (false, Some(log)) = (*busy, node.cast::<web_sys::Element>().and_then(|e| e.parent_element())) {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }
    html! { <div ref={node} class="ks-term-err" aria-busy={busy.then_some("true")}>{ text }</div> }
}
