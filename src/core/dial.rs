//! Dial: `POST /api/v2/conversations/calls` (or `/calls/user/{userId}` on
//! behalf of a user) with a `CreateCallRequest`.

use super::error::{Error, Kind};
use super::http::{Method, Request};
use super::input::{check_text, parse, Id, Phone, Text, Unknown, Whole, MAX_TEXT};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Most attributes (and routing skills) accepted on one call.
const MAX_ATTRIBUTES: usize = 100;

/// The dial options as given.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DialOptions {
    phone_number: Option<Phone>,
    call_user_id: Option<Id>,
    call_queue_id: Option<Id>,
    caller_id: Option<Phone>,
    caller_id_name: Option<Text>,
    call_from_queue_id: Option<Id>,
    external_contact_id: Option<Id>,
    label: Option<Text>,
    uui_data: Option<Text>,
    language_id: Option<Id>,
    priority: Option<Whole<0, 1_000_000>>,
    routing_skills_ids: Option<IdList>,
    attributes: Option<Attributes>,
    on_behalf_of: Option<Id>,
    #[serde(flatten)]
    unknown: Unknown,
}

/// The `CreateCallRequest` fields this package sends, in the order sent.
#[derive(Debug, Serialize)]
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
    pub attributes: Option<Map<String, Value>>,
}

/// Reads dial options and builds the request. Exactly one destination of
/// `phoneNumber`, `callUserId`, `callQueueId`.
pub fn dial_request(options: Value) -> Result<Request, Error> {
    let o: DialOptions = parse(options, "options")?;
    let destinations = [o.phone_number.is_some(), o.call_user_id.is_some(), o.call_queue_id.is_some()];
    let n = destinations.iter().filter(|d| **d).count();
    if n != 1 {
        let problem = if n == 0 { "a destination is required" } else { "give only one destination" };
        return Err(Error::invalid("phoneNumber", &format!("{problem}: exactly one of phoneNumber, callUserId, callQueueId")));
    }
    o.unknown.check("")?;
    let path = match o.on_behalf_of {
        Some(Id(user)) => format!("/api/v2/conversations/calls/user/{user}"),
        None => String::from("/api/v2/conversations/calls"),
    };
    let body = CreateCallRequest {
        phone_number: o.phone_number.map(|p| p.0),
        call_user_id: o.call_user_id.map(|i| i.0),
        call_queue_id: o.call_queue_id.map(|i| i.0),
        caller_id: o.caller_id.map(|p| p.0),
        caller_id_name: o.caller_id_name.map(|t| t.0),
        call_from_queue_id: o.call_from_queue_id.map(|i| i.0),
        external_contact_id: o.external_contact_id.map(|i| i.0),
        label: o.label.map(|t| t.0),
        uui_data: o.uui_data.map(|t| t.0),
        language_id: o.language_id.map(|i| i.0),
        priority: o.priority.map(|w| w.0),
        routing_skills_ids: o.routing_skills_ids.map(|l| l.0),
        attributes: o.attributes.map(|a| a.0),
    };
    Ok(Request::json(Method::Post, path, &body))
}

/// `routingSkillsIds`: at most 100 Genesys ids, in lower case.
#[derive(Debug)]
struct IdList(Vec<String>);

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
                // Read as values, so one bad entry is reported on the field
                // with the field's own wording.
                while let Some(item) = seq.next_element::<Value>()? {
                    if out.len() == MAX_ATTRIBUTES {
                        return Err(de::Error::custom("has too many entries"));
                    }
                    match item.as_str().map(super::id::normalize_id) {
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
/// most 1024 characters (empty values allowed), sent as given.
#[derive(Debug)]
struct Attributes(Map<String, Value>);

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attributes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
                let mut out = Map::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    if out.len() == MAX_ATTRIBUTES {
                        return Err(de::Error::custom("has more than 100 entries"));
                    }
                    if check_text(&k).is_err() {
                        return Err(de::Error::custom("keys must be non-empty text without control characters"));
                    }
                    match v {
                        Value::String(s) if s.chars().count() <= MAX_TEXT => out.insert(k, Value::String(s)),
                        _ => return Err(de::Error::custom("values must be strings of at most 1024 characters")),
                    };
                }
                Ok(Attributes(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The part of a create-call response read (`CreateCallResponse`).
#[derive(Debug, Deserialize)]
struct CreateCallResponse {
    id: Option<String>,
}

/// Reads a create-call response: `{ id }` → the conversation id.
pub fn read_dial_response(body: &str) -> Result<String, Error> {
    let r: CreateCallResponse = serde_json::from_str(body)
        .map_err(|_| Error::new(Kind::UnexpectedResponse, "the create-call response is not a CreateCallResponse"))?;
    match r.id {
        Some(id) if super::id::is_uuid(&id) => Ok(id),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the create-call response has no conversation id")),
    }
}
