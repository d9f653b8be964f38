//! If the app ever panics, an overlay shows what happened and the session's script (the
//! lines typed or clicked so far), ready to copy, so no work is lost. Everything else on
//! the page has stopped at that point, so the overlay is plain DOM, not yew.

use std::cell::RefCell;

thread_local! {
    /// The lines run so far in this page's session (what a share link would carry).
    static SCRIPT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Records a line the session ran.
pub fn record_line(line: &str) {
    SCRIPT.with(|s| s.borrow_mut().push(line.to_string()));
}

/// Forgets the session (Reset).
pub fn clear() {
    SCRIPT.with(|s| s.borrow_mut().clear());
}

/// The session's script so far.
pub fn script() -> String {
    SCRIPT.with(|s| s.borrow().iter().map(|l| format!("{l}\n")).collect())
}

/// Shows the recovery overlay with `message`.
pub fn show_overlay(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let Ok(overlay) = doc.create_element("div") else { return };
    overlay.set_class_name("ks-recovery");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-label", "Kafkascope stopped");
    let parts = [
        ("h2", "Kafkascope stopped: this is a bug in Kafkascope, not in your commands."),
        ("p", "Your session's script is below. Copy it (select all, then Ctrl+C), reload the page and paste it into the terminal or into `kafkascope run -` to get back where you were."),
        ("pre", message),
    ];
    for (tag, text) in parts {
        if let Ok(el) = doc.create_element(tag) {
            el.set_text_content(Some(text));
            let _ = overlay.append_child(&el);
        }
    }
    if let Ok(area) = doc.create_element("textarea") {
        let _ = area.set_attribute("aria-label", "Session script");
        let _ = area.set_attribute("readonly", "");
        area.set_text_content(Some(&script()));
        let _ = overlay.append_child(&area);
    }
    let _ = body.append_child(&overlay);
}

/// Installs the panic hook that shows the overlay (and still logs to the console).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        gloo::console::error!(message.clone());
        show_overlay(&message);
    }));
}
