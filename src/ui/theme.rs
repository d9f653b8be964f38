//! The Theme button: follow the system (auto), or force light or dark. It sets
//! `data-theme` on the document element; the stylesheet does the rest.

use yew::prelude::*;

const CHOICES: [(&str, &str); 3] = [("auto", "Theme: auto"), ("light", "Theme: light"), ("dark", "Theme: dark")];

#[function_component(ThemeButton)]
pub fn theme_button() -> Html {
    let choice = use_state(|| 0usize);
    let onclick = {
        let choice = choice.clone();
        Callback::from(move |_| {
            let next = (*choice + 1) % CHOICES.len();
            if let Some(root) = gloo::utils::document().document_element() {
                match CHOICES[next].0 {
                    "auto" => {
                        let _ = root.remove_attribute("data-theme");
                    }
                    theme => {
                        let _ = root.set_attribute("data-theme", theme);
                    }
                }
            }
            choice.set(next);
        })
    };
    html! {
        <button class="ks-btn ks-btn-small ks-theme" aria-label="Theme" title="Follow the system setting, or force light or dark" {onclick}>{ CHOICES[*choice].1 }</button>
    }
}
