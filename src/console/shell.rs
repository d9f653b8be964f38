//! The small part of bash that Kafkascope scripts need: words and quoting, comments,
//! `;`/newline lists, `&` background jobs, here-documents and redirections.
//!
//! Everything here is parsing; nothing is executed. A script becomes a list of
//! [`ShellCommand`]s, each an `argv` plus its here-document, redirections and `&`.
//!
//! What follows bash (checked against GNU bash 5.2):
//!
//! * Words: `'single'`, `"double"` (where only `\"`, `\\`, `\$`, `` \` `` and
//!   `\`-newline are escapes), `$'ANSI-C'` (`\n`, `\t`, `\xHH`, `\0NNN`, ...), `$"..."`
//!   (as `"..."`), backslash escapes and `\`-newline continuation. `""` is an empty word.
//! * `#` starts a comment only at the start of a word (`a#b` is one word).
//! * `;` and newlines separate commands; `cmd &` runs `cmd` in the background.
//! * Here-documents `<<EOF`, `<<'EOF'` (any quoting of the delimiter turns off backslash
//!   processing in the body), `<<-EOF` (leading tabs stripped), here-strings `<<< word`.
//!   With an unquoted delimiter, `\\`, `\$`, `` \` `` and `\`-newline are processed in the
//!   body, as bash does. A here-document ended by the end of the script is accepted with
//!   bash's warning (see [`ShellParser::take_warnings`]).
//! * Redirections `> f`, `>> f`, `>| f`, `N> f`, `N>> f`, `N>&M`, `>&M`, `&> f`, `&>> f`,
//!   `>& f`, `< f`, `N< f`, `N<&M`, in order of appearance.
//! * Syntax errors carry bash's message (`syntax error near unexpected token `;'`,
//!   `unexpected EOF while looking for matching `"'`) and line number; see
//!   [`ShellError::script_lines`] for the exact lines bash prints.
//!
//! What Kafkascope deliberately does not do:
//!
//! * No expansion: `$VAR`, `${VAR}`, `~` and globs stay literal (`${...}` is kept as one
//!   piece of the word, up to its `}`). Kafkascope has no environment to expand from.
//!   An unquoted here-document body keeps `$VAR` and `$(...)` literal too.
//! * Pipelines (`|`, `|&`), `&&`, `||`, subshells, `$(...)`, backquotes, `$((...))`,
//!   process substitution, compound commands (`if`, `for`, `{`, ...), variable
//!   assignments and `<>` are rejected with a [`ShellErrorKind::Unsupported`] error that
//!   says "Kafkascope's shell does not support ...". Where bash itself would report a
//!   syntax error (`| cmd`, `)`), the bash message is used instead.
//! * No aliases, functions, history expansion or job-control syntax beyond `&`.
//!
//! Two entry points: [`parse_script`] for a whole text (all or nothing), and
//! [`ShellParser`] for line-at-a-time input (the browser terminal, and a runner that,
//! like bash, executes each line before reading the next).

use std::fmt;

/// One simple command: `argv` plus its here-document, redirections and `&`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShellCommand {
    /// The words after quote removal. Empty for a command made only of redirections
    /// (`> file`, which bash uses to create or truncate a file).
    pub argv: Vec<String>,
    /// Standard input given by a here-document or here-string: its lines, each ending
    /// in `\n`, with bash's processing already applied.
    pub heredoc: Option<String>,
    /// Redirections, in the order written (bash applies them left to right, so
    /// `> f 2>&1` and `2>&1 > f` differ).
    pub redirects: Vec<Redirect>,
    /// The command ended with `&`: run it as a background job.
    pub background: bool,
    /// The 1-based line where the command starts.
    pub line: usize,
}

/// One redirection of a [`ShellCommand`]. Paths are kept as written (after quote
/// removal), including `/dev/null`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `[fd]> path` (`fd` defaults to 1), `>|` likewise; `append` for `>>`.
    Output { fd: u32, path: String, append: bool },
    /// `[fd]< path` (`fd` defaults to 0).
    Input { fd: u32, path: String },
    /// `[fd]>&target` (`fd` defaults to 1) or `[fd]<&target` (`fd` defaults to 0):
    /// make `fd` a copy of `target`, e.g. `2>&1`.
    Duplicate { fd: u32, target: u32 },
}

/// Why a [`ShellParser`] needs another line before it can return commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Inside a quote opened by this character (`'`, `"`), or a `${` waiting for `}`.
    Quote(char),
    /// The line ended with `\`.
    Continuation,
    /// Reading the body of a here-document that ends at this delimiter line.
    HereDoc(String),
}

/// What went wrong, without the line information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellErrorKind {
    /// bash: ``syntax error near unexpected token `TOKEN'`` (`newline` at the end of a line).
    UnexpectedToken(String),
    /// bash: ``unexpected EOF while looking for matching `C'``: a quote left open at
    /// the end of the script.
    UnexpectedEof(char),
    /// bash: `WORD: ambiguous redirect` (e.g. `2>&x`). In bash this is a run-time error
    /// of one command (status 1), not a syntax error: the script goes on.
    AmbiguousRedirect(String),
    /// Valid bash that Kafkascope's shell does not implement; the text names the feature.
    Unsupported(String),
}

/// A rejected line, with bash's message and the 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    /// The 1-based line bash would report.
    pub line: usize,
    pub kind: ShellErrorKind,
    /// The text of that line (bash quotes it after "near unexpected token" errors).
    pub source: String,
}

impl ShellError {
    /// The message without any prefix, as bash words it.
    pub fn message(&self) -> String {
        match &self.kind {
            ShellErrorKind::UnexpectedToken(token) => format!("syntax error near unexpected token `{token}'"),
            ShellErrorKind::UnexpectedEof(c) => format!("unexpected EOF while looking for matching `{c}'"),
            ShellErrorKind::AmbiguousRedirect(word) => format!("{word}: ambiguous redirect"),
            ShellErrorKind::Unsupported(what) => format!("Kafkascope's shell does not support {what}"),
        }
    }

    /// True for errors that make bash abandon a script (it exits with status 2 and runs
    /// nothing after the line). False for [`ShellErrorKind::AmbiguousRedirect`] (one
    /// command fails) and [`ShellErrorKind::Unsupported`] (a runner may treat it either
    /// way; Kafkascope's policy belongs to the runner).
    pub fn is_syntax_error(&self) -> bool {
        matches!(self.kind, ShellErrorKind::UnexpectedToken(_) | ShellErrorKind::UnexpectedEof(_))
    }

    /// The exit status bash gives: 2 for syntax errors, 1 for an ambiguous redirect.
    /// Unsupported features also give 2.
    pub fn exit_status(&self) -> i32 {
        match self.kind {
            ShellErrorKind::AmbiguousRedirect(_) => 1,
            _ => 2,
        }
    }

    /// The lines bash writes to stderr for this error in a script called `script`
    /// (`bash` when the script comes from standard input), e.g.
    /// ``s.sh: line 2: syntax error near unexpected token `)'`` followed by
    /// ``s.sh: line 2: `)'``.
    pub fn script_lines(&self, script: &str) -> Vec<String> {
        let mut lines = vec![format!("{script}: line {}: {}", self.line, self.message())];
        if matches!(self.kind, ShellErrorKind::UnexpectedToken(_)) {
            lines.push(format!("{script}: line {}: `{}'", self.line, self.source));
        }
        lines
    }

    /// The line an interactive bash prints: `bash: MESSAGE` (no line number). Unsupported
    /// features read `bash: Kafkascope's shell does not support ...`.
    pub fn interactive_line(&self) -> String {
        format!("bash: {}", self.message())
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.interactive_line())
    }
}

impl std::error::Error for ShellError {}

/// A warning bash prints but that does not stop the command, e.g. a here-document
/// ended by the end of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWarning {
    pub line: usize,
    /// The message, starting with `warning: `.
    pub message: String,
}

impl ShellWarning {
    /// `SCRIPT: line N: warning: ...`, as for [`ShellError::script_lines`].
    pub fn script_line(&self, script: &str) -> String {
        format!("{script}: line {}: {}", self.line, self.message)
    }

    /// `bash: warning: ...`.
    pub fn interactive_line(&self) -> String {
        format!("bash: {}", self.message)
    }
}

/// Parses a whole script. All or nothing: the first error is returned and no command
/// is; a runner that should execute the lines before a bad one (as bash does) uses
/// [`ShellParser`]. Here-document warnings are dropped (see [`ShellParser`]).
pub fn parse_script(text: &str) -> Result<Vec<ShellCommand>, ShellError> {
    let mut parser = ShellParser::new();
    let mut commands = Vec::new();
    for line in script_lines(text) {
        if let Some(result) = parser.push_line(line) {
            commands.extend(result?);
        }
    }
    if let Some(result) = parser.finish() {
        commands.extend(result?);
    }
    Ok(commands)
}

/// The physical lines of a script: split at `\n`, without an empty last line when the
/// text ends with `\n`.
pub fn script_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let empty = text.is_empty();
    body.split('\n').filter(move |_| !empty)
}

/// Quotes `word` so that the shell reads it back as exactly `word`: as is when it only
/// holds characters that are never special, otherwise in single quotes (`'` becomes
/// `'\''`).
pub fn quote_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./,:=+@%^".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Joins `argv` into one command line with [`quote_word`].
pub fn quote_argv<S: AsRef<str>>(argv: &[S]) -> String {
    argv.iter().map(|w| quote_word(w.as_ref())).collect::<Vec<_>>().join(" ")
}

/// A line-at-a-time parser, for a terminal or for running a script as bash does.
///
/// Feed each line (without its `\n`) to [`push_line`](Self::push_line): it returns
/// `None` while the input is incomplete ([`pending`](Self::pending) says why: an open
/// quote, a `\` continuation, a here-document body), then `Some(Ok(commands))` for the
/// complete line(s) (possibly empty, for a blank or comment line) or `Some(Err(..))`.
/// After an error the parser is ready for the next line. At the end of input call
/// [`finish`](Self::finish). [`reset`](Self::reset) drops incomplete input (Ctrl-C).
#[derive(Clone, Debug, Default)]
pub struct ShellParser {
    /// Physical lines consumed so far.
    lines_read: usize,
    /// Text of the incomplete logical line, each physical line followed by `\n`.
    buffer: String,
    /// The physical lines in `buffer`, with their numbers.
    buffer_lines: Vec<(usize, String)>,
    /// Why `buffer` is incomplete.
    pending: Option<Pending>,
    /// The line where the open quote of `pending` started.
    quote_line: Option<usize>,
    heredoc: Option<HeredocState>,
    warnings: Vec<ShellWarning>,
}

#[derive(Clone, Debug)]
struct HeredocState {
    commands: Vec<ShellCommand>,
    /// Here-documents still to read, in order.
    queue: Vec<PendingHeredoc>,
    /// Raw body lines of the first in `queue`, tab-stripped for `<<-`, each with `\n`.
    body: String,
    /// The previous raw line ended in an unescaped `\` (unquoted delimiters only): the
    /// next line continues it and is not compared with the delimiter.
    continued: bool,
}

#[derive(Clone, Debug)]
struct PendingHeredoc {
    command: usize,
    delimiter: String,
    quoted: bool,
    strip_tabs: bool,
    line: usize,
}

impl ShellParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one line (without `\n`; a `\n` inside is treated as a line break). See the
    /// type's documentation for the result.
    pub fn push_line(&mut self, line: &str) -> Option<Result<Vec<ShellCommand>, ShellError>> {
        let mut out: Option<Vec<ShellCommand>> = None;
        for piece in line.split('\n') {
            match self.push_physical_line(piece) {
                None => {}
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok(commands)) => out.get_or_insert_with(Vec::new).extend(commands),
            }
        }
        out.map(Ok)
    }

    /// Ends the input. Returns `None` if nothing was pending; the commands of a last line
    /// that ended in `\` (bash drops the backslash) or of a here-document cut off by the
    /// end (with a warning, see [`take_warnings`](Self::take_warnings)); or the error for
    /// a quote left open.
    pub fn finish(&mut self) -> Option<Result<Vec<ShellCommand>, ShellError>> {
        if self.heredoc.is_none() && self.buffer.is_empty() {
            return None;
        }
        let result = loop {
            if let Some(mut state) = self.heredoc.take() {
                self.finish_heredocs_at_eof(&mut state);
                break Ok(state.commands);
            }
            match self.pending.clone() {
                Some(Pending::Continuation) => {
                    // bash drops a `\` at the very end of a script.
                    let Some(trimmed) = self.buffer.strip_suffix("\\\n") else { break Ok(Vec::new()) };
                    self.buffer = format!("{trimmed}\n");
                    match self.lex_buffer() {
                        Ok(Some(commands)) => break Ok(commands),
                        Ok(None) => continue,
                        Err(e) => break Err(e),
                    }
                }
                Some(Pending::Quote(c)) => {
                    let line = self.quote_line.unwrap_or(self.lines_read);
                    let source = self.source_of(line);
                    break Err(ShellError { line, kind: ShellErrorKind::UnexpectedEof(c), source });
                }
                Some(Pending::HereDoc(_)) | None => break Ok(Vec::new()),
            }
        };
        self.clear_buffer();
        Some(result)
    }

    /// Why the parser needs more input, or `None` when it is at the start of a command.
    pub fn pending(&self) -> Option<Pending> {
        if let Some(state) = &self.heredoc {
            return state.queue.first().map(|h| Pending::HereDoc(h.delimiter.clone()));
        }
        self.pending.clone()
    }

    /// Drops any incomplete input (the terminal's Ctrl-C). Line numbering goes on.
    pub fn reset(&mut self) {
        self.clear_buffer();
        self.heredoc = None;
    }

    /// The number of lines read so far.
    pub fn lines_read(&self) -> usize {
        self.lines_read
    }

    /// Warnings produced so far (bash prints them to stderr), oldest first.
    pub fn take_warnings(&mut self) -> Vec<ShellWarning> {
        std::mem::take(&mut self.warnings)
    }

    fn push_physical_line(&mut self, line: &str) -> Option<Result<Vec<ShellCommand>, ShellError>> {
        self.lines_read += 1;
        if self.heredoc.is_some() {
            return self.push_heredoc_line(line);
        }
        self.buffer.push_str(line);
        self.buffer.push('\n');
        self.buffer_lines.push((self.lines_read, line.to_string()));
        if let Some(Pending::Quote(quote)) = self.pending {
            // Inside a quote, a line without the closing character (or, in double quotes,
            // something the lexer rejects) changes nothing: skip lexing the whole buffer
            // again, which keeps a long unclosed quote linear.
            let may_change = line.contains(quote) || (quote == '"' && (line.contains('`') || line.contains("$(")));
            if !may_change {
                return None;
            }
        }
        match self.lex_buffer() {
            Ok(None) => None,
            Ok(Some(commands)) => {
                self.clear_buffer();
                Some(Ok(commands))
            }
            Err(e) => {
                self.clear_buffer();
                Some(Err(e))
            }
        }
    }

    /// Lexes and parses `buffer`. `Ok(None)`: incomplete (`pending` set) or waiting for
    /// here-document bodies (`heredoc` set).
    fn lex_buffer(&mut self) -> Result<Option<Vec<ShellCommand>>, ShellError> {
        let first_line = self.buffer_lines.first().map_or(self.lines_read, |(n, _)| *n);
        let lexer = Lexer::new(&self.buffer, first_line, &self.buffer_lines);
        match lexer.run()? {
            Lexed::Incomplete { pending, quote_line } => {
                self.pending = Some(pending);
                self.quote_line = quote_line;
                Ok(None)
            }
            Lexed::Complete(tokens) => {
                let lines = std::mem::take(&mut self.buffer_lines);
                self.buffer.clear();
                self.pending = None;
                let built = build_commands(tokens, &lines)?;
                if built.heredocs.is_empty() {
                    Ok(Some(built.commands))
                } else {
                    self.heredoc =
                        Some(HeredocState { commands: built.commands, queue: built.heredocs, body: String::new(), continued: false });
                    Ok(None)
                }
            }
        }
    }

    fn push_heredoc_line(&mut self, line: &str) -> Option<Result<Vec<ShellCommand>, ShellError>> {
        let state = self.heredoc.as_mut()?;
        let current = state.queue.first()?;
        let text = if current.strip_tabs { line.trim_start_matches('\t') } else { line };
        if !state.continued && text == current.delimiter {
            let done = state.queue.remove(0);
            let body = std::mem::take(&mut state.body);
            state.continued = false;
            if let Some(command) = state.commands.get_mut(done.command) {
                command.heredoc = Some(process_heredoc_body(&body, done.quoted));
            }
            if state.queue.is_empty() {
                let state = self.heredoc.take()?;
                return Some(Ok(state.commands));
            }
            return None;
        }
        state.body.push_str(text);
        state.body.push('\n');
        state.continued = !current.quoted && ends_with_unescaped_backslash(text);
        None
    }

    fn finish_heredocs_at_eof(&mut self, state: &mut HeredocState) {
        let body = std::mem::take(&mut state.body);
        let mut first = true;
        for heredoc in std::mem::take(&mut state.queue) {
            self.warnings.push(ShellWarning {
                line: self.lines_read.max(heredoc.line),
                message: format!(
                    "warning: here-document at line {} delimited by end-of-file (wanted `{}')",
                    heredoc.line, heredoc.delimiter
                ),
            });
            let text = if first { process_heredoc_body(&body, heredoc.quoted) } else { String::new() };
            first = false;
            if let Some(command) = state.commands.get_mut(heredoc.command) {
                command.heredoc = Some(text);
            }
        }
    }

    fn clear_buffer(&mut self) {
        self.buffer.clear();
        self.buffer_lines.clear();
        self.pending = None;
        self.quote_line = None;
    }

    fn source_of(&self, line: usize) -> String {
        self.buffer_lines.iter().find(|(n, _)| *n == line).map(|(_, text)| text.clone()).unwrap_or_default()
    }
}

fn ends_with_unescaped_backslash(text: &str) -> bool {
    text.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// bash's processing of a here-document body: none for a quoted delimiter; otherwise
/// `\\`, `\$`, `` \` `` lose their backslash and `\`-newline joins lines.
fn process_heredoc_body(body: &str, quoted: bool) -> String {
    if quoted {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&next @ ('\\' | '$' | '`')) => {
                    out.push(next);
                    chars.next();
                }
                Some('\n') => {
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Debug)]
enum Tok {
    Word(Word),
    Op { op: &'static str, fd: Option<u32>, line: usize },
    Newline,
}

#[derive(Clone, Debug)]
struct Word {
    text: String,
    /// Some part was quoted or escaped.
    quoted: bool,
    /// Number of characters before the first quoted or escaped one.
    unquoted_prefix: usize,
    line: usize,
}

#[derive(Clone, Debug)]
struct WordBuf {
    text: String,
    chars: usize,
    quoted: bool,
    unquoted_prefix: Option<usize>,
    /// Only unquoted ASCII digits so far (a candidate file descriptor, as in `2>`).
    digits_only: bool,
    line: usize,
}

enum Lexed {
    Complete(Vec<Tok>),
    Incomplete { pending: Pending, quote_line: Option<usize> },
}

/// Operators, longest first.
const OPERATORS: &[&str] = &[
    ";;&", "<<<", "<<-", "&>>", ";;", ";&", "&&", "&>", "||", "|&", "<<", "<>", "<&", "<(", ">>", ">&", ">|", ">(", ";", "&", "|", "<",
    ">", "(", ")",
];

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    tokens: Vec<Tok>,
    word: Option<WordBuf>,
    lines: &'a [(usize, String)],
}

/// Result of a scan that may run out of input inside a quote.
enum Scan {
    Done,
    Incomplete(Pending, usize),
}

impl<'a> Lexer<'a> {
    fn new(text: &str, first_line: usize, lines: &'a [(usize, String)]) -> Self {
        Lexer { chars: text.chars().collect(), pos: 0, line: first_line, tokens: Vec::new(), word: None, lines }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn error(&self, line: usize, kind: ShellErrorKind) -> ShellError {
        ShellError { line, kind, source: source_line(self.lines, line) }
    }

    fn unsupported(&self, what: &str) -> ShellError {
        self.error(self.line, ShellErrorKind::Unsupported(what.to_string()))
    }

    fn word(&mut self) -> &mut WordBuf {
        let line = self.line;
        self.word.get_or_insert_with(|| WordBuf {
            text: String::new(),
            chars: 0,
            quoted: false,
            unquoted_prefix: None,
            digits_only: true,
            line,
        })
    }

    fn push_plain(&mut self, c: char) {
        let w = self.word();
        w.text.push(c);
        w.chars += 1;
        w.digits_only &= c.is_ascii_digit();
    }

    /// Marks the word as quoted from here on (also for `''`, an empty quoted word).
    fn mark_quoted(&mut self) {
        let w = self.word();
        w.quoted = true;
        w.digits_only = false;
        if w.unquoted_prefix.is_none() {
            w.unquoted_prefix = Some(w.chars);
        }
    }

    fn push_quoted(&mut self, c: char) {
        self.mark_quoted();
        let w = self.word();
        w.text.push(c);
        w.chars += 1;
    }

    fn end_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.tokens.push(Tok::Word(Word {
                unquoted_prefix: w.unquoted_prefix.unwrap_or(w.chars),
                text: w.text,
                quoted: w.quoted,
                line: w.line,
            }));
        }
    }

    fn run(mut self) -> Result<Lexed, ShellError> {
        loop {
            let Some(c) = self.peek() else {
                // Only reachable when the text's final newline followed a `\`.
                return Ok(Lexed::Incomplete { pending: Pending::Continuation, quote_line: None });
            };
            match c {
                ' ' | '\t' => {
                    self.end_word();
                    self.pos += 1;
                }
                '\n' => {
                    self.end_word();
                    self.tokens.push(Tok::Newline);
                    return Ok(Lexed::Complete(self.tokens));
                }
                '#' if self.word.is_none() => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                '\\' => match self.peek_at(1) {
                    Some('\n') => {
                        self.pos += 2;
                        self.line += 1;
                    }
                    Some(next) => {
                        self.push_quoted(next);
                        self.pos += 2;
                    }
                    None => {
                        self.pos += 1;
                    }
                },
                '\'' => {
                    if let Scan::Incomplete(p, line) = self.single_quote() {
                        return Ok(Lexed::Incomplete { pending: p, quote_line: Some(line) });
                    }
                }
                '"' => {
                    if let Scan::Incomplete(p, line) = self.double_quote()? {
                        return Ok(Lexed::Incomplete { pending: p, quote_line: Some(line) });
                    }
                }
                '$' => {
                    if let Scan::Incomplete(p, line) = self.dollar()? {
                        return Ok(Lexed::Incomplete { pending: p, quote_line: Some(line) });
                    }
                }
                '`' => return Err(self.unsupported("command substitution with backquotes (`...`)")),
                ';' | '&' | '|' | '<' | '>' | '(' | ')' => self.operator()?,
                _ => {
                    self.push_plain(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn operator(&mut self) -> Result<(), ShellError> {
        let op = OPERATORS.iter().copied().find(|op| op.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c))).unwrap_or(";");
        let mut fd = None;
        if op.starts_with(['<', '>']) {
            if let Some(w) = &self.word {
                if w.digits_only && !w.text.is_empty() {
                    match w.text.parse::<u32>() {
                        Ok(n) if n <= i32::MAX as u32 => fd = Some(n),
                        _ => return Err(self.unsupported(&format!("the file descriptor number {}", w.text))),
                    }
                    self.word = None;
                }
            }
        }
        self.end_word();
        self.tokens.push(Tok::Op { op, fd, line: self.line });
        self.pos += op.chars().count();
        Ok(())
    }

    fn single_quote(&mut self) -> Scan {
        let start = self.line;
        self.pos += 1;
        self.mark_quoted();
        loop {
            match self.peek() {
                None => return Scan::Incomplete(Pending::Quote('\''), start),
                Some('\'') => {
                    self.pos += 1;
                    return Scan::Done;
                }
                Some(c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    self.push_quoted(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn double_quote(&mut self) -> Result<Scan, ShellError> {
        let start = self.line;
        self.pos += 1;
        self.mark_quoted();
        loop {
            match self.peek() {
                None => return Ok(Scan::Incomplete(Pending::Quote('"'), start)),
                Some('"') => {
                    self.pos += 1;
                    return Ok(Scan::Done);
                }
                Some('\\') => match self.peek_at(1) {
                    Some(c @ ('"' | '\\' | '$' | '`')) => {
                        self.push_quoted(c);
                        self.pos += 2;
                    }
                    Some('\n') => {
                        self.pos += 2;
                        self.line += 1;
                    }
                    _ => {
                        self.push_quoted('\\');
                        self.pos += 1;
                    }
                },
                Some('$') if self.peek_at(1) == Some('(') => {
                    return Err(self.unsupported(if self.peek_at(2) == Some('(') {
                        "arithmetic expansion ($((...)))"
                    } else {
                        "command substitution ($(...))"
                    }))
                }
                Some('`') => return Err(self.unsupported("command substitution with backquotes (`...`)")),
                Some(c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    self.push_quoted(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn dollar(&mut self) -> Result<Scan, ShellError> {
        match self.peek_at(1) {
            Some('\'') => {
                self.pos += 1;
                Ok(self.ansi_c_quote())
            }
            Some('"') => {
                self.pos += 1;
                self.double_quote()
            }
            Some('(') => Err(self.unsupported(if self.peek_at(2) == Some('(') {
                "arithmetic expansion ($((...)))"
            } else {
                "command substitution ($(...))"
            })),
            Some('{') => {
                // `${...}` is kept literally, up to its `}`, as one piece of the word.
                let start = self.line;
                self.push_plain('$');
                self.push_plain('{');
                self.pos += 2;
                loop {
                    match self.peek() {
                        None => return Ok(Scan::Incomplete(Pending::Quote('}'), start)),
                        Some(c) => {
                            if c == '\n' {
                                self.line += 1;
                            }
                            self.push_plain(c);
                            self.pos += 1;
                            if c == '}' {
                                return Ok(Scan::Done);
                            }
                        }
                    }
                }
            }
            _ => {
                self.push_plain('$');
                self.pos += 1;
                Ok(Scan::Done)
            }
        }
    }

    /// `$'...'`, positioned on the `'`.
    fn ansi_c_quote(&mut self) -> Scan {
        let start = self.line;
        self.pos += 1;
        self.mark_quoted();
        // After `\0` (a NUL) bash drops the rest of the quoted text.
        let mut truncated = false;
        loop {
            let Some(c) = self.peek() else {
                return Scan::Incomplete(Pending::Quote('\''), start);
            };
            self.pos += 1;
            match c {
                '\'' => return Scan::Done,
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Scan::Incomplete(Pending::Quote('\''), start);
                    };
                    self.pos += 1;
                    let decoded = match e {
                        'a' => Some('\u{7}'),
                        'b' => Some('\u{8}'),
                        'e' | 'E' => Some('\u{1b}'),
                        'f' => Some('\u{c}'),
                        'n' => Some('\n'),
                        'r' => Some('\r'),
                        't' => Some('\t'),
                        'v' => Some('\u{b}'),
                        '\\' | '\'' | '"' | '?' => Some(e),
                        '0'..='7' => {
                            let mut value = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.peek().and_then(|d| d.to_digit(8)) {
                                    Some(d) => {
                                        value = value * 8 + d;
                                        self.pos += 1;
                                    }
                                    None => break,
                                }
                            }
                            Some(char::from_u32(value & 0xff).unwrap_or('\u{fffd}'))
                        }
                        'x' | 'u' | 'U' => {
                            let max = match e {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let mut value: u32 = 0;
                            let mut digits = 0;
                            while digits < max {
                                match self.peek().and_then(|d| d.to_digit(16)) {
                                    Some(d) => {
                                        value = value.saturating_mul(16).saturating_add(d);
                                        self.pos += 1;
                                        digits += 1;
                                    }
                                    None => break,
                                }
                            }
                            if digits == 0 {
                                // bash keeps `\x` (etc.) with no digits as written.
                                if !truncated {
                                    self.push_quoted('\\');
                                    self.push_quoted(e);
                                }
                                None
                            } else {
                                Some(char::from_u32(value).unwrap_or('\u{fffd}'))
                            }
                        }
                        'c' => match self.peek() {
                            Some(x) if x != '\'' => {
                                self.pos += 1;
                                Some(char::from_u32(x.to_ascii_uppercase() as u32 & 0x1f).unwrap_or('\u{fffd}'))
                            }
                            _ => {
                                if !truncated {
                                    self.push_quoted('\\');
                                    self.push_quoted('c');
                                }
                                None
                            }
                        },
                        '\n' => {
                            self.line += 1;
                            if !truncated {
                                self.push_quoted('\\');
                                self.push_quoted('\n');
                            }
                            None
                        }
                        other => {
                            if !truncated {
                                self.push_quoted('\\');
                                self.push_quoted(other);
                            }
                            None
                        }
                    };
                    if let Some(d) = decoded {
                        if d == '\0' {
                            truncated = true;
                        } else if !truncated {
                            self.push_quoted(d);
                        }
                    }
                }
                c => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    if !truncated {
                        self.push_quoted(c);
                    }
                }
            }
        }
    }
}

fn source_line(lines: &[(usize, String)], line: usize) -> String {
    lines.iter().find(|(n, _)| *n == line).map(|(_, text)| text.clone()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------
// Parser: tokens of one logical line -> commands

struct Built {
    commands: Vec<ShellCommand>,
    heredocs: Vec<PendingHeredoc>,
}

const RESERVED_WORDS: &[&str] = &[
    "!", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time", "until",
    "while", "{", "}", "[[", "]]",
];

fn is_assignment(word: &Word) -> bool {
    let Some(eq) = word.text.find('=') else { return false };
    let name = word.text[..eq].strip_suffix('+').unwrap_or(&word.text[..eq]);
    let name_chars = word.text[..eq].chars().count();
    name_chars < word.unquoted_prefix
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[derive(Default)]
struct CommandBuilder {
    command: ShellCommand,
    started: bool,
    /// A here-document or here-string was given.
    stdin_doc: bool,
}

fn build_commands(tokens: Vec<Tok>, lines: &[(usize, String)]) -> Result<Built, ShellError> {
    let err = |line: usize, kind: ShellErrorKind| ShellError { line, kind, source: source_line(lines, line) };
    let unsupported = |line: usize, what: &str| err(line, ShellErrorKind::Unsupported(what.to_string()));
    let token_text = |tok: Option<&Tok>| match tok {
        Some(Tok::Op { op, .. }) => (*op).to_string(),
        Some(Tok::Word(w)) => w.text.clone(),
        Some(Tok::Newline) | None => "newline".to_string(),
    };

    let mut built = Built { commands: Vec::new(), heredocs: Vec::new() };
    let mut current = CommandBuilder::default();
    let mut tokens = tokens.into_iter().peekable();

    while let Some(tok) = tokens.next() {
        match tok {
            Tok::Word(word) => {
                if current.command.argv.is_empty() {
                    if !current.started && !word.quoted && RESERVED_WORDS.contains(&word.text.as_str()) {
                        return Err(unsupported(word.line, &format!("the shell keyword `{}'", word.text)));
                    }
                    if is_assignment(&word) {
                        return Err(unsupported(word.line, "variable assignments (NAME=value)"));
                    }
                }
                if !current.started {
                    current.command.line = word.line;
                    current.started = true;
                }
                current.command.argv.push(word.text);
            }
            Tok::Newline => {
                if current.started {
                    finish_command(&mut built, &mut current, lines)?;
                }
            }
            Tok::Op { op, fd, line } => match op {
                ";" | "&" => {
                    if !current.started {
                        return Err(err(line, ShellErrorKind::UnexpectedToken(op.to_string())));
                    }
                    current.command.background = op == "&";
                    finish_command(&mut built, &mut current, lines)?;
                }
                ";;" | ";&" | ";;&" | ")" => return Err(err(line, ShellErrorKind::UnexpectedToken(op.to_string()))),
                "|" | "|&" | "&&" | "||" => {
                    if !current.started {
                        return Err(err(line, ShellErrorKind::UnexpectedToken(op.to_string())));
                    }
                    return Err(unsupported(
                        line,
                        match op {
                            "|" | "|&" => "pipelines (|)",
                            "&&" => "`&&' lists; put the commands on separate lines",
                            _ => "`||' lists",
                        },
                    ));
                }
                "(" => {
                    if current.started {
                        return Err(err(line, ShellErrorKind::UnexpectedToken("(".to_string())));
                    }
                    return Err(unsupported(line, "subshells ( ... )"));
                }
                "<(" | ">(" => return Err(unsupported(line, "process substitution")),
                "<>" => return Err(unsupported(line, "the <> redirection")),
                _ => {
                    // A redirection: it needs a word.
                    let target = match tokens.next_if(|t| matches!(t, Tok::Word(_))) {
                        Some(Tok::Word(w)) => w,
                        _ => return Err(err(line, ShellErrorKind::UnexpectedToken(token_text(tokens.peek())))),
                    };
                    if !current.started {
                        current.command.line = line;
                        current.started = true;
                    }
                    add_redirect(&mut built, &mut current, op, fd, target, line, lines)?;
                }
            },
        }
    }
    if current.started {
        finish_command(&mut built, &mut current, lines)?;
    }
    Ok(built)
}

fn add_redirect(
    built: &mut Built,
    current: &mut CommandBuilder,
    op: &'static str,
    fd: Option<u32>,
    target: Word,
    line: usize,
    lines: &[(usize, String)],
) -> Result<(), ShellError> {
    let err = |kind: ShellErrorKind| ShellError { line, kind, source: source_line(lines, line) };
    let redirects = &mut current.command.redirects;
    match op {
        ">" | ">|" => redirects.push(Redirect::Output { fd: fd.unwrap_or(1), path: target.text, append: false }),
        ">>" => redirects.push(Redirect::Output { fd: fd.unwrap_or(1), path: target.text, append: true }),
        "<" => redirects.push(Redirect::Input { fd: fd.unwrap_or(0), path: target.text }),
        "&>" | "&>>" => {
            redirects.push(Redirect::Output { fd: 1, path: target.text, append: op == "&>>" });
            redirects.push(Redirect::Duplicate { fd: 2, target: 1 });
        }
        ">&" | "<&" => {
            let default_fd = if op == ">&" { 1 } else { 0 };
            if target.text == "-" {
                return Err(err(ShellErrorKind::Unsupported("closing file descriptors (>&-)".to_string())));
            }
            if !target.text.is_empty() && target.text.chars().all(|c| c.is_ascii_digit()) {
                match target.text.parse::<u32>() {
                    Ok(t) if t <= i32::MAX as u32 => {
                        redirects.push(Redirect::Duplicate { fd: fd.unwrap_or(default_fd), target: t });
                    }
                    _ => return Err(err(ShellErrorKind::Unsupported(format!("the file descriptor number {}", target.text)))),
                }
            } else if op == ">&" && fd.is_none() {
                // `>& file` is `&> file`.
                redirects.push(Redirect::Output { fd: 1, path: target.text, append: false });
                redirects.push(Redirect::Duplicate { fd: 2, target: 1 });
            } else {
                return Err(err(ShellErrorKind::AmbiguousRedirect(target.text)));
            }
        }
        "<<" | "<<-" | "<<<" => {
            if fd.is_some_and(|fd| fd != 0) {
                return Err(err(ShellErrorKind::Unsupported("here-documents on file descriptors other than 0".to_string())));
            }
            if current.stdin_doc {
                return Err(err(ShellErrorKind::Unsupported("more than one here-document on one command".to_string())));
            }
            current.stdin_doc = true;
            if op == "<<<" {
                current.command.heredoc = Some(format!("{}\n", target.text));
            } else {
                built.heredocs.push(PendingHeredoc {
                    command: built.commands.len(),
                    delimiter: target.text,
                    quoted: target.quoted,
                    strip_tabs: op == "<<-",
                    line,
                });
            }
        }
        _ => return Err(err(ShellErrorKind::UnexpectedToken(op.to_string()))),
    }
    Ok(())
}

fn finish_command(built: &mut Built, current: &mut CommandBuilder, lines: &[(usize, String)]) -> Result<(), ShellError> {
    let builder = std::mem::take(current);
    let command = builder.command;
    if builder.stdin_doc && command.redirects.iter().any(|r| matches!(r, Redirect::Input { fd: 0, .. })) {
        return Err(ShellError {
            line: command.line,
            kind: ShellErrorKind::Unsupported("a here-document and `<' on the same command".to_string()),
            source: source_line(lines, command.line),
        });
    }
    built.commands.push(command);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_body_processing() {
        assert_eq!(process_heredoc_body("a\\\\b \\$x \\`y\\` \\z\nc\\\nd\n", false), "a\\b $x `y` \\z\ncd\n");
        assert_eq!(process_heredoc_body("a\\\\b\n", true), "a\\\\b\n");
        assert_eq!(process_heredoc_body("end\\", false), "end\\");
    }

    #[test]
    fn trailing_backslashes() {
        assert!(ends_with_unescaped_backslash("a\\"));
        assert!(!ends_with_unescaped_backslash("a\\\\"));
        assert!(ends_with_unescaped_backslash("\\\\\\"));
        assert!(!ends_with_unescaped_backslash(""));
    }

    fn word(text: &str, unquoted_prefix: usize) -> Word {
        Word { text: text.to_string(), quoted: unquoted_prefix < text.chars().count(), unquoted_prefix, line: 1 }
    }

    #[test]
    fn assignments() {
        assert!(is_assignment(&word("x=1", 3)));
        assert!(is_assignment(&word("_a1+=b", 6)));
        assert!(is_assignment(&word("X=a b", 2)), "only the name and `=` must be unquoted");
        assert!(!is_assignment(&word("x=1", 1)), "`x\\=1` or `'x=1'`");
        assert!(!is_assignment(&word("1x=1", 4)));
        assert!(!is_assignment(&word("--x=1", 5)));
        assert!(!is_assignment(&word("=1", 2)));
        assert!(!is_assignment(&word("ab", 2)));
    }

    #[test]
    fn operators_are_matched_longest_first() {
        for (i, a) in OPERATORS.iter().enumerate() {
            for b in &OPERATORS[i + 1..] {
                assert!(!b.starts_with(a), "{b} must come before {a}");
            }
        }
    }
}
