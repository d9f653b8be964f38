//! The glossary panel: Kafka's terms and Kafkascope's simplifications.

use yew::prelude::*;

use crate::engine::glossary::{SIMPLIFICATIONS, TERMS};

/// The panel (a view function, as [`super::jobs::jobs`] is).
pub fn glossary() -> Html {
    html! {
        <details class="ks-glossary">
            <summary>{"Glossary and simplifications"}</summary>
            <dl>
                { for TERMS.iter().map(|t| html! {
                    <div key={t.term} class="ks-term">
                        <dt>{ t.term }</dt>
                        <dd>{ t.meaning }{ if t.elsewhere.is_empty() { html!{} } else { html!{ <span class="ks-muted">{ format!(" Elsewhere: {}.", t.elsewhere) }</span> } } }</dd>
                    </div>
                }) }
            </dl>
            <h3>{"Where Kafkascope simplifies Kafka"}</h3>
            <ul>{ for SIMPLIFICATIONS.iter().map(|s| html! { <li key={*s}>{ *s }</li> }) }</ul>
        </details>
    }
}
