//! BM25 with a title boost, computed identically on every target (`libm`).

use crate::index::norm::len_of;

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalisation.
pub const B: f64 = 0.75;
/// Weight of a title occurrence relative to a body occurrence.
pub const TITLE_WEIGHT: f64 = 3.0;

/// Inverse document frequency of a term held by `df` of `n` documents.
pub fn idf(df: usize, n: u32) -> f64 {
    let (df, n) = (df as f64, f64::from(n));
    libm::log(1.0 + (n - df + 0.5) / (df + 0.5))
}

/// BM25 for one query's average length: the length part of the
/// denominator, per norm byte, computed once instead of per document.
/// [`Bm25::score`] is bit for bit [`bm25`].
pub struct Bm25 {
    den: [f64; 256],
}

impl Bm25 {
    /// The table for documents of average length `avg_len`.
    pub fn new(avg_len: f64) -> Self {
        let mut den = [0.0; 256];
        for (n, d) in den.iter_mut().enumerate() {
            *d = length_part(n as u8, avg_len);
        }
        Bm25 { den }
    }

    /// BM25 of one term in one document of norm `norm`.
    pub fn score(&self, idf: f64, title_tf: u32, body_tf: u32, norm: u8) -> f64 {
        saturate(idf, title_tf, body_tf, self.den[norm as usize])
    }
}

/// BM25 of one term in one document.
pub fn bm25(idf: f64, title_tf: u32, body_tf: u32, norm: u8, avg_len: f64) -> f64 {
    saturate(idf, title_tf, body_tf, length_part(norm, avg_len))
}

/// The denominator's length part for a document of norm `norm`.
fn length_part(norm: u8, avg_len: f64) -> f64 {
    K1 * (1.0 - B + B * len_of(norm).max(1.0) / avg_len.max(1.0))
}

/// BM25 from the term's counts and the denominator's length part.
fn saturate(idf: f64, title_tf: u32, body_tf: u32, length_part: f64) -> f64 {
    let tf = f64::from(body_tf) + TITLE_WEIGHT * f64::from(title_tf);
    if tf == 0.0 {
        return 0.0;
    }
    idf * tf * (K1 + 1.0) / (tf + length_part)
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_table_scores_exactly_as_the_formula() {
        for avg in [1.0, 57.3, 300.0, 783.0533] {
            let table = Bm25::new(avg);
            for norm in 0..=255u8 {
                for (t, b) in [(0, 0), (0, 1), (1, 0), (2, 7), (0, 300)] {
                    let (x, y) = (table.score(1.7, t, b, norm), bm25(1.7, t, b, norm, avg));
                    assert_eq!(x.to_bits(), y.to_bits(), "avg {avg} norm {norm} tf {t}/{b}");
                }
            }
        }
    }

    #[test]
    fn rarer_terms_and_titles_weigh_more() {
        assert!(idf(1, 1000) > idf(100, 1000));
        assert!(idf(1000, 1000) > 0.0);
        let body = bm25(1.0, 0, 1, 40, 300.0);
        let title = bm25(1.0, 1, 0, 40, 300.0);
        assert!(title > body);
        assert!(
            bm25(1.0, 0, 1, 10, 300.0) > bm25(1.0, 0, 1, 200, 300.0),
            "shorter documents score higher"
        );
        assert_eq!(bm25(1.0, 0, 0, 10, 300.0), 0.0);
    }
}
