//! "Export to real Kafka": downloads `kafkascope-export.tar`, the current session as a
//! docker-compose.yml for one real Kafka node, a bash script of the session's commands,
//! kafka-python producer and consumer code and a README (see `classroom::export`).

use yew::prelude::*;

use super::state::{SessionProps, UiAction};
use crate::classroom::export::{Export, TAR_NAME};
use crate::console::session::Session;

/// Builds the export of `session` and offers it as the download `kafkascope-export.tar`.
pub fn download(session: &Session) -> Result<(), String> {
    let bytes = Export::from_session(session).to_tar().map_err(|e| e.to_string())?;
    super::download::offer(TAR_NAME, "application/x-tar", &bytes)
        .map_err(|e| e.as_string().unwrap_or_else(|| "the browser refused the download".into()))
}

/// The controls bar's Export button.
#[function_component(ExportButton)]
pub fn export_button(p: &SessionProps) -> Html {
    let onclick = {
        let session = p.session.0.clone();
        let on_action = p.on_action.clone();
        Callback::from(move |_| {
            if let Err(e) = download(&session.borrow()) {
                on_action.emit(UiAction::Notice(Some(format!("No export: {e}."))));
            }
        })
    };
    html! {
        <button class="ks-btn" aria-label="Export to real Kafka" {onclick}
            title="Download kafkascope-export.tar: a docker-compose.yml for one real Kafka node, this session's commands as a bash script, and kafka-python producer and consumer code">
            {"⇪ Export"}
        </button>
    }
}
