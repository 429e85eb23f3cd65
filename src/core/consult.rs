//! Consult (warm) transfer and in-call controls on
//! `/api/v2/conversations/calls/{cid}/participants/{pid}/…` (genesys-api.md §2, §4).
//! Consult endpoints take the participant being transferred (the customer,
//! "object"); hold, mute, hang up and completing a consult take the agent's own.

use super::error::{Error, Kind};
use super::http::{Method, Request};
use super::input::{parse_object, Fields};
use super::target::{read_target, Target};
use alloc::string::String;
use super::json::{object, Json};

/// `speakTo` as JS writes it, and as Genesys does.
pub const SPEAK_TO: [&str; 4] = ["destination", "object", "both", "conference"];

fn speak_to_api(s: &str) -> &'static str {
    match s {
        "object" => "OBJECT",
        "both" => "BOTH",
        "conference" => "CONFERENCE",
        _ => "DESTINATION",
    }
}

/// A validated consult start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsultPlan {
    pub conversation_id: String,
    /// The participant to transfer, if the caller names it.
    pub participant_id: Option<String>,
    pub target: Target,
    pub speak_to: &'static str,
}

/// Reads `{conversationId, to, speakTo = 'destination', participantId?}`.
pub fn consult_plan(options_json: &str) -> Result<ConsultPlan, Error> {
    let obj = parse_object(options_json, "options")?;
    let mut f = Fields::new(&obj, "");
    let conversation_id = f.id("conversationId")?.ok_or_else(|| f.err("conversationId", "is required"))?;
    let target = read_target(&mut f)?;
    let speak_to = f.one_of("speakTo", &SPEAK_TO)?.unwrap_or("destination");
    let participant_id = f.id("participantId")?;
    f.finish()?;
    Ok(ConsultPlan { conversation_id, participant_id, target, speak_to })
}

/// An operation on a call that needs only its id (and maybe one value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRef {
    pub conversation_id: String,
    /// Skips the participant lookup when given.
    pub participant_id: Option<String>,
    /// `held`/`muted` for hold and mute; `speakTo` for switching.
    pub value: Option<&'static str>,
}

/// What else a `CallRef` carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    None,
    /// A required boolean option with this name.
    Flag(&'static str),
    /// A required `speakTo`.
    SpeakTo,
}

/// Reads `{conversationId, participantId?, <extra>}`.
pub fn call_ref(options_json: &str, extra: Extra) -> Result<CallRef, Error> {
    let obj = parse_object(options_json, "options")?;
    let mut f = Fields::new(&obj, "");
    let conversation_id = f.id("conversationId")?.ok_or_else(|| f.err("conversationId", "is required"))?;
    let participant_id = f.id("participantId")?;
    let value = match extra {
        Extra::None => None,
        Extra::Flag(name) => match f.bool(name)? {
            Some(true) => Some("true"),
            Some(false) => Some("false"),
            None => return Err(f.err(name, "is required: true or false")),
        },
        Extra::SpeakTo => match f.one_of("speakTo", &SPEAK_TO)? {
            Some(s) => Some(s),
            None => return Err(f.err("speakTo", "is required: destination, object, both or conference")),
        },
    };
    f.finish()?;
    Ok(CallRef { conversation_id, participant_id, value })
}

fn calls_participant(cid: &str, pid: &str) -> String {
    super::text::cat(&["/api/v2/conversations/calls/", cid, "/participants/", pid])
}

/// Starts a consult from the object participant `pid`. A `QueueName` target
/// must be resolved to `Queue` first (else it is sent as `queueName`).
pub fn consult_request(cid: &str, pid: &str, target: &Target, speak_to: &str) -> Request {
    let s = Some(Json::from(speak_to_api(speak_to)));
    let with = |k: &str, v: &str| object([("speakTo", s.clone()), (k, Some(Json::from(v)))]);
    let (suffix, body) = match target {
        Target::Queue(id) => ("/consult/queue", with("queueId", id)),
        Target::QueueName(name) => ("/consult/queue", with("queueName", name)),
        Target::User(id) => ("/consult/agent", with("userId", id)),
        Target::Contact { contact_id, phone_type } => (
            "/consult/contact/external",
            object([("speakTo", s.clone()), ("contactId", Some(Json::from(contact_id.as_str()))), ("phoneType", Some(Json::from(*phone_type)))]),
        ),
        Target::Address(a) => ("/voice/consult", with("address", a)),
    };
    Request::with_body(Method::Post, calls_participant(cid, pid) + suffix, &body)
}

/// Changes who speaks in the consult started from object `pid`.
pub fn speak_to_request(cid: &str, pid: &str, speak_to: &str) -> Request {
    Request::with_body(Method::Patch, calls_participant(cid, pid) + "/consult", &object([("speakTo", Some(Json::from(speak_to_api(speak_to))))]))
}

/// Cancels the consult started from object `pid` (the destination is dropped).
pub fn cancel_request(cid: &str, pid: &str) -> Request {
    Request { method: Method::Delete, path: calls_participant(cid, pid) + "/consult", query: alloc::vec::Vec::new(), body: None }
}

/// A change to one participant's call: `{held}`, `{muted}` or `{state: "disconnected"}`.
pub fn participant_request(cid: &str, pid: &str, change: &Json) -> Request {
    Request::with_body(Method::Patch, calls_participant(cid, pid), change)
}

/// Reads a `ConsultTransferResponse`: the destination participant's id.
pub fn read_consult_response(body: &str) -> Result<String, Error> {
    let v = Json::parse(body).ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the consult response is not JSON"))?;
    match v.get("destinationParticipantId").and_then(Json::as_str) {
        Some(id) if super::id::is_uuid(id) => Ok(String::from(id)),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the consult response has no destinationParticipantId")),
    }
}
