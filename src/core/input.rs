//! Reading options objects: any `serde::Deserializer` over the options (in
//! wasm, serde-wasm-bindgen over the JS object; natively in tests, a JSON
//! value) into one typed struct per options object, declared
//! with [`options!`]. Every field is checked for type as it is deserialized,
//! errors name the field (`to.queueId`, `retry.limit`), and every key the
//! package does not know is collected and reported. `null` counts as absent.
//!
//! Each field is a [`Field`]: a type error is kept in it, not raised, so the
//! struct is always read whole and the error can name the key it came from
//! (the key literal sits next to the field in the [`options!`] declaration).
//! This is sound because every field value has its own deserializer (in
//! serde-wasm-bindgen and in `Value`); a streaming text deserializer would
//! not allow it.
//!
//! The options are read twice (see [`Input`]): once as the typed struct,
//! with a plain derive that asks only for its own keys (no
//! `#[serde(flatten)]`, whose buffered map reading costs ~2 KB of wasm per
//! options struct), and once as [`Keys`], the keys of every object, from
//! which each struct takes its unknown keys ([`Unknown`]). They are
//! collected rather than refused by `deny_unknown_fields`, so each reader
//! reports them after its own checks ("`muted` is required" before "`held`
//! is not a known option").

use super::error::Error;
use super::{id, phone};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
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

    /// Takes its unknown keys (and its nested objects' own) from `keys`, the
    /// same value read as [`Keys`]; refuses a value that is not an object
    /// (the derived struct would also read an array, positionally).
    fn unknown_keys(&mut self, keys: &Keys) -> Result<(), &'static str>;

    /// Whether only an object is read as this (then anything else is
    /// refused as "must be an object", whatever reading it as the struct
    /// gave: `serde_json` reads an array into a struct positionally).
    const OBJECT_ONLY: bool = true;
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
            /// The keys no field took (filled in by [`input::parse`](crate::core::input::parse)).
            #[serde(skip)]
            pub unknown: $crate::core::input::Unknown,
        }

        impl $name {
            /// The JS keys of the fields, in declaration order.
            #[allow(dead_code)]
            pub const KEYS: &'static [&'static str] = &[$($key),*];
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

            fn unknown_keys(&mut self, keys: &$crate::core::input::Keys) -> Result<(), &'static str> {
                let entries = keys.entries().ok_or("must be an object")?;
                self.unknown = $crate::core::input::Unknown::of(entries, Self::KEYS);
                $(
                    $(
                        let _ = stringify!($nested);
                        self.$field.unknown_keys(entries, $key);
                    )?
                )*
                Ok(())
            }
        }
    };
}
pub(crate) use options;

/// The options, readable twice: as the typed struct and as its [`Keys`].
/// Any `Clone` deserializer is (`serde_json::Value` natively, or `&Value`);
/// one that is not (serde-wasm-bindgen's) is given as a [`Twice`].
pub trait Input<'de> {
    type Reader: Deserializer<'de>;
    /// The two readers of the same value.
    fn readers(self) -> (Self::Reader, Self::Reader);
}

impl<'de, D: Deserializer<'de> + Clone> Input<'de> for D {
    type Reader = D;
    fn readers(self) -> (D, D) {
        (self.clone(), self)
    }
}

/// A deserializer that cannot be cloned, as a function making a new one
/// over the same value each time it is called (in wasm:
/// `Twice(|| <the wasm deserializer over a copy>)`).
pub struct Twice<F>(pub F);

impl<'de, D: Deserializer<'de>, F: Fn() -> D> Input<'de> for Twice<F> {
    type Reader = D;
    fn readers(self) -> (D, D) {
        ((self.0)(), (self.0)())
    }
}

/// Reads `options` (an object) as `T`; `what` names the whole value in
/// errors. A problem inside is `invalid_input` naming the field by its path.
/// Unknown keys are kept in each struct's `unknown`, for its reader to
/// check after its own checks.
pub fn parse<'de, T: Deserialize<'de> + Options, I: Input<'de>>(options: I, what: &str) -> Result<T, Error> {
    let (typed, keys) = options.readers();
    // Every field keeps its own error, so what fails here is the object itself.
    let not_object = |_| Error::invalid(what, "must be an object");
    let mut o = T::deserialize(typed).map_err(not_object)?;
    let keys = Keys::deserialize(keys).map_err(not_object)?;
    o.unknown_keys(&keys).map_err(|p| Error::invalid(what, p))?;
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

impl<T: Options> Field<T> {
    /// Gives a nested options object its unknown keys, from `entries` (its
    /// parent's keys); a value that is not an object is refused here.
    pub fn unknown_keys(&mut self, entries: &[(String, Keys)], key: &str) {
        let Some((_, keys)) = entries.iter().find(|(k, _)| k == key) else { return };
        match &mut self.0 {
            Ok(Some(v)) => {
                if let Err(p) = v.unknown_keys(keys) {
                    self.0 = Err(String::from(p));
                }
            }
            Err(_) if T::OBJECT_ONLY && keys.entries().is_none() => self.0 = Err(String::from("must be an object")),
            _ => {}
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
pub(crate) fn problem(message: &str) -> String {
    // serde-wasm-bindgen's errors are JS `Error`s and display as JS shows
    // them, with an `Error: ` prefix.
    let message = message.strip_prefix("Error: ").unwrap_or(message);
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

/// The first key (in key order) of an options object that no field took.
#[derive(Debug, Default)]
pub struct Unknown(Option<String>);

impl Unknown {
    /// The first of `entries`' keys not in `known`.
    pub fn of(entries: &[(String, Keys)], known: &[&str]) -> Unknown {
        Unknown(entries.iter().map(|(k, _)| k).filter(|k| !known.contains(&k.as_str())).min().cloned())
    }

    /// Reports the first unknown key as `<prefix>.<key>: is not a known option`.
    pub fn check(&self, prefix: &str) -> Result<(), Error> {
        match &self.0 {
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

/// Deepest object whose keys [`Keys`] reads (the bindings already cap input
/// depth at 16); anything deeper is skipped.
const MAX_KEYS_DEPTH: u8 = 32;

/// A value read for its keys only: an object's own keys, each with its
/// value read the same way; `None` for anything else. One visitor, so one
/// instance per deserializer type, however many options structs there are.
#[derive(Debug)]
pub struct Keys(Option<Vec<(String, Keys)>>);

impl Keys {
    /// The object's keys with their values, or `None` if it is not an object.
    pub fn entries(&self) -> Option<&[(String, Keys)]> {
        self.0.as_deref()
    }
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        KeysAt(0).deserialize(d)
    }
}

/// Reads [`Keys`] at a depth.
#[derive(Clone, Copy)]
struct KeysAt(u8);

impl<'de> DeserializeSeed<'de> for KeysAt {
    type Value = Keys;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Keys, D::Error> {
        if self.0 >= MAX_KEYS_DEPTH {
            d.deserialize_ignored_any(de::IgnoredAny).map(|_| Keys(None))
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for KeysAt {
    type Value = Keys;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            entries.push((k, map.next_value_seed(KeysAt(self.0 + 1))?));
        }
        Ok(Keys(Some(entries)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
        while seq.next_element_seed(KeysAt(self.0 + 1))?.is_some() {}
        Ok(Keys(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Keys, D::Error> {
        self.deserialize(d)
    }
    fn visit_none<E>(self) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_unit<E>(self) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
        Ok(Keys(None))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Keys, E> {
        Ok(Keys(None))
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
