//! Which participant an operation acts on, picked from the conversation.

use super::conversation::{Conversation, Participant};
use super::error::{Candidate, Error, Kind};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The participant a blind transfer replaces.
///
/// 1. The token's user's own participant (`userId == me`, not voicemail),
///    preferring a connected one. If the user is still on the call but not
///    connected (alerting, dialing, …), the transfer is refused: Genesys only
///    transfers connected calls (`conversations.error.transfer.not.connected`).
/// 2. Otherwise (client-credentials token, a supervisor, or the user's leg has
///    ended) a call still waiting in a queue: its connected `acd` participant.
/// 3. Otherwise an `invalid_state` error listing the connected participants,
///    so the caller can pass `participantId`.
pub fn blind_transfer_participant(conv: &Conversation, me: Option<&str>) -> Result<String, Error> {
    if let Some(me) = me {
        let mine: Vec<&Participant> = conv
            .participants
            .iter()
            .filter(|p| p.user_id.as_deref() == Some(me) && p.purpose != "voicemail")
            .collect();
        if let Some(p) = mine.iter().rev().find(|p| p.is_connected()) {
            return Ok(p.id.clone());
        }
        if let Some(p) = mine.iter().rev().find(|p| !p.has_ended()) {
            return Err(Error::new(
                Kind::InvalidState,
                format!("your participant {} is {}, not connected: only a connected call can be transferred", p.id, p.state),
            ));
        }
    }
    if let Some(p) = conv.participants.iter().rev().find(|p| p.purpose == "acd" && p.is_connected()) {
        return Ok(p.id.clone());
    }
    Err(no_participant(conv, "the token's user is not connected to this conversation and no call is waiting in a queue"))
}

fn no_participant(conv: &Conversation, why: &str) -> Error {
    let candidates: Vec<Candidate> = conv
        .participants
        .iter()
        .filter(|p| p.is_connected())
        .map(|p| Candidate { id: p.id.clone(), name: format!("{} ({})", p.purpose, p.state) })
        .collect();
    let mut list = String::new();
    for (i, c) in candidates.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str(&c.id);
        list.push_str(" = ");
        list.push_str(&c.name);
    }
    let hint = if candidates.is_empty() {
        String::from("no participant is connected")
    } else {
        format!("pass participantId: one of {list}")
    };
    Error::new(Kind::InvalidState, format!("no participant to transfer: {why}; {hint}")).with_candidates(candidates)
}
