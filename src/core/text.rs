//! Building and searching text without `core::fmt` or the two-way substring
//! searcher: both cost kilobytes of wasm for what a few loops do here.

use alloc::string::String;

/// The parts, one after another.
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The decimal digits of `n`.
pub fn num(n: u64) -> String {
    let mut s = String::new();
    super::json::push_u64(&mut s, n);
    s
}

/// The byte offset of the first `needle` in `hay` (a plain scan: the texts
/// searched here are short).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}
