//! Which participant an operation acts on, picked from the conversation.

use super::conversation::{Conversation, Participant};
use super::error::{Candidate, Error, Kind};
use super::text::cat;
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
                cat(&["your participant ", &p.id, " is ", &p.state, ", not connected: only a connected call can be transferred"]),
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
        .map(|p| Candidate { id: p.id.clone(), name: cat(&[&p.purpose, " (", &p.state, ")"]) })
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
        cat(&["pass participantId: one of ", &list])
    };
    Error::new(Kind::InvalidState, cat(&["no participant to transfer: ", why, "; ", &hint])).with_candidates(candidates)
}

/// The token's user's own live participant (connected if `need_connected`),
/// for hold, mute, hang up and completing a consult.
pub fn own_participant<'a>(conv: &'a Conversation, me: Option<&str>, need_connected: bool) -> Result<&'a Participant, Error> {
    let Some(me) = me else {
        return Err(Error::new(Kind::InvalidState, "the token has no user (client credentials): pass participantId"));
    };
    let mine = || conv.participants.iter().rev().filter(move |p| p.user_id.as_deref() == Some(me) && p.purpose != "voicemail");
    if let Some(p) = mine().find(|p| p.is_connected()) {
        return Ok(p);
    }
    match mine().find(|p| !p.has_ended()) {
        Some(p) if !need_connected => Ok(p),
        Some(p) => Err(Error::new(Kind::InvalidState, cat(&["your participant ", &p.id, " is ", &p.state, ", not connected"]))),
        None => Err(Error::new(Kind::InvalidState, "you are not on this call (your participant has ended or was never there)")),
    }
}

/// The token's user's own leg to answer: the latest of theirs (not
/// voicemail) that is `alerting` or `offering`. Refused with `invalid_state`,
/// before anything is sent, when their live leg is in another state (already
/// connected, dialing, …), when they are not on the call, or when the token
/// has no user.
pub fn answerable<'a>(conv: &'a Conversation, me: Option<&str>) -> Result<&'a Participant, Error> {
    let Some(me) = me else {
        return Err(Error::new(Kind::InvalidState, "the token has no user (client credentials): pass participantId"));
    };
    let mine = || conv.participants.iter().rev().filter(move |p| p.user_id.as_deref() == Some(me) && p.purpose != "voicemail");
    if let Some(p) = mine().find(|p| matches!(p.state.as_str(), "alerting" | "offering")) {
        return Ok(p);
    }
    match mine().find(|p| !p.has_ended()) {
        Some(p) => Err(Error::new(Kind::InvalidState, cat(&["your participant ", &p.id, " is ", &p.state, ", not alerting: there is nothing to answer"]))),
        None => Err(Error::new(Kind::InvalidState, "you are not on this call (your participant has ended or was never there)")),
    }
}

/// The participant a consult starts from: the connected party the agent is
/// talking to (customer or external first, else the one other connected
/// person). The agent must be connected: a consult needs a live call.
pub fn consult_object<'a>(conv: &'a Conversation, me: Option<&str>) -> Result<&'a Participant, Error> {
    let own = own_participant(conv, me, true)
        .map_err(|e| Error::new(Kind::InvalidState, cat(&["cannot consult: ", e.message()])))?;
    let others: Vec<&Participant> = conv
        .participants
        .iter()
        .filter(|p| p.id != own.id && p.is_connected() && !matches!(p.purpose.as_str(), "acd" | "ivr" | "voicemail" | "workflow"))
        .collect();
    let parties: Vec<&Participant> = others.iter().copied().filter(|p| matches!(p.purpose.as_str(), "customer" | "external")).collect();
    let pick = if parties.len() == 1 { parties } else { others };
    match pick.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::new(Kind::InvalidState, "cannot consult: nobody else is connected on this call")),
        _ => Err(no_participant(conv, "several parties are connected")),
    }
}

/// The consult in progress as (object, destination): two live participants
/// linked by `consultParticipantId` (either direction). Participants are
/// listed in join order, so the object is the one that joined first.
pub fn active_consult(conv: &Conversation) -> Option<(&Participant, &Participant)> {
    let ps = &conv.participants;
    ps.iter().enumerate().find_map(|(i, p)| {
        let linked = p.consult_participant_id.as_deref()?;
        let (j, q) = ps.iter().enumerate().find(|(_, q)| q.id == linked)?;
        let (object, dest) = if i < j { (p, q) } else { (q, p) };
        (!object.has_ended() && !dest.has_ended()).then_some((object, dest))
    })
}
