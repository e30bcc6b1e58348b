//! One data file for a small index: every data file of a build, back to
//! back, in `v/<build>/data.bin`.
//!
//! Static hosts and CDNs count (and some bill) files; an archive of a few
//! hundred articles has a dozen data files of a few kilobytes. A build whose
//! data files add up to at most [`crate::build::BuildOptions::join_bytes`]
//! writes them as one file instead, in the order of
//! [`Manifest::all_paths`](super::manifest::Manifest::all_paths), and
//! lists their sizes in the manifest (`joined`). Readers keep working with
//! the usual names (`v/<build>/d/0001.bin@7312+1190.gz`):
//! [`Joined::physical`] turns one into a range of the joined file
//! (`v/<build>/data.bin@8797+1190.gz`), what a loader fetches, and
//! [`Joined::logical`] turns it back when the bytes arrive.
//!
//! ```
//! use zhfind::index::joined::Joined;
//!
//! let files = vec!["v/b/h/0000.bin".to_string(), "v/b/d/0000.bin".to_string()];
//! let j = Joined::new("b", files, &[100, 5000]);
//! assert_eq!(j.physical("v/b/d/0000.bin@40+60.gz"), "v/b/data.bin@140+60.gz");
//! assert_eq!(j.logical("v/b/data.bin@140+60.gz").unwrap(), "v/b/d/0000.bin@40+60.gz");
//! assert_eq!(j.physical("v/b/h/0000.bin"), "v/b/data.bin@0+100");
//! assert_eq!(j.size(), 5100);
//! ```

use crate::search::resource::{ranged, Resource};

/// The joined file's name in `v/<build>/`.
pub const JOINED_FILE: &str = "data.bin";

/// The path of build `build`'s joined data file.
pub fn joined_path(build: &str) -> String {
    format!("v/{build}/{JOINED_FILE}")
}

/// Where each data file of a build lies in its joined file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    path: String,
    /// (path, start in the joined file, size), in file order.
    files: Vec<(String, u64, u64)>,
}

impl Joined {
    /// The layout of build `build` whose data files `paths` (in order)
    /// have `sizes`.
    pub fn new(build: &str, paths: Vec<String>, sizes: &[u32]) -> Joined {
        let mut at = 0;
        let files = paths
            .into_iter()
            .zip(sizes)
            .map(|(p, &n)| {
                at += u64::from(n);
                (p, at - u64::from(n), u64::from(n))
            })
            .collect();
        Joined {
            path: joined_path(build),
            files,
        }
    }

    /// The joined file's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The joined file's size.
    pub fn size(&self) -> u64 {
        self.files.last().map_or(0, |f| f.1 + f.2)
    }

    /// The name to fetch for resource `name` of a data file (a range of the
    /// joined file); names of no data file are returned as they are.
    pub fn physical(&self, name: &str) -> String {
        let Some(r) = Resource::parse(name) else {
            return name.to_string();
        };
        let path = r.path.strip_suffix(".gz").unwrap_or(r.path);
        let Some((_, start, size)) = self.files.iter().find(|f| f.0 == path) else {
            return name.to_string();
        };
        match r.range {
            Some((s, len)) => ranged(&self.path, start + s, len, r.gzip),
            None => ranged(&self.path, *start, *size as u32, r.gzip),
        }
    }

    /// The resource name of a data file that `name`, a range of the joined
    /// file as [`Joined::physical`] gave it, stands for; `None` if `name`
    /// is not such a range (other names are returned as they are).
    pub fn logical(&self, name: &str) -> Option<String> {
        let r = Resource::parse(name)?;
        if r.path != self.path {
            return Some(name.to_string());
        }
        let (start, len) = r.range?;
        let i = self.files.partition_point(|f| f.1 + f.2 <= start);
        let (path, at, size) = self.files.get(i)?;
        if start + u64::from(len) > at + size {
            return None;
        }
        Some(ranged(path, start - at, len, r.gzip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Joined {
        let paths = ["h/0000", "d/0000", "d/0001", "p/0000", "f/0000", "l/0000"]
            .map(|p| format!("v/ab12/{p}.bin"))
            .to_vec();
        Joined::new("ab12", paths, &[10, 200, 0, 3000, 40, 5])
    }

    #[test]
    fn every_range_maps_there_and_back() {
        let j = sample();
        for (name, phys) in [
            ("v/ab12/h/0000.bin@0+10.gz", "v/ab12/data.bin@0+10.gz"),
            ("v/ab12/d/0000.bin@190+10.gz", "v/ab12/data.bin@200+10.gz"),
            ("v/ab12/p/0000.bin@0+3000.gz", "v/ab12/data.bin@210+3000.gz"),
            ("v/ab12/f/0000.bin@4+8", "v/ab12/data.bin@3214+8"),
            ("v/ab12/l/0000.bin@0+5.gz", "v/ab12/data.bin@3250+5.gz"),
        ] {
            assert_eq!(j.physical(name), phys);
            assert_eq!(j.logical(phys).as_deref(), Some(name));
        }
        assert_eq!(j.size(), 3255);
        assert_eq!(j.path(), "v/ab12/data.bin");
    }

    #[test]
    fn whole_files_become_ranges() {
        let j = sample();
        assert_eq!(j.physical("v/ab12/p/0000.bin"), "v/ab12/data.bin@210+3000");
        assert_eq!(
            j.logical("v/ab12/data.bin@210+3000").as_deref(),
            Some("v/ab12/p/0000.bin@0+3000")
        );
    }

    #[test]
    fn other_names_pass_and_bad_ranges_fail() {
        let j = sample();
        assert_eq!(j.physical("v/zz/d/0000.bin@0+1"), "v/zz/d/0000.bin@0+1");
        assert_eq!(
            j.logical("v/zz/d/0000.bin@0+1").as_deref(),
            Some("v/zz/d/0000.bin@0+1")
        );
        // Straddles two files, starts past the end, or has no range.
        assert_eq!(j.logical("v/ab12/data.bin@205+10"), None);
        assert_eq!(j.logical("v/ab12/data.bin@3255+1"), None);
        assert_eq!(j.logical("v/ab12/data.bin"), None);
    }
}
