//! Opening an index folder on disk (native only).

use super::resource::{ranged, Resource};
use super::{Index, SearchOptions, SearchResults};
use crate::error::{Error, Result};
use crate::index::pack::gunzip;
use crate::index::Manifest;
use crate::FormatError;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

impl Index {
    /// Opens the index in folder `dir` (reads its `manifest.json`); data is
    /// read from the folder as queries need it.
    pub fn open_dir(dir: impl AsRef<Path>) -> Result<Index> {
        let dir = dir.as_ref();
        let path = dir.join("manifest.json");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(path.display().to_string(), e))?;
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Format(crate::FormatError::Corrupt {
                file: path.display().to_string(),
                what: e.to_string(),
            })
        })?;
        let mut index = Index::new(manifest)?;
        index.dir = Some(dir.to_path_buf());
        Ok(index)
    }

    fn folder(&self) -> Result<PathBuf> {
        self.dir
            .clone()
            .ok_or_else(|| Error::Other("index was not opened from a folder".into()))
    }

    /// Reads one resource from the index folder (decompressed): a name
    /// [`Index::missing`] gave, or the resource of a data file it stands
    /// for (as in a folder that does not join them).
    pub fn read_resource(&self, name: &str) -> Result<Vec<u8>> {
        match &self.joined {
            Some(j) => read_resource(&self.folder()?, &j.physical(name)),
            None => read_resource(&self.folder()?, name),
        }
    }

    /// Reads the whole data file `path` of the index folder `dir` (its
    /// range of the joined file, if the index is joined).
    fn read_whole(&self, dir: &Path, path: &str) -> Result<Vec<u8>> {
        match &self.joined {
            Some(j) => read_resource(dir, &j.physical(path)),
            None => std::fs::read(dir.join(path)).map_err(|e| Error::io(path.to_string(), e)),
        }
    }

    /// For tests: reads every clause of several words through its
    /// junctions, however small its lists (see `search/junction.rs`), so
    /// that a small corpus checks the text against the positions.
    #[doc(hidden)]
    pub fn always_read_junctions(&mut self) {
        self.always_junctions = true;
        self.ranked = None;
    }

    /// Loads whatever `query` needs from the index folder, then answers it.
    pub fn query(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let dir = self.folder()?;
        loop {
            let need = self.missing(query, opts)?;
            if need.is_empty() {
                break;
            }
            for name in need {
                let bytes = read_resource(&dir, &name)?;
                self.add_file(&name, &bytes)?;
            }
        }
        self.search(query, opts)
    }

    /// Loads every dictionary shard and postings list and the record
    /// lengths (for tools and benchmarks); documents still load as queries
    /// show them.
    pub fn load_all(&mut self) -> Result<()> {
        let dir = self.folder()?;
        let heads_path = self.manifest.heads_path();
        let heads = self.read_whole(&dir, &heads_path)?;
        let mut end = 0;
        for k in 0..self.manifest.dict_packs() {
            let (start, len) = self.manifest.head_location(k);
            end = start + u64::from(len);
            let name = ranged(&heads_path, start, len, true);
            let member =
                heads
                    .get(start as usize..end as usize)
                    .ok_or_else(|| FormatError::Truncated {
                        file: heads_path.clone(),
                    })?;
            self.add_file(&name, &gunzip(member, &name)?)?;
            let path = self.manifest.dict_pack_path(k);
            let whole = self.read_whole(&dir, &path)?;
            let head = self.dict.head(k).expect("loaded above");
            let shards: Vec<(u64, u32)> = (0..head.len()).map(|i| head.location(i)).collect();
            if whole.len() as u64 != head.pack_len() {
                return Err(FormatError::Corrupt {
                    file: path,
                    what: "not the size its head gives".into(),
                }
                .into());
            }
            for (start, len) in shards {
                let name = ranged(&path, start, len, true);
                let member = &whole[start as usize..start as usize + len as usize];
                self.add_file(&name, &gunzip(member, &name)?)?;
            }
        }
        if heads.len() as u64 != end {
            return Err(FormatError::Corrupt {
                file: heads_path,
                what: "trailing bytes after the last head".into(),
            }
            .into());
        }
        for p in 0..self.manifest.packs {
            let path = self.manifest.pack_path(p);
            let whole = self.read_whole(&dir, &path)?;
            let mut at = 0usize;
            while at < whole.len() {
                let len = gzip_member_len(&whole[at..], &path)?;
                let name = ranged(&path, at as u64, len as u32, true);
                self.add_file(&name, &gunzip(&whole[at..at + len], &name)?)?;
                at += len;
            }
        }
        let path = self.manifest.lengths_path();
        let whole = self.read_whole(&dir, &path)?;
        if whole.len() as u64 != u64::from(self.manifest.lengths) {
            return Err(FormatError::Corrupt {
                file: path,
                what: "not the size the manifest gives".into(),
            }
            .into());
        }
        let name = ranged(&path, 0, self.manifest.lengths, true);
        self.add_fetched(&name, &whole)?;
        Ok(())
    }
}

/// Length of the gzip member at the start of `bytes`.
fn gzip_member_len(bytes: &[u8], file: &str) -> Result<usize> {
    let mut d = flate2::bufread::GzDecoder::new(bytes);
    std::io::copy(&mut d, &mut std::io::sink()).map_err(|e| Error::io(file.to_string(), e))?;
    Ok(bytes.len() - d.into_inner().len())
}

/// Reads resource `name` from the index folder `dir`, decompressed.
pub fn read_resource(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let r =
        Resource::parse(name).ok_or_else(|| Error::Other(format!("bad resource name {name}")))?;
    let full = dir.join(r.path);
    let io = |e| Error::io(full.display().to_string(), e);
    let bytes = match r.range {
        None => std::fs::read(&full).map_err(io)?,
        Some((start, len)) => {
            let mut f = std::fs::File::open(&full).map_err(io)?;
            f.seek(SeekFrom::Start(start)).map_err(io)?;
            let mut buf = vec![0; len as usize];
            f.read_exact(&mut buf).map_err(io)?;
            buf
        }
    };
    if r.gzip {
        Ok(gunzip(&bytes, name)?)
    } else {
        Ok(bytes)
    }
}
