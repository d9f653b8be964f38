//! The Theme button: follow the system (auto), or force light or dark. The choice is
//! [`super::state::AppState::theme`]; [`apply`] sets `data-theme` on the document
//! element, and the stylesheet does the rest.

use yew::prelude::*;

use super::on_click;
use super::state::UiAction;

/// (value of `data-theme`, the button's text); `auto` removes the attribute.
pub const CHOICES: [(&str, &str); 3] = [("auto", "◐ auto"), ("light", "☼ light"), ("dark", "☾ dark")];

/// Sets the document's theme to `CHOICES[choice]`.
pub fn apply(choice: usize) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match CHOICES[choice % CHOICES.len()].0 {
            "auto" => root.remove_attribute("data-theme"),
            theme => root.set_attribute("data-theme", theme),
        };
    }
}

/// The button, showing the theme `choice` (a view function, as [`super::jobs::jobs`] is).
pub fn theme_button(choice: usize, on_action: &Callback<UiAction>) -> Html {
    html! {
        <button class="ks-btn ks-btn-small ks-theme" aria-label="Theme" title="Follow the system setting, or force light or dark"
            onclick={on_click(on_action, UiAction::NextTheme)}>{ CHOICES[choice % CHOICES.len()].1 }</button>
    }
}
