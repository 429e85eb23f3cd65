//! Consult (warm) transfer and in-call controls on
//! `/api/v2/conversations/calls/{cid}/participants/{pid}/…` (genesys-api.md §2, §4).
//! Consult endpoints take the participant being transferred (the customer,
//! "object"); hold, mute, hang up and completing a consult take the agent's own.

use super::error::{Error, Kind};
use super::http::{Body, Method, Request, RequestBody};
use super::input::{one_of, options, parse, Field, Id, Input, Unknown};
use super::target::{read_target, Target, TargetOptions};
use super::transfer::TargetBody;
use alloc::string::String;
use serde::{Deserialize, Deserializer, Serialize};

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

/// A `speakTo`, one of [`SPEAK_TO`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpeakTo(pub &'static str);

impl<'de> Deserialize<'de> for SpeakTo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d, &SPEAK_TO).map(SpeakTo)
    }
}

options! {
    /// The consult options as given.
    struct ConsultOptions {
        conversation_id: Id = "conversationId",
        to: TargetOptions = "to" (nested),
        speak_to: SpeakTo = "speakTo",
        participant_id: Id = "participantId",
    }
}

/// Reads `{conversationId, to, speakTo = 'destination', participantId?}`.
pub fn consult_plan<'de, I: Input<'de>>(options: I) -> Result<ConsultPlan, Error> {
    let o: ConsultOptions = parse(options, "options")?;
    let conversation_id = required_conversation(o.conversation_id)?;
    let target = read_target(o.to.get())?;
    let speak_to = o.speak_to.get().map_or("destination", |s| s.0);
    o.unknown.check("")?;
    Ok(ConsultPlan { conversation_id, participant_id: o.participant_id.get().map(|p| p.0), target, speak_to })
}

fn required_conversation(id: Field<Id>) -> Result<String, Error> {
    id.get().map(|i| i.0).ok_or_else(|| Error::invalid("conversationId", "is required"))
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

options! {
    /// `{conversationId, participantId?}`: consultState, consultCancel,
    /// consultComplete, hangUp, answer.
    struct CallRefOptions {
        conversation_id: Id = "conversationId",
        participant_id: Id = "participantId",
    }
}

options! {
    /// `{conversationId, participantId?, held}`: hold.
    struct HoldOptions {
        conversation_id: Id = "conversationId",
        participant_id: Id = "participantId",
        held: bool = "held",
    }
}

options! {
    /// `{conversationId, participantId?, muted}`: mute.
    struct MuteOptions {
        conversation_id: Id = "conversationId",
        participant_id: Id = "participantId",
        muted: bool = "muted",
    }
}

options! {
    /// `{conversationId, participantId?, speakTo}`: consultSpeakTo.
    struct SpeakToOptions {
        conversation_id: Id = "conversationId",
        participant_id: Id = "participantId",
        speak_to: SpeakTo = "speakTo",
    }
}

/// Reads `{conversationId, participantId?, <extra>}`.
pub fn call_ref<'de, I: Input<'de>>(options: I, extra: Extra) -> Result<CallRef, Error> {
    let flag = |name: &str, v: Option<bool>| match v {
        Some(true) => Ok(Some("true")),
        Some(false) => Ok(Some("false")),
        None => Err(Error::invalid(name, "is required: true or false")),
    };
    let (cid, pid, value, unknown): (Field<Id>, Field<Id>, _, Unknown) = match extra {
        Extra::None => {
            let o: CallRefOptions = parse(options, "options")?;
            (o.conversation_id, o.participant_id, Ok(None), o.unknown)
        }
        Extra::Flag("held") => {
            let o: HoldOptions = parse(options, "options")?;
            (o.conversation_id, o.participant_id, flag("held", o.held.get()), o.unknown)
        }
        Extra::Flag("muted") => {
            let o: MuteOptions = parse(options, "options")?;
            (o.conversation_id, o.participant_id, flag("muted", o.muted.get()), o.unknown)
        }
        Extra::Flag(_) => return Err(Error::new(Kind::Internal, "unknown call option")),
        Extra::SpeakTo => {
            let o: SpeakToOptions = parse(options, "options")?;
            let v = o.speak_to.get().map(|s| Some(s.0)).ok_or_else(|| Error::invalid("speakTo", "is required: destination, object, both or conference"));
            (o.conversation_id, o.participant_id, v, o.unknown)
        }
    };
    let conversation_id = required_conversation(cid)?;
    let value = value?;
    unknown.check("")?;
    Ok(CallRef { conversation_id, participant_id: pid.get().map(|p| p.0), value })
}

fn calls_participant(cid: &str, pid: &str) -> String {
    super::text::cat(&["/api/v2/conversations/calls/", cid, "/participants/", pid])
}

/// The body of a consult start: `speakTo` and the target's fields
/// (`ConsultTransferToQueue`, `…ToAgent`, `…ToExternal`, `…ToAddress`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultBody {
    pub speak_to: &'static str,
    #[serde(flatten)]
    pub target: TargetBody,
}

/// `ConsultTransferUpdate`: who speaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeakToBody {
    pub speak_to: &'static str,
}

/// A change to one participant's call (`MediaParticipantRequest`, only the
/// field sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Held(bool),
    Muted(bool),
    /// `{state: "disconnected"}`: hang up, or leave a consult to complete it.
    Disconnect,
    /// `{state: "connected"}`: answer an alerting call.
    Connect,
}

/// `{held}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldBody {
    pub held: bool,
}

/// `{muted}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MutedBody {
    pub muted: bool,
}

/// `{state}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StateBody {
    pub state: &'static str,
}

/// Starts a consult from the object participant `pid`. A `QueueName` target
/// must be resolved to `Queue` first (else it is sent as `queueName`).
pub fn consult_request(cid: &str, pid: &str, target: &Target, speak_to: &str) -> Request {
    let suffix = match target {
        Target::Queue(_) | Target::QueueName(_) => "/consult/queue",
        Target::User(_) => "/consult/agent",
        Target::Contact { .. } => "/consult/contact/external",
        Target::Address(_) => "/voice/consult",
    };
    let body = ConsultBody { speak_to: speak_to_api(speak_to), target: TargetBody::of(target) };
    Request::json(Method::Post, calls_participant(cid, pid) + suffix, RequestBody::Consult(body))
}

/// Changes who speaks in the consult started from object `pid`.
pub fn speak_to_request(cid: &str, pid: &str, speak_to: &str) -> Request {
    Request::json(Method::Patch, calls_participant(cid, pid) + "/consult", RequestBody::SpeakTo(SpeakToBody { speak_to: speak_to_api(speak_to) }))
}

/// Cancels the consult started from object `pid` (the destination is dropped).
pub fn cancel_request(cid: &str, pid: &str) -> Request {
    Request { method: Method::Delete, path: calls_participant(cid, pid) + "/consult", query: alloc::vec::Vec::new(), body: None }
}

/// A change to one participant's call: `{held}`, `{muted}`, or `{state}`
/// `disconnected` or `connected`.
pub fn participant_request(cid: &str, pid: &str, change: Change) -> Request {
    let path = calls_participant(cid, pid);
    match change {
        Change::Held(held) => Request::json(Method::Patch, path, RequestBody::Held(HeldBody { held })),
        Change::Muted(muted) => Request::json(Method::Patch, path, RequestBody::Muted(MutedBody { muted })),
        Change::Disconnect => Request::json(Method::Patch, path, RequestBody::State(StateBody { state: "disconnected" })),
        Change::Connect => Request::json(Method::Patch, path, RequestBody::State(StateBody { state: "connected" })),
    }
}

/// The part of a `ConsultTransferResponse` read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsultTransferResponse {
    destination_participant_id: Option<String>,
}

/// Reads a `ConsultTransferResponse`: the destination participant's id.
pub fn read_consult_response<B: Body>(body: &B) -> Result<String, Error> {
    let r: ConsultTransferResponse =
        body.read().ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the consult response is not a ConsultTransferResponse"))?;
    match r.destination_participant_id {
        Some(id) if super::id::is_uuid(&id) => Ok(id),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the consult response has no destinationParticipantId")),
    }
}
