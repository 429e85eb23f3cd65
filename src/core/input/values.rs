//! The value types of option fields: free text, Genesys ids, phone
//! numbers, bounded whole numbers and one-of strings, each checked as it is
//! deserialized.

use alloc::string::String;
use core::fmt;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use super::super::{id, phone};
use super::MAX_TEXT;

/// Free text: non-empty, bounded, no control characters.
pub fn check_text(s: &str) -> Result<(), &'static str> {
    if s.trim().is_empty() {
        Err("must not be empty")
    } else if s.chars().count() > MAX_TEXT {
        Err("is too long (over 1024 characters)")
    } else if s.chars().any(char::is_control) {
        Err("must not contain control characters")
    } else {
        Ok(())
    }
}

/// A string field checked by `check` when deserialized; `expecting` words
/// the type error ("must be <expecting>").
fn checked_string<'de, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
    check: fn(&str) -> Result<String, &'static str>,
) -> Result<String, D::Error> {
    struct V {
        expecting: &'static str,
        check: fn(&str) -> Result<String, &'static str>,
    }
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            (self.check)(v).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
            Err(E::invalid_type(Unexpected::Other("a number"), &self))
        }
    }
    d.deserialize_str(V { expecting, check })
}

/// Free text (see [`check_text`]), as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_string(d, "a string", |s| check_text(s).map(|_| String::from(s))).map(Text)
    }
}

/// A Genesys id, in lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_string(d, "a string holding a Genesys id", id::normalize_id).map(Id)
    }
}

/// A phone number, normalized to E.164.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(pub String);

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_string(d, "a string holding a phone number", phone::normalize_e164).map(Phone)
    }
}

/// A whole number in `MIN..=MAX`. JS numbers arrive as integers when they
/// are safe integers, else as floats: `2.0` is 2, while `1.5`, `-1`, `1e300`,
/// NaN or anything not a number is refused (never truncated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Whole<const MIN: u64, const MAX: u64>(pub u64);

impl<'de, const MIN: u64, const MAX: u64> Deserialize<'de> for Whole<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WholeVisitor::<MIN, MAX>).map(Whole)
    }
}

/// Reads a whole number in `MIN..=MAX` (shared by [`Whole`] and `retry`).
pub struct WholeVisitor<const MIN: u64, const MAX: u64>;

impl<const MIN: u64, const MAX: u64> Visitor<'_> for WholeVisitor<MIN, MAX> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a whole number from {MIN} to {MAX}")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        if (MIN..=MAX).contains(&v) {
            Ok(v)
        } else {
            Err(E::invalid_value(Unexpected::Other("a number"), &self))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(E::invalid_value(Unexpected::Other("a number"), &self)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        // Every whole float up to MAX (at most u64::MAX) converts exactly
        // enough to compare; the cast saturates and is only taken in range.
        if v.is_finite() && v.fract() == 0.0 && v >= MIN as f64 && v <= MAX as f64 {
            self.visit_u64(v as u64)
        } else {
            // Not `Unexpected::Float(v)`: formatting a float costs 14 KB of wasm.
            Err(E::invalid_value(Unexpected::Other("a number"), &self))
        }
    }
}

/// Reads one of `allowed`, exactly (case-sensitive), as its `&'static str`.
pub fn one_of<'de, D: Deserializer<'de>>(d: D, allowed: &'static [&'static str]) -> Result<&'static str, D::Error> {
    struct V(&'static [&'static str]);
    impl Visitor<'_> for V {
        type Value = &'static str;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("one of ")?;
            for (i, a) in self.0.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(a)?;
            }
            Ok(())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<&'static str, E> {
            match self.0.iter().find(|a| **a == v) {
                Some(a) => Ok(*a),
                // Not `Unexpected::Str(v)`: the value is left out of messages.
                None => Err(E::invalid_value(Unexpected::Other("another string"), &self)),
            }
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<&'static str, E> {
            Err(E::invalid_type(Unexpected::Other("a number"), &self))
        }
    }
    d.deserialize_str(V(allowed))
}
