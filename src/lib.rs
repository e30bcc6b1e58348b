//! # zhfind
//!
//! Chinese full-text search that runs in the reader's browser.
//!
//! A publisher builds an index of its archive ahead of time ([`build`]); the
//! index is a folder of static files (a small manifest, term-range shards and
//! document fragments). The same [`Index`] code answers queries natively
//! (`zhfind query`) and in the browser (compiled to wasm), loading only the
//! files a query needs.
//!
//! ```no_run
//! # #[cfg(not(target_arch = "wasm32"))]
//! # fn main() -> zhfind::Result<()> {
//! let mut index = zhfind::Index::open_dir("site/index")?;
//! let results = index.query("融媒体", &zhfind::SearchOptions::default())?;
//! for hit in results.hits {
//!     println!("{} {}", hit.score, hit.title);
//! }
//! # Ok(()) }
//! # #[cfg(target_arch = "wasm32")] fn main() {}
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod article;
pub mod error;
pub mod normalize;

#[cfg(not(target_arch = "wasm32"))]
pub mod import;

pub use article::Article;
pub use error::{Error, FormatError, InputError, Result};
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod index;
pub mod search;
pub mod segment;

pub use index::Manifest;
pub use search::{Hit, Index, SearchOptions, SearchResults};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;
