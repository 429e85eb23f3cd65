//! Reading `GET /api/v2/conversations/{id}` (the `Conversation` model, with
//! flat `participants[].userId` and `calls[].state`) into what selection needs.

use super::error::{Error, Kind};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use super::json::Json;

/// One participant, reduced to what picking a participant needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub id: String,
    /// `agent`, `user`, `customer`, `external`, `acd`, `ivr`, `voicemail`, … (free string).
    pub purpose: String,
    pub user_id: Option<String>,
    pub queue_id: Option<String>,
    /// The participant's call state: `connected` if any of its calls is, else
    /// the last call's state (or the participant's own `state` field).
    pub state: String,
    pub consult_participant_id: Option<String>,
}

impl Participant {
    pub fn is_connected(&self) -> bool {
        self.state == "connected"
    }

    /// Whether the participant has left for good.
    pub fn has_ended(&self) -> bool {
        matches!(self.state.as_str(), "disconnected" | "terminated" | "none" | "")
    }
}

/// A conversation: its id and participants in the order Genesys lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    pub id: String,
    pub participants: Vec<Participant>,
}

fn text(v: &Json, key: &str) -> Option<String> {
    v.get(key).and_then(Json::as_str).filter(|s| !s.is_empty()).map(ToString::to_string)
}

/// Reads a conversation body, returning the typed view and the parsed JSON.
pub fn read_conversation(body: &str) -> Result<(Conversation, Json), Error> {
    let bad = |m: &str| Error::new(Kind::UnexpectedResponse, m);
    let v = Json::parse(body).ok_or_else(|| bad("the conversation response is not JSON"))?;
    let id = text(&v, "id").ok_or_else(|| bad("the conversation response has no id"))?;
    let list = v.get("participants").and_then(Json::as_array).ok_or_else(|| bad("the conversation response has no participants"))?;
    let participants = list.iter().filter_map(read_participant).collect();
    Ok((Conversation { id, participants }, v))
}

fn read_participant(p: &Json) -> Option<Participant> {
    // The id goes into the transfer path: anything but a Genesys id is skipped.
    let id = text(p, "id").filter(|s| super::id::is_uuid(s))?;
    let calls: &[Json] = p.get("calls").and_then(Json::as_array).unwrap_or(&[]);
    let call_states: Vec<&str> = calls.iter().filter_map(|c| c.get("state").and_then(Json::as_str)).collect();
    let state = if call_states.contains(&"connected") {
        "connected".into()
    } else if let Some(last) = call_states.last() {
        (*last).into()
    } else {
        text(p, "state").unwrap_or_default()
    };
    Some(Participant {
        id,
        purpose: text(p, "purpose").unwrap_or_default(),
        user_id: text(p, "userId").or_else(|| p.get("user").and_then(|u| text(u, "id"))),
        queue_id: text(p, "queueId").or_else(|| p.get("queue").and_then(|q| text(q, "id"))),
        state,
        consult_participant_id: text(p, "consultParticipantId"),
    })
}

/// Reads `GET /api/v2/users/me`: the user's id and the parsed body.
pub fn read_me(body: &str) -> Result<(String, Json), Error> {
    let v = Json::parse(body).ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the users/me response is not JSON"))?;
    match text(&v, "id") {
        Some(id) if super::id::is_uuid(&id) => Ok((id, v)),
        _ => Err(Error::new(Kind::UnexpectedResponse, "the users/me response has no user id")),
    }
}
