//! Building an index folder from articles (native only).
//!
//! ```no_run
//! use zhfind::build::{Builder, BuildOptions};
//! let mut b = Builder::new("site/index", BuildOptions::default())?;
//! b.add_batch(vec![zhfind::Article { id: "1".into(), body: "交城县融媒体中心".into(), ..Default::default() }], "input");
//! let summary = b.finish()?;
//! println!("{} documents, {} terms", summary.indexed, summary.terms);
//! # Ok::<(), zhfind::Error>(())
//! ```

pub mod analyze;
mod builder;
mod chunk;
mod dict;
pub mod input;
mod kmerge;
mod packs;
mod spill;
mod write;

pub use builder::{BuildOptions, BuildSummary, Builder, Rejection};
