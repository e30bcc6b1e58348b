//! DEFLATE decoding (RFC 1951), small enough for the browser module.
//!
//! The wasm module inflates the gzip members of an index itself (a
//! `DecompressionStream` per member costs milliseconds of task hops), and
//! every kilobyte of the module is paid by every reader's first search: this
//! decoder is ~2 KiB of wasm where a general-purpose crate is ~8 KiB. It
//! decodes with one lookup table per Huffman code, indexed by the next
//! (longest-code) bits, and is checked against zlib (`flate2`) in the
//! tests. Native readers use `miniz_oxide`.

use crate::error::FormatError;

/// Order of the code-length code lengths in a dynamic block header.
const ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];
/// Base lengths and extra bits of length symbols 257..=285.
const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Base distances and extra bits of distance symbols 0..=29.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Bits of the input, least significant first.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
}

/// A Huffman code as a table indexed by the next `bits` input bits:
/// `symbol << 4 | length`, 0 for no code.
struct Code {
    table: Vec<u16>,
    bits: u32,
}

fn corrupt(what: &str) -> FormatError {
    FormatError::Corrupt {
        file: String::new(),
        what: format!("deflate: {what}"),
    }
}

impl Bits<'_> {
    /// Tops the buffer up to at least 32 bits (zeros past the end; reading
    /// them is caught by [`Bits::used`]).
    fn fill(&mut self) {
        while self.count <= 56 {
            let b = self.data.get(self.pos).copied().unwrap_or(0);
            self.pos += 1;
            self.buf |= u64::from(b) << self.count;
            self.count += 8;
        }
    }

    fn take(&mut self, n: u32) -> u32 {
        if self.count < n {
            self.fill();
        }
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.buf >>= n;
        self.count -= n;
        v
    }

    /// Whether more bits were taken than the input holds.
    fn overrun(&self) -> bool {
        self.pos > self.data.len() && (self.pos - self.data.len()) * 8 > self.count as usize
    }

    fn decode(&mut self, code: &Code) -> Result<u16, FormatError> {
        if self.count < code.bits {
            self.fill();
        }
        let e = code.table[(self.buf & ((1u64 << code.bits) - 1)) as usize];
        let len = u32::from(e & 15);
        if len == 0 {
            return Err(corrupt("invalid code"));
        }
        self.buf >>= len;
        self.count -= len;
        Ok(e >> 4)
    }
}

impl Code {
    /// The canonical code of these code lengths (0 = unused symbol).
    fn new(lengths: &[u8]) -> Result<Code, FormatError> {
        let bits = u32::from(lengths.iter().copied().max().unwrap_or(0)).max(1);
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        count[0] = 0;
        let mut next = [0u32; 16];
        let mut code = 0u32;
        for l in 1..16 {
            code = (code + u32::from(count[l - 1])) << 1;
            next[l] = code;
        }
        let mut table = vec![0u16; 1 << bits];
        for (sym, &l) in lengths.iter().enumerate() {
            if l == 0 {
                continue;
            }
            let l32 = u32::from(l);
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            if c >= 1 << l32 {
                return Err(corrupt("over-subscribed code"));
            }
            // Codes are sent most significant bit first: reverse them.
            let rev = c.reverse_bits() >> (32 - l32);
            let entry = (sym as u16) << 4 | u16::from(l);
            let mut i = rev as usize;
            while i < table.len() {
                table[i] = entry;
                i += 1 << l32;
            }
        }
        Ok(Code { table, bits })
    }
}

/// Inflates a raw DEFLATE stream whose output is `size` bytes long.
pub fn inflate(data: &[u8], size: usize) -> Result<Vec<u8>, FormatError> {
    // DEFLATE expands at most 1032:1, so a damaged `size` cannot make this
    // allocate much more than the data warrants. The output is written
    // through a slice with a cursor: in the size-optimised wasm build a
    // `Vec::push` per byte is a call.
    let mut out = vec![0u8; size.min(data.len().saturating_mul(1032))];
    let mut n = 0;
    let mut bits = Bits {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    loop {
        let last = bits.take(1) == 1;
        match bits.take(2) {
            0 => {
                // Stored: byte-aligned length, its complement, the bytes.
                let drop = bits.count % 8;
                bits.take(drop);
                let len = bits.take(16) as usize;
                if bits.take(16) as usize != !len & 0xffff {
                    return Err(corrupt("stored block length"));
                }
                if n + len > out.len() {
                    return Err(corrupt("too long"));
                }
                for b in &mut out[n..n + len] {
                    *b = bits.take(8) as u8;
                }
                n += len;
            }
            1 => {
                let mut l = [8u8; 288];
                l[144..256].fill(9);
                l[256..280].fill(7);
                block(
                    &mut bits,
                    &mut out,
                    &mut n,
                    &Code::new(&l)?,
                    &Code::new(&[5; 30])?,
                )?;
            }
            2 => {
                let (lit, dist) = dynamic(&mut bits)?;
                block(&mut bits, &mut out, &mut n, &lit, &dist)?;
            }
            _ => return Err(corrupt("invalid block type")),
        }
        if bits.overrun() {
            return Err(corrupt("truncated or too long"));
        }
        if last {
            break;
        }
    }
    if n != size {
        return Err(corrupt("wrong length"));
    }
    Ok(out)
}

/// Reads a dynamic block's code lengths.
fn dynamic(bits: &mut Bits) -> Result<(Code, Code), FormatError> {
    let nlen = bits.take(5) as usize + 257;
    let ndist = bits.take(5) as usize + 1;
    let ncode = bits.take(4) as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(corrupt("bad counts"));
    }
    let mut cl = [0u8; 19];
    for &i in &ORDER[..ncode] {
        cl[i] = bits.take(3) as u8;
    }
    let clc = Code::new(&cl)?;
    let mut lengths = vec![0u8; nlen + ndist];
    let mut i = 0;
    while i < lengths.len() {
        let sym = bits.decode(&clc)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 if i > 0 => (lengths[i - 1], 3 + bits.take(2) as usize),
            17 => (0, 3 + bits.take(3) as usize),
            18 => (0, 11 + bits.take(7) as usize),
            _ => return Err(corrupt("bad code lengths")),
        };
        if i + repeat > lengths.len() {
            return Err(corrupt("code lengths overflow"));
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
        if bits.overrun() {
            return Err(corrupt("truncated"));
        }
    }
    if lengths[256] == 0 {
        return Err(corrupt("no end-of-block code"));
    }
    Ok((Code::new(&lengths[..nlen])?, Code::new(&lengths[nlen..])?))
}

/// Decodes one compressed block into `out` from `n` on (moving `n`);
/// the output may not run past the end of `out`.
fn block(
    bits: &mut Bits,
    out: &mut [u8],
    n: &mut usize,
    lit: &Code,
    dist: &Code,
) -> Result<(), FormatError> {
    loop {
        let sym = bits.decode(lit)? as usize;
        if sym < 256 {
            if *n >= out.len() || bits.overrun() {
                return Err(corrupt("truncated or too long"));
            }
            out[*n] = sym as u8;
            *n += 1;
            continue;
        }
        if sym == 256 {
            return Ok(());
        }
        let k = sym - 257;
        if k >= 29 {
            return Err(corrupt("bad length symbol"));
        }
        let len = usize::from(LEN_BASE[k]) + bits.take(u32::from(LEN_EXTRA[k])) as usize;
        let d = bits.decode(dist)? as usize;
        if d >= 30 {
            return Err(corrupt("bad distance symbol"));
        }
        let back = usize::from(DIST_BASE[d]) + bits.take(u32::from(DIST_EXTRA[d])) as usize;
        if back > *n {
            return Err(corrupt("distance too far back"));
        }
        if bits.overrun() || *n + len > out.len() {
            return Err(corrupt("truncated or too long"));
        }
        let from = *n - back;
        if back >= len {
            out.copy_within(from..from + len, *n);
        } else {
            // The copy overlaps what it writes (a run): byte by byte.
            for j in 0..len {
                out[*n + j] = out[from + j];
            }
        }
        *n += len;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use flate2::{write::DeflateEncoder, Compression};
    use std::io::Write;

    /// What zlib writes.
    fn deflate(data: &[u8], level: i32) -> Vec<u8> {
        let mut e = DeflateEncoder::new(Vec::new(), Compression::new(level as u32));
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Text-like, repetitive and random bytes of many lengths.
    fn samples() -> Vec<Vec<u8>> {
        let mut v = vec![vec![], b"a".to_vec(), "融媒体中心".repeat(500).into_bytes()];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for n in [10, 100, 1000, 5000, 70_000, 300_000] {
            let mut b = Vec::with_capacity(n);
            for i in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly small values (like varints), some runs, some noise.
                b.push(match i % 97 {
                    0..=60 => (x % 7) as u8,
                    61..=80 => b.get(i.saturating_sub(40)).copied().unwrap_or(0),
                    _ => x as u8,
                });
            }
            v.push(b);
        }
        v
    }

    /// What the index builder writes: libdeflate.
    fn libdeflate(data: &[u8], level: i32) -> Vec<u8> {
        use libdeflater::{CompressionLvl, Compressor};
        let mut c = Compressor::new(CompressionLvl::new(level).unwrap());
        let mut out = vec![0; c.deflate_compress_bound(data.len())];
        let n = c.deflate_compress(data, &mut out).unwrap();
        out.truncate(n);
        out
    }

    #[test]
    fn inflates_what_zlib_and_libdeflate_deflate_at_every_level() {
        type Compress = fn(&[u8], i32) -> Vec<u8>;
        let compressors: [(&str, Compress, [i32; 4]); 2] = [
            ("zlib", deflate, [0, 1, 6, 9]),
            ("libdeflate", libdeflate, [0, 1, 6, 12]),
        ];
        for data in samples() {
            for (name, compress, levels) in compressors {
                for level in levels {
                    let z = compress(&data, level);
                    let got = inflate(&z, data.len()).unwrap();
                    assert_eq!(got, data, "{name} {level}, {} bytes", data.len());
                }
            }
        }
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let data = samples().swap_remove(6);
        let z = deflate(&data, 6);
        assert!(inflate(&z, data.len() + 1).is_err(), "wrong length");
        // The output is written into a buffer of the claimed size (at most
        // what the data can expand to): a claim too small or far too large
        // is an error, not a write out of bounds.
        assert!(inflate(&z, data.len() - 1).is_err(), "longer than claimed");
        assert!(inflate(&z, 0).is_err(), "claimed empty");
        assert!(
            inflate(&z, z.len() * 2000).is_err(),
            "claim beyond any expansion"
        );
        let stored = deflate(&data[..1000], 0);
        assert!(
            inflate(&stored, 999).is_err(),
            "stored block longer than claimed"
        );
        assert_eq!(inflate(&stored, 1000).unwrap(), &data[..1000]);
        assert!(inflate(&z[..z.len() / 2], data.len()).is_err(), "truncated");
        for at in (0..z.len()).step_by(z.len() / 200 + 1) {
            for flip in [1u8, 0x80] {
                let mut bad = z.clone();
                bad[at] ^= flip;
                // Either an error or (rarely) other bytes of the right length:
                // the gzip CRC catches those.
                if let Ok(out) = inflate(&bad, data.len()) {
                    assert_eq!(out.len(), data.len());
                }
            }
        }
    }
}
