//! Opening an index folder on disk (native only).

use super::{Index, SearchOptions, SearchResults};
use crate::error::{Error, Result};
use crate::index::Manifest;
use std::path::Path;

impl Index {
    /// Opens the index in folder `dir` (reads its `manifest.json`); data
    /// files are read from the folder as queries need them.
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

    /// Loads whatever `query` needs from the index folder, then answers it.
    pub fn query(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let dir = self
            .dir
            .clone()
            .ok_or_else(|| Error::Other("index was not opened from a folder".into()))?;
        loop {
            let need = self.missing(query, opts)?;
            if need.is_empty() {
                break;
            }
            for p in need {
                let full = dir.join(&p);
                let bytes =
                    std::fs::read(&full).map_err(|e| Error::io(full.display().to_string(), e))?;
                self.add_file(&p, &bytes)?;
            }
        }
        self.search(query, opts)
    }

    /// Loads every data file (for tools and benchmarks).
    pub fn load_all(&mut self) -> Result<()> {
        let dir = self
            .dir
            .clone()
            .ok_or_else(|| Error::Other("index was not opened from a folder".into()))?;
        for p in self.all_files() {
            let full = dir.join(&p);
            let bytes =
                std::fs::read(&full).map_err(|e| Error::io(full.display().to_string(), e))?;
            self.add_file(&p, &bytes)?;
        }
        Ok(())
    }
}
