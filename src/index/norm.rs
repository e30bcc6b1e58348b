//! Norms: a document's body length, quantised into one byte, as every
//! postings list stores it for BM25's length normalisation.

use std::sync::OnceLock;

fn norm_table() -> &'static [f64; 256] {
    static TABLE: OnceLock<[f64; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0f64; 256];
        for (n, v) in t.iter_mut().enumerate().take(64) {
            *v = (n * 8) as f64;
        }
        for n in 64..256 {
            t[n] = t[n - 1] * 1.04 + 1.0;
        }
        t
    })
}

/// Quantises a body length (in characters) into one byte: exact to 8
/// characters below 512, then within 4%.
pub fn norm_of(len: u32) -> u8 {
    let t = norm_table();
    let len = f64::from(len);
    let i = t.partition_point(|&v| v < len);
    i.min(255) as u8
}

/// The body length a norm byte stands for.
pub fn len_of(norm: u8) -> f64 {
    norm_table()[norm as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn norms_are_monotonic_and_close() {
        let mut last = 0;
        for len in [0u32, 1, 8, 9, 100, 511, 512, 1000, 5000, 100_000, u32::MAX] {
            let n = norm_of(len);
            assert!(n >= last);
            last = n;
            if (1..1_000_000).contains(&len) {
                let back = len_of(n);
                assert!(
                    back >= f64::from(len) && back <= f64::from(len) * 1.05 + 8.0,
                    "{len} -> {back}"
                );
            }
        }
    }
}
