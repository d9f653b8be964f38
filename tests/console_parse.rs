//! The console's front end: the shell subset (`console::shell`) and Kafka's tool
//! command lines (`console::options`). Golden cases follow bash 5.2 and jopt-simple
//! 5.0.4 as used by Kafka 3.8; property tests feed random bytes and token soups.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::options::{line_break_segments, OptionError, OptionParser, OptionSpec, TakesArg, TokenKind, ValueType};
use kafkascope::console::shell::{
    parse_script, quote_argv, quote_word, script_lines, Pending, Redirect, ShellCommand, ShellError, ShellErrorKind, ShellParser,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------
// Helpers

fn argvs(script: &str) -> Vec<Vec<String>> {
    parse_script(script).unwrap_or_else(|e| panic!("{script:?}: {e}")).into_iter().map(|c| c.argv).collect()
}

fn one(script: &str) -> ShellCommand {
    let mut commands = parse_script(script).unwrap_or_else(|e| panic!("{script:?}: {e}"));
    assert_eq!(commands.len(), 1, "{script:?} gave {commands:?}");
    commands.remove(0)
}

fn err(script: &str) -> ShellError {
    match parse_script(script) {
        Ok(commands) => panic!("{script:?} parsed as {commands:?}"),
        Err(e) => e,
    }
}

fn v(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Feeds a script line by line, as the terminal does, collecting every result.
fn feed(script: &str) -> (Vec<ShellCommand>, Vec<ShellError>, ShellParser) {
    let mut parser = ShellParser::new();
    let mut commands = Vec::new();
    let mut errors = Vec::new();
    for line in script_lines(script) {
        match parser.push_line(line) {
            Some(Ok(c)) => commands.extend(c),
            Some(Err(e)) => errors.push(e),
            None => {}
        }
    }
    match parser.finish() {
        Some(Ok(c)) => commands.extend(c),
        Some(Err(e)) => errors.push(e),
        None => {}
    }
    (commands, errors, parser)
}

// ---------------------------------------------------------------------------------
// Words and quoting

#[test]
fn plain_words() {
    assert_eq!(
        argvs("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders\n"),
        vec![v(&["kafka-topics.sh", "--bootstrap-server", "localhost:9092", "--create", "--topic", "orders"])]
    );
    assert_eq!(argvs("  echo\t a   b  "), vec![v(&["echo", "a", "b"])]);
    assert_eq!(argvs(""), Vec::<Vec<String>>::new());
    assert_eq!(argvs("\n\n   \n"), Vec::<Vec<String>>::new());
}

#[test]
fn single_quotes_keep_everything() {
    assert_eq!(argvs(r#"echo 'a b' 'x"y' '$HOME' 'a\nb' '\'"#), vec![v(&["echo", "a b", "x\"y", "$HOME", "a\\nb", "\\"])]);
    assert_eq!(argvs("echo 'two\nlines'"), vec![v(&["echo", "two\nlines"])]);
}

#[test]
fn double_quotes_and_their_escapes() {
    assert_eq!(
        argvs(r#"echo "a b" "q\"q" "back\\slash" "dollar\$" "tick\`" "other\x""#),
        vec![v(&["echo", "a b", "q\"q", "back\\slash", "dollar$", "tick`", "other\\x"])]
    );
    // `\`-newline inside double quotes joins the lines.
    assert_eq!(argvs("echo \"a\\\nb\""), vec![v(&["echo", "ab"])]);
    assert_eq!(argvs("echo \"x\ny\""), vec![v(&["echo", "x\ny"])]);
}

#[test]
fn backslash_escapes_outside_quotes() {
    assert_eq!(argvs(r"echo a\ b \$x \\ \' \#c \;"), vec![v(&["echo", "a b", "$x", "\\", "'", "#c", ";"])]);
}

#[test]
fn adjacent_pieces_make_one_word() {
    assert_eq!(argvs(r#"echo a'b'"c"\d --property="key.separator=:""#), vec![v(&["echo", "abcd", "--property=key.separator=:"])]);
}

#[test]
fn empty_quotes_are_empty_words() {
    assert_eq!(argvs(r#"echo "" '' $'' x"#), vec![v(&["echo", "", "", "", "x"])]);
}

#[test]
fn variables_stay_literal() {
    assert_eq!(
        argvs(r#"echo $HOME ${HOME} "$HOME" "${X:-a b}" ~ *.txt $"#),
        vec![v(&["echo", "$HOME", "${HOME}", "$HOME", "${X:-a b}", "~", "*.txt", "$"])]
    );
    // `${...}` is one piece of a word even with spaces inside.
    assert_eq!(argvs("echo ${X:-a b}c d"), vec![v(&["echo", "${X:-a b}c", "d"])]);
}

#[test]
fn ansi_c_quotes() {
    assert_eq!(
        argvs(r"echo $'a\tb' $'\x41\102\u00e9' $'it\'s' $'\e' $'\q' $'a\0b'"),
        vec![v(&["echo", "a\tb", "ABé", "it's", "\u{1b}", "\\q", "a"])]
    );
    assert_eq!(
        argvs(r"kafka-console-consumer.sh --property key.separator=$'\t' --topic t"),
        vec![v(&["kafka-console-consumer.sh", "--property", "key.separator=\t", "--topic", "t"])]
    );
    assert_eq!(argvs(r#"echo $"localized""#), vec![v(&["echo", "localized"])]);
}

// ---------------------------------------------------------------------------------
// Comments, lists, background, continuation, line numbers

#[test]
fn comments_only_at_word_start() {
    assert_eq!(
        argvs("# a whole-line comment\necho a#b #c\necho ''#x\necho a;#c\n  # indented"),
        vec![v(&["echo", "a#b"]), v(&["echo", "#x"]), v(&["echo", "a"])]
    );
    // A backslash at the end of a comment does not continue it.
    assert_eq!(argvs("echo a # comment \\\necho b"), vec![v(&["echo", "a"]), v(&["echo", "b"])]);
    // After a continuation the `#` is inside the word.
    assert_eq!(argvs("echo a\\\n#b"), vec![v(&["echo", "a#b"])]);
}

#[test]
fn semicolons_newlines_and_line_numbers() {
    let commands = parse_script("echo a; echo b\n\n# c\necho c;\necho d").unwrap();
    let lines: Vec<(String, usize)> = commands.iter().map(|c| (c.argv[1].clone(), c.line)).collect();
    assert_eq!(lines, vec![("a".into(), 1), ("b".into(), 1), ("c".into(), 4), ("d".into(), 5)]);
    assert!(commands.iter().all(|c| !c.background));
}

#[test]
fn background_jobs() {
    let commands = parse_script("kafka-console-consumer.sh --topic t --group g &\nsleep 2 & echo x\necho y &").unwrap();
    let summary: Vec<(&str, bool)> = commands.iter().map(|c| (c.argv[0].as_str(), c.background)).collect();
    assert_eq!(summary, vec![("kafka-console-consumer.sh", true), ("sleep", true), ("echo", false), ("echo", true)]);
    // `&` needs no space around it.
    assert!(parse_script("sleep 1&").unwrap()[0].background);
}

#[test]
fn line_continuation() {
    let c = one("kafka-topics.sh --bootstrap-server localhost:9092 \\\n  --create --topic t \\\n  --partitions 3\n");
    assert_eq!(c.argv, v(&["kafka-topics.sh", "--bootstrap-server", "localhost:9092", "--create", "--topic", "t", "--partitions", "3"]));
    assert_eq!(c.line, 1);
    // A continuation in the middle of a word joins it.
    assert_eq!(one("echo ab\\\ncd").argv, v(&["echo", "abcd"]));
    // bash drops a `\` at the very end of a script.
    assert_eq!(one("echo abc\\").argv, v(&["echo", "abc"]));
    let after = parse_script("echo a \\\n\necho b").unwrap();
    assert_eq!(after.iter().map(|c| c.line).collect::<Vec<_>>(), vec![1, 3]);
}

#[test]
fn line_of_a_command_after_a_multi_line_quote() {
    let commands = parse_script("echo 'a\nb'\necho c").unwrap();
    assert_eq!(commands[0].line, 1);
    assert_eq!(commands[1].line, 3);
}

// ---------------------------------------------------------------------------------
// Here-documents and here-strings

#[test]
fn heredoc_for_the_console_producer() {
    let script = "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t \\\n  --property parse.key=true --property key.separator=: <<EOF\nk1:v1\nk2:v2 with spaces\nEOF\necho done\n";
    let commands = parse_script(script).unwrap();
    assert_eq!(commands.len(), 2);
    assert_eq!(commands[0].heredoc.as_deref(), Some("k1:v1\nk2:v2 with spaces\n"));
    assert_eq!(commands[0].argv.last().map(String::as_str), Some("key.separator=:"));
    assert_eq!(commands[1].argv, v(&["echo", "done"]));
    assert_eq!(commands[1].line, 6);
}

#[test]
fn heredoc_bodies_keep_quotes_and_dollars() {
    let c = one("cat <<EOF\n'single' \"double\" $HOME $(date) # not a comment\n\nEOF");
    assert_eq!(c.heredoc.as_deref(), Some("'single' \"double\" $HOME $(date) # not a comment\n\n"));
}

#[test]
fn unquoted_heredoc_processes_backslashes_like_bash() {
    // bash: `a\\b \$x \`y\` \"q\" \z` prints `a\b $x `y` \"q\" \z`; `\`-newline joins.
    let c = one("cat <<EOF\na\\\\b \\$x \\`y\\` \\\"q\\\" \\z\ncont\\\nline\nEOF\n");
    assert_eq!(c.heredoc.as_deref(), Some("a\\b $x `y` \\\"q\\\" \\z\ncontline\n"));
    // A continued line is not compared with the delimiter (bash prints `abcEOF`).
    let c = one("cat <<EOF\nabc\\\nEOF\nEOF\n");
    assert_eq!(c.heredoc.as_deref(), Some("abcEOF\n"));
}

#[test]
fn quoted_heredoc_delimiters_turn_processing_off() {
    for opener in ["<<'EOF'", "<<\"EOF\"", "<<\\EOF", "<<E\"O\"F", "<< 'EOF'"] {
        let c = one(&format!("cat {opener}\na\\\\b \\$x\\\nEOF\n"));
        assert_eq!(c.heredoc.as_deref(), Some("a\\\\b \\$x\\\n"), "{opener}");
    }
}

#[test]
fn heredoc_with_dash_strips_leading_tabs() {
    let c = one("cat <<-EOF\n\t\tindented\n  spaces\n\tEOF\n");
    assert_eq!(c.heredoc.as_deref(), Some("indented\n  spaces\n"));
    // Without `-`, a tab-indented delimiter does not end the body.
    let c = one("cat <<EOF\n\tEOF\nEOF\n");
    assert_eq!(c.heredoc.as_deref(), Some("\tEOF\n"));
}

#[test]
fn heredoc_delimiter_must_match_the_whole_line() {
    let c = one("cat <<EOF\nEOF \n EOF\nEOFX\nEOF");
    assert_eq!(c.heredoc.as_deref(), Some("EOF \n EOF\nEOFX\n"));
}

#[test]
fn heredoc_with_more_commands_on_its_line() {
    let commands = parse_script("cat <<EOF; echo b &\nbody\nEOF\necho c").unwrap();
    assert_eq!(commands.len(), 3);
    assert_eq!(commands[0].heredoc.as_deref(), Some("body\n"));
    assert_eq!(commands[1].argv, v(&["echo", "b"]));
    assert!(commands[1].background);
    assert_eq!(commands[1].heredoc, None);
    assert_eq!(commands[2].line, 4);
}

#[test]
fn two_heredocs_on_two_commands_are_read_in_order() {
    let commands = parse_script("cat <<A; cat <<B\none\nA\ntwo\nB\n").unwrap();
    assert_eq!(commands[0].heredoc.as_deref(), Some("one\n"));
    assert_eq!(commands[1].heredoc.as_deref(), Some("two\n"));
}

#[test]
fn heredoc_and_redirect_together() {
    let c = one("cat <<EOF >out 2>&1\nx\nEOF\n");
    assert_eq!(c.heredoc.as_deref(), Some("x\n"));
    assert_eq!(c.redirects, vec![Redirect::Output { fd: 1, path: "out".into(), append: false }, Redirect::Duplicate { fd: 2, target: 1 }]);
}

#[test]
fn empty_heredoc_and_empty_delimiter() {
    assert_eq!(one("cat <<EOF\nEOF").heredoc.as_deref(), Some(""));
    // `<<''` ends at the first empty line.
    let commands = parse_script("cat <<''\nabc\n\necho x").unwrap();
    assert_eq!(commands[0].heredoc.as_deref(), Some("abc\n"));
    assert_eq!(commands[1].argv, v(&["echo", "x"]));
}

#[test]
fn heredoc_cut_off_by_the_end_of_the_script_warns_like_bash() {
    let (commands, errors, mut parser) = feed("echo a\ncat <<EOF\nabc\nx\n");
    assert!(errors.is_empty());
    assert_eq!(commands[1].heredoc.as_deref(), Some("abc\nx\n"));
    let warnings = parser.take_warnings();
    assert_eq!(warnings.len(), 1);
    // bash 5.2: `s.sh: line 4: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')`
    assert_eq!(warnings[0].script_line("s.sh"), "s.sh: line 4: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')");
    assert_eq!(warnings[0].interactive_line(), "bash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')");
    assert!(parser.take_warnings().is_empty());
    // parse_script accepts it too.
    assert_eq!(parse_script("cat <<EOF\nabc").unwrap()[0].heredoc.as_deref(), Some("abc\n"));
}

#[test]
fn here_strings() {
    assert_eq!(one("cat <<< 'hello world'").heredoc.as_deref(), Some("hello world\n"));
    assert_eq!(one("kafka-console-producer.sh --topic t <<<k:v").heredoc.as_deref(), Some("k:v\n"));
}

// ---------------------------------------------------------------------------------
// Redirections

#[test]
fn output_redirections() {
    let c = one("kafka-console-consumer.sh --topic t > /dev/null 2>&1");
    assert_eq!(c.argv, v(&["kafka-console-consumer.sh", "--topic", "t"]));
    assert_eq!(
        c.redirects,
        vec![Redirect::Output { fd: 1, path: "/dev/null".into(), append: false }, Redirect::Duplicate { fd: 2, target: 1 }]
    );
    let c = one("echo a >>log 2>err 1>&2 >|clobber");
    assert_eq!(
        c.redirects,
        vec![
            Redirect::Output { fd: 1, path: "log".into(), append: true },
            Redirect::Output { fd: 2, path: "err".into(), append: false },
            Redirect::Duplicate { fd: 1, target: 2 },
            Redirect::Output { fd: 1, path: "clobber".into(), append: false },
        ]
    );
}

#[test]
fn both_streams_and_dup_forms() {
    let both = vec![Redirect::Output { fd: 1, path: "all".into(), append: false }, Redirect::Duplicate { fd: 2, target: 1 }];
    assert_eq!(one("cmd &> all").redirects, both);
    assert_eq!(one("cmd >& all").redirects, both);
    assert_eq!(
        one("cmd &>> all").redirects,
        vec![Redirect::Output { fd: 1, path: "all".into(), append: true }, Redirect::Duplicate { fd: 2, target: 1 }]
    );
    assert_eq!(one("echo a >&2").redirects, vec![Redirect::Duplicate { fd: 1, target: 2 }]);
    assert_eq!(one("cat <&3").redirects, vec![Redirect::Duplicate { fd: 0, target: 3 }]);
}

#[test]
fn input_redirection() {
    let c = one("kafka-console-producer.sh --topic t < records.txt");
    assert_eq!(c.redirects, vec![Redirect::Input { fd: 0, path: "records.txt".into() }]);
}

#[test]
fn redirection_targets_are_words() {
    assert_eq!(one("echo a > 'my file'").redirects, vec![Redirect::Output { fd: 1, path: "my file".into(), append: false }]);
    // Redirections may come first, and without spaces.
    let c = one(">out echo a");
    assert_eq!(c.argv, v(&["echo", "a"]));
    assert_eq!(c.redirects, vec![Redirect::Output { fd: 1, path: "out".into(), append: false }]);
}

#[test]
fn io_numbers_only_when_the_whole_word_is_digits() {
    // `a2>f` is the word `a2` and `> f`; `"2">f` is the word `2` and `> f`.
    let c = one("echo a2>f");
    assert_eq!(c.argv, v(&["echo", "a2"]));
    assert_eq!(c.redirects, vec![Redirect::Output { fd: 1, path: "f".into(), append: false }]);
    let c = one("echo \"2\">f");
    assert_eq!(c.argv, v(&["echo", "2"]));
    let c = one("echo 2 >f");
    assert_eq!(c.argv, v(&["echo", "2"]));
    let c = one("echo 2>f");
    assert_eq!(c.argv, v(&["echo"]));
    assert_eq!(c.redirects, vec![Redirect::Output { fd: 2, path: "f".into(), append: false }]);
}

#[test]
fn redirection_only_command() {
    let c = one("> empty.txt");
    assert!(c.argv.is_empty());
    assert_eq!(c.redirects, vec![Redirect::Output { fd: 1, path: "empty.txt".into(), append: false }]);
}

// ---------------------------------------------------------------------------------
// Errors

fn unexpected(script: &str, token: &str) {
    let e = err(script);
    assert_eq!(e.kind, ShellErrorKind::UnexpectedToken(token.into()), "{script:?}");
    assert!(e.is_syntax_error());
    assert_eq!(e.exit_status(), 2);
}

fn unsupported(script: &str, needle: &str) {
    let e = err(script);
    match &e.kind {
        ShellErrorKind::Unsupported(what) => assert!(what.contains(needle), "{script:?}: {what}"),
        other => panic!("{script:?}: expected Unsupported, got {other:?}"),
    }
    assert!(e.message().starts_with("Kafkascope's shell does not support "), "{}", e.message());
    assert!(!e.is_syntax_error());
}

#[test]
fn syntax_errors_as_bash_reports_them() {
    // Each checked against bash 5.2.
    unexpected("echo a ;;", ";;");
    unexpected("; echo b", ";");
    unexpected("echo a & ; echo b", ";");
    unexpected("echo a &;", ";");
    unexpected("&", "&");
    unexpected("echo a\n& echo b", "&");
    unexpected("echo >", "newline");
    unexpected("echo a >>", "newline");
    unexpected("echo a 2>", "newline");
    unexpected("echo a < ", "newline");
    unexpected("echo > ;", ";");
    unexpected("echo a > > b", ">");
    unexpected("cat <<", "newline");
    unexpected("echo a )", ")");
    unexpected("| cat", "|");
    unexpected("&& b", "&&");
    unexpected("echo a\n;;", ";;");
}

#[test]
fn syntax_error_lines_match_bash() {
    // `printf 'echo a\n)\n' > s.sh; bash s.sh`
    let e = err("echo a\n)\necho b\n");
    assert_eq!(e.line, 2);
    assert_eq!(e.script_lines("s.sh"), vec!["s.sh: line 2: syntax error near unexpected token `)'", "s.sh: line 2: `)'"]);
    assert_eq!(e.interactive_line(), "bash: syntax error near unexpected token `)'");
    assert_eq!(e.to_string(), "bash: syntax error near unexpected token `)'");
    let e = err("echo > ;");
    assert_eq!(e.script_lines("bash"), vec!["bash: line 1: syntax error near unexpected token `;'", "bash: line 1: `echo > ;'"]);
}

#[test]
fn unterminated_quotes() {
    for (script, quote, line) in [
        ("echo 'abc", '\'', 1),
        ("echo 'abc\nd\ne\n", '\'', 1),
        ("echo a\necho \"abc\n", '"', 2),
        ("echo a; echo \"abc", '"', 1),
        ("echo $'abc", '\'', 1),
        ("echo ${x\n", '}', 1),
    ] {
        let e = err(script);
        assert_eq!(e.kind, ShellErrorKind::UnexpectedEof(quote), "{script:?}");
        assert_eq!(e.line, line, "{script:?}");
    }
    // bash: `s.sh: line 2: unexpected EOF while looking for matching `"'`
    assert_eq!(err("echo a\necho \"abc\n").script_lines("s.sh"), vec!["s.sh: line 2: unexpected EOF while looking for matching `\"'"]);
}

#[test]
fn ambiguous_redirect_is_not_a_syntax_error() {
    let e = err("echo a 2>&x");
    assert_eq!(e.kind, ShellErrorKind::AmbiguousRedirect("x".into()));
    assert_eq!(e.exit_status(), 1);
    assert!(!e.is_syntax_error());
    assert_eq!(e.script_lines("s.sh"), vec!["s.sh: line 1: x: ambiguous redirect"]);
}

#[test]
fn unsupported_bash_features() {
    unsupported("kafka-console-consumer.sh --topic t | grep x", "pipelines");
    unsupported("echo a |& cat", "pipelines");
    unsupported("echo a && echo b", "&&");
    unsupported("echo a || echo b", "||");
    unsupported("echo $(date)", "command substitution");
    unsupported("echo \"$(date)\"", "command substitution");
    unsupported("echo `date`", "backquotes");
    unsupported("echo \"`date`\"", "backquotes");
    unsupported("echo $((1+2))", "arithmetic");
    unsupported("(echo a)", "subshells");
    unsupported("diff <(a) b", "process substitution");
    unsupported("if true; then echo x; fi", "`if'");
    unsupported("for x in a b; do echo; done", "`for'");
    unsupported("{ echo a; }", "`{'");
    unsupported("! true", "`!'");
    unsupported("X=1 echo a", "assignments");
    unsupported("X=1", "assignments");
    unsupported("echo a <> f", "<>");
    unsupported("echo a >&-", "closing");
    unsupported("cat 3<<EOF\nx\nEOF", "file descriptors");
    unsupported("cat <<A <<B\n1\nA\n2\nB", "more than one");
    unsupported("cat <<EOF < f\nx\nEOF", "same command");
}

#[test]
fn keywords_and_assignments_only_at_command_start() {
    assert_eq!(argvs("echo if then fi { } ! x=1"), vec![v(&["echo", "if", "then", "fi", "{", "}", "!", "x=1"])]);
    // Quoted, they are ordinary words (bash would then look for a command called `if`).
    assert_eq!(argvs("'if' a; \"x=1\" b; x\\=1 c"), vec![v(&["if", "a"]), v(&["x=1", "b"]), v(&["x=1", "c"])]);
    assert_eq!(argvs("--x=1 a"), vec![v(&["--x=1", "a"])]);
}

#[test]
fn an_error_rejects_the_whole_line_but_not_the_script_so_far() {
    let (commands, errors, _) = feed("echo a\necho b; echo c |\necho d\n");
    let words: Vec<&str> = commands.iter().map(|c| c.argv[1].as_str()).collect();
    assert_eq!(words, vec!["a", "d"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 2);
    // parse_script is all or nothing.
    assert!(parse_script("echo a\necho b |").is_err());
}

// ---------------------------------------------------------------------------------
// The incremental parser

#[test]
fn incremental_quote_continuation_and_heredoc() {
    let mut p = ShellParser::new();
    assert_eq!(p.pending(), None);
    assert!(p.push_line("echo 'a").is_none());
    assert_eq!(p.pending(), Some(Pending::Quote('\'')));
    let done = p.push_line("b'").unwrap().unwrap();
    assert_eq!(done[0].argv, v(&["echo", "a\nb"]));
    assert_eq!(p.pending(), None);

    assert!(p.push_line("kafka-topics.sh --list \\").is_none());
    assert_eq!(p.pending(), Some(Pending::Continuation));
    let done = p.push_line("  --bootstrap-server localhost:9092").unwrap().unwrap();
    assert_eq!(done[0].argv.len(), 4);
    assert_eq!(done[0].line, 3);

    assert!(p.push_line("kafka-console-producer.sh --topic t <<END").is_none());
    assert_eq!(p.pending(), Some(Pending::HereDoc("END".into())));
    assert!(p.push_line("hello").is_none());
    let done = p.push_line("END").unwrap().unwrap();
    assert_eq!(done[0].heredoc.as_deref(), Some("hello\n"));
    assert_eq!(p.lines_read(), 7);
    assert!(p.finish().is_none());
}

#[test]
fn incremental_blank_and_comment_lines_complete_with_no_command() {
    let mut p = ShellParser::new();
    assert_eq!(p.push_line(""), Some(Ok(vec![])));
    assert_eq!(p.push_line("   # note"), Some(Ok(vec![])));
}

#[test]
fn incremental_reset_drops_pending_input() {
    let mut p = ShellParser::new();
    assert!(p.push_line("echo \"unfinished").is_none());
    p.reset();
    assert_eq!(p.pending(), None);
    let done = p.push_line("echo ok").unwrap().unwrap();
    assert_eq!(done[0].argv, v(&["echo", "ok"]));
    assert_eq!(done[0].line, 2);
    assert!(p.push_line("cat <<EOF").is_none());
    p.reset();
    assert_eq!(p.pending(), None);
    assert!(p.finish().is_none());
}

#[test]
fn incremental_finish_reports_an_open_quote() {
    let mut p = ShellParser::new();
    assert!(p.push_line("echo x").is_some());
    assert!(p.push_line("echo \"abc").is_none());
    assert!(p.push_line("def").is_none());
    let e = p.finish().unwrap().unwrap_err();
    assert_eq!(e.kind, ShellErrorKind::UnexpectedEof('"'));
    assert_eq!(e.line, 2);
    assert_eq!(e.source, "echo \"abc");
    assert!(p.finish().is_none());
}

#[test]
fn a_long_unclosed_quote_is_read_in_linear_time() {
    let script = format!("echo '{}", "x\n".repeat(50_000));
    let e = err(&script);
    assert_eq!((e.kind, e.line), (ShellErrorKind::UnexpectedEof('\''), 1));
    let closed = format!("echo \"{}\"", "x\n".repeat(50_000));
    assert_eq!(one(&closed).argv[1].len(), 100_000);
}

#[test]
fn incremental_line_with_embedded_newlines() {
    let mut p = ShellParser::new();
    let done = p.push_line("echo a\necho b").unwrap().unwrap();
    assert_eq!(done.len(), 2);
    assert_eq!(done[1].line, 2);
}

// ---------------------------------------------------------------------------------
// Quoting helpers

#[test]
fn quote_word_examples() {
    assert_eq!(quote_word("localhost:9092"), "localhost:9092");
    assert_eq!(quote_word("key.separator=,"), "key.separator=,");
    assert_eq!(quote_word(""), "''");
    assert_eq!(quote_word("a b"), "'a b'");
    assert_eq!(quote_word("it's"), r"'it'\''s'");
    assert_eq!(quote_word("#x"), "'#x'");
    assert_eq!(quote_argv(&["echo", "a b", "c"]), "echo 'a b' c");
}

// ---------------------------------------------------------------------------------
// Tool options: parsing (jopt-simple 5.0.4 semantics)

/// Kafka 3.8's `TopicCommandOptions` (the `--config` description shortened: the real one
/// lists every topic config).
fn topic_command() -> OptionParser {
    const ALTER_HELP: &str = "Alter the number of partitions and replica assignment. Update the configuration of an existing topic via --alter is no longer supported here (the kafka-configs CLI supports altering topic configs with a --bootstrap-server option).";
    OptionParser::new(&[
        OptionSpec::help_option(),
        OptionSpec::version_option(),
        OptionSpec::with_arg("bootstrap-server", "server to connect to", "REQUIRED: The Kafka server to connect to."),
        OptionSpec::with_arg(
            "command-config",
            "command config property file",
            "Property file containing configs to be passed to Admin Client. This is used only with --bootstrap-server option for describing and altering broker configs.",
        ),
        OptionSpec::flag("list", "List all available topics."),
        OptionSpec::flag("create", "Create a new topic."),
        OptionSpec::flag("delete", "Delete a topic"),
        OptionSpec::flag("alter", ALTER_HELP),
        OptionSpec::flag("describe", "List details for the given topics."),
        OptionSpec::with_arg(
            "topic",
            "topic",
            "The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the '\\' prefix to escape regular expression symbols; e.g. \"test\\.topic\".",
        ),
        OptionSpec::with_arg("config", "name=value", "A topic configuration override for the topic being created.").repeatable(),
        OptionSpec::with_arg("partitions", "# of partitions", "The number of partitions for the topic being created or altered.")
            .of_type(ValueType::Integer),
        OptionSpec::with_arg("replication-factor", "replication factor", "The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default.")
            .of_type(ValueType::Integer),
        OptionSpec::flag("if-not-exists", "if set when creating topics, the action will only execute if the topic does not already exist."),
        OptionSpec::flag("at-min-isr-partitions", "if set when describing topics, only show partitions whose isr count is equal to the configured minimum."),
    ])
}

fn args(line: &str) -> Vec<String> {
    parse_script(line).unwrap().remove(0).argv
}

#[test]
fn parses_a_create_command() {
    let p = topic_command();
    let o = p
        .parse(&args("--bootstrap-server localhost:9092 --create --topic orders --partitions 3 --config retention.ms=1000 --config=cleanup.policy=compact"))
        .unwrap();
    assert!(o.has("create") && !o.has("list") && !o.has("no-such-option"));
    assert_eq!(o.value_of("topic").unwrap(), Some("orders"));
    assert_eq!(o.i32_value_of("partitions").unwrap(), Some(3));
    assert_eq!(o.i32_value_of("replication-factor").unwrap(), None);
    assert_eq!(o.values_of("config"), vec!["retention.ms=1000", "cleanup.policy=compact"]);
    assert_eq!(o.detected(), vec!["bootstrap-server", "create", "topic", "partitions", "config", "config"]);
    assert!(o.non_options().is_empty());
    o.check_single_values().unwrap();
}

#[test]
fn equals_form_and_single_dash_long_names() {
    let p = topic_command();
    let o = p.parse(&["-topic=t1", "--bootstrap-server=", "-list"]).unwrap();
    assert_eq!(o.value_of("topic").unwrap(), Some("t1"));
    assert_eq!(o.value_of("bootstrap-server").unwrap(), Some(""));
    assert!(o.has("list"));
    // Only the first `=` splits.
    let o = p.parse(&["--config=a=b=c"]).unwrap();
    assert_eq!(o.values_of("config"), vec!["a=b=c"]);
}

#[test]
fn a_required_argument_takes_the_next_word_whatever_it_is() {
    let o = topic_command().parse(&["--topic", "--list", "extra"]).unwrap();
    assert_eq!(o.value_of("topic").unwrap(), Some("--list"));
    assert!(!o.has("list"));
    assert_eq!(o.non_options(), ["extra"]);
}

#[test]
fn flags_ignore_a_value() {
    let o = topic_command().parse(&["--list=yes"]).unwrap();
    assert!(o.has("list"));
    assert!(!o.has_argument("list"));
}

#[test]
fn option_terminator_and_lone_dash() {
    let o = topic_command().parse(&["-", "--list", "--", "--create", "-x"]).unwrap();
    assert!(o.has("list") && !o.has("create"));
    assert_eq!(o.non_options(), ["-", "--create", "-x"]);
}

#[test]
fn unrecognized_options() {
    let p = topic_command();
    let e = p.parse(&["--bootstrap-server", "b:9092", "--partition", "3"]).unwrap_err();
    assert_eq!(e, OptionError::Unrecognized { option: "partition".into(), token: TokenKind::Long });
    assert_eq!(e.message(), "partition is not a recognized option");
    assert_eq!(e.to_string(), "partition is not a recognized option");
    assert_eq!(e.java_to_string(), "joptsimple.UnrecognizedOptionException: partition is not a recognized option");
    assert_eq!(
        e.uncaught_exception_line(),
        "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: partition is not a recognized option"
    );
    assert_eq!(
        e.java_frames(),
        vec![
            "\tat joptsimple.OptionException.unrecognizedOption(OptionException.java:108)",
            "\tat joptsimple.OptionParser.handleLongOptionToken(OptionParser.java:510)",
            "\tat joptsimple.OptionParserState$2.handleArgument(OptionParserState.java:56)",
            "\tat joptsimple.OptionParser.parse(OptionParser.java:396)",
        ]
    );
    // `--list=x` where the name is unknown reports the name before `=`.
    assert_eq!(p.parse(&["--lst=x"]).unwrap_err().message(), "lst is not a recognized option");
    // A single dash with an unknown name is read as one-letter options: the first is reported.
    let e = p.parse(&["-xyz"]).unwrap_err();
    assert_eq!(e, OptionError::Unrecognized { option: "x".into(), token: TokenKind::ShortCluster });
    assert_eq!(e.java_frames().len(), 6);
    assert_eq!(p.parse(&["--"]).unwrap().non_options().len(), 0);
    assert_eq!(p.parse(&["--=v"]).unwrap_err().message(), " is not a recognized option");
}

#[test]
fn missing_argument() {
    let e = topic_command().parse(&["--create", "--topic"]).unwrap_err();
    assert_eq!(e, OptionError::MissingArgument { option: "topic".into(), token: TokenKind::Long });
    assert_eq!(e.message(), "Option topic requires an argument");
    assert_eq!(e.java_class(), "joptsimple.OptionMissingRequiredArgumentException");
    assert_eq!(e.java_frames()[0], "\tat joptsimple.RequiredArgumentOptionSpec.detectOptionArgument(RequiredArgumentOptionSpec.java:48)");
    let e = topic_command().parse(&["-topic"]).unwrap_err();
    assert_eq!(e, OptionError::MissingArgument { option: "topic".into(), token: TokenKind::Short });
}

#[test]
fn repeated_single_value_option() {
    let o = topic_command().parse(&["--topic", "a", "--topic", "b"]).unwrap();
    assert_eq!(o.values_of("topic"), vec!["a", "b"]);
    let e = o.value_of("topic").unwrap_err();
    assert_eq!(e.message(), "Found multiple arguments for option topic, but you asked for only one");
    assert_eq!(o.check_single_values().unwrap_err(), e);
    // `--config` is repeatable: no complaint.
    let o = topic_command().parse(&["--config", "a=1", "--config", "b=2"]).unwrap();
    o.check_single_values().unwrap();
}

#[test]
fn conversion_errors() {
    let o = topic_command().parse(&["--partitions", "three", "--replication-factor", "99999999999"]).unwrap();
    let e = o.i32_value_of("partitions").unwrap_err();
    assert_eq!(e.message(), "Cannot parse argument 'three' of option partitions");
    assert_eq!(e.java_class(), "joptsimple.OptionArgumentConversionException");
    assert!(o.i32_value_of("replication-factor").is_err());
    assert_eq!(o.i64_value_of("replication-factor").unwrap(), Some(99_999_999_999));
    // All values are converted before the count is checked, as in joptsimple.
    let o = topic_command().parse(&["--partitions", "1", "--partitions", "x"]).unwrap();
    assert!(matches!(o.i32_value_of("partitions"), Err(OptionError::Conversion { .. })));
    let o = topic_command().parse(&["--partitions", "+7"]).unwrap();
    assert_eq!(o.i32_value_of("partitions").unwrap(), Some(7));
    let o = topic_command().parse(&["--partitions", " 7"]).unwrap();
    assert!(o.i32_value_of("partitions").is_err());
}

#[test]
fn value_separators_like_string_tokenizer() {
    let p = OptionParser::new(&[OptionSpec::with_arg("delete-config", "", "config keys to remove 'k1,k2'").separated_by(',').repeatable()]);
    let o = p.parse(&["--delete-config", "a,b,,c", "--delete-config=d"]).unwrap();
    assert_eq!(o.values_of("delete-config"), vec!["a", "b", "c", "d"]);
    let o = p.parse(&["--delete-config", ","]).unwrap();
    assert_eq!(o.values_of("delete-config"), vec![","]);
}

#[test]
fn optional_arguments() {
    let p = OptionParser::new(&[
        OptionSpec::with_optional_arg("compression-codec", "compression-codec", "The compression codec."),
        OptionSpec::with_optional_arg("count", "n", "A number.").of_type(ValueType::Integer).defaults_to(&["10"]),
        OptionSpec::flag("sync", "Synchronously."),
    ]);
    let o = p.parse(&["--compression-codec", "--sync"]).unwrap();
    assert!(o.has("compression-codec") && !o.has_argument("compression-codec") && o.has("sync"));
    assert_eq!(o.value_of("compression-codec").unwrap(), None);
    let o = p.parse(&["--compression-codec", "lz4"]).unwrap();
    assert_eq!(o.value_of("compression-codec").unwrap(), Some("lz4"));
    // Numbers that look like options are taken by numeric options only.
    let o = p.parse(&["--count", "-5"]).unwrap();
    assert_eq!(o.i32_value_of("count").unwrap(), Some(-5));
    // `--` looks like an option (jopt-simple's rules), so it is not taken as the value.
    let o = p.parse(&["--compression-codec", "--", "x"]).unwrap();
    assert_eq!(o.value_of("compression-codec").unwrap(), None);
    assert_eq!(o.non_options(), ["x"]);
    let o = p.parse(&["--count", "many"]).unwrap();
    assert_eq!(o.non_options(), ["many"]);
    assert_eq!(o.i32_value_of("count").unwrap(), Some(10));
    let o = p.parse::<&str>(&[]).unwrap();
    assert!(!o.has("count"));
    assert_eq!(o.values_of("count"), vec!["10"]);
}

#[test]
fn required_options_and_help_lifting_them() {
    let p = OptionParser::new(&[
        OptionSpec::with_arg("topic", "topic", "The topic.").required(),
        OptionSpec::with_arg("group", "group", "The group.").required(),
        OptionSpec::help_option(),
    ]);
    let e = p.parse(&["--group", "g"]).unwrap_err();
    assert_eq!(e.message(), "Missing required option(s) [topic]");
    assert_eq!(p.parse::<&str>(&[]).unwrap_err().message(), "Missing required option(s) [topic, group]");
    assert!(p.parse(&["--help"]).is_ok());
}

#[test]
fn aliases() {
    let spec = OptionSpec::flag("help", "Print usage information.").aliases(&["h", "?"]);
    assert_eq!(spec.names(), vec!["?", "h", "help"]);
    assert_eq!(spec.display_name(), "?/h/help");
    assert_eq!(spec.to_java_string(), "[?, h, help]");
    let p = OptionParser::new(&[spec, OptionSpec::flag("v", "Verbose.")]);
    assert!(p.parse(&["-h"]).unwrap().has("help"));
    // A cluster of one-letter options.
    let o = p.parse(&["-hv"]).unwrap();
    assert!(o.has("help") && o.has("v"));
    assert_eq!(
        p.help(),
        "\
Option          Description             \n\
------          -----------             \n\
-?, -h, --help  Print usage information.\n\
-v              Verbose.                \n"
    );
}

#[test]
fn to_java_string_for_kafka_messages() {
    // CommandLineUtils.checkRequiredArgs: `Missing required argument "[topic]"`.
    let spec = OptionSpec::with_arg("topic", "topic", "");
    assert_eq!(format!("Missing required argument \"{}\"", spec.to_java_string()), "Missing required argument \"[topic]\"");
}

// ---------------------------------------------------------------------------------
// Tool options: usage text (BuiltinHelpFormatter)

#[test]
fn topic_command_help_matches_kafka() {
    let help = topic_command().help();
    let lines: Vec<&str> = help.lines().collect();
    // Column layout: option column 39 wide, 2 spaces, description column 39 wide, every
    // line padded (joptsimple pads the description column too).
    assert!(lines.iter().all(|l| l.chars().count() == 80), "{help}");
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let expected_start = [
        "Option                                   Description",
        "------                                   -----------",
        "--alter                                  Alter the number of partitions and",
        "                                           replica assignment. Update the",
        "                                           configuration of an existing topic",
        "                                           via --alter is no longer supported",
        "                                           here (the kafka-configs CLI supports",
        "                                           altering topic configs with a --",
        "                                           bootstrap-server option).",
        "--at-min-isr-partitions                  if set when describing topics, only",
        "                                           show partitions whose isr count is",
        "                                           equal to the configured minimum.",
        "--bootstrap-server <String: server to    REQUIRED: The Kafka server to connect",
        "  connect to>                              to.",
        "--command-config <String: command        Property file containing configs to be",
        "  config property file>                    passed to Admin Client. This is used",
        "                                           only with --bootstrap-server option",
        "                                           for describing and altering broker",
        "                                           configs.",
    ];
    assert_eq!(&trimmed[..expected_start.len()], &expected_start[..], "{help}");
    // Options are sorted by name, flags and arguments alike.
    let names: Vec<&str> = trimmed.iter().filter(|l| l.starts_with("--")).map(|l| l.split(' ').next().unwrap_or("")).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(trimmed.contains(&"--partitions <Integer: # of partitions>  The number of partitions for the topic"));
    assert!(help.ends_with('\n'));
}

#[test]
fn usage_error_is_message_then_help() {
    let p = topic_command();
    let text = p.usage_error("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
    assert!(text.starts_with("Command must include exactly one action: --list, --describe, --create, --alter or --delete\nOption "));
    assert!(text.ends_with(&p.help()));
}

#[test]
fn help_shows_defaults_optional_args_and_required_marks() {
    let p = OptionParser::new(&[
        OptionSpec::with_arg("timeout", "ms", "How long to wait.").of_type(ValueType::Long).defaults_to(&["5000"]),
        OptionSpec::with_optional_arg("codec", "compression-codec", "The codec."),
        OptionSpec::with_arg("topic", "", "The topic.").required(),
        OptionSpec::with_arg("list", "", "").defaults_to(&["a", "b"]),
    ]);
    assert_eq!(
        p.help(),
        "\
Option (* = required)                Description                      \n\
---------------------                -----------                      \n\
--codec [String: compression-codec]  The codec.                       \n\
--list <String>                      (default: [a, b])                \n\
--timeout <Long: ms>                 How long to wait. (default: 5000)\n\
* --topic <String>                   The topic.                       \n"
    );
    // A narrower formatter wraps the option column, continuing with two spaces.
    let narrow = p.help_with_width(50, 2);
    // Column widths are measured again after fitting (joptsimple's `Rows.fitToWidth`).
    assert_eq!(
        narrow,
        concat!(
            "Option (* = required)  Description      \n",
            "---------------------  -----------      \n",
            "--codec [String:       The codec.       \n",
            "  compression-codec]                    \n",
            "--list <String>        (default: [a, b])\n",
            "--timeout <Long: ms>   How long to wait.\n",
            "                         (default: 5000)\n",
            "* --topic <String>     The topic.       \n",
        )
    );
}

#[test]
fn help_keeps_embedded_lines_and_tabs() {
    let p = OptionParser::new(&[OptionSpec::with_arg(
        "config",
        "name=value",
        "A topic configuration override. The following is a list of valid configurations: \n\tcleanup.policy\n\tcompression.type\nSee the Kafka documentation for full details on the topic configs.",
    )]);
    let help = p.help();
    let trimmed: Vec<&str> = help.lines().map(str::trim_end).collect();
    assert_eq!(
        trimmed,
        vec![
            "Option                         Description",
            "------                         -----------",
            "--config <String: name=value>  A topic configuration override. The following is",
            "                                 a list of valid configurations:",
            "                               \tcleanup.policy",
            "                               \tcompression.type",
            "                               See the Kafka documentation for full details on",
            "                                 the topic configs.",
        ]
    );
}

#[test]
fn help_of_an_empty_parser() {
    assert_eq!(OptionParser::new(&[]).help(), "No options specified  \n");
}

#[test]
fn line_break_opportunities_follow_the_jdk() {
    assert_eq!(line_break_segments("with a --bootstrap-server option)."), vec!["with ", "a ", "--", "bootstrap-", "server ", "option)."]);
    assert_eq!(line_break_segments("<String: server to connect to>"), vec!["<String: ", "server ", "to ", "connect ", "to>"]);
    assert_eq!(line_break_segments("\tcleanup.policy"), vec!["\t", "cleanup.", "policy"]);
    assert_eq!(line_break_segments("version 3.8.0, (x) don't"), vec!["version ", "3.8.0, ", "(x) ", "don't"]);
    assert_eq!(line_break_segments("a\u{a0}b c"), vec!["a\u{a0}b ", "c"]);
    assert_eq!(line_break_segments(""), Vec::<&str>::new());
}

#[test]
fn spec_constructors() {
    const SPEC: OptionSpec = OptionSpec::with_arg("partitions", "# of partitions", "N.").of_type(ValueType::Integer).repeatable();
    // Usable in constants, like the tools' option tables.
    let spec = SPEC;
    assert_eq!(spec.takes_arg, TakesArg::Required);
    assert_eq!(spec.value_type.indicator(), "Integer");
    assert!(spec.repeatable && !spec.required && !spec.for_help);
    assert_eq!(ValueType::Named("Regex").indicator(), "Regex");
}

// ---------------------------------------------------------------------------------
// Property tests

/// Pieces that exercise every branch of the lexer and parser.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9._:=-]{1,6}",
        1 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("'".to_string()),
        1 => Just("\"".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("\\\n".to_string()),
        1 => Just("#".to_string()),
        1 => Just("$".to_string()),
        1 => Just("$'".to_string()),
        1 => Just("${".to_string()),
        1 => Just("}".to_string()),
        1 => Just("$(".to_string()),
        1 => Just("`".to_string()),
        1 => prop::sample::select(vec![
            ";", ";;", "&", "&&", "|", "||", "|&", "(", ")", "<", ">", ">>", ">|", "2>", "2>&1", ">&", "<&", "&>", "&>>", "<>", "<(", "<<<",
            "<<EOF", "<<'EOF'", "<<-EOF", "<<", "EOF", "\tEOF", "if", "x=1", "!", "{", "}", "-", "--", "--topic", "-x", "1"
        ])
        .prop_map(str::to_string),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..40).prop_map(|t| t.concat())
}

fn check_result(text: &str, result: &Result<Vec<ShellCommand>, ShellError>) {
    let line_count = script_lines(text).count();
    match result {
        Ok(commands) => {
            for c in commands {
                assert!(c.line >= 1 && c.line <= line_count.max(1), "{text:?}: {c:?}");
                assert!(!c.argv.is_empty() || !c.redirects.is_empty() || c.heredoc.is_some(), "{text:?}: empty command {c:?}");
            }
        }
        Err(e) => {
            assert!(!e.message().is_empty());
            assert!(e.line >= 1 && e.line <= line_count.max(1), "{text:?}: {e:?}");
            assert!(!e.script_lines("s.sh").is_empty());
        }
    }
}

/// The line-by-line parser agrees with parse_script when the script parses.
fn check_incremental(text: &str, whole: &Result<Vec<ShellCommand>, ShellError>) {
    let (commands, errors, _) = feed(text);
    match whole {
        Ok(expected) => {
            assert!(errors.is_empty(), "{text:?}: {errors:?}");
            assert_eq!(&commands, expected, "{text:?}");
        }
        Err(e) => assert_eq!(errors.first(), Some(e), "{text:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let result = parse_script(&text);
        check_result(&text, &result);
        check_incremental(&text, &result);
    }

    #[test]
    fn token_soups_never_panic(text in soup()) {
        let result = parse_script(&text);
        check_result(&text, &result);
        check_incremental(&text, &result);
    }

    #[test]
    fn quoting_round_trips(words in prop::collection::vec(any::<String>(), 0..6)) {
        let mut argv = vec!["echo".to_string()];
        argv.extend(words);
        let text = quote_argv(&argv);
        let commands = parse_script(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(commands.len(), 1);
        prop_assert_eq!(&commands[0].argv, &argv);
    }

    #[test]
    fn quoted_heredoc_bodies_round_trip(lines in prop::collection::vec("[^\n]{0,20}", 0..8)) {
        prop_assume!(lines.iter().all(|l| l != "EOF"));
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let text = format!("kafka-console-producer.sh --topic t <<'EOF'\n{body}EOF\necho after\n");
        let commands = parse_script(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(commands[0].heredoc.as_deref(), Some(body.as_str()));
        prop_assert_eq!(&commands[1].argv, &vec!["echo".to_string(), "after".to_string()]);
        prop_assert_eq!(commands[1].line, lines.len() + 3);
    }

    #[test]
    fn option_parsing_never_panics(words in prop::collection::vec(prop_oneof![
        prop::sample::select(vec![
            "--topic", "--list", "--partitions", "--config", "--create", "-topic", "-x", "-lx", "--", "-", "--=", "--topic=",
            "--partitions=2", "--help", "--nope", "3", "-1", "a,b", ""
        ]).prop_map(str::to_string),
        any::<String>(),
    ], 0..12)) {
        let p = topic_command();
        match p.parse(&words) {
            Ok(o) => {
                let _ = o.i32_value_of("partitions");
                let _ = o.value_of("topic");
                let _ = o.check_single_values();
                prop_assert!(o.detected().len() + o.non_options().len() <= words.len() + 4);
            }
            Err(e) => {
                prop_assert!(!e.message().is_empty());
                prop_assert!(e.java_class().starts_with("joptsimple."));
            }
        }
    }

    #[test]
    fn help_never_panics_and_rows_line_up(
        specs in prop::collection::vec(("[a-z][a-z-]{0,14}", "[ -~]{0,120}", "[a-z #]{0,25}", 0u8..3), 0..8)
    ) {
        let leaked: Vec<OptionSpec> = specs.into_iter().map(|(name, help, arg, kind)| {
            let name: &'static str = Box::leak(name.into_boxed_str());
            let help: &'static str = Box::leak(help.into_boxed_str());
            let arg: &'static str = Box::leak(arg.into_boxed_str());
            match kind {
                0 => OptionSpec::flag(name, help),
                1 => OptionSpec::with_arg(name, arg, help),
                _ => OptionSpec::with_optional_arg(name, arg, help),
            }
        }).collect();
        let help = OptionParser::new(&leaked).help();
        prop_assert!(help.ends_with('\n'));
        let widths: Vec<usize> = help.lines().map(|l| l.chars().count()).collect();
        // Every row is padded to the same width, except rows holding one word too long to wrap.
        let common = widths[0];
        prop_assert!(widths.iter().all(|&w| w >= common.min(80) || w == common), "{help}");
    }

    #[test]
    fn line_break_segments_cover_the_text(text in "\\PC{0,60}") {
        let segments = line_break_segments(&text);
        prop_assert_eq!(segments.concat(), text.clone());
        prop_assert!(segments.iter().all(|s| !s.is_empty()));
    }
}

#[test]
fn kill_sends_sigterm_unless_told_otherwise_as_bash_does() {
    use kafkascope::console::tools::kill_signal;
    let v = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(kill_signal(&v("%1")).unwrap(), (true, &v("%1")[..]));
    assert!(kill_signal(&v("-TERM %1 %2")).unwrap().0);
    assert_eq!(kill_signal(&v("-s TERM %1")).unwrap(), (true, &v("%1")[..]));
    assert_eq!(kill_signal(&v("-9 %1")).unwrap(), (false, &v("%1")[..]));
    assert!(!kill_signal(&v("-s KILL %1")).unwrap().0);
    assert_eq!(kill_signal(&v("-WINCH %1")).unwrap_err(), "bash: kill: WINCH: invalid signal specification");
    assert!(kill_signal(&v("-s")).unwrap_err().contains("option requires an argument"));
}
