//! E.164 normalization of phone numbers typed by people.

use alloc::string::String;

/// Longest input looked at; anything longer is refused without scanning it.
const MAX_INPUT: usize = 64;

/// Normalizes `input` to E.164: strips spaces, dashes, dots and parentheses
/// (a `tel:` prefix too), then requires `+`, a non-zero first digit and 8–15
/// digits in all. Returns the problem as text on failure.
pub fn normalize_e164(input: &str) -> Result<String, &'static str> {
    if input.len() > MAX_INPUT {
        return Err("is too long to be a phone number");
    }
    let s = input.trim();
    let s = s.strip_prefix("tel:").unwrap_or(s);
    let mut out = String::with_capacity(16);
    for (i, c) in s.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push('+'),
            '0'..='9' => out.push(c),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            _ => return Err("must hold only digits, a leading +, spaces, dashes, dots or parentheses"),
        }
    }
    let digits = match out.strip_prefix('+') {
        Some(d) => d,
        None => return Err("must start with + and the country code (E.164)"),
    };
    if digits.starts_with('0') {
        return Err("must have a country code after + (no leading 0)");
    }
    if digits.len() < 8 || digits.len() > 15 {
        return Err("must have 8 to 15 digits after + (E.164)");
    }
    Ok(out)
}

/// Whether `s` reads as an attempt at a phone number (digits, `+` and
/// separators only), rather than a name.
pub fn looks_like_number(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_prefix("tel:").unwrap_or(s);
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| matches!(c, '0'..='9' | '+' | ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
}
