//! Resource names: what [`super::Index::missing`] asks a loader to fetch.
//!
//! A resource is a path relative to the index folder, optionally followed by
//! a byte range and a compression mark:
//!
//! ```text
//! v/1a2b3c4d/d/0001.bin@7312+7490.gz    bytes 7312..14802, a gzip member
//! v/1a2b3c4d/p/0003.bin@81920+4410.gz   bytes 81920..86330, a gzip member
//! v/1a2b3c4d/f/0002.bin@40+8            bytes 40..48, raw
//! v/1a2b3c4d/x/0000.bin.gz              a whole file, gzip (format 3
//!                                       names none)
//! ```
//!
//! A loader fetches the path (with an HTTP `Range: bytes=START-END`
//! header for a range), gunzips when the resource ends in `.gz`, and hands
//! the bytes to [`super::Index::add_file`] under the same name.

/// A parsed resource name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource<'a> {
    /// The file's path.
    pub path: &'a str,
    /// `(start, length)` for a byte range.
    pub range: Option<(u64, u32)>,
    /// Whether the bytes are gzip.
    pub gzip: bool,
}

impl<'a> Resource<'a> {
    /// Parses a resource name; `None` if it is malformed.
    pub fn parse(name: &'a str) -> Option<Resource<'a>> {
        match name.split_once('@') {
            None => Some(Resource {
                path: name,
                range: None,
                gzip: name.ends_with(".gz"),
            }),
            Some((path, rest)) => {
                let (range, gzip) = match rest.strip_suffix(".gz") {
                    Some(r) => (r, true),
                    None => (rest, false),
                };
                let (start, len) = range.split_once('+')?;
                Some(Resource {
                    path,
                    range: Some((start.parse().ok()?, len.parse().ok()?)),
                    gzip,
                })
            }
        }
    }
}

/// The name of a byte range of `path`.
pub fn ranged(path: &str, start: u64, len: u32, gzip: bool) -> String {
    format!("{path}@{start}+{len}{}", if gzip { ".gz" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn round_trip() {
        let n = ranged("v/b/p/0003.bin", 81920, 4410, true);
        assert_eq!(n, "v/b/p/0003.bin@81920+4410.gz");
        assert_eq!(
            Resource::parse(&n),
            Some(Resource {
                path: "v/b/p/0003.bin",
                range: Some((81920, 4410)),
                gzip: true
            })
        );
        assert_eq!(
            Resource::parse("v/b/d/0001.bin.gz"),
            Some(Resource {
                path: "v/b/d/0001.bin.gz",
                range: None,
                gzip: true
            })
        );
        assert_eq!(
            Resource::parse("v/b/f/0001.bin@4+8").unwrap().range,
            Some((4, 8))
        );
        assert!(Resource::parse("x@1").is_none());
        assert!(Resource::parse("x@a+1").is_none());
    }
}
