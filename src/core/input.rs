//! Reading options objects: any `serde::Deserializer` over the options (in
//! wasm, serde-wasm-bindgen over the JS object; natively in tests, a
//! `serde_json::Value`) into one typed struct per options object, declared
//! with [`options!`]. Every field is checked for type as it is deserialized,
//! errors name the field (`to.queueId`, `retry.limit`), and every key the
//! package does not know is collected and reported. `null` counts as absent.
//!
//! Each field is a [`Field`]: a type error is kept in it, not raised, so the
//! struct is always read whole and the error can name the key it came from
//! (the key literal sits next to the field in the [`options!`] declaration).
//! This is sound because every field value has its own deserializer (in
//! serde-wasm-bindgen, in `Value`, and in the buffered content `flatten`
//! uses); a streaming text deserializer would not allow it.
//!
//! Unknown keys are collected (`#[serde(flatten)] unknown: Unknown`, which
//! makes serde read the object as a map, seeing every own key) rather than
//! refused by `deny_unknown_fields`, so each reader reports them after its
//! own checks ("`muted` is required" before "`held` is not a known option").

use super::error::Error;
use super::{id, phone};
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use core::fmt;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;

/// Longest free-text value accepted (names, labels, addresses, UUI data).
pub const MAX_TEXT: usize = 1024;

/// Longest unknown key shown in an error.
const MAX_SHOWN_KEY: usize = 64;

/// An options object declared with [`options!`].
pub trait Options {
    /// The first field (in declaration order, nested options objects
    /// included) whose value was refused, as `invalid_input` naming
    /// `<prefix>.<key>`. Unknown keys are not checked here: see [`Unknown`].
    fn check(&self, prefix: &str) -> Result<(), Error>;
}

/// Declares an options object: a struct of [`Field`]s, each with the JS key
/// it is read from, plus the unknown keys, and its [`Options::check`].
/// A field marked `(nested)` holds an options object whose own fields are
/// checked with the key as their prefix.
///
/// ```ignore
/// options! {
///     pub struct TransferOptions {
///         conversation_id: Id = "conversationId",
///         to: TargetOptions = "to" (nested),
///     }
/// }
/// ```
macro_rules! options {
    ($(#[$meta:meta])* $vis:vis struct $name:ident {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty = $key:tt $(($nested:ident))?),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize)]
        $vis struct $name {
            $($(#[$fmeta])* #[serde(rename = $key, default)] pub $field: $crate::core::input::Field<$ty>,)*
            /// The keys no field took.
            #[serde(flatten)]
            pub unknown: $crate::core::input::Unknown,
        }

        impl $crate::core::input::Options for $name {
            fn check(&self, prefix: &str) -> Result<(), $crate::core::Error> {
                let _ = prefix;
                $(
                    self.$field.check(prefix, $key)?;
                    $(
                        let _ = stringify!($nested);
                        if let Some(v) = self.$field.value() {
                            $crate::core::input::Options::check(v, &$crate::core::input::join(prefix, $key))?;
                        }
                    )?
                )*
                Ok(())
            }
        }
    };
}
pub(crate) use options;

/// Reads `options` (an object) as `T`; `what` names the whole value in
/// errors. A problem inside is `invalid_input` naming the field by its path.
pub fn parse<'de, T: Deserialize<'de> + Options, D: Deserializer<'de>>(options: D, what: &str) -> Result<T, Error> {
    // Every field keeps its own error, so what fails here is the object itself.
    let o = T::deserialize(options).map_err(|_| Error::invalid(what, "must be an object"))?;
    o.check("")?;
    Ok(o)
}

/// `<prefix>.<key>`, or `key` at the top.
pub fn join(prefix: &str, key: &str) -> String {
    let mut name = String::with_capacity(prefix.len() + key.len() + 1);
    if !prefix.is_empty() {
        name.push_str(prefix);
        name.push('.');
    }
    name.push_str(key);
    name
}

/// One field of an options object: absent (or `null`), a value, or why the
/// value given was refused (in words that leave the value out).
pub struct Field<T>(Result<Option<T>, String>);

impl<T> Default for Field<T> {
    fn default() -> Self {
        Field(Ok(None))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Field(Option::<T>::deserialize(d).map_err(|e| problem(&e.to_string()))))
    }
}

impl<T> Field<T> {
    /// The value, once [`Options::check`] passed (a refused value reads as absent).
    pub fn get(self) -> Option<T> {
        self.0.ok().flatten()
    }

    pub fn value(&self) -> Option<&T> {
        self.0.as_ref().ok().and_then(Option::as_ref)
    }

    pub fn is_some(&self) -> bool {
        self.value().is_some()
    }

    pub fn is_none(&self) -> bool {
        self.value().is_none()
    }

    /// `invalid_input` naming `<prefix>.<key>` if the value was refused.
    pub fn check(&self, prefix: &str, key: &str) -> Result<(), Error> {
        match &self.0 {
            Ok(_) => Ok(()),
            Err(p) => Err(Error::invalid(&join(prefix, key), p)),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: PartialEq> PartialEq<Option<T>> for Field<T> {
    fn eq(&self, other: &Option<T>) -> bool {
        matches!(&self.0, Ok(v) if v == other)
    }
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
