//! The browser terminal: a prompt, the transcript (stdout and stderr kept apart),
//! history on ↑/↓, Tab completion of tools and flags, Ctrl-C.

use std::rc::Rc;

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::state::{LineKind, TermLine, UiAction};
use super::usage_text;
use crate::console::tools::complete;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub lines: Rc<Vec<TermLine>>,
    /// gets [`UiAction::RunLine`] for each line entered and [`UiAction::Interrupt`] on Ctrl-C
    pub on_action: Callback<UiAction>,
    /// a foreground command (a consumer, an interactive producer) is running
    pub busy: bool,
}

#[function_component(Terminal)]
pub fn terminal(p: &TerminalProps) -> Html {
    let input = use_node_ref();
    let log = use_node_ref();
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);
    let hint = use_state(String::new);
    let update = use_force_update();
    {
        // fetch the usage texts the transcript shows (once each)
        use_effect_with(p.lines.clone(), move |lines| {
            for tool in lines.iter().filter_map(|l| usage_text::tool_of(&l.text)) {
                let update = update.clone();
                usage_text::request(tool, move || update.force_update());
            }
        });
    }
    {
        // show the newest line, again when a usage text arrives
        let log = log.clone();
        use_effect_with((p.lines.len(), usage_text::arrived()), move |_| {
            if let Some(el) = log.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = {
        let input = input.clone();
        let on_action = p.on_action.clone();
        let hint = hint.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else { return };
            match e.key().as_str() {
                "Enter" => {
                    let line = el.value();
                    if !line.trim().is_empty() {
                        history.borrow_mut().push(line.clone());
                    }
                    *cursor.borrow_mut() = history.borrow().len();
                    el.set_value("");
                    hint.set(String::new());
                    on_action.emit(UiAction::RunLine(line));
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let h = history.borrow();
                    let mut c = cursor.borrow_mut();
                    if e.key() == "ArrowUp" {
                        *c = c.saturating_sub(1);
                    } else {
                        *c = (*c + 1).min(h.len());
                    }
                    el.set_value(h.get(*c).map(String::as_str).unwrap_or(""));
                }
                "Tab" => {
                    e.prevent_default();
                    let line = el.value();
                    let candidates = complete(&line);
                    match candidates.as_slice() {
                        [] => hint.set(String::new()),
                        [one] => {
                            let start = line.rfind(' ').map_or(0, |i| i + 1);
                            el.set_value(&format!("{}{one} ", &line[..start]));
                            hint.set(String::new());
                        }
                        many => hint.set(many.join("  ")),
                    }
                }
                "c" | "C" if e.ctrl_key() => {
                    e.prevent_default();
                    el.set_value("");
                    on_action.emit(UiAction::Interrupt);
                }
                _ => {}
            }
        })
    };
    let prompt = if p.busy { "" } else { "$ " };
    html! {
        <section class="ks-terminal" aria-label="Terminal">
            <div class="ks-term-log" role="log" aria-live="polite" ref={log}>
                { for p.lines.iter().enumerate().map(|(i, l)| {
                    if let Some(tool) = usage_text::tool_of(&l.text) {
                        let text = usage_text::usage_text(tool);
                        let busy = text.is_none().then_some("true");
                        return html! { <div key={i} class="ks-term-err" aria-busy={busy}>{ text.as_deref().unwrap_or("…").to_string() }</div> };
                    }
                    let class = match l.kind {
                        LineKind::Command => "ks-term-cmd",
                        LineKind::Input => "ks-term-in",
                        LineKind::Stdout => "ks-term-out",
                        LineKind::Stderr => "ks-term-err",
                    };
                    let text = if l.kind == LineKind::Command { format!("$ {}", l.text) } else { l.text.clone() };
                    html! { <div key={i} class={class}>{ text }</div> }
                }) }
            </div>
            if !hint.is_empty() {
                <div class="ks-term-hint">{ (*hint).clone() }</div>
            }
            <div class="ks-term-input">
                <span class="ks-term-prompt" aria-hidden="true">{ prompt }</span>
                <input ref={input} type="text" aria-label="Console" spellcheck="false" autocomplete="off"
                    placeholder={if p.busy { "running: type records, or Ctrl-C to stop" } else { "kafka-topics.sh --bootstrap-server localhost:9092 --list" }}
                    {onkeydown} />
            </div>
        </section>
    }
}
