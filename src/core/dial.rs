//! Dial: `POST /api/v2/conversations/calls` (or `/calls/user/{userId}` on
//! behalf of a user) with a `CreateCallRequest`.

use super::error::{Error, Kind};
use super::http::{Method, Request};
use super::input::{check_text, parse_object, Fields, MAX_TEXT};
use alloc::string::String;
use super::json::Json;

/// Most attributes accepted on one call.
const MAX_ATTRIBUTES: usize = 100;

/// How a dial field is checked.
const PHONE: u8 = 0;
const ID: u8 = 1;
const TEXT: u8 = 2;
const PRIORITY: u8 = 3;

/// Reads dial options (JSON) and builds the request. Exactly one destination
/// of `phoneNumber`, `callUserId`, `callQueueId`.
pub fn dial_request(options_json: &str) -> Result<Request, Error> {
    let obj = parse_object(options_json, "options")?;
    let mut f = Fields::new(&obj, "");
    let destinations = f.present(&["phoneNumber", "callUserId", "callQueueId"]);
    if destinations.len() != 1 {
        let problem = if destinations.is_empty() { "a destination is required" } else { "give only one destination" };
        return Err(Error::invalid(
            "phoneNumber",
            &super::text::cat(&[problem, ": exactly one of phoneNumber, callUserId, callQueueId"]),
        ));
    }
    // The CreateCallRequest fields, in the order they are sent, by how each is checked.
    const FIELDS: [(&str, u8); 11] = [
        ("phoneNumber", PHONE),
        ("callUserId", ID),
        ("callQueueId", ID),
        ("callerId", PHONE),
        ("callerIdName", TEXT),
        ("callFromQueueId", ID),
        ("externalContactId", ID),
        ("label", TEXT),
        ("uuiData", TEXT),
        ("languageId", ID),
        ("priority", PRIORITY),
    ];
    let mut body: alloc::vec::Vec<(String, Json)> = alloc::vec::Vec::new();
    for (key, check) in FIELDS {
        let value = match check {
            PHONE => f.phone(key)?.map(Json::Str),
            ID => f.id(key)?.map(Json::Str),
            TEXT => f.text(key)?.map(Json::Str),
            _ => f.int(key, 0, 1_000_000)?.map(Json::from),
        };
        if let Some(v) = value {
            body.push((key.into(), v));
        }
    }
    let mut put = |k: &str, v: Option<Json>| {
        if let Some(v) = v {
            body.push((k.into(), v));
        }
    };
    put("routingSkillsIds", id_list(&mut f, "routingSkillsIds")?);
    put("attributes", attributes(&mut f)?);
    let on_behalf_of = f.id("onBehalfOf")?;
    f.finish()?;
    let path = match on_behalf_of {
        Some(user) => super::text::cat(&["/api/v2/conversations/calls/user/", &user]),
        None => String::from("/api/v2/conversations/calls"),
    };
    Ok(Request::with_body(Method::Post, path, &Json::Obj(body)))
}

fn id_list(f: &mut Fields, key: &'static str) -> Result<Option<Json>, Error> {
    let Some(v) = f.raw(key) else { return Ok(None) };
    let Json::Arr(items) = v else { return Err(f.err(key, "must be an array of Genesys ids")) };
    if items.len() > MAX_ATTRIBUTES {
        return Err(f.err(key, "has too many entries"));
    }
    let mut out = alloc::vec::Vec::with_capacity(items.len());
    for item in items {
        match item.as_str().map(super::id::normalize_id) {
            Some(Ok(id)) => out.push(Json::Str(id)),
            _ => return Err(f.err(key, "must be an array of Genesys ids")),
        }
    }
    Ok(Some(Json::Arr(out)))
}

fn attributes(f: &mut Fields) -> Result<Option<Json>, Error> {
    let Some(v) = f.raw("attributes") else { return Ok(None) };
    let Json::Obj(m) = v else { return Err(f.err("attributes", "must be an object of string values")) };
    if m.len() > MAX_ATTRIBUTES {
        return Err(f.err("attributes", "has more than 100 entries"));
    }
    for (k, v) in m {
        if check_text(k).is_err() {
            return Err(f.err("attributes", "keys must be non-empty text without control characters"));
        }
        match v {
            Json::Str(s) if super::text::char_count(s) <= MAX_TEXT => {}
            _ => return Err(f.err("attributes", "values must be strings of at most 1024 characters")),
        }
    }
    Ok(Some(v.clone()))
}

/// Reads a create-call response: `{ id }` → the conversation id.
pub fn read_dial_response(body: &str) -> Result<String, Error> {
    let v = Json::parse(body).ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the create-call response is not JSON"))?;
    match v.get("id").and_then(Json::as_str) {
        Some(id) if super::id::is_uuid(id) => Ok(String::from(id)),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the create-call response has no conversation id")),
    }
}
