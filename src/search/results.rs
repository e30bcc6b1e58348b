//! What a search returns.

use super::snippet::snippet;
use crate::article::Article;
use serde::Serialize;

/// Search settings.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits to return; 0 returns all.
    pub limit: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            snippet_chars: 80,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Link.
    pub url: String,
    /// Date, `YYYY-MM-DD` or empty.
    pub date: String,
    /// Page (版次) or empty.
    pub page: String,
    /// Relevance score (rounded to 4 decimals).
    pub score: f64,
    /// About 80 characters around the best match.
    pub snippet: String,
    /// Highlight ranges: character offsets `[start, end)` into `snippet`.
    pub marks: Vec<[u32; 2]>,
}

impl Hit {
    /// Builds a hit for a stored article.
    pub fn new(
        a: &Article,
        folds: &[(char, String)],
        score: f64,
        needles: &[Vec<char>],
        width: usize,
    ) -> Hit {
        let (snippet, marks) = snippet(&a.body, needles, width, folds);
        Hit {
            id: a.id.clone(),
            title: a.title.clone(),
            url: a.url.clone(),
            date: a.date.clone(),
            page: a.page.clone(),
            score: (score * 1e4).round() / 1e4,
            snippet,
            marks,
        }
    }
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Number of matching articles.
    pub total: usize,
    /// Time taken, filled in by the caller.
    pub took_ms: f64,
    /// The hits shown, best first.
    pub hits: Vec<Hit>,
}
