//! Reading OCR page text as build input (through the importer).

use std::path::Path;
use zhfind::Article;

/// Imports one `.txt` page into articles.
pub fn read_page(path: &Path) -> zhfind::Result<Vec<Article>> {
    Err(zhfind::Error::Other(format!(
        "{}: page text import is not available in this build yet",
        path.display()
    )))
}
