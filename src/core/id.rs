//! Genesys ids: UUIDs in the 8-4-4-4-12 hex form. Checking them keeps any
//! path fragment (`../`, `%2F`, `?`, `#`) out of request paths.

use alloc::string::String;

/// Whether `s` is a UUID in Genesys's form (either case).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The id in lower case, or the problem as text.
pub fn normalize_id(s: &str) -> Result<String, &'static str> {
    if is_uuid(s) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err("must be a Genesys id (a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6)")
    }
}
