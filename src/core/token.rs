//! The access token as the host hands it in: what a usable one looks like,
//! and keeping it out of any text the package shows.

use alloc::borrow::Cow;

/// Longest token accepted (Genesys tokens are far shorter; this bounds a header).
pub const MAX_TOKEN: usize = 8192;

/// Whether `token` can go in an `Authorization: Bearer` header: 1 to 8192
/// visible ASCII characters (0x21..=0x7e), so it cannot split a header or
/// smuggle a second one. The problem as text on failure.
pub fn check(token: &str) -> Result<(), &'static str> {
    if token.is_empty() || token.chars().count() > MAX_TOKEN {
        return Err("must be a non-empty string of at most 8192 characters");
    }
    if !token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err("must hold only visible ASCII characters (no spaces or line breaks)");
    }
    Ok(())
}

/// `text` with every occurrence of `token` replaced by `[redacted]` (for
/// messages that may echo what a server or provider said). An empty token
/// leaves the text as it is.
pub fn redact<'a>(text: &'a str, token: &str) -> Cow<'a, str> {
    if token.is_empty() || !text.contains(token) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace(token, "[redacted]"))
    }
}
