//! A small, deterministic writer of POSIX ustar archives (POSIX.1-1988 `ustar`, as
//! GNU tar, bsdtar and every unarchiver read it), for the export's one-file download.
//!
//! Deterministic: entries are written sorted by path, every entry has the same fixed
//! modification time ([`MTIME`]), owner `0:0` and no user or group name, so the same
//! files always give the same bytes. Only what the export needs is supported: regular
//! files and directories, paths of at most 255 bytes (split into ustar's `prefix` and
//! `name` fields at a `/`), files smaller than 8 GiB (ustar's 11 octal digits).

use crate::engine::map::Map;
use std::fmt;

/// The modification time of every entry: 2025-01-01T00:00:00Z, in seconds since the epoch.
/// (A fixed time keeps the archive deterministic; 0 would make GNU tar warn about an
/// "implausibly old time stamp".)
pub const MTIME: u64 = 1_735_689_600;

/// One file or directory of an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file with its bytes and permission bits (e.g. `0o644`, `0o755`).
    File { data: Vec<u8>, mode: u32 },
    /// A directory (written with mode `0o755`).
    Dir,
}

/// Why an archive could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TarError {
    /// The path is empty, absolute, has an empty, `.` or `..` component, or a NUL byte.
    InvalidPath(String),
    /// The path does not fit ustar's 100-byte name plus 155-byte prefix.
    PathTooLong(String),
    /// The file is too large for ustar's 11 octal digits.
    FileTooLarge(String),
}

impl fmt::Display for TarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TarError::InvalidPath(p) => write!(f, "tar: invalid path {p:?}: paths must be relative, without `.`, `..` or empty parts"),
            TarError::PathTooLong(p) => {
                write!(f, "tar: path {p:?} is too long for a ustar archive (at most 100 bytes after the last `/` of a 155-byte prefix)")
            }
            TarError::FileTooLarge(p) => write!(f, "tar: {p:?} is too large for a ustar archive (8 GiB at most)"),
        }
    }
}

impl std::error::Error for TarError {}

/// An archive being assembled: paths (without a trailing `/`) to entries, kept sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tar {
    entries: Map<String, Entry>,
}

impl Tar {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a regular file.
    pub fn file(&mut self, path: &str, data: impl Into<Vec<u8>>, mode: u32) -> &mut Self {
        self.entries.insert(path.trim_end_matches('/').to_string(), Entry::File { data: data.into(), mode });
        self
    }

    /// Adds a directory.
    pub fn dir(&mut self, path: &str) -> &mut Self {
        self.entries.insert(path.trim_end_matches('/').to_string(), Entry::Dir);
        self
    }

    /// The archive's bytes: one 512-byte header per entry followed by its data padded to
    /// 512 bytes, then two zero blocks. Directories are written before their contents
    /// because `a` sorts before `a/...`.
    pub fn to_bytes(&self) -> Result<Vec<u8>, TarError> {
        let mut out = Vec::new();
        for (path, entry) in &self.entries {
            check_path(path)?;
            let (name, size, mode, kind) = match entry {
                Entry::Dir => (format!("{path}/"), 0u64, 0o755, b'5'),
                Entry::File { data, mode } => (path.clone(), data.len() as u64, *mode & 0o7777, b'0'),
            };
            if size > 0o77_777_777_777 {
                return Err(TarError::FileTooLarge(path.clone()));
            }
            out.extend_from_slice(&header(&name, size, mode, kind)?);
            if let Entry::File { data, .. } = entry {
                out.extend_from_slice(data);
                out.resize(out.len().div_ceil(512) * 512, 0);
            }
        }
        out.resize(out.len() + 1024, 0);
        Ok(out)
    }
}

fn check_path(path: &str) -> Result<(), TarError> {
    let bad =
        path.is_empty() || path.starts_with('/') || path.contains('\0') || path.split('/').any(|c| c.is_empty() || c == "." || c == "..");
    if bad {
        Err(TarError::InvalidPath(path.to_string()))
    } else {
        Ok(())
    }
}

/// Splits a path into ustar's (prefix, name): the name holds at most 100 bytes, the
/// prefix at most 155, split at a `/` (which is then implied).
fn split_name(path: &str) -> Result<(&str, &str), TarError> {
    if path.len() <= 100 {
        return Ok(("", path));
    }
    let too_long = || TarError::PathTooLong(path.to_string());
    // the earliest `/` that leaves a name of at most 100 bytes (a directory's trailing
    // `/` is part of its name)
    let body = path.strip_suffix('/').unwrap_or(path);
    let split = body.char_indices().filter(|(_, c)| *c == '/').map(|(i, _)| i).find(|i| path.len() - i - 1 <= 100).ok_or_else(too_long)?;
    let (prefix, name) = (&path[..split], &path[split + 1..]);
    if prefix.len() > 155 || name.is_empty() {
        return Err(too_long());
    }
    Ok((prefix, name))
}

/// Writes `value` as zero-padded octal digits filling `field` except its last byte (NUL).
fn octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
    field[digits] = 0;
}

fn header(path: &str, size: u64, mode: u32, kind: u8) -> Result<[u8; 512], TarError> {
    let (prefix, name) = split_name(path)?;
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0); // uid
    octal(&mut h[116..124], 0); // gid
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], MTIME);
    h[156] = kind;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    octal(&mut h[329..337], 0); // devmajor
    octal(&mut h[337..345], 0); // devminor
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    // the checksum is computed with its own field full of spaces, then written as six
    // octal digits, a NUL and a space
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields_and_checksum() {
        let mut t = Tar::new();
        t.dir("d").file("d/a.txt", "hello\n", 0o644);
        let bytes = t.to_bytes().unwrap();
        assert_eq!(bytes.len(), 512 * 2 + 512 + 1024, "dir header, file header + one data block, end");
        let file = &bytes[512..1024];
        assert_eq!(&file[..7], b"d/a.txt");
        assert_eq!(&file[124..136], b"00000000006\0");
        assert_eq!(&file[257..263], b"ustar\0");
        assert_eq!(&bytes[..2], b"d/");
        assert_eq!(bytes[156], b'5');
        // the checksum matches the header's bytes with the field counted as spaces
        let stored = u32::from_str_radix(std::str::from_utf8(&file[148..154]).unwrap(), 8).unwrap();
        let sum: u32 = file.iter().enumerate().map(|(i, b)| if (148..156).contains(&i) { 32 } else { u32::from(*b) }).sum();
        assert_eq!(stored, sum);
        assert_eq!(&bytes[1024..1030], b"hello\n");
        assert!(bytes[bytes.len() - 1024..].iter().all(|b| *b == 0));
    }

    #[test]
    fn deterministic_and_sorted() {
        let mut a = Tar::new();
        a.file("x/b", "2", 0o644).file("x/a", "1", 0o644).dir("x");
        let mut b = Tar::new();
        b.dir("x").file("x/a", "1", 0o644).file("x/b", "2", 0o644);
        assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
    }

    #[test]
    fn long_paths_use_the_prefix_and_bad_paths_are_refused() {
        let long = format!("{}/{}", "p".repeat(120), "n".repeat(90));
        let mut t = Tar::new();
        t.file(&long, "", 0o644);
        let bytes = t.to_bytes().unwrap();
        assert_eq!(&bytes[..90], "n".repeat(90).as_bytes());
        assert_eq!(&bytes[345..465], "p".repeat(120).as_bytes());
        for bad in ["", "/abs", "a/../b", "a//b", "./a"] {
            let mut t = Tar::new();
            t.file(bad, "", 0o644);
            assert!(matches!(t.to_bytes(), Err(TarError::InvalidPath(_))), "{bad:?}");
        }
        let mut t = Tar::new();
        t.file(&"n".repeat(101), "", 0o644);
        assert!(matches!(t.to_bytes(), Err(TarError::PathTooLong(_))));
    }
}
