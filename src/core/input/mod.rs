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
//! The options are read as the typed struct, with a plain derive that asks
//! only for its own keys (no `#[serde(flatten)]`, whose buffered map reading
//! costs ~2 KB of wasm per options struct), and their [`Keys`], the keys of
//! every object, come with them ([`Input`]): each struct takes its unknown
//! keys ([`Unknown`]) from those. They are
//! collected rather than refused by `deny_unknown_fields`, so each reader
//! reports them after its own checks ("`muted` is required" before "`held`
//! is not a known option").

use super::error::Error;
use alloc::string::{String, ToString};
use core::fmt;
use serde::de::Deserializer;
use serde::Deserialize;

mod keys;
mod values;

pub use keys::{Input, Keys, Unknown, WithKeys};
pub use values::{check_text, one_of, Id, Phone, Text, Whole, WholeVisitor};

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

/// Reads `options` (an object) as `T`; `what` names the whole value in
/// errors. A problem inside is `invalid_input` naming the field by its path.
/// Unknown keys are kept in each struct's `unknown`, for its reader to
/// check after its own checks.
pub fn parse<'de, T: Deserialize<'de> + Options, I: Input<'de>>(options: I, what: &str) -> Result<T, Error> {
    // Every field keeps its own error, so what fails here is the object itself.
    let not_object = || Error::invalid(what, "must be an object");
    let (typed, keys) = options.readers().ok_or_else(not_object)?;
    let mut o = T::deserialize(typed).map_err(|_| not_object())?;
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
