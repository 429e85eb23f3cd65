//! The options read twice ([`Input`], [`Twice`]) and the second read: the
//! keys of every object ([`Keys`]), from which each options struct takes the
//! keys it does not know ([`Unknown`]).

use super::super::error::Error;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use super::MAX_SHOWN_KEY;

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
