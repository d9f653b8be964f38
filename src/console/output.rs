//! What a command writes: stdout and stderr kept apart but in the order written, as a
//! terminal shows them.

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Output in the order it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
}

impl Output {
    pub fn out(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Out, s.as_ref());
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Err, s.as_ref());
    }
    pub fn outln(&mut self, s: impl AsRef<str>) {
        self.out(s);
        self.out("\n");
    }
    pub fn errln(&mut self, s: impl AsRef<str>) {
        self.err(s);
        self.err("\n");
    }
    pub fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((last, text)) if *last == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    pub fn append(&mut self, other: Output) {
        for (s, t) in other.chunks {
            self.push(s, &t);
        }
    }
    /// Everything written to stdout.
    pub fn stdout(&self) -> String {
        self.chunks.iter().filter(|(s, _)| *s == Stream::Out).map(|(_, t)| t.as_str()).collect()
    }
    /// Everything written to stderr.
    pub fn stderr(&self) -> String {
        self.chunks.iter().filter(|(s, _)| *s == Stream::Err).map(|(_, t)| t.as_str()).collect()
    }
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}
