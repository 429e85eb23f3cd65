//! Reading options objects: a `serde_json::Value` (the bindings' conversion
//! of the JS object) into one typed struct per options object. Every field is
//! checked for type as it is deserialized, errors name the field (`to.queueId`,
//! `retry.limit`), and every key the package does not know is collected and
//! reported. `null` counts as absent: every field is an `Option`.
//!
//! Unknown keys are collected (`#[serde(flatten)] unknown: Unknown`) rather
//! than refused by `deny_unknown_fields`, so each reader reports them after
//! its own checks ("`muted` is required" before "`held` is not a known
//! option"), and so known fields keep their paths for type errors.

use super::error::Error;
use super::{id, phone};
use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt;
use serde::de::{self, DeserializeOwned, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// Longest free-text value accepted (names, labels, addresses, UUI data).
pub const MAX_TEXT: usize = 1024;

/// Longest unknown key shown in an error.
const MAX_SHOWN_KEY: usize = 64;

/// Reads `options` (an object) as `T`; `what` names the whole value in errors.
/// A problem inside is `invalid_input` naming the field by its path.
pub fn parse<T: DeserializeOwned>(options: Value, what: &str) -> Result<T, Error> {
    if !options.is_object() {
        return Err(Error::invalid(what, "must be an object"));
    }
    serde_path_to_error::deserialize(options).map_err(|e| {
        let field = field_name(e.path(), what);
        Error::invalid(&field, &problem(&e.inner().to_string()))
    })
}

/// The field a path names: its object keys joined by `.`, up to the first
/// array index (an entry of `routingSkillsIds` is reported as the field).
fn field_name(path: &serde_path_to_error::Path, what: &str) -> String {
    let mut name = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => {
                if !name.is_empty() {
                    name.push('.');
                }
                name.extend(key.chars().take(MAX_SHOWN_KEY));
            }
            _ => break,
        }
    }
    if name.is_empty() {
        name.push_str(what);
    }
    name
}

/// serde's wording made readable: "invalid type: integer `5`, expected a
/// string" becomes "must be a string" (the value itself is left out: it may
/// be anything the caller passed). Our own checks' messages pass unchanged.
fn problem(message: &str) -> String {
    let serde_says = ["invalid type: ", "invalid value: ", "invalid length "].iter().any(|p| message.starts_with(p));
    // The expected part is ours (a visitor's `expecting`); the value before it
    // may contain anything, so search from the end.
    match message.rfind(", expected ") {
        Some(at) if serde_says => {
            let expected = message.get(at + ", expected ".len()..).unwrap_or("");
            if expected.starts_with("struct ") || expected == "a map" {
                String::from("must be an object")
            } else if expected == "a boolean" {
                String::from("must be true or false")
            } else {
                let mut m = String::from("must be ");
                m.push_str(expected);
                m
            }
        }
        _ => String::from(message),
    }
}

/// The keys of an options object that no field took, in key order (their
/// values are skipped, not kept).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Unknown(BTreeMap<String, de::IgnoredAny>);

impl Unknown {
    /// Reports the first unknown key as `<prefix>.<key>: is not a known option`.
    pub fn check(&self, prefix: &str) -> Result<(), Error> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(k) => {
                let mut name = String::from(prefix);
                if !name.is_empty() {
                    name.push('.');
                }
                name.extend(k.chars().take(MAX_SHOWN_KEY));
                Err(Error::invalid(&name, "is not a known option"))
            }
        }
    }
}

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
            Err(E::invalid_value(Unexpected::Unsigned(v), &self))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        // Every whole float up to MAX (at most u64::MAX) converts exactly
        // enough to compare; the cast saturates and is only taken in range.
        if v.is_finite() && v.fract() == 0.0 && v >= MIN as f64 && v <= MAX as f64 {
            self.visit_u64(v as u64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
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
    }
    d.deserialize_str(V(allowed))
}
