//! Small text helpers shared by the messages and checks.

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
    alloc::string::ToString::to_string(&n)
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

/// How many characters (Unicode scalar values) `s` holds.
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// `s` split around its first `byte` (an ASCII byte), without it. A byte scan
/// instead of `str::split_once(char)` and its character searcher.
pub fn split_once(s: &str, byte: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == byte)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// The part of `s` before its first `byte` (an ASCII byte), or all of it.
pub fn before(s: &str, byte: u8) -> &str {
    split_once(s, byte).map_or(s, |(head, _)| head)
}
