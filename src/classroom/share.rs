//! A whole browser run as text: what share links, the autosave and saved scripts carry.
//!
//! A [`SessionRecord`] is everything needed to rebuild a [`Session`] exactly: the
//! simulation's seed, every recorded [`Op`] (the present's and the recorded future's)
//! and the cursor (how many of them are applied). The simulation is deterministic, so
//! replaying the ops from a fresh cluster gives the same state, transcript and future.
//! Its text form is versioned and readable:
//!
//! ```text
//! kafkascope-session v1
//! seed 42
//! > kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t
//! step 120
//! clock 5000
//! ^C
//! cursor 123
//! check 5d1c0e6a9b2f4711
//! ```
//!
//! `> LINE` is a typed line (`>~ LINE` the same with `\n`, `\r` and `\\` escaped, for the
//! rare line holding a line break), `step N` N scheduled actions of the simulation,
//! `clock T` the clock moving to T ms with nothing scheduled before it, `^C` Ctrl-C,
//! `cursor N` the present, and the optional `check` a hash of the simulation's event trace
//! at the present when the record was made (a different Kafkascope version may replay a run
//! differently; the check notices). The trace, not the whole state, is hashed: every
//! observable step of a run is in it, and hashing the state would put a `Hash` of every
//! engine type on the page (3 KB gzip) for differences that no view could show. Whether
//! a typed line was a command or input (a here-document line, a record for a running
//! producer) is not stored: replaying decides it again.
//!
//! A record comes from someone else's link, so reading one is bounded: the text size,
//! each line's length and the op count after expanding `step` runs are capped, and
//! [`replay`] rejects ops that a recorded session cannot contain (a step with nothing
//! scheduled, a clock that skips scheduled actions or goes back), so each op does at
//! most one action's work. A typed line runs as if typed, under the console's own
//! limits (one simulated day per foreground command, 30 days per `sleep`); replay also
//! stops once the clock passes [`MAX_CLOCK_MS`] or the typed lines have made the
//! simulation process [`MAX_REPLAY_STEPS`] scheduled actions.
//!
//! Simplification: a record always starts from the default cluster (three brokers), as
//! the page does; the page's quickstart is not a flag but the ops it recorded.
//!
//! The module also writes a session as a script for `kafkascope run` ([`session_script`])
//! and reads such scripts back ([`parse_script`]), and carries a small base64url codec
//! for links ([`base64url_encode`], [`base64url_decode`]).

use std::fmt;

use crate::console::session::{Op, Ops, Session};
use crate::console::tools::JobKind;
use crate::console::Console;
use crate::engine::{ClusterConfig, Sim};

/// The first line of a record's text.
pub const HEADER: &str = "kafkascope-session v1";
/// Largest record text (and largest decompressed link) accepted: 1 MiB.
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// Longest line of a record or script, in bytes.
pub const MAX_LINE_BYTES: usize = 8 * 1024;
/// Most ops a record may hold, counting each scheduled action of a `step` run.
pub const MAX_OPS: usize = 1_000_000;
/// Latest virtual time a record may reach: 30 days, the longest `sleep`.
pub const MAX_CLOCK_MS: i64 = 30 * 86_400_000;
/// Most work the typed lines of a replay may do, in scheduled actions (messages and
/// timers) plus, after each, the console's jobs it polls: this bounds its time and
/// memory (about 3 s natively at worst, a few seconds in a browser tab), since a line
/// such as `sleep` can let days pass with many members heartbeating. One console
/// consumer idle for 30 days takes about 9.4 million, three for 7 days about 12 million.
/// Steps recorded one by one (Play, Step) are bounded by [`MAX_OPS`] instead.
pub const MAX_REPLAY_STEPS: u64 = 20_000_000;
/// Longest base64url payload of a link (`#s=...`) accepted, before decompressing.
pub const MAX_LINK_CHARS: usize = 512 * 1024;
/// Largest script file [`parse_script`] accepts.
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;
/// Most lines a script file may have.
pub const MAX_SCRIPT_LINES: usize = 20_000;

/// The caps a record's text is read under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub text_bytes: usize,
    pub line_bytes: usize,
    pub ops: usize,
    pub clock_ms: i64,
}

impl Limits {
    /// A record from someone else (a link, a file, the autosave): [`MAX_TEXT_BYTES`],
    /// [`MAX_LINE_BYTES`], [`MAX_OPS`] and [`MAX_CLOCK_MS`].
    pub const SHARED: Limits = Limits { text_bytes: MAX_TEXT_BYTES, line_bytes: MAX_LINE_BYTES, ops: MAX_OPS, clock_ms: MAX_CLOCK_MS };
    /// The page's own session, handed to its export worker: whatever the page holds.
    pub const OWN: Limits = Limits { text_bytes: usize::MAX, line_bytes: usize::MAX, ops: usize::MAX, clock_ms: i64::MAX };
}

/// A recorded browser run: seed, ops and the present's position (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub seed: u64,
    /// the whole recorded timeline, from an empty cluster (runs of steps stored compactly)
    pub ops: Ops,
    /// ops applied: the present
    pub cursor: usize,
    /// the hash of the simulation's event trace at the present, when recorded
    pub check: Option<u64>,
}

/// Why a record, link or script was refused, with the 1-based line when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError {
    pub line: Option<usize>,
    pub message: String,
}

impl ShareError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        ShareError { line: Some(line), message: message.into() }
    }
    fn new(message: impl Into<String>) -> Self {
        ShareError { line: None, message: message.into() }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(n) => write!(f, "line {n}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ShareError {}

impl SessionRecord {
    /// The record of a session: its whole timeline, cursor and current state hash.
    pub fn of(session: &Session) -> Self {
        SessionRecord {
            seed: session.console().sim().seed(),
            ops: session.timeline().clone(),
            cursor: session.cursor(),
            check: Some(session.console().sim().trace_hash()),
        }
    }

    /// The text form (see the module docs); runs of scheduled actions collapse into `step N`.
    pub fn to_text(&self) -> String {
        write_text(self.seed, &self.ops, self.cursor, self.check)
    }

    /// Reads the text form, checking the caps ([`Limits::SHARED`]); errors name the line.
    pub fn from_text(text: &str) -> Result<Self, ShareError> {
        Self::read(text, Limits::SHARED)
    }

    /// [`SessionRecord::from_text`] under other caps.
    pub fn read(text: &str, limits: Limits) -> Result<Self, ShareError> {
        if text.len() > limits.text_bytes {
            return Err(ShareError::new(format!("the session is {} bytes long; at most {} are accepted", text.len(), limits.text_bytes)));
        }
        let text = text.strip_suffix('\n').unwrap_or(text);
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).enumerate().map(|(i, l)| (i + 1, l));
        let (_, first) = lines.next().unwrap_or((1, ""));
        if first != HEADER {
            return Err(match first.strip_prefix("kafkascope-session ") {
                Some(v) => ShareError::at(1, format!("unsupported session version '{}': this Kafkascope reads v1", clip(v))),
                None => ShareError::at(1, format!("not a Kafkascope session: the first line should be '{HEADER}'")),
            });
        }
        let seed = match lines.next() {
            Some((n, l)) => match l.strip_prefix("seed ") {
                Some(v) => {
                    v.parse::<u64>().map_err(|_| ShareError::at(n, format!("the seed '{}' is not a non-negative integer", clip(v))))?
                }
                None => return Err(ShareError::at(n, "expected 'seed N'")),
            },
            None => return Err(ShareError::at(2, "the session ends before its seed (truncated?)")),
        };
        let mut ops = Ops::new();
        let mut cursor = None;
        let mut check = None;
        let mut last = 2;
        for (n, line) in lines {
            last = n;
            if line.len() > limits.line_bytes {
                return Err(ShareError::at(
                    n,
                    format!("the line is {} bytes long; at most {} are accepted", line.len(), limits.line_bytes),
                ));
            }
            if let Some(c) = cursor {
                match line.strip_prefix("check ") {
                    Some(h) if check.is_none() => {
                        let h = u64::from_str_radix(h, 16)
                            .ok()
                            .filter(|_| h.len() == 16)
                            .ok_or_else(|| ShareError::at(n, format!("the check '{}' is not 16 hexadecimal digits", clip(h))))?;
                        check = Some(h);
                        continue;
                    }
                    _ => return Err(ShareError::at(n, format!("unexpected line after 'cursor {c}': '{}'", clip(line)))),
                }
            }
            let op = if let Some(l) = line.strip_prefix("> ") {
                Op::Line(l.to_string())
            } else if line == ">" {
                Op::Line(String::new())
            } else if let Some(l) = line.strip_prefix(">~ ") {
                Op::Line(unescape(l).map_err(|m| ShareError::at(n, m))?)
            } else if line == "^C" {
                Op::Interrupt
            } else if let Some(v) = line.strip_prefix("step ") {
                let k = v
                    .parse::<usize>()
                    .ok()
                    .filter(|k| *k > 0)
                    .ok_or_else(|| ShareError::at(n, format!("'step {}' needs a positive count", clip(v))))?;
                if k > limits.ops - ops.len() {
                    return Err(too_many(n, limits.ops));
                }
                for _ in 0..k {
                    ops.push(Op::Item);
                }
                continue;
            } else if let Some(v) = line.strip_prefix("clock ") {
                let t = v
                    .parse::<i64>()
                    .ok()
                    .filter(|t| (0..=limits.clock_ms).contains(t))
                    .ok_or_else(|| ShareError::at(n, format!("'clock {}' needs a time from 0 to {} ms", clip(v), limits.clock_ms)))?;
                Op::ClockTo(t)
            } else if let Some(v) = line.strip_prefix("cursor ") {
                let c =
                    v.parse::<usize>().map_err(|_| ShareError::at(n, format!("the cursor '{}' is not a non-negative integer", clip(v))))?;
                if c > ops.len() {
                    return Err(ShareError::at(n, format!("cursor {c} is beyond the end of the {} recorded ops", ops.len())));
                }
                cursor = Some(c);
                continue;
            } else {
                return Err(ShareError::at(
                    n,
                    format!("not an op: '{}' (expected '> LINE', 'step N', 'clock T', '^C' or 'cursor N')", clip(line)),
                ));
            };
            if ops.len() >= limits.ops {
                return Err(too_many(n, limits.ops));
            }
            ops.push(op);
        }
        let cursor = cursor.ok_or_else(|| ShareError::at(last, "the session ends without its 'cursor N' line (truncated?)"))?;
        Ok(SessionRecord { seed, ops, cursor, check })
    }

    /// Whether `session` went through the events this record was made with (true when
    /// the record carries no check).
    pub fn check_matches(&self, session: &Session) -> bool {
        self.check.is_none_or(|h| h == session.console().sim().trace_hash())
    }
}

/// The text of a session's record without its `check` and without copying the ops: the
/// autosave writes it every half second while the clock runs, and the state hash reads
/// every record of every log.
pub fn session_text(session: &Session) -> String {
    write_text(session.console().sim().seed(), session.timeline(), session.cursor(), None)
}

fn write_text(seed: u64, ops: &Ops, cursor: usize, check: Option<u64>) -> String {
    let mut t = format!("{HEADER}\nseed {seed}\n");
    let mut ops = ops.iter().peekable();
    while let Some(op) = ops.next() {
        match &op {
            Op::Item => {
                let mut run = 1;
                while ops.next_if_eq(&Op::Item).is_some() {
                    run += 1;
                }
                t.push_str(&format!("step {run}\n"));
                continue;
            }
            Op::Line(l) if l.contains(['\n', '\r']) => {
                let escaped = l.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
                t.push_str(&format!(">~ {escaped}\n"));
            }
            Op::Line(l) => t.push_str(&format!("> {l}\n")),
            Op::Interrupt => t.push_str("^C\n"),
            Op::ClockTo(c) => t.push_str(&format!("clock {c}\n")),
        }
    }
    t.push_str(&format!("cursor {cursor}\n"));
    if let Some(h) = check {
        t.push_str(&format!("check {h:016x}\n"));
    }
    t
}

fn too_many(line: usize, max: usize) -> ShareError {
    ShareError::at(line, format!("the session has more than {max} ops"))
}

/// At most 60 characters of `s`, for error messages.
fn clip(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(o) => return Err(format!("unknown escape '\\{o}' (only \\n, \\r and \\\\ are used)")),
            None => return Err("the line ends in a lone '\\'".to_string()),
        }
    }
    Ok(out)
}

/// A fresh browser console for `seed`: the default cluster, as the page starts.
pub fn fresh_console(seed: u64) -> Console {
    Console::interactive(Sim::new(ClusterConfig::default(), seed))
}

/// Rebuilds the recorded session: replays every op from a fresh cluster, checking that
/// each could have been recorded there, then goes back to the cursor. Errors say which
/// op is impossible (the link is damaged, or was made by a different Kafkascope).
pub fn replay(record: &SessionRecord) -> Result<Session, ShareError> {
    replay_within(record, MAX_REPLAY_STEPS)
}

/// [`replay`] with another step budget than [`MAX_REPLAY_STEPS`].
pub fn replay_within(record: &SessionRecord, max_steps: u64) -> Result<Session, ShareError> {
    if record.cursor > record.ops.len() || record.ops.len() > MAX_OPS {
        return Err(ShareError::new("the session's cursor or op count is out of range"));
    }
    let mut session = Session::new(fresh_console(record.seed));
    let mut left = max_steps;
    for (i, op) in record.ops.iter().enumerate() {
        let op = &op;
        let console = session.console();
        let now = console.sim().now();
        let next = console.sim().next_time();
        let impossible = match op {
            Op::Item if next.is_none() => Some("a step, but nothing is scheduled".to_string()),
            Op::ClockTo(t) if *t < now => Some(format!("the clock goes back from {now} to {t} ms")),
            Op::ClockTo(t) if next.is_some_and(|e| e <= *t) || console.next_wake().is_some_and(|w| w < *t) => {
                Some(format!("the clock jumps to {t} ms over scheduled actions"))
            }
            _ => None,
        };
        if let Some(why) = impossible {
            return Err(ShareError::new(format!(
                "op {} of {} cannot be replayed ({why}): the session is damaged or was made by another version of Kafkascope",
                i + 1,
                record.ops.len()
            )));
        }
        // a step or a clock move is one op's work (the op count is capped); a typed line
        // may let days pass (`sleep`, a foreground consumer): lines share the budget
        let line = matches!(op, Op::Line(_));
        if line {
            session.set_step_budget(Some(left));
        }
        session.apply_op(op.clone());
        if line {
            left = session.console().sim().step_budget().unwrap_or(0);
            session.set_step_budget(None);
            if left == 0 {
                return Err(ShareError::new(format!(
                    "op {} of {} takes the replay past {max_steps} simulation steps (actions and job polls) in typed lines, the most a link may ask for: replay stopped",
                    i + 1,
                    record.ops.len()
                )));
            }
        }
        if session.console().sim().now() > MAX_CLOCK_MS {
            return Err(ShareError::new(format!("op {} takes the clock past 30 days: replay stopped", i + 1)));
        }
    }
    session.rewind_to(record.cursor);
    Ok(session)
}

/// Milliseconds as `sleep`'s seconds: `2`, `0.25`, `12.345`.
fn seconds(ms: i64) -> String {
    let s = format!("{}.{:03}", ms / 1000, ms % 1000);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The script being written, run as it grows on a console of its own (as `kafkascope
/// run` will), so each `sleep` brings the script's clock to the session's.
struct ScriptWriter {
    lines: Vec<String>,
    console: Console,
}

impl ScriptWriter {
    /// Appends complete commands (one or more lines) and runs them.
    fn command(&mut self, lines: &[String]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        self.console.run_script(&text, "kafkascope-session.sh");
        self.lines.extend(lines.iter().cloned());
    }
    fn comment(&mut self, text: String) {
        self.lines.push(format!("# {text}"));
    }
    /// Sleeps until the script's clock reads `time` (nothing if it is there already).
    fn sleep_until(&mut self, time: i64) {
        while self.console.sim().now() < time {
            let ms = (time - self.console.sim().now()).min(MAX_CLOCK_MS);
            self.command(&[format!("sleep {}", seconds(ms))]);
        }
    }
}

/// The session's present as a script for `kafkascope run --seed N FILE` (and for
/// Open): the lines typed or clicked, with `sleep` for the virtual time that passed
/// between them (measured on the script's own clock, so commands that take time in a
/// script are accounted for), and a header comment naming the seed.
///
/// A script is not a terminal, so three things are rewritten: the records typed into a
/// running `kafka-console-producer.sh` become a here-document of that command (sent at
/// once when Ctrl-C stopped it, rather than at the times they were typed); an endless
/// foreground consumer (stopped with Ctrl-C in the terminal, refused in a script) and
/// the lines typed while it ran become comments; a half-typed command abandoned with
/// Ctrl-C, or still open at the end, is left out. A script's `sleep` runs every action
/// due in its span, where the terminal may have stopped between two actions of the same
/// millisecond; so the script rebuilds the same commands at the same virtual times and
/// nearly always the same state, where the share link rebuilds it exactly.
pub fn session_script(session: &Session) -> String {
    let seed = session.console().sim().seed();
    let mut console = fresh_console(seed);
    let mut w = ScriptWriter { lines: Vec::new(), console: Console::new(Sim::new(ClusterConfig::default(), seed)) };
    // the lines of a command still being typed, and when its first line was typed
    let mut open: Vec<String> = Vec::new();
    let mut open_at = 0;
    // a foreground producer: its command lines, when it started, and the records typed into it
    let mut producer: Option<(Vec<String>, i64, Vec<String>)> = None;
    for op in session.ops() {
        // a long session's replay keeps only the trace's recent events, as the session did
        console.sim_mut().trim_trace();
        match &op {
            Op::Line(l) if console.has_foreground() => {
                match &mut producer {
                    Some((_, _, records)) => records.push(l.clone()),
                    None => w.comment(format!("typed while the consumer ran (not a command): {l}")),
                }
                console.run_line(l);
            }
            Op::Line(l) => {
                if open.is_empty() {
                    open_at = console.sim().now();
                }
                open.push(l.clone());
                console.run_line(l);
                if console.pending_input().is_some() {
                    continue;
                }
                let lines = std::mem::take(&mut open);
                match console.foreground.as_ref().map(|j| matches!(j.kind, JobKind::Producer(_))) {
                    Some(true) => producer = Some((lines, open_at, Vec::new())),
                    Some(false) => {
                        for l in lines {
                            w.comment(format!(
                                "ran in the foreground until Ctrl-C (a script needs --max-messages, --timeout-ms or &): {l}"
                            ));
                        }
                    }
                    None => {
                        w.sleep_until(open_at);
                        w.command(&lines);
                    }
                }
            }
            Op::Interrupt => {
                open.clear();
                console.interrupt();
                if let Some((lines, at, records)) = producer.take() {
                    w.sleep_until(at);
                    w.command(&heredoc(lines, records));
                }
            }
            Op::Item => {
                console.step_item(&mut Default::default());
            }
            Op::ClockTo(t) => console.run_clock_to(*t, &mut Default::default()),
        }
    }
    if !open.is_empty() {
        w.comment("(an unfinished command was left out)".to_string());
    }
    if let Some((lines, at, records)) = producer.take() {
        w.sleep_until(at);
        w.command(&heredoc(lines, records));
    }
    let now = console.sim().now();
    w.sleep_until(now);
    let mut text = format!(
        "# Kafkascope session: seed {seed}, virtual time {now} ms.\n# Replay it with: kafkascope run --seed {seed} kafkascope-session.sh\n"
    );
    for l in w.lines {
        text.push_str(&l);
        text.push('\n');
    }
    text
}

/// A producer's command `lines` with `records` as its here-document.
fn heredoc(mut lines: Vec<String>, records: Vec<String>) -> Vec<String> {
    let mut delim = "EOF".to_string();
    while records.contains(&delim) {
        delim.push('_');
    }
    if let Some(last) = lines.last_mut() {
        last.push_str(&format!(" <<'{delim}'"));
    }
    lines.extend(records);
    lines.push(delim);
    lines
}

/// A script file to open: its lines and the seed its header names, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub seed: Option<u64>,
    pub lines: Vec<String>,
}

/// Reads a script file (as [`session_script`] writes, or any `kafka-*.sh` script):
/// refuses empty, oversized and binary files with a clear message; takes the seed from
/// `--seed N` in the leading comment lines.
pub fn parse_script(text: &str) -> Result<Script, ShareError> {
    if text.len() > MAX_SCRIPT_BYTES {
        return Err(ShareError::new(format!("the file is {} bytes long; a script may have at most {MAX_SCRIPT_BYTES}", text.len())));
    }
    if text.trim().is_empty() {
        return Err(ShareError::new("the file is empty"));
    }
    let mut lines = Vec::new();
    let mut seed = None;
    let mut header = true;
    for (i, line) in text.strip_prefix('\u{feff}').unwrap_or(text).lines().enumerate() {
        let n = i + 1;
        if n > MAX_SCRIPT_LINES {
            return Err(ShareError::new(format!("the file has more than {MAX_SCRIPT_LINES} lines")));
        }
        if line.len() > MAX_LINE_BYTES {
            return Err(ShareError::at(n, format!("the line is {} bytes long; at most {MAX_LINE_BYTES} are accepted", line.len())));
        }
        if line.chars().any(|c| c.is_control() && c != '\t' || c == '\u{fffd}') {
            return Err(ShareError::at(n, "this is not a text script (it holds binary data)"));
        }
        header &= line.starts_with('#') || line.trim().is_empty();
        if header && seed.is_none() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(w) = words.windows(2).find(|w| w[0] == "--seed") {
                let v = w[1].trim_end_matches(['.', ',', ';']);
                seed =
                    Some(v.parse::<u64>().map_err(|_| ShareError::at(n, format!("--seed '{}' is not a non-negative integer", clip(v))))?);
            }
        }
        lines.push(line.to_string());
    }
    Ok(Script { seed, lines })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5), as links carry it.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..=chunk.len() {
            s.push(B64[(n >> (18 - 6 * k) & 63) as usize] as char);
        }
    }
    s
}

/// Decodes base64url without padding; refuses other characters, impossible lengths and
/// non-zero trailing bits, and payloads longer than [`MAX_LINK_CHARS`].
pub fn base64url_decode(s: &str) -> Result<Vec<u8>, ShareError> {
    if s.len() > MAX_LINK_CHARS {
        return Err(ShareError::new(format!("the link is {} characters long; at most {MAX_LINK_CHARS} are accepted", s.len())));
    }
    if s.len() % 4 == 1 {
        return Err(ShareError::new("the link is damaged (its data has an impossible length)"));
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    for chunk in s.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (k, c) in chunk.iter().enumerate() {
            let v = B64.iter().position(|b| b == c).ok_or_else(|| {
                ShareError::new(format!("the link is damaged (unexpected character '{}')", char::from(*c).escape_default()))
            })?;
            n |= (v as u32) << (18 - 6 * k);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = chunk.len() - 1;
        if bytes[keep..].iter().any(|b| *b != 0) {
            return Err(ShareError::new("the link is damaged (stray bits at its end)"));
        }
        out.extend_from_slice(&bytes[..keep]);
    }
    Ok(out)
}
