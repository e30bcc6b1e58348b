//! Reading OCR page text as build input (through the importer).

use std::path::Path;
use zhfind::import::{import_page, page_text, ImportOptions};
use zhfind::Article;

/// Imports one `.txt` page into items (articles, captions and unassigned
/// text, so that nothing on the page is lost to search). Page metadata comes
/// from the file-name convention of [`import_page`].
pub fn read_page(path: &Path) -> zhfind::Result<Vec<Article>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| zhfind::Error::io(name.clone(), e))?;
    let text = page_text(&bytes, &name)?;
    Ok(import_page(text, &name, &ImportOptions::default())?.articles)
}
