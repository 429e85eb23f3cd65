//! Dial: `POST /api/v2/conversations/calls` (or `/calls/user/{userId}` on
//! behalf of a user) with a `CreateCallRequest`.

use super::error::{Error, Kind};
use super::http::{Body, Key, Method, Request, RequestBody};
use super::input::{check_text, options, parse, Field, Id, Input, Phone, Text, Whole, MAX_TEXT};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Most attributes (and routing skills) accepted on one call.
const MAX_ATTRIBUTES: usize = 100;

options! {
    /// The dial options as given.
    struct DialOptions {
        phone_number: Phone = "phoneNumber",
        call_user_id: Id = "callUserId",
        call_queue_id: Id = "callQueueId",
        caller_id: Phone = "callerId",
        caller_id_name: Text = "callerIdName",
        call_from_queue_id: Id = "callFromQueueId",
        external_contact_id: Id = "externalContactId",
        label: Text = "label",
        uui_data: Text = "uuiData",
        language_id: Id = "languageId",
        priority: Whole<0, 1_000_000> = "priority",
        routing_skills_ids: IdList = "routingSkillsIds",
        attributes: Attributes = "attributes",
        on_behalf_of: Id = "onBehalfOf",
    }
}

/// The `CreateCallRequest` fields this package sends, in the order sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCallRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_queue_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_id_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_from_queue_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_contact_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uui_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_skills_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

impl CreateCallRequest {
    /// Writes every field into a single-flight key.
    pub fn key(&self, k: &mut Key) {
        k.tag("createCall");
        for v in [
            &self.phone_number,
            &self.call_user_id,
            &self.call_queue_id,
            &self.caller_id,
            &self.caller_id_name,
            &self.call_from_queue_id,
            &self.external_contact_id,
            &self.label,
            &self.uui_data,
            &self.language_id,
        ] {
            k.part(v.as_deref());
        }
        k.part(self.priority.map(super::text::num).as_deref());
        match &self.routing_skills_ids {
            None => k.part(None),
            Some(ids) => {
                k.tag(&super::text::num(ids.len() as u64));
                for id in ids {
                    k.part(Some(id));
                }
            }
        }
        match &self.attributes {
            None => k.part(None),
            Some(Attributes(entries)) => {
                k.tag(&super::text::num(entries.len() as u64));
                for (name, value) in entries {
                    k.part(Some(name));
                    k.part(Some(value));
                }
            }
        }
    }
}

/// Reads dial options and builds the request. Exactly one destination of
/// `phoneNumber`, `callUserId`, `callQueueId`.
pub fn dial_request<'de, I: Input<'de>>(options: I) -> Result<Request, Error> {
    let o: DialOptions = parse(options, "options")?;
    let destinations = [o.phone_number.is_some(), o.call_user_id.is_some(), o.call_queue_id.is_some()];
    let n = destinations.iter().filter(|d| **d).count();
    if n != 1 {
        let problem = if n == 0 { "a destination is required" } else { "give only one destination" };
        return Err(Error::invalid("phoneNumber", &format!("{problem}: exactly one of phoneNumber, callUserId, callQueueId")));
    }
    o.unknown.check("")?;
    let path = match o.on_behalf_of.get() {
        Some(Id(user)) => format!("/api/v2/conversations/calls/user/{user}"),
        None => String::from("/api/v2/conversations/calls"),
    };
    let body = CreateCallRequest {
        phone_number: o.phone_number.get().map(|p| p.0),
        call_user_id: o.call_user_id.get().map(|i| i.0),
        call_queue_id: o.call_queue_id.get().map(|i| i.0),
        caller_id: o.caller_id.get().map(|p| p.0),
        caller_id_name: o.caller_id_name.get().map(|t| t.0),
        call_from_queue_id: o.call_from_queue_id.get().map(|i| i.0),
        external_contact_id: o.external_contact_id.get().map(|i| i.0),
        label: o.label.get().map(|t| t.0),
        uui_data: o.uui_data.get().map(|t| t.0),
        language_id: o.language_id.get().map(|i| i.0),
        priority: o.priority.get().map(|w| w.0),
        routing_skills_ids: o.routing_skills_ids.get().map(|l| l.0),
        attributes: o.attributes.get(),
    };
    Ok(Request::json(Method::Post, path, RequestBody::CreateCall(alloc::boxed::Box::new(body))))
}

/// `routingSkillsIds`: at most 100 Genesys ids, in lower case.
#[derive(Debug)]
pub struct IdList(Vec<String>);

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of Genesys ids")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdList, A::Error> {
                let mut out = Vec::new();
                // Read leniently, so one bad entry is reported on the field
                // with the field's own wording.
                while let Some(item) = seq.next_element::<Field<String>>()? {
                    if out.len() == MAX_ATTRIBUTES {
                        return Err(de::Error::custom("has too many entries"));
                    }
                    match item.get().as_deref().map(super::id::normalize_id) {
                        Some(Ok(id)) => out.push(id),
                        _ => return Err(de::Error::custom("must be an array of Genesys ids")),
                    }
                }
                Ok(IdList(out))
            }
        }
        d.deserialize_seq(V)
    }
}

/// `attributes`: at most 100 entries of text keys and string values of at
/// most 1024 characters (empty values allowed), sent as given, in the order
/// given (an object's keys are distinct). Serialized as a map (an object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attributes(pub Vec<(String, String)>);

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attributes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Field<String>>()? {
                    if out.len() == MAX_ATTRIBUTES {
                        return Err(de::Error::custom("has more than 100 entries"));
                    }
                    if check_text(&k).is_err() {
                        return Err(de::Error::custom("keys must be non-empty text without control characters"));
                    }
                    match v.get() {
                        Some(s) if s.chars().count() <= MAX_TEXT => out.push((k, s)),
                        _ => return Err(de::Error::custom("values must be strings of at most 1024 characters")),
                    };
                }
                Ok(Attributes(out))
            }
        }
        // `deserialize_any`, not `deserialize_map`: serde-wasm-bindgen's
        // `deserialize_map` reads any iterable as `[key, value]` pairs and
        // throws a JS TypeError through the wasm on an array of anything else
        // (found by the fuzz: `attributes: [null]`). An array here is refused
        // by the visitor like any other non-object.
        d.deserialize_any(V)
    }
}

/// Reads a create-call response: `{ id }` → the conversation id.
pub fn read_dial_response<B: Body>(body: &B) -> Result<String, Error> {
    let r: super::conversation::IdRef =
        body.read().ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the create-call response is not a CreateCallResponse"))?;
    match r.id {
        Some(id) if super::id::is_uuid(&id) => Ok(id),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the create-call response has no conversation id")),
    }
}
