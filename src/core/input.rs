//! Reading options objects (as JSON) field by field: every field checked for
//! type, every key the package does not know reported, errors naming the field.

use super::error::Error;
use super::{id, phone};
use alloc::string::String;
use alloc::vec::Vec;
use super::json::Json;

/// Longest free-text value accepted (names, labels, addresses, UUI data).
pub const MAX_TEXT: usize = 1024;

/// Parses `json` as an options object; `what` names it in errors.
pub fn parse_object(json: &str, what: &str) -> Result<Json, Error> {
    match Json::parse(json) {
        Some(v @ Json::Obj(_)) => Ok(v),
        Some(_) => Err(Error::invalid(what, "must be an object")),
        None => Err(Error::invalid(what, "must be a plain object of JSON-compatible values")),
    }
}

/// A reader over one options object. Keys are taken as they are read; `finish`
/// reports any key left over. `null` counts as absent (JS `undefined` never
/// reaches here: it is dropped when the facade serializes the options).
pub struct Fields<'a> {
    map: &'a [(String, Json)],
    prefix: String,
    taken: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    /// Fields of `obj` (an object; anything else reads as empty).
    pub fn new(obj: &'a Json, prefix: &str) -> Self {
        Fields { map: obj.as_object().unwrap_or(&[]), prefix: prefix.into(), taken: Vec::new() }
    }

    fn lookup(&self, key: &str) -> Option<&'a Json> {
        self.map.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The full field name for errors (`to.queueId`).
    pub fn name(&self, key: &str) -> String {
        if self.prefix.is_empty() { key.into() } else { super::text::cat(&[&self.prefix, ".", key]) }
    }

    pub fn err(&self, key: &str, problem: &str) -> Error {
        Error::invalid(&self.name(key), problem)
    }

    fn range_err(&self, key: &str, min: u64, max: u64) -> Error {
        use super::text::{cat, num};
        self.err(key, &cat(&["must be a whole number from ", &num(min), " to ", &num(max)]))
    }

    fn one_of_err(&self, key: &str, allowed: &[&str]) -> Error {
        let mut m = String::from("must be one of ");
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                m.push_str(", ");
            }
            m.push_str(a);
        }
        self.err(key, &m)
    }

    pub fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some_and(|v| !v.is_null())
    }

    /// The raw value, marking the key as known.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a Json> {
        self.taken.push(key);
        self.lookup(key).filter(|v| !v.is_null())
    }

    /// An optional string of 1..=MAX_TEXT characters with no control characters.
    pub fn text(&mut self, key: &'static str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Str(s)) => check_text(s).map(|_| Some(s.clone())).map_err(|p| self.err(key, p)),
            Some(_) => Err(self.err(key, "must be a string")),
        }
    }

    pub fn id(&mut self, key: &'static str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Str(s)) => id::normalize_id(s).map(Some).map_err(|p| self.err(key, p)),
            Some(_) => Err(self.err(key, "must be a string holding a Genesys id")),
        }
    }

    pub fn phone(&mut self, key: &'static str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Str(s)) => phone::normalize_e164(s).map(Some).map_err(|p| self.err(key, p)),
            Some(_) => Err(self.err(key, "must be a string holding a phone number")),
        }
    }

    pub fn bool(&mut self, key: &'static str) -> Result<Option<bool>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.err(key, "must be true or false")),
        }
    }

    /// An optional whole number in `min..=max`.
    pub fn int(&mut self, key: &'static str, min: u64, max: u64) -> Result<Option<u64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(n @ Json::Num(_)) => match n.as_u64() {
                Some(v) if v >= min && v <= max => Ok(Some(v)),
                _ => Err(self.range_err(key, min, max)),
            },
            Some(_) => Err(self.range_err(key, min, max)),
        }
    }

    /// One of `allowed`, exactly as written there.
    pub fn one_of(&mut self, key: &'static str, allowed: &[&'static str]) -> Result<Option<&'static str>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Str(s)) => match allowed.iter().find(|a| **a == s.as_str()) {
                Some(a) => Ok(Some(*a)),
                None => Err(self.one_of_err(key, allowed)),
            },
            Some(_) => Err(self.one_of_err(key, allowed)),
        }
    }

    /// A nested object read with its own `Fields`.
    pub fn object(&mut self, key: &'static str) -> Result<Option<Fields<'a>>, Error> {
        let name = self.name(key);
        match self.raw(key) {
            None => Ok(None),
            Some(obj @ Json::Obj(_)) => Ok(Some(Fields::new(obj, &name))),
            Some(_) => Err(Error::invalid(&name, "must be an object")),
        }
    }

    /// Keys present (and not null) among `keys`.
    pub fn present(&self, keys: &[&'static str]) -> Vec<&'static str> {
        keys.iter().copied().filter(|k| self.has(k)).collect()
    }

    /// Reports the first key that was never read.
    pub fn finish(self) -> Result<(), Error> {
        // Document order, so the first unknown key is the same every time.
        match self.map.iter().map(|(k, _)| k).find(|k| !self.taken.iter().any(|t| t == k)) {
            None => Ok(()),
            Some(k) => {
                let shown: String = k.chars().take(64).collect();
                Err(Error::invalid(&self.name(&shown), "is not a known option"))
            }
        }
    }
}

/// Free text: non-empty, bounded, no control characters.
pub fn check_text(s: &str) -> Result<(), &'static str> {
    if s.trim().is_empty() {
        Err("must not be empty")
    } else if super::text::char_count(s) > MAX_TEXT {
        Err("is too long (over 1024 characters)")
    } else if s.chars().any(char::is_control) {
        Err("must not contain control characters")
    } else {
        Ok(())
    }
}

