//! Appending gzip members to numbered pack files: postings packs (cut by
//! size) and dictionary packs (cut by member count); see
//! [`crate::index::pack`].

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes members into packs `0, 1, ...` in the staging folder, starting a
/// new pack when the next member would overflow the current one.
pub struct PackWriter<'a> {
    out: &'a Path,
    /// Path of pack `n` under `v/<build>/` (see [`super::write::staged`]).
    path: fn(&str, u32) -> String,
    max_bytes: u64,
    max_members: u32,
    n: u32,
    file: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
    crc: crc32fast::Hasher,
    at: u64,
    members: u32,
    written: Vec<(u32, u64)>,
}

impl<'a> PackWriter<'a> {
    /// Packs named by `path`, each holding at most `max_bytes` (unless one
    /// member is larger) and at most `max_members` members.
    pub fn new(
        out: &'a Path,
        path: fn(&str, u32) -> String,
        max_bytes: u64,
        max_members: u32,
    ) -> PackWriter<'a> {
        PackWriter {
            out,
            path,
            max_bytes,
            max_members: max_members.max(1),
            n: 0,
            file: None,
            crc: Default::default(),
            at: 0,
            members: 0,
            written: Vec::new(),
        }
    }

    /// Appends a member; returns where it went: (pack, offset, length).
    pub fn append(&mut self, member: &[u8]) -> Result<(u32, u64, u32)> {
        if self.file.is_some()
            && (self.at + member.len() as u64 > self.max_bytes || self.members == self.max_members)
        {
            self.close()?;
        }
        if self.file.is_none() {
            let path = super::write::staged(self.out, &(self.path)("x", self.n));
            let f = std::fs::File::create(&path)
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            self.file = Some((path, std::io::BufWriter::new(f)));
        }
        let (path, f) = self.file.as_mut().expect("opened above");
        f.write_all(member)
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        self.crc.update(member);
        let len = u32::try_from(member.len())
            .map_err(|_| Error::Other("a pack member over 4 GiB".into()))?;
        let loc = (self.n, self.at, len);
        self.at += member.len() as u64;
        self.members += 1;
        Ok(loc)
    }

    fn close(&mut self) -> Result<()> {
        if let Some((path, mut f)) = self.file.take() {
            f.flush()
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            let crc = std::mem::take(&mut self.crc).finalize();
            self.written.push((crc, self.at));
            self.n += 1;
            (self.at, self.members) = (0, 0);
        }
        Ok(())
    }

    /// Closes the last pack; returns the CRC-32 and size of every pack.
    pub fn finish(mut self) -> Result<Vec<(u32, u64)>> {
        self.close()?;
        Ok(self.written)
    }
}
