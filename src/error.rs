//! The crate's error type.
//!
//! Errors are hand-written enums in the style of the `fst` crate: every
//! variant carries the structured facts a caller needs (which file, which
//! line, which field) and `Display` turns them into one readable sentence.

use std::fmt;

/// A specialised `Result` for zhfind.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while building, opening or querying an index.
#[derive(Debug)]
pub enum Error {
    /// An input record could not be used.
    Input(InputError),
    /// An index file is not in a format this version can read.
    Format(FormatError),
    /// The query cannot be answered until this index file has been loaded
    /// (see [`crate::Index::missing`]).
    Missing {
        /// The file's path relative to the index folder.
        file: String,
    },
    /// An I/O error, with the path it happened on (native only: the
    /// browser module reads no files).
    #[cfg(not(target_arch = "wasm32"))]
    Io {
        /// The path being read or written.
        path: String,
        /// The underlying error.
        err: std::io::Error,
    },
    /// Anything else, said in one sentence.
    Other(String),
}

/// Why one input record (an article, a line of JSONL, a page) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input file.
    pub file: String,
    /// The 1-based line number, when the input is line oriented.
    pub line: Option<usize>,
    /// The field at fault, if one is.
    pub field: Option<String>,
    /// What is wrong, as a short phrase ("missing", "not a string", ...).
    pub reason: String,
}

/// Why an index file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The file does not start with the expected magic bytes.
    BadMagic {
        /// The file.
        file: String,
    },
    /// The file was written by a different (older or newer) format version.
    Version {
        /// The file.
        file: String,
        /// The version found in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The file's checksum does not match its contents.
    Checksum {
        /// The file.
        file: String,
    },
    /// The file ends before its header says it should.
    Truncated {
        /// The file.
        file: String,
    },
    /// A structure inside the file is inconsistent.
    Corrupt {
        /// The file.
        file: String,
        /// What is inconsistent.
        what: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::BadMagic { file } => {
                write!(f, "{file}: not a zhfind index file (bad magic bytes)")
            }
            FormatError::Version {
                file,
                found,
                expected,
            } => write!(
                f,
                "{file}: index format version {found}, but this zhfind reads version {expected}; rebuild the index"
            ),
            FormatError::Checksum { file } => {
                write!(f, "{file}: checksum mismatch (the file is damaged or incomplete)")
            }
            FormatError::Truncated { file } => write!(f, "{file}: file is truncated"),
            FormatError::Corrupt { file, what } => write!(f, "{file}: corrupt index data: {what}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(e) => e.fmt(f),
            Error::Format(e) => e.fmt(f),
            Error::Missing { file } => write!(f, "index file {file} is not loaded"),
            #[cfg(not(target_arch = "wasm32"))]
            Error::Io { path, err } => write!(f, "{path}: {err}"),
            Error::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Error::Io { err, .. } => Some(err),
            _ => None,
        }
    }
}

impl std::error::Error for InputError {}
impl std::error::Error for FormatError {}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        Error::Input(e)
    }
}

impl From<FormatError> for Error {
    fn from(e: FormatError) -> Error {
        Error::Format(e)
    }
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn io(path: impl Into<String>, err: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            err,
        }
    }
}
