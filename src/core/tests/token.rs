//! The token: what a usable one looks like, and keeping it out of text.

use crate::core::token::{check, redact};

#[test]
fn a_visible_ascii_token_up_to_8192_characters_is_accepted() {
    assert_eq!(check("eyJhbGciOi.JIUzI1NiJ9-_~+/="), Ok(()));
    assert_eq!(check(&"a".repeat(8192)), Ok(()));
    assert_eq!(check("!"), Ok(()));
    assert_eq!(check("~"), Ok(()));
}

#[test]
fn an_empty_or_overlong_token_is_refused() {
    for bad in [String::new(), "a".repeat(8193)] {
        assert_eq!(check(&bad), Err("must be a non-empty string of at most 8192 characters"), "{} chars", bad.len());
    }
}

#[test]
fn a_token_with_spaces_line_breaks_or_non_ascii_is_refused() {
    for bad in ["abc def", "abc\r\nX-Evil: 1", "abc\n", "\tabc", "tokén", "abc\u{0}", "abc\u{7f}", "Bearer abc"] {
        assert_eq!(check(bad), Err("must hold only visible ASCII characters (no spaces or line breaks)"), "{bad:?}");
    }
}

#[test]
fn redact_replaces_every_occurrence_of_the_token() {
    let token = "tok-123";
    assert_eq!(redact("bad token tok-123, again tok-123!", token), "bad token [redacted], again [redacted]!");
    assert_eq!(redact("tok-123", token), "[redacted]");
}

#[test]
fn redact_leaves_text_without_the_token_unchanged_and_borrowed() {
    assert!(matches!(redact("nothing secret here", "tok-123"), std::borrow::Cow::Borrowed("nothing secret here")));
    assert!(matches!(redact("anything", ""), std::borrow::Cow::Borrowed("anything")));
    assert_eq!(redact("", "tok"), "");
}
