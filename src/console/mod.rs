//! The console's command language: what a user types in the browser terminal or puts
//! in a script for `kafkascope run`.
//!
//! This module is the front end, parsing only:
//!
//! * [`shell`]: the small part of bash that scripts need (quoting, comments, `;`,
//!   `&`, here-documents, redirections), turning text into [`ShellCommand`]s. Bash
//!   features Kafkascope does not model (pipes, `&&`, `$(...)`, ...) are rejected with
//!   a clear message, never a panic.
//! * [`options`]: the command lines of Kafka's own tools (`kafka-topics.sh` and
//!   friends) with the semantics of jopt-simple, the Java library they use, including
//!   its error messages and its usage text.
//!
//! Running commands against the engine and rendering the tools' output build on these.

pub mod options;
pub mod output;
pub mod restart;
pub mod runtime;
pub mod session;
pub mod shell;
pub mod time;
pub mod tools;

pub use options::{OptionError, OptionParser, OptionSpec, ParsedOptions, TakesArg, ValueType};
pub use output::{Output, Stream};
pub use runtime::Console;
pub use shell::{parse_script, Pending, Redirect, ShellCommand, ShellError, ShellErrorKind, ShellParser, ShellWarning};
