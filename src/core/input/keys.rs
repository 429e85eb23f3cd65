//! The keys of every object in an options value ([`Keys`]), from which each
//! options struct takes the keys it does not know ([`Unknown`]), and the
//! two ways options arrive with them ([`Input`]): a `Clone` deserializer
//! read twice (natively: `serde_json::Value`), or a deserializer with the
//! keys already read ([`WithKeys`]: in wasm, the bindings collect them while
//! they copy the caller's object, so the JS value is walked once for keys,
//! once for the typed struct).

use super::super::error::Error;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use super::MAX_SHOWN_KEY;

/// The options: a reader for the typed struct and the value's [`Keys`]
/// (`None`: the value could not be read at all).
pub trait Input<'de> {
    type Reader: Deserializer<'de>;
    fn readers(self) -> Option<(Self::Reader, Keys)>;
}

impl<'de, D: Deserializer<'de> + Clone> Input<'de> for D {
    type Reader = D;
    fn readers(self) -> Option<(D, Keys)> {
        let keys = Keys::deserialize(self.clone()).ok()?;
        Some((self, keys))
    }
}

/// A deserializer whose value's keys were read already.
pub struct WithKeys<D>(pub D, pub Keys);

impl<'de, D: Deserializer<'de>> Input<'de> for WithKeys<D> {
    type Reader = D;
    fn readers(self) -> Option<(D, Keys)> {
        Some((self.0, self.1))
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
    /// An object's keys, each with its value's.
    pub fn object(entries: Vec<(String, Keys)>) -> Keys {
        Keys(Some(entries))
    }

    /// Anything but an object.
    pub fn other() -> Keys {
        Keys(None)
    }

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
