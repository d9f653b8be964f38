//! The glossary panel: Kafka's terms and Kafkascope's simplifications.

use yew::prelude::*;

use super::timeline::escape_into;
use crate::engine::glossary::{CONFORMANCE_HREF, REFERENCE, SIMPLIFICATIONS, TERMS};

thread_local! {
    /// The panel's markup, built once: it never changes.
    static MARKUP: AttrValue = AttrValue::from(markup());
}

fn markup() -> String {
    let mut o = String::from(r#"<details class="ks-glossary" open><summary>Glossary and simplifications</summary><dl>"#);
    for t in TERMS {
        o.push_str(r#"<div class="ks-term"><dt>"#);
        escape_into(&mut o, t.term);
        o.push_str("</dt><dd>");
        escape_into(&mut o, t.meaning);
        if !t.elsewhere.is_empty() {
            o.push_str(r#"<span class="ks-muted"> Elsewhere: "#);
            escape_into(&mut o, t.elsewhere);
            o.push_str(".</span>");
        }
        o.push_str("</dd></div>");
    }
    o.push_str("</dl><h3>Where Kafkascope simplifies Kafka</h3><ul>");
    for s in SIMPLIFICATIONS {
        o.push_str("<li>");
        escape_into(&mut o, s);
        o.push_str("</li>");
    }
    o.push_str("</ul><p>");
    escape_into(&mut o, REFERENCE);
    o.push_str(r#" <a href=""#);
    escape_into(&mut o, CONFORMANCE_HREF);
    o.push_str(r#"" target="_blank" rel="noopener">The conformance table (docs/conformance.md)</a>.</p></details>"#);
    o
}

/// The panel (a view function, as [`super::jobs::jobs`] is), open: it is the Glossary
/// tab's whole content, so it opens with the tab. Its markup is one string,
/// so the app's renders on every tick compare one string instead of a tree.
pub fn glossary() -> Html {
    Html::from_html_unchecked(MARKUP.with(AttrValue::clone))
}
