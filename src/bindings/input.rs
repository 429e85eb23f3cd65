//! JS values in: a caller's options object copied into clean JS data, which
//! serde-wasm-bindgen then deserializes into the core's typed models (those
//! refuse unknown keys and name the field at fault). The copy collects the
//! keys of every object as it goes ([`Clean`]), so the core gets them
//! without reading the value a second time.
//!
//! The caller's object is never handed to serde-wasm-bindgen as it is: that
//! deserializer reads struct fields with plain property gets and `in` (so a
//! throwing getter unwinds through the wasm, a revoked Proxy throws, and a
//! polluted `Object.prototype` adds keys) and follows cycles. So each value
//! is first read here, one own enumerable key at a time, through imports
//! that catch, within a depth and size bound, into fresh objects with no
//! prototype holding only JSON data (strings, finite numbers, booleans,
//! null, arrays, objects). Nothing the caller passes can throw through, trap or
//! recurse without bound; `toJSON` is never called (an own `toJSON` key is
//! an unknown option like any other).

use crate::core::input::{Keys, WithKeys};
use crate::core::Error;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(o: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// Deepest nesting read (the package's deepest option is two levels down).
const MAX_DEPTH: usize = 16;
/// Most keys or items read from one object or array.
const MAX_ENTRIES: u32 = 1000;
/// Longest key shown in an error.
const MAX_KEY_SHOWN: usize = 64;

/// Options copied into clean data: the copy, and the keys of every object
/// in it (for the core's unknown-key check).
pub struct Clean {
    object: Object,
    entries: Vec<(String, Keys)>,
}

impl Clean {
    pub fn new() -> Clean {
        Clean { object: empty(), entries: Vec::new() }
    }

    /// `copy[key] = value` for a key the copy does not have yet (an object's
    /// own keys are unique; [`argument`] replaces a key the caller also gave).
    /// `name` is `key` as the JS string it came as (not copied out again).
    fn insert(&mut self, key: &str, name: &JsValue, value: &JsValue, keys: Keys) {
        // The copy is ours (no prototype, no setters): this cannot fail.
        let _ = Reflect::set(&self.object, name, value);
        self.entries.push((String::from(key), keys));
    }

    /// Moves `key`, if present, into `to`.
    pub fn move_to(&mut self, key: &str, to: &mut Clean) {
        let Some(at) = self.entries.iter().position(|(k, _)| k == key) else { return };
        let (_, keys) = self.entries.remove(at);
        let name = JsValue::from_str(key);
        // The copy is ours (no prototype, no accessors): these cannot fail.
        let value = Reflect::get(&self.object, &name).unwrap_or(JsValue::NULL);
        let _ = Reflect::delete_property(&self.object, &name);
        to.insert(key, &name, &value, keys);
    }

    /// The first key of the copy, if any.
    pub fn first_key(&self) -> Option<&str> {
        self.entries.first().map(|(k, _)| k.as_str())
    }

    /// The copy as the core reads it: serde-wasm-bindgen over the object, with its keys.
    pub fn input(self) -> WithKeys<serde_wasm_bindgen::Deserializer> {
        WithKeys(serde_wasm_bindgen::Deserializer::from(JsValue::from(self.object)), Keys::object(self.entries))
    }
}

/// Reads the options object `value` (`undefined` reads as `{}`); `what`
/// names it in errors. Keys in `take` are returned as the raw JS values
/// (functions, signals), in `take`'s order, and left out of the copy.
pub fn options(value: &JsValue, what: &str, take: &[&str]) -> Result<(Clean, Vec<Option<JsValue>>), Error> {
    let mut taken = vec![None; take.len()];
    let mut copy = Clean::new();
    if value.is_undefined() {
        return Ok((copy, taken));
    }
    if !value.is_object() || is_array(value).unwrap_or(true) {
        return Err(Error::invalid(what, "must be an object"));
    }
    for (key, name, v) in entries(value, what)? {
        match take.iter().position(|t| *t == key) {
            Some(i) => taken[i] = Some(v),
            None => {
                if let Some((read, keys)) = read(&v, &key, 1)? {
                    copy.insert(&key, &name, &read, keys);
                }
            }
        }
    }
    Ok((copy, taken))
}

/// Adds a method argument (`hold(id, held)`) to an options copy as `field`,
/// over any `field` the options object had.
pub fn argument(copy: &mut Clean, value: &JsValue, field: &str) -> Result<(), Error> {
    if let Some((read, keys)) = read(value, field, 1)? {
        copy.entries.retain(|(k, _)| k != field);
        copy.insert(field, &JsValue::from_str(field), &read, keys);
    }
    Ok(())
}

/// An object with no prototype: nothing inherited can be read from it.
fn empty() -> Object {
    Object::create(JsValue::NULL.unchecked_ref())
}

/// The own enumerable string keys of an object (as Rust and as JS strings) and their values.
fn entries(obj: &JsValue, path: &str) -> Result<Vec<(String, JsValue, JsValue)>, Error> {
    let keys = own_keys(obj).map_err(|_| Error::invalid(path, "could not be read"))?;
    if keys.length() > MAX_ENTRIES {
        return Err(Error::invalid(path, "has too many keys"));
    }
    let mut out = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(obj, &key).map_err(|_| Error::invalid(&join(path, &name), "could not be read"))?;
        out.push((name, key, value));
    }
    Ok(out)
}

/// `path.key` (just `key` at the top level, where `path` names the object).
fn join(path: &str, key: &str) -> String {
    let key: String = key.chars().take(MAX_KEY_SHOWN).collect();
    if path.is_empty() || path == "options" {
        key
    } else {
        let mut s = String::with_capacity(path.len() + key.len() + 1);
        s.push_str(path);
        s.push('.');
        s.push_str(&key);
        s
    }
}

/// A JS value as clean JSON data, with its keys; `None` for `undefined` (an absent key).
fn read(v: &JsValue, path: &str, depth: usize) -> Result<Option<(JsValue, Keys)>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    if v.is_null() || v.is_string() || v.as_bool().is_some() {
        return Ok(Some((v.clone(), Keys::other())));
    }
    if let Some(n) = v.as_f64() {
        return if n.is_finite() { Ok(Some((v.clone(), Keys::other()))) } else { Err(Error::invalid(path, "must be a finite number")) };
    }
    if v.is_bigint() {
        return Err(Error::invalid(path, "must not be a bigint"));
    }
    if v.is_symbol() {
        return Err(Error::invalid(path, "must not be a symbol"));
    }
    if v.is_function() {
        return Err(Error::invalid(path, "must not be a function"));
    }
    if !v.is_object() {
        return Err(Error::invalid(path, "must be JSON data"));
    }
    if depth > MAX_DEPTH {
        return Err(Error::invalid(path, "is nested too deeply"));
    }
    if is_array(v).map_err(|_| Error::invalid(path, "could not be read"))? {
        let len = Reflect::get(v, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .ok_or_else(|| Error::invalid(path, "could not be read"))?;
        if len > f64::from(MAX_ENTRIES) {
            return Err(Error::invalid(path, "has too many entries"));
        }
        let items = Array::new();
        for i in 0..len as u32 {
            let item = Reflect::get_u32(v, i).map_err(|_| Error::invalid(path, "could not be read"))?;
            // An array hole or `undefined` reads as null, as JSON would have it.
            items.push(&read(&item, path, depth + 1)?.map_or(JsValue::NULL, |(item, _)| item));
        }
        return Ok(Some((items.into(), Keys::other())));
    }
    let mut copy = Clean::new();
    for (key, name, value) in entries(v, path)? {
        let field = join(path, &key);
        if let Some((read, keys)) = read(&value, &field, depth + 1)? {
            copy.insert(&key, &name, &read, keys);
        }
    }
    Ok(Some((copy.object.into(), Keys::object(copy.entries))))
}

/// The `signal` option: absent, or an `AbortSignal` (checked with
/// `instanceof`, which wasm-bindgen's glue guards against throwing Proxies).
pub fn signal(v: Option<JsValue>) -> Result<Option<web_sys::AbortSignal>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_undefined() || v.is_null() => Ok(None),
        Some(v) => v.dyn_into::<web_sys::AbortSignal>().map(Some).map_err(|_| Error::invalid("signal", "must be an AbortSignal")),
    }
}
