//! Scenes: short console scripts that set the stage and keep it moving, for the page's
//! first view and its Scenes menu (`static/scenes/*.sh`). A scene is a script that
//! `kafkascope run` runs unchanged; its directives are shell comments:
//!
//! | line | meaning |
//! | --- | --- |
//! | `#! title: TEXT` | the scene's name in the menu (required) |
//! | `#! summary: TEXT` | one sentence: what to watch |
//! | `#! seed: N` | the simulation's seed (default 1) |
//! | `#! at: S` | the lines after it run when virtual time reaches S seconds after the scene opened (S grows from step to step) |
//! | `#! show-from: S` | the page shows the scene from S seconds on: what happens before (a group forming, say) is set-up the page runs at once |
//!
//! The lines before the first `#! at:` run when the scene opens; the page then plays.
//! Each later step runs as if typed when the clock reaches it, so it is part of the
//! session's history (share links and Step back replay it like any typed line).

use std::rc::Rc;

/// A timed group of lines: run at `at_ms` of virtual time after the scene opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneStep {
    pub at_ms: i64,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scene {
    /// the file's name, e.g. `01-keys-and-ordering.sh`
    pub file: String,
    pub title: String,
    pub summary: String,
    pub seed: u64,
    /// the first step is at 0 ms
    pub steps: Vec<SceneStep>,
    /// virtual time run through before the page shows the scene
    pub show_from_ms: i64,
}

/// Reads a scene; the error names the line.
pub fn parse(file: &str, text: &str) -> Result<Scene, String> {
    let mut scene =
        Scene { file: file.to_string(), title: String::new(), summary: String::new(), seed: 1, steps: Vec::new(), show_from_ms: 0 };
    let mut step = SceneStep { at_ms: 0, lines: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let Some(directive) = line.strip_prefix("#! ") else {
            if !(step.lines.is_empty() && line.trim().is_empty()) {
                step.lines.push(line.to_string());
            }
            continue;
        };
        let (name, value) = directive.split_once(':').map(|(a, b)| (a.trim(), b.trim())).unwrap_or((directive.trim(), ""));
        match name {
            "title" => scene.title = value.to_string(),
            "summary" => scene.summary = value.to_string(),
            "seed" => scene.seed = value.parse().map_err(|_| format!("{file}:{n}: seed '{value}' is not a non-negative integer"))?,
            "show-from" => {
                let seconds = crate::engine::decimal::parse(value)
                    .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3_600.0)
                    .ok_or_else(|| format!("{file}:{n}: show-from '{value}' is not a number of seconds from 0 to 3600"))?;
                scene.show_from_ms = (seconds * 1000.0).round() as i64;
            }
            "at" => {
                let seconds = crate::engine::decimal::parse(value)
                    .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 86_400.0)
                    .ok_or_else(|| format!("{file}:{n}: at '{value}' is not a number of seconds from 0 to 86400"))?;
                let at_ms = (seconds * 1000.0).round() as i64;
                if at_ms <= step.at_ms && !(scene.steps.is_empty() && step.lines.is_empty() && at_ms == 0) {
                    return Err(format!("{file}:{n}: at {value} s is not after the previous step ({} ms)", step.at_ms));
                }
                let done = std::mem::replace(&mut step, SceneStep { at_ms, lines: Vec::new() });
                if !done.lines.is_empty() || done.at_ms == 0 {
                    scene.steps.push(done);
                }
            }
            _ => return Err(format!("{file}:{n}: unknown directive '#! {name}' (a scene knows title, summary, seed, show-from and at)")),
        }
    }
    scene.steps.push(step);
    scene.steps.retain(|s| s.at_ms == 0 || !s.lines.is_empty());
    if scene.title.is_empty() {
        return Err(format!("{file}: a scene needs '#! title: TEXT'"));
    }
    Ok(scene)
}

/// The scenes the page offers, built into it (they are small, and the first one plays
/// the moment the page opens, before anything could be fetched). The files are also
/// served as `scenes/` for `kafkascope run`.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("00-default.sh", include_str!("../../static/scenes/00-default.sh")),
    ("01-keys-and-ordering.sh", include_str!("../../static/scenes/01-keys-and-ordering.sh")),
    ("02-scaling-a-group.sh", include_str!("../../static/scenes/02-scaling-a-group.sh")),
    ("03-eager-vs-cooperative.sh", include_str!("../../static/scenes/03-eager-vs-cooperative.sh")),
    ("04-broker-failure.sh", include_str!("../../static/scenes/04-broker-failure.sh")),
    ("05-retention.sh", include_str!("../../static/scenes/05-retention.sh")),
    ("06-compaction.sh", include_str!("../../static/scenes/06-compaction.sh")),
    ("07-kafka-quickstart.sh", include_str!("../../static/scenes/07-kafka-quickstart.sh")),
    ("08-share-group.sh", include_str!("../../static/scenes/08-share-group.sh")),
    ("09-transactions.sh", include_str!("../../static/scenes/09-transactions.sh")),
    ("10-throughput-and-lag.sh", include_str!("../../static/scenes/10-throughput-and-lag.sh")),
    ("11-retries-and-duplicates.sh", include_str!("../../static/scenes/11-retries-and-duplicates.sh")),
];

/// A scene's name in a link (`?scene=NAME`): its file name without the number and `.sh`,
/// e.g. `broker-failure` for `04-broker-failure.sh`.
pub fn link_name(file: &str) -> &str {
    let stem = file.strip_suffix(".sh").unwrap_or(file);
    stem.split_once('-').filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map_or(stem, |(_, rest)| rest)
}

/// The index in [`BUILT_IN`] of the scene a link names.
pub fn find(name: &str) -> Option<usize> {
    BUILT_IN.iter().position(|(file, _)| link_name(file) == name)
}

thread_local! {
    /// The built-in scenes, parsed once (the Scenes menu lists them on every render).
    static PARSED: Vec<Rc<Scene>> = BUILT_IN.iter().filter_map(|(file, text)| parse(file, text).ok().map(Rc::new)).collect();
}

/// Every built-in scene, parsed (`tests/stage.rs` checks that they all parse and run).
pub fn built_in() -> Vec<Rc<Scene>> {
    PARSED.with(Vec::clone)
}

/// The built-in scene a session was started from, recognised by the lines typed in it
/// (a share link and the autosave carry the lines, not the scene): the scene whose first
/// step's lines open the session, and how many of its steps have run, each later step's
/// lines following in order.
pub fn recognise(lines: &[&str]) -> Option<(Rc<Scene>, usize)> {
    built_in().into_iter().find_map(|scene| {
        let first = &scene.steps.first()?.lines;
        if first.is_empty() || lines.len() < first.len() || lines.iter().zip(first).any(|(a, b)| *a != b.as_str()) {
            return None;
        }
        let mut at = first.len();
        let mut done = 1;
        for step in &scene.steps[1..] {
            let n = step.lines.len();
            match (at..=lines.len().saturating_sub(n)).find(|&i| lines[i..i + n].iter().zip(&step.lines).all(|(a, b)| *a == b.as_str())) {
                Some(i) => {
                    at = i + n;
                    done += 1;
                }
                None => break,
            }
        }
        Some((scene, done))
    })
}

/// The scene the page plays when it opens with no link.
pub fn default_scene() -> Option<Rc<Scene>> {
    built_in().into_iter().next()
}
