//! The folding rules every target knows (also compiled into `build.rs`,
//! which tabulates the full fold; so this file stands alone).

/// The rules every target knows: ASCII lowercase, full-width ASCII forms
/// (U+FF01..U+FF5E) to ASCII, the ideographic space to a space. `None` for
/// any other character.
#[inline]
pub fn builtin(c: char) -> Option<char> {
    match c as u32 {
        0..=0x7f => Some(c.to_ascii_lowercase()),
        0xff01..=0xff5e => char::from_u32(c as u32 - 0xfee0).map(|a| a.to_ascii_lowercase()),
        0x3000 => Some(' '),
        _ => None,
    }
}
