//! Command lines of Kafka's tools, parsed with the semantics of jopt-simple 5.0.4, the
//! library behind them (`joptsimple.OptionParser`, created by Kafka's
//! `CommandDefaultOptions` with abbreviations off), and their usage text as
//! `CommandLineUtils.printUsageAndExit` prints it (`BuiltinHelpFormatter`, 80 columns).
//!
//! Sources read (jopt-simple tag `jopt-simple-5.0.4`, the version in Kafka 3.8's
//! `gradle/dependencies.gradle`; Kafka tag `3.8.0`):
//!
//! * `OptionParser.java`, `OptionParserState.java`, `ParserRules.java`,
//!   `ArgumentList.java`, `RequiredArgumentOptionSpec.java`,
//!   `OptionalArgumentOptionSpec.java`, `ArgumentAcceptingOptionSpec.java`,
//!   `NoArgumentOptionSpec.java`, `util/KeyValuePair.java`, `OptionSet.java`: parsing.
//! * `ExceptionMessages.properties` and the `*Exception.java` classes: error texts.
//! * `BuiltinHelpFormatter.java`, `internal/Rows.java`, `internal/Columns.java`,
//!   `HelpFormatterMessages.properties`: usage text. `Columns` wraps with the JDK's
//!   `BreakIterator.getLineInstance()`, whose rules (`LineBreakRules` in the JDK's
//!   `sun/text/resources/BreakIteratorRules.java`) are reproduced in [`line_break_segments`].
//! * Kafka's `server-common/.../util/CommandLineUtils.java` and `CommandDefaultOptions.java`.
//!
//! Parsing rules worth knowing (all as in jopt-simple):
//!
//! * `--name value`, `--name=value`, and also `-name value` / `-name=value` (a single
//!   dash works for long names). `--` ends the options; `-` is a non-option argument.
//! * An option with a required argument takes the next argument whatever it is:
//!   `--topic --list` gives the topic `--list`.
//! * An option with an optional argument takes the next argument only if it does not
//!   look like an option (numbers like `-1` are taken when the type is numeric).
//! * A flag given a value (`--list=x`) ignores the value.
//! * Options may repeat; all values are kept in order. Asking for the single value of
//!   an option given twice is an error (`Found multiple arguments for option ...`).
//! * Error messages name options without dashes: `foo is not a recognized option`.
//!
//! Simplifications, each unlikely to matter for Kafka's tools: numbers are parsed from
//! ASCII digits only (Java also accepts other Unicode digits), `Double` values do not
//! accept Java's hexadecimal form, and the line-break rules classify non-ASCII
//! characters from a table of common ones rather than the full Unicode database.

use crate::engine::sorting;
use std::fmt;

/// Whether an option takes an argument (`withRequiredArg` / `withOptionalArg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakesArg {
    /// A flag (`parser.accepts("list", ...)`).
    No,
    /// `.withRequiredArg()`: help shows `<Type: name>`.
    Required,
    /// `.withOptionalArg()`: help shows `[Type: name]`.
    Optional,
}

/// The argument's type (`.ofType(...)`), shown in help and used for conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// `String` (also what joptsimple shows when no type is given).
    String,
    /// `java.lang.Integer`.
    Integer,
    /// `java.lang.Long`.
    Long,
    /// `java.lang.Double`.
    Double,
    /// Any other type: the short class name shown in help; values stay strings.
    Named(&'static str),
}

impl ValueType {
    /// The type indicator in help (`String`, `Integer`, ...).
    pub fn indicator(&self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::Integer => "Integer",
            ValueType::Long => "Long",
            ValueType::Double => "Double",
            ValueType::Named(name) => name,
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, ValueType::Integer | ValueType::Long | ValueType::Double)
    }

    fn accepts(&self, value: &str) -> bool {
        match self {
            ValueType::Integer => parse_java_int(value).is_some(),
            ValueType::Long => parse_java_long(value).is_some(),
            ValueType::Double => parse_java_double(value).is_some(),
            ValueType::String | ValueType::Named(_) => true,
        }
    }
}

/// One option of a tool, declared the way Kafka's tools declare it with joptsimple.
///
/// ```
/// use kafkascope::console::options::{OptionSpec, ValueType};
/// const PARTITIONS: OptionSpec = OptionSpec::with_arg("partitions", "# of partitions", "The number of partitions.")
///     .of_type(ValueType::Integer);
/// const CONFIG: OptionSpec = OptionSpec::with_arg("config", "name=value", "A topic configuration override.").repeatable();
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSpec {
    /// The name without dashes (`bootstrap-server`).
    pub name: &'static str,
    /// Other names for the same option (`acceptsAll`); usually empty.
    pub aliases: &'static [&'static str],
    pub takes_arg: TakesArg,
    /// `.describedAs(...)`: the argument's name in help.
    pub arg_name: &'static str,
    pub value_type: ValueType,
    /// The tool reads all values (`valuesOf`), e.g. `--config`. Otherwise giving the
    /// option twice fails when the tool asks for its value.
    pub repeatable: bool,
    /// `.required()`: parsing fails without it (rare in Kafka, which checks by hand).
    pub required: bool,
    /// `.forHelp()`: its presence lifts the `required` checks (`--help`, `--version`).
    pub for_help: bool,
    /// `.defaultsTo(...)`: values when the option is absent, shown in help.
    pub defaults: &'static [&'static str],
    /// `.withValuesSeparatedBy(c)`: one argument holds several values.
    pub separator: Option<char>,
    /// The description (help's right column); `\n` starts a new line.
    pub help: &'static str,
}

impl OptionSpec {
    /// A flag: `parser.accepts(name, help)`.
    pub const fn flag(name: &'static str, help: &'static str) -> Self {
        OptionSpec {
            name,
            aliases: &[],
            takes_arg: TakesArg::No,
            arg_name: "",
            value_type: ValueType::String,
            repeatable: false,
            required: false,
            for_help: false,
            defaults: &[],
            separator: None,
            // The page fetches its usage texts instead of building them (see
            // `OptionParser::help`), so its wasm leaves the descriptions out.
            help: if cfg!(target_arch = "wasm32") { "" } else { help },
        }
    }

    /// `parser.accepts(name, help).withRequiredArg().describedAs(arg_name).ofType(String.class)`.
    pub const fn with_arg(name: &'static str, arg_name: &'static str, help: &'static str) -> Self {
        OptionSpec { takes_arg: TakesArg::Required, arg_name, ..Self::flag(name, help) }
    }

    /// `parser.accepts(name, help).withOptionalArg().describedAs(arg_name)`.
    pub const fn with_optional_arg(name: &'static str, arg_name: &'static str, help: &'static str) -> Self {
        OptionSpec { takes_arg: TakesArg::Optional, arg_name, ..Self::flag(name, help) }
    }

    /// `--help`, as every `CommandDefaultOptions` tool declares it.
    pub const fn help_option() -> Self {
        OptionSpec { for_help: true, ..Self::flag("help", "Print usage information.") }
    }

    /// `--version`, as every `CommandDefaultOptions` tool declares it.
    pub const fn version_option() -> Self {
        OptionSpec { for_help: true, ..Self::flag("version", "Display Kafka version.") }
    }

    pub const fn of_type(self, value_type: ValueType) -> Self {
        OptionSpec { value_type, ..self }
    }

    pub const fn repeatable(self) -> Self {
        OptionSpec { repeatable: true, ..self }
    }

    pub const fn required(self) -> Self {
        OptionSpec { required: true, ..self }
    }

    pub const fn for_help(self) -> Self {
        OptionSpec { for_help: true, ..self }
    }

    pub const fn defaults_to(self, defaults: &'static [&'static str]) -> Self {
        OptionSpec { defaults, ..self }
    }

    pub const fn separated_by(self, separator: char) -> Self {
        OptionSpec { separator: Some(separator), ..self }
    }

    pub const fn aliases(self, aliases: &'static [&'static str]) -> Self {
        OptionSpec { aliases, ..self }
    }

    /// All names in joptsimple's order: one-letter names sorted, then longer ones sorted.
    pub fn names(&self) -> Vec<&'static str> {
        if self.aliases.is_empty() {
            return vec![self.name];
        }
        let mut all: Vec<&'static str> = std::iter::once(self.name).chain(self.aliases.iter().copied()).collect();
        sorting::sort_by(&mut all, |a, b| (java_len(a) != 1).cmp(&(java_len(b) != 1)).then_with(|| java_cmp(a, b)));
        all.dedup();
        all
    }

    /// The option as joptsimple names it in messages: its names joined by `/`
    /// (`OptionException.specToString`).
    pub fn display_name(&self) -> String {
        self.names().join("/")
    }

    /// The option as `AbstractOptionSpec.toString()` prints it, e.g. `[topic]`; Kafka's
    /// `CommandLineUtils` uses it in `Missing required argument "[topic]"` and
    /// `Option "[alter]" can't be used with option "[config]"`.
    pub fn to_java_string(&self) -> String {
        format!("[{}]", self.names().join(", "))
    }
}

/// How the failing option was written; it decides the Java stack frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `--name`.
    Long,
    /// `-name`, where `name` is a whole option name.
    Short,
    /// `-abc`, read as the one-letter options `a`, `b`, `c`.
    ShortCluster,
}

/// A rejected command line, as the joptsimple exception it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionError {
    /// `joptsimple.UnrecognizedOptionException`: `foo is not a recognized option`.
    Unrecognized { option: String, token: TokenKind },
    /// `joptsimple.OptionMissingRequiredArgumentException`: `Option topic requires an argument`.
    MissingArgument { option: String, token: TokenKind },
    /// `joptsimple.MissingRequiredOptionsException`: `Missing required option(s) [topic]`.
    MissingRequired { options: Vec<String> },
    /// `joptsimple.MultipleArgumentsForOptionException`:
    /// `Found multiple arguments for option topic, but you asked for only one`.
    MultipleArguments { option: String },
    /// `joptsimple.OptionArgumentConversionException`:
    /// `Cannot parse argument 'abc' of option partitions`.
    Conversion { option: String, argument: String },
}

impl OptionError {
    /// `getMessage()`.
    pub fn message(&self) -> String {
        match self {
            OptionError::Unrecognized { option, .. } => format!("{option} is not a recognized option"),
            OptionError::MissingArgument { option, .. } => format!("Option {option} requires an argument"),
            OptionError::MissingRequired { options } => format!("Missing required option(s) [{}]", options.join(", ")),
            OptionError::MultipleArguments { option } => {
                format!("Found multiple arguments for option {option}, but you asked for only one")
            }
            OptionError::Conversion { option, argument } => format!("Cannot parse argument '{argument}' of option {option}"),
        }
    }

    /// The exception's class name.
    pub fn java_class(&self) -> &'static str {
        match self {
            OptionError::Unrecognized { .. } => "joptsimple.UnrecognizedOptionException",
            OptionError::MissingArgument { .. } => "joptsimple.OptionMissingRequiredArgumentException",
            OptionError::MissingRequired { .. } => "joptsimple.MissingRequiredOptionsException",
            OptionError::MultipleArguments { .. } => "joptsimple.MultipleArgumentsForOptionException",
            OptionError::Conversion { .. } => "joptsimple.OptionArgumentConversionException",
        }
    }

    /// `toString()`: `joptsimple.UnrecognizedOptionException: foo is not a recognized option`.
    pub fn java_to_string(&self) -> String {
        format!("{}: {}", self.java_class(), self.message())
    }

    /// The first line the JVM prints when the exception escapes `main` (the Scala tools
    /// that do not catch it): `Exception in thread "main" joptsimple....: message`.
    pub fn uncaught_exception_line(&self) -> String {
        format!("Exception in thread \"main\" {}", self.java_to_string())
    }

    /// The stack frames inside jopt-simple 5.0.4 (line numbers from its sources), innermost
    /// first, each as `\tat ...`. The tool's own frames (e.g.
    /// `org.apache.kafka.tools.TopicCommand$TopicCommandOptions.<init>`) follow them; the
    /// caller adds those. Empty for errors raised outside parsing
    /// (`MultipleArguments` has one frame, `OptionSet.valueOf`; `Conversion` goes
    /// through reflection and a `Caused by:` chain, not reproduced).
    pub fn java_frames(&self) -> Vec<&'static str> {
        const STATE_LONG: &str = "\tat joptsimple.OptionParserState$2.handleArgument(OptionParserState.java:56)";
        const STATE_SHORT: &str = "\tat joptsimple.OptionParserState$2.handleArgument(OptionParserState.java:59)";
        const PARSE: &str = "\tat joptsimple.OptionParser.parse(OptionParser.java:396)";
        const UNRECOGNIZED: &str = "\tat joptsimple.OptionException.unrecognizedOption(OptionException.java:108)";
        const DETECT: &str = "\tat joptsimple.RequiredArgumentOptionSpec.detectOptionArgument(RequiredArgumentOptionSpec.java:48)";
        const HANDLE: &str = "\tat joptsimple.ArgumentAcceptingOptionSpec.handleOption(ArgumentAcceptingOptionSpec.java:257)";
        match self {
            OptionError::Unrecognized { token: TokenKind::Long, .. } => {
                vec![UNRECOGNIZED, "\tat joptsimple.OptionParser.handleLongOptionToken(OptionParser.java:510)", STATE_LONG, PARSE]
            }
            OptionError::Unrecognized { token: TokenKind::Short | TokenKind::ShortCluster, .. } => vec![
                UNRECOGNIZED,
                "\tat joptsimple.OptionParser.validateOptionCharacters(OptionParser.java:633)",
                "\tat joptsimple.OptionParser.handleShortOptionCluster(OptionParser.java:528)",
                "\tat joptsimple.OptionParser.handleShortOptionToken(OptionParser.java:523)",
                STATE_SHORT,
                PARSE,
            ],
            OptionError::MissingArgument { token: TokenKind::Long, .. } => {
                vec![DETECT, HANDLE, "\tat joptsimple.OptionParser.handleLongOptionToken(OptionParser.java:513)", STATE_LONG, PARSE]
            }
            OptionError::MissingArgument { token: TokenKind::Short, .. } => {
                vec![DETECT, HANDLE, "\tat joptsimple.OptionParser.handleShortOptionToken(OptionParser.java:520)", STATE_SHORT, PARSE]
            }
            OptionError::MissingArgument { token: TokenKind::ShortCluster, .. } => vec![
                DETECT,
                HANDLE,
                "\tat joptsimple.OptionParser.handleShortOptionCluster(OptionParser.java:539)",
                "\tat joptsimple.OptionParser.handleShortOptionToken(OptionParser.java:523)",
                STATE_SHORT,
                PARSE,
            ],
            OptionError::MissingRequired { .. } => vec![
                "\tat joptsimple.OptionParser.ensureRequiredOptions(OptionParser.java:426)",
                "\tat joptsimple.OptionParser.parse(OptionParser.java:400)",
            ],
            OptionError::MultipleArguments { .. } => vec!["\tat joptsimple.OptionSet.valueOf(OptionSet.java:179)"],
            OptionError::Conversion { .. } => Vec::new(),
        }
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for OptionError {}

/// A tool's option parser: `new OptionParser(false)` plus its `accepts(...)` calls.
#[derive(Clone, Debug)]
pub struct OptionParser {
    specs: Vec<OptionSpec>,
    /// The tool's command (`kafka-topics.sh`), which names its usage text in the browser.
    tool: &'static str,
}

impl OptionParser {
    /// Option names must be unique (joptsimple lets a later declaration replace an
    /// earlier one; here the later one wins as well).
    pub fn new(specs: &[OptionSpec]) -> Self {
        Self::for_tool("", specs)
    }

    /// The parser of the tool `tool` (`kafka-topics.sh`): the one whose [`help`](Self::help)
    /// the browser can show.
    pub fn for_tool(tool: &'static str, specs: &[OptionSpec]) -> Self {
        OptionParser { specs: specs.to_vec(), tool }
    }

    pub fn specs(&self) -> &[OptionSpec] {
        &self.specs
    }

    /// The spec with this name (or alias), without dashes.
    pub fn spec(&self, name: &str) -> Option<&OptionSpec> {
        self.index_of(name).map(|i| &self.specs[i])
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.specs.iter().rposition(|s| s.name == name || s.aliases.contains(&name))
    }

    /// `parser.parse(args)`.
    pub fn parse<S: AsRef<str>>(&self, args: &[S]) -> Result<ParsedOptions, OptionError> {
        let mut parsed = ParsedOptions {
            specs: self.specs.clone(),
            detected: Vec::new(),
            arguments: vec![Vec::new(); self.specs.len()],
            present: vec![false; self.specs.len()],
            non_options: Vec::new(),
        };
        let args: Vec<&str> = args.iter().map(|a| a.as_ref()).collect();
        let mut next = 0;
        let mut options_ended = false;
        while next < args.len() {
            let arg = args[next];
            next += 1;
            if options_ended {
                parsed.non_options.push(arg.to_string());
            } else if arg == "--" {
                options_ended = true;
            } else if let Some(rest) = arg.strip_prefix("--") {
                let (key, value) = key_value(rest);
                let index =
                    self.index_of(key).ok_or_else(|| OptionError::Unrecognized { option: key.to_string(), token: TokenKind::Long })?;
                self.handle_option(index, value, &args, &mut next, &mut parsed, TokenKind::Long)?;
            } else if arg.len() > 1 && arg.starts_with('-') {
                let rest = &arg[1..];
                let (key, value) = key_value(rest);
                if let Some(index) = self.index_of(key) {
                    self.handle_option(index, value, &args, &mut next, &mut parsed, TokenKind::Short)?;
                } else {
                    self.handle_cluster(rest, &args, &mut next, &mut parsed)?;
                }
            } else {
                parsed.non_options.push(arg.to_string());
            }
        }
        let help_present = self.specs.iter().enumerate().any(|(i, s)| s.for_help && parsed.present[i]);
        if !help_present {
            let mut missing: Vec<String> = Vec::new();
            for (i, spec) in self.specs.iter().enumerate() {
                let name = spec.display_name();
                if spec.required && !parsed.present[i] && !missing.contains(&name) {
                    missing.push(name);
                }
            }
            if !missing.is_empty() {
                return Err(OptionError::MissingRequired { options: missing });
            }
        }
        Ok(parsed)
    }

    /// `-abc` where `abc` is no option name: one-letter options, the first that takes an
    /// argument taking the rest of the token.
    fn handle_cluster(&self, rest: &str, args: &[&str], next: &mut usize, parsed: &mut ParsedOptions) -> Result<(), OptionError> {
        let letters: Vec<char> = rest.chars().collect();
        for &c in &letters {
            let mut buf = [0u8; 4];
            let name: &str = c.encode_utf8(&mut buf);
            let Some(index) = self.index_of(name) else {
                return Err(OptionError::Unrecognized { option: name.to_string(), token: TokenKind::ShortCluster });
            };
            if self.specs[index].takes_arg != TakesArg::No {
                break;
            }
        }
        for (i, &c) in letters.iter().enumerate() {
            let mut buf = [0u8; 4];
            let name: &str = c.encode_utf8(&mut buf);
            let Some(index) = self.index_of(name) else {
                return Err(OptionError::Unrecognized { option: name.to_string(), token: TokenKind::ShortCluster });
            };
            if self.specs[index].takes_arg != TakesArg::No && i + 1 < letters.len() {
                let value: String = letters[i + 1..].iter().collect();
                return self.handle_option(index, Some(&value), args, next, parsed, TokenKind::ShortCluster);
            }
            self.handle_option(index, None, args, next, parsed, TokenKind::ShortCluster)?;
        }
        Ok(())
    }

    fn handle_option(
        &self,
        index: usize,
        value: Option<&str>,
        args: &[&str],
        next: &mut usize,
        parsed: &mut ParsedOptions,
        token: TokenKind,
    ) -> Result<(), OptionError> {
        let spec = &self.specs[index];
        match spec.takes_arg {
            TakesArg::No => parsed.add(index, None),
            TakesArg::Required => {
                if let Some(value) = value {
                    parsed.add_arguments(index, value);
                } else if let Some(arg) = args.get(*next) {
                    *next += 1;
                    parsed.add_arguments(index, arg);
                } else {
                    return Err(OptionError::MissingArgument { option: spec.display_name(), token });
                }
            }
            TakesArg::Optional => {
                if let Some(value) = value {
                    parsed.add_arguments(index, value);
                } else if let Some(arg) = args.get(*next) {
                    // `canConvertArgument`: every token converts (an empty value has none).
                    let separator = spec.separator.unwrap_or('\0');
                    let convertible = arg.split(separator).filter(|p| !p.is_empty()).all(|v| spec.value_type.accepts(v));
                    if convertible && (!looks_like_option(arg) || spec.value_type.is_number()) {
                        *next += 1;
                        parsed.add_arguments(index, arg);
                    } else {
                        parsed.add(index, None);
                    }
                } else {
                    parsed.add(index, None);
                }
            }
        }
        Ok(())
    }

    /// `parser.printHelpOn(...)`: joptsimple's usage text, 80 columns wide.
    ///
    /// In the browser the text is not built but fetched: the page's wasm carries neither
    /// this formatter nor the options' descriptions (9 KB of its gzip size for text that
    /// few sessions print). There `help` gives the one line [`deferred_help_line`], which
    /// the terminal shows as `static/help/TOOL.txt`; `tests/help_files.rs` keeps those
    /// files equal to what this builds natively. Everything else (lessons' `output
    /// contains` claims, `> FILE`) sees that line in the browser, not the text.
    pub fn help(&self) -> String {
        if cfg!(target_arch = "wasm32") {
            return deferred_help_line(self.tool);
        }
        self.help_with_width(80, 2)
    }

    /// `new BuiltinHelpFormatter(overall_width, column_separator_width)`.
    pub fn help_with_width(&self, overall_width: usize, column_separator_width: usize) -> String {
        // One row per spec, sorted by first name (`TreeSet` on `options().get(0)`),
        // keeping the spec that name lookup finds.
        let mut specs: Vec<&OptionSpec> =
            self.specs.iter().enumerate().filter(|(i, s)| self.index_of(s.name) == Some(*i)).map(|(_, s)| s).collect();
        sorting::sort_by(&mut specs, |a, b| java_cmp(a.names()[0], b.names()[0]));
        specs.dedup_by(|a, b| a.names()[0] == b.names()[0]);

        let mut rows = Rows::new(overall_width, column_separator_width);
        if specs.is_empty() {
            rows.add("No options specified".to_string(), String::new());
        } else {
            if specs.iter().any(|s| s.required) {
                rows.add("Option (* = required)".to_string(), "Description".to_string());
                rows.add("---------------------".to_string(), "-----------".to_string());
            } else {
                rows.add("Option".to_string(), "Description".to_string());
                rows.add("------".to_string(), "-----------".to_string());
            }
            for spec in specs {
                rows.add(option_display(spec), description_display(spec));
            }
        }
        rows.fit_to_width();
        rows.render()
    }

    /// What `CommandLineUtils.printUsageAndExit(parser, message)` writes to stderr:
    /// the message, a newline, then [`help`](Self::help). (Kafka then exits with status 1.)
    pub fn usage_error(&self, message: &str) -> String {
        format!("{message}\n{}", self.help())
    }
}

/// Starts the line that stands for a tool's usage text in the browser's output: a
/// character of Unicode's private use area, which no Kafka tool prints.
const DEFERRED_HELP: &str = "\u{E000}usage text of ";

/// The line that stands for `tool`'s usage text where the text is fetched rather than
/// built (see [`OptionParser::help`]).
pub fn deferred_help_line(tool: &str) -> String {
    format!("{DEFERRED_HELP}{tool}\n")
}

/// The tool whose usage text `line` (without its newline) stands for, if it is a
/// [`deferred_help_line`].
pub fn deferred_help_tool(line: &str) -> Option<&str> {
    line.strip_prefix(DEFERRED_HELP)
}

/// The options found on a command line: `joptsimple.OptionSet`.
#[derive(Clone, Debug)]
pub struct ParsedOptions {
    specs: Vec<OptionSpec>,
    /// Spec indices in order of appearance, with repeats (`OptionSet.specs()`).
    detected: Vec<usize>,
    arguments: Vec<Vec<String>>,
    present: Vec<bool>,
    non_options: Vec<String>,
}

impl ParsedOptions {
    fn add(&mut self, index: usize, argument: Option<String>) {
        self.detected.push(index);
        self.present[index] = true;
        if let Some(argument) = argument {
            self.arguments[index].push(argument);
        }
    }

    /// `addArguments`: split at the separator (`StringTokenizer` semantics: empty pieces
    /// dropped, and a value with no pieces kept whole).
    fn add_arguments(&mut self, index: usize, value: &str) {
        for piece in split_values(value, self.specs[index].separator) {
            self.add(index, Some(piece));
        }
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.specs.iter().rposition(|s| s.name == name || s.aliases.contains(&name))
    }

    /// `options.has(spec)`: the option was given (with or without a value). False for
    /// unknown names.
    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some_and(|i| self.present[i])
    }

    /// `options.hasArgument(spec)`: the option was given with at least one value.
    pub fn has_argument(&self, name: &str) -> bool {
        self.index_of(name).is_some_and(|i| !self.arguments[i].is_empty())
    }

    /// `options.valuesOf(spec)` as strings: the values given, in order, or the defaults.
    pub fn values_of(&self, name: &str) -> Vec<&str> {
        let Some(i) = self.index_of(name) else { return Vec::new() };
        if self.arguments[i].is_empty() {
            self.specs[i].defaults.to_vec()
        } else {
            self.arguments[i].iter().map(String::as_str).collect()
        }
    }

    /// `options.valueOf(spec)` as a string: `None` if absent without default, an error if
    /// the option has several values.
    pub fn value_of(&self, name: &str) -> Result<Option<&str>, OptionError> {
        single(self.values_of(name), || self.display_name(name))
    }

    /// `valueOf` of an `Integer` option: every value is converted first (as joptsimple
    /// does), so a bad value is reported before a repeated one.
    pub fn i32_value_of(&self, name: &str) -> Result<Option<i32>, OptionError> {
        single(self.converted(name, parse_java_int)?, || self.display_name(name))
    }

    /// `valueOf` of a `Long` option.
    pub fn i64_value_of(&self, name: &str) -> Result<Option<i64>, OptionError> {
        single(self.converted(name, parse_java_long)?, || self.display_name(name))
    }

    /// `valueOf` of a `Double` option.
    pub fn f64_value_of(&self, name: &str) -> Result<Option<f64>, OptionError> {
        single(self.converted(name, parse_java_double)?, || self.display_name(name))
    }

    /// `valuesOf` of an `Integer` option.
    pub fn i32_values_of(&self, name: &str) -> Result<Vec<i32>, OptionError> {
        self.converted(name, parse_java_int)
    }

    /// `valuesOf` of a `Long` option.
    pub fn i64_values_of(&self, name: &str) -> Result<Vec<i64>, OptionError> {
        self.converted(name, parse_java_long)
    }

    fn converted<T>(&self, name: &str, parse: fn(&str) -> Option<T>) -> Result<Vec<T>, OptionError> {
        self.values_of(name)
            .into_iter()
            .map(|v| parse(v).ok_or_else(|| OptionError::Conversion { option: self.display_name(name), argument: v.to_string() }))
            .collect()
    }

    fn display_name(&self, name: &str) -> String {
        self.index_of(name).map_or_else(|| name.to_string(), |i| self.specs[i].display_name())
    }

    /// Arguments that are not options or option values, in order.
    pub fn non_options(&self) -> &[String] {
        &self.non_options
    }

    /// The options given, by name, in order of appearance (an option with two values
    /// from one `--x=a,b` appears twice, as in joptsimple).
    pub fn detected(&self) -> Vec<&'static str> {
        self.detected.iter().map(|&i| self.specs[i].name).collect()
    }

    /// The first option not declared [`repeatable`](OptionSpec::repeatable) that has
    /// several values, as the error its `valueOf` would raise.
    pub fn check_single_values(&self) -> Result<(), OptionError> {
        for (i, spec) in self.specs.iter().enumerate() {
            if !spec.repeatable && self.arguments[i].len() > 1 {
                return Err(OptionError::MultipleArguments { option: spec.display_name() });
            }
        }
        Ok(())
    }
}

fn single<T>(mut values: Vec<T>, name: impl FnOnce() -> String) -> Result<Option<T>, OptionError> {
    match values.len() {
        0 => Ok(None),
        1 => Ok(values.pop()),
        _ => Err(OptionError::MultipleArguments { option: name() }),
    }
}

/// `KeyValuePair.valueOf`: split at the first `=`.
fn key_value(text: &str) -> (&str, Option<&str>) {
    match text.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (text, None),
    }
}

/// `ParserRules.isShortOptionToken || isLongOptionToken` (true for `--` too: by those
/// rules it is a short-option token).
fn looks_like_option(arg: &str) -> bool {
    arg.starts_with('-') && arg != "-"
}

/// `new StringTokenizer(value, separator)`; joptsimple's default separator is U+0000.
fn split_values(value: &str, separator: Option<char>) -> Vec<String> {
    let separator = separator.unwrap_or('\0');
    let pieces: Vec<String> = value.split(separator).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if pieces.is_empty() {
        vec![value.to_string()]
    } else {
        pieces
    }
}

/// `Integer.valueOf(String)` for ASCII digits.
pub fn parse_java_int(text: &str) -> Option<i32> {
    parse_java_long(text).and_then(|v| i32::try_from(v).ok())
}

/// `Long.valueOf(String)` for ASCII digits: an optional sign, then digits; no spaces.
pub fn parse_java_long(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits.bytes() {
        let d = i64::from(b - b'0');
        value = value.checked_mul(10)?;
        value = if negative { value.checked_sub(d)? } else { value.checked_add(d)? };
    }
    Some(value)
}

pub use crate::engine::decimal::parse_java_double;

// ---------------------------------------------------------------------------------
// Help text: BuiltinHelpFormatter, Rows, Columns

fn option_display(spec: &OptionSpec) -> String {
    let mut out = String::from(if spec.required { "* " } else { "" });
    let names = spec.names();
    for (i, name) in names.iter().enumerate() {
        out.push_str(if java_len(name) > 1 { "--" } else { "-" });
        out.push_str(name);
        if i + 1 < names.len() {
            out.push_str(", ");
        }
    }
    if spec.takes_arg != TakesArg::No {
        let (open, close) = if spec.takes_arg == TakesArg::Required { ('<', '>') } else { ('[', ']') };
        out.push(' ');
        out.push(open);
        out.push_str(spec.value_type.indicator());
        if !spec.arg_name.is_empty() {
            out.push_str(": ");
            out.push_str(spec.arg_name);
        }
        out.push(close);
    }
    out
}

fn description_display(spec: &OptionSpec) -> String {
    if spec.defaults.is_empty() {
        return spec.help.to_string();
    }
    let defaults = if spec.defaults.len() == 1 { spec.defaults[0].to_string() } else { format!("[{}]", spec.defaults.join(", ")) };
    java_trim(&format!("{} (default: {defaults})", spec.help)).to_string()
}

/// `joptsimple.internal.Rows`.
struct Rows {
    overall_width: usize,
    separator_width: usize,
    rows: Vec<(String, String)>,
    widest_option: usize,
    widest_description: usize,
}

impl Rows {
    fn new(overall_width: usize, separator_width: usize) -> Self {
        Rows { overall_width, separator_width, rows: Vec::new(), widest_option: 0, widest_description: 0 }
    }

    fn add(&mut self, option: String, description: String) {
        self.widest_option = self.widest_option.max(java_len(&option));
        self.widest_description = self.widest_description.max(java_len(&description));
        self.rows.push((option, description));
    }

    fn option_width(&self) -> usize {
        (self.overall_width.saturating_sub(self.separator_width) / 2).min(self.widest_option)
    }

    fn description_width(&self) -> usize {
        self.overall_width.saturating_sub(self.option_width()).saturating_sub(self.separator_width).min(self.widest_description)
    }

    fn fit_to_width(&mut self) {
        let option_width = self.option_width();
        let description_width = self.description_width();
        let rows = std::mem::take(&mut self.rows);
        self.widest_option = 0;
        self.widest_description = 0;
        for (option, description) in rows {
            // `Columns.fit`.
            let options = pieces_of(&option, option_width);
            let descriptions = pieces_of(&description, description_width);
            for i in 0..options.len().max(descriptions.len()) {
                self.add(options.get(i).cloned().unwrap_or_default(), descriptions.get(i).cloned().unwrap_or_default());
            }
        }
    }

    fn render(&self) -> String {
        let option_width = self.option_width();
        let description_width = self.description_width();
        let mut out = String::new();
        for (option, description) in &self.rows {
            pad(&mut out, option, option_width);
            out.extend(std::iter::repeat_n(' ', self.separator_width));
            pad(&mut out, description, description_width);
            out.push('\n');
        }
        out
    }
}

fn pad(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(java_len(text))));
}

/// `Columns.piecesOf`: each line of the trimmed text, wrapped to `width`.
fn pieces_of(raw: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    for line in java_trim(raw).split('\n') {
        pieces_of_embedded_line(line, width, &mut pieces);
    }
    pieces
}

/// `Columns.piecesOfEmbeddedLine`: greedy filling with the JDK's line-break
/// opportunities; a continuation line starts with two spaces.
fn pieces_of_embedded_line(line: &str, width: usize, pieces: &mut Vec<String>) {
    let mut next_piece = String::new();
    for word in line_break_segments(line) {
        if java_len(&next_piece) + java_len(word) > width {
            pieces.push(next_piece.trim_end_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']).to_string());
            next_piece = format!("  {word}");
        } else {
            next_piece.push_str(word);
        }
    }
    if !next_piece.is_empty() {
        pieces.push(next_piece);
    }
}

/// Java's `String.trim()`: strips characters up to U+0020 at both ends.
fn java_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c <= ' ')
}

/// Java's `String.length()`: UTF-16 code units.
fn java_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Java's `String.compareTo`: UTF-16 code unit order.
fn java_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

// ---------------------------------------------------------------------------------
// The JDK's line BreakIterator

/// Splits `text` at the break opportunities of `java.text.BreakIterator.getLineInstance()`:
/// each piece is a "word" with its trailing spaces and punctuation, as joptsimple's
/// `Columns` sees them (`"--"`, `"bootstrap-"`, `"server "`).
///
/// The JDK's legacy `RuleBasedBreakIterator` takes, from each position, the longest
/// match of its `LineBreakRules` (and at least one character), where (ASCII view):
///
/// ```text
/// word   := pre-word* (char* | kanji | number) (dash+ | post-word*)
/// number := [pre-word dash]* digit+ (mid-num digit+)*
/// rule   := word ((space* glue+ space? | hack3) word)* space* enclosing*
///           (hack1 hack2 post-word*)? enclosing* \r? break?
///         | \r break
/// ```
///
/// with `pre-word` = `$ ( [ { " '`, `post-word` = `" ) ] } ! % . , : ; ?`,
/// `mid-num` = `. ,`, `dash` = `-`, `break` = tab, LF, FF, ETX, `hack1` = `(`,
/// `hack2` = `)`, `hack3` = `$ '`, `char` = anything else printable (letters, digits,
/// `# & * + / < = > @ \ ^ _ ` | ~`). Other control characters are ignored (they never
/// start a piece).
pub fn line_break_segments(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Positions of the characters the rules see (all but `ignore`).
    let seen: Vec<usize> = (0..chars.len()).filter(|&i| !is_ignore(chars[i].1)).collect();
    let seen_chars: Vec<char> = seen.iter().map(|&i| chars[i].1).collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);

    let mut segments = Vec::new();
    let mut start = 0; // index into `chars`
    while start < chars.len() {
        // The first seen character at or after `start`.
        let seen_start = seen.partition_point(|&i| i < start);
        let longest = longest_rule_match(&seen_chars, seen_start);
        let end = if longest > seen_start {
            // The break goes after the last matched character and any ignored ones after it.
            seen.get(longest).copied().unwrap_or(chars.len())
        } else {
            start + 1
        };
        let end = end.max(start + 1);
        segments.push(&text[byte_at(start)..byte_at(end)]);
        start = end;
    }
    segments
}

/// The end (exclusive, in `cs`) of the longest match of the line rules from `start`.
fn longest_rule_match(cs: &[char], start: usize) -> usize {
    let from = vec![start];
    let main = rule_main(cs, &from);
    let cr_break = step(cs, &step(cs, &from, &|c| c == '\r'), &is_break);
    main.iter().chain(cr_break.iter()).copied().max().unwrap_or(start)
}

type Positions = Vec<usize>;

fn step(cs: &[char], from: &[usize], pred: &dyn Fn(char) -> bool) -> Positions {
    let mut out: Positions = from.iter().filter(|&&p| cs.get(p).is_some_and(|&c| pred(c))).map(|&p| p + 1).collect();
    sorting::sort(&mut out);
    out.dedup();
    out
}

fn union(a: &[usize], b: &[usize]) -> Positions {
    let mut out: Positions = a.iter().chain(b).copied().collect();
    sorting::sort(&mut out);
    out.dedup();
    out
}

fn star(from: &[usize], f: &dyn Fn(&[usize]) -> Positions) -> Positions {
    let mut all = from.to_vec();
    let mut frontier = from.to_vec();
    while !frontier.is_empty() {
        let next: Positions = f(&frontier).into_iter().filter(|p| !all.contains(p)).collect();
        all = union(&all, &next);
        frontier = next;
    }
    all
}

fn plus(from: &[usize], f: &dyn Fn(&[usize]) -> Positions) -> Positions {
    let once = f(from);
    star(&once, f)
}

fn optional(from: &[usize], f: &dyn Fn(&[usize]) -> Positions) -> Positions {
    union(from, &f(from))
}

fn rule_word(cs: &[char], from: &[usize]) -> Positions {
    let pre = star(from, &|p| step(cs, p, &is_pre_word));
    let core_chars = star(&pre, &|p| step(cs, p, &is_char));
    let core_kanji = step(cs, &pre, &is_kanji);
    let core_number = {
        let lead = star(&pre, &|p| step(cs, p, &|c| is_pre_word(c) || is_dash(c)));
        let digits = plus(&lead, &|p| step(cs, p, &is_digit));
        star(&digits, &|p| plus(&step(cs, p, &is_mid_num), &|q| step(cs, q, &is_digit)))
    };
    let core = union(&union(&core_chars, &core_kanji), &core_number);
    let dashes = plus(&core, &|p| step(cs, p, &is_dash));
    let posts = star(&core, &|p| step(cs, p, &is_post_word));
    union(&dashes, &posts)
}

fn rule_main(cs: &[char], from: &[usize]) -> Positions {
    let words = star(&rule_word(cs, from), &|p| {
        let glued = {
            let spaces = star(p, &|q| step(cs, q, &is_space));
            let glue = plus(&spaces, &|q| step(cs, q, &is_glue));
            optional(&glue, &|q| step(cs, q, &is_space))
        };
        let joiner = union(&glued, &step(cs, p, &is_hack3));
        rule_word(cs, &joiner)
    });
    let spaces = star(&words, &|p| step(cs, p, &is_space));
    let enclosing = star(&spaces, &|p| step(cs, p, &is_enclosing));
    let parens = optional(&enclosing, &|p| {
        let open_close = step(cs, &step(cs, p, &|c| c == '('), &|c| c == ')');
        star(&open_close, &|q| step(cs, q, &is_post_word))
    });
    let enclosing = star(&parens, &|p| step(cs, p, &is_enclosing));
    let cr = optional(&enclosing, &|p| step(cs, p, &|c| c == '\r'));
    optional(&cr, &|p| step(cs, p, &is_break))
}

fn is_break(c: char) -> bool {
    matches!(c, '\u{3}' | '\t' | '\n' | '\u{c}' | '\u{2028}' | '\u{2029}')
}

/// `[:Cf:]` and the control characters other than `break` and CR.
fn is_ignore(c: char) -> bool {
    (c.is_control() && !is_break(c) && c != '\r')
        || matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{fff9}'..='\u{fffb}')
}

/// `[:Mn::Me:]`, the common combining blocks.
fn is_enclosing(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{483}'..='\u{489}' | '\u{591}'..='\u{5bd}' | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

fn is_danda(c: char) -> bool {
    matches!(c, '\u{964}' | '\u{965}')
}

fn is_glue(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{f0c}' | '\u{2007}' | '\u{2011}' | '\u{202f}' | '\u{feff}')
}

/// `[:Zs:]` (control characters are `ignore` here).
fn is_space(c: char) -> bool {
    !is_glue(c) && matches!(c, ' ' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}')
}

/// `[:Pd:]` except the non-breaking hyphen.
fn is_dash(c: char) -> bool {
    !is_glue(c)
        && matches!(
            c,
            '-' | '\u{58a}' | '\u{5be}' | '\u{1400}' | '\u{1806}' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2e17}'
                    | '\u{2e1a}'
                    | '\u{2e3a}'
                    | '\u{2e3b}'
                    | '\u{2e40}'
                    | '\u{301c}'
                    | '\u{3030}'
                    | '\u{30a0}'
                    | '\u{fe31}'
                    | '\u{fe32}'
                    | '\u{fe58}'
                    | '\u{fe63}'
                    | '\u{ff0d}'
        )
}

/// `[:Sc::Ps::Pi:]` except `¢`, plus `"` and `'`.
fn is_pre_word(c: char) -> bool {
    matches!(c, '$' | '(' | '[' | '{' | '"' | '\'' | '\u{a3}'..='\u{a5}' | '\u{ab}' | '\u{20a0}'..='\u{20c0}' | '\u{2018}'
        | '\u{201a}'..='\u{201c}' | '\u{201e}' | '\u{201f}' | '\u{2039}' | '\u{2045}' | '\u{207d}' | '\u{208d}' | '\u{2329}'
        | '\u{3008}' | '\u{300a}' | '\u{300c}' | '\u{300e}' | '\u{3010}' | '\u{3014}' | '\u{3016}' | '\u{3018}' | '\u{301a}'
        | '\u{301d}' | '\u{ff04}' | '\u{ff08}' | '\u{ff3b}' | '\u{ff5b}' | '\u{ff5f}' | '\u{ff62}' | '\u{ffe1}' | '\u{ffe5}'
        | '\u{ffe6}')
}

/// `"`, `[:Pe::Pf:]`, `! % . , : ; ?` and the listed CJK characters.
fn is_post_word(c: char) -> bool {
    matches!(c, '"' | ')' | ']' | '}' | '!' | '%' | '.' | ',' | ':' | ';' | '?' | '\u{a2}' | '\u{b0}' | '\u{bb}' | '\u{66a}'
        | '\u{2019}' | '\u{201d}' | '\u{203a}' | '\u{2030}'..='\u{2034}' | '\u{2046}' | '\u{207e}' | '\u{208e}' | '\u{232a}'
        | '\u{2103}' | '\u{2105}' | '\u{2109}' | '\u{3001}' | '\u{3002}' | '\u{3005}' | '\u{3009}' | '\u{300b}' | '\u{300d}'
        | '\u{300f}' | '\u{3011}' | '\u{3015}' | '\u{3017}' | '\u{3019}' | '\u{301b}' | '\u{301e}' | '\u{301f}' | '\u{3041}'
        | '\u{3043}' | '\u{3045}' | '\u{3047}' | '\u{3049}' | '\u{3063}' | '\u{3083}' | '\u{3085}' | '\u{3087}' | '\u{308e}'
        | '\u{3099}'..='\u{309e}' | '\u{30a1}' | '\u{30a3}' | '\u{30a5}' | '\u{30a7}' | '\u{30a9}' | '\u{30c3}' | '\u{30e3}'
        | '\u{30e5}' | '\u{30e7}' | '\u{30ee}' | '\u{30f5}' | '\u{30f6}' | '\u{30fc}'..='\u{30fe}' | '\u{ff01}' | '\u{ff05}'
        | '\u{ff09}' | '\u{ff0c}' | '\u{ff0e}' | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff3d}' | '\u{ff5d}' | '\u{ff60}'
        | '\u{ff63}')
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fa5}' | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{fa2d}' | '\u{fa30}'..='\u{fa6a}'
        | '\u{3041}'..='\u{3094}' | '\u{30a1}'..='\u{30fa}')
        && !is_post_word(c)
        && !is_ignore(c)
}

/// `[:Nd::No:]` (approximated by Rust's numeric class outside ASCII).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn is_mid_num(c: char) -> bool {
    matches!(c, '.' | ',')
}

fn is_hack3(c: char) -> bool {
    matches!(c, '$' | '\'')
}

/// Everything not in another class (digits included).
fn is_char(c: char) -> bool {
    !(is_break(c)
        || is_space(c)
        || is_dash(c)
        || is_kanji(c)
        || is_glue(c)
        || is_ignore(c)
        || is_pre_word(c)
        || is_post_word(c)
        || is_mid_num(c)
        || c == '\r'
        || is_danda(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_string_helpers() {
        assert_eq!(java_trim("\u{1}\t x \n"), "x");
        assert_eq!(java_trim("\u{a0}x"), "\u{a0}x", "only characters up to U+0020 are trimmed");
        assert_eq!(java_len("a😀"), 3, "UTF-16 code units");
        assert_eq!(java_cmp("a", "b"), std::cmp::Ordering::Less);
        assert_eq!(java_cmp("\u{ffff}", "😀"), std::cmp::Ordering::Greater, "surrogates sort below U+FFFF");
    }

    #[test]
    fn key_values_and_tokenizing() {
        assert_eq!(key_value("a=b=c"), ("a", Some("b=c")));
        assert_eq!(key_value("a="), ("a", Some("")));
        assert_eq!(key_value("a"), ("a", None));
        assert_eq!(split_values("a,,b,", Some(',')), vec!["a", "b"]);
        assert_eq!(split_values(",,", Some(',')), vec![",,"]);
        assert_eq!(split_values("", None), vec![""]);
        assert_eq!(split_values("a\0b", None), vec!["a", "b"], "joptsimple's default separator is NUL");
    }

    #[test]
    fn java_numbers() {
        assert_eq!(parse_java_int("2147483647"), Some(i32::MAX));
        assert_eq!(parse_java_int("-2147483648"), Some(i32::MIN));
        assert_eq!(parse_java_int("2147483648"), None);
        assert_eq!(parse_java_int("+0"), Some(0));
        for bad in ["", "+", "-", "1_000", " 1", "1 ", "0x10", "１"] {
            assert_eq!(parse_java_int(bad), None, "{bad:?}");
        }
        assert_eq!(parse_java_long("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_java_long("9223372036854775808"), None);
        assert_eq!(parse_java_double(" 1.5e3d "), Some(1500.0));
        assert_eq!(parse_java_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_java_double("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_java_double(".5"), Some(0.5));
        assert_eq!(parse_java_double("1."), Some(1.0));
        for bad in ["", ".", "inf", "nan", "infinity", "1e", "1e+", "--1", "1.2.3", "0x1p3", "1f2"] {
            assert_eq!(parse_java_double(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn wrapping_quirks_of_columns() {
        let mut pieces = Vec::new();
        // A word longer than the column goes on its own line, after an empty first piece.
        pieces_of_embedded_line("abcdefghij xy", 5, &mut pieces);
        assert_eq!(pieces, vec!["", "  abcdefghij", "  xy"]);
        // The trailing space of a word counts when deciding to wrap.
        pieces.clear();
        pieces_of_embedded_line("abcd efgh", 5, &mut pieces);
        assert_eq!(pieces, vec!["abcd", "  efgh"]);
        assert_eq!(pieces_of("  \n a\n\nb \n", 10), vec!["a", "b"]);
    }

    #[test]
    fn option_and_description_columns() {
        let spec = OptionSpec::with_optional_arg("codec", "", "x").aliases(&["c"]);
        assert_eq!(option_display(&spec), "-c, --codec [String]");
        let spec = OptionSpec::with_arg("n", "count", "How many.").of_type(ValueType::Integer).defaults_to(&["1"]).required();
        assert_eq!(option_display(&spec), "* -n <Integer: count>");
        assert_eq!(description_display(&spec), "How many. (default: 1)");
        assert_eq!(description_display(&OptionSpec::with_arg("n", "", "").defaults_to(&["1"])), "(default: 1)");
    }
}
