//! The agent's own calls: conversation snapshots as Genesys sends them (the
//! `v2.users.{me}.conversations.calls` event body and each entity of
//! `GET /api/v2/conversations/calls`, both with flat participants) and the
//! agent's leg read from one as a [`Call`] (genesys-notifications.md §4–§5).
//! The [`CallBook`] (`book.rs`) folds a stream of them into "what changed".

use super::conversation::IdRef;
use super::error::{Error, Kind};
use super::http::{Body, Request};
use super::wire::{EntityBody, SessionBody};
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

pub use super::book::{CallBook, MAX_CONVERSATIONS};
pub use super::frame::{read_frame, Frame};

/// The agent's own leg of one conversation, as JS sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub conversation_id: String,
    /// The agent's own participant (what hold, mute, hang up and answer act on).
    pub participant_id: String,
    /// One of [`STATES`]; see [`call_state`] for how Genesys's others map.
    pub state: &'static str,
    /// `inbound` or `outbound`.
    pub direction: &'static str,
    pub held: bool,
    pub muted: bool,
    /// The other party as Genesys gives it; see [`agent_call`].
    pub remote: Option<String>,
    /// The agent leg's queue, else the queue the call came through (its `acd` leg).
    pub queue_id: Option<String>,
}

/// The states a [`Call`] is in.
pub const STATES: [&str; 7] = ["alerting", "dialing", "contacting", "offering", "connected", "disconnected", "terminated"];

impl Call {
    /// Whether the call has ended for the agent (`disconnected` or `terminated`).
    pub fn is_final(&self) -> bool {
        is_final(self.state)
    }
}

fn is_final(state: &str) -> bool {
    matches!(state, "disconnected" | "terminated")
}

/// A Genesys participant state (any case) as a [`Call`] state, or `None`
/// for a leg that is no call yet (`none`, empty) or a state this package does
/// not know (a future one is never guessed at: such a leg is skipped).
///
/// - the seven of [`STATES`] map to themselves;
/// - `parked`: the agent parked the call, which goes on; `connected` (and held);
/// - `converting`, `uploading`, `transmitting` (media being processed on a
///   live communication): `connected`;
/// - `scheduled` (placed later): `contacting`.
pub fn call_state(genesys: &str) -> Option<&'static str> {
    let s = genesys.to_ascii_lowercase();
    if let Some(known) = STATES.iter().find(|k| **k == s) {
        return Some(known);
    }
    match s.as_str() {
        "parked" | "converting" | "uploading" | "transmitting" => Some("connected"),
        "scheduled" => Some("contacting"),
        _ => None,
    }
}

/// One conversation as Genesys sent it, reduced to what a [`Call`] needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The conversation id (lower case).
    pub id: String,
    /// In the order Genesys lists them (join order).
    pub participants: Vec<Party>,
}

/// One participant of a [`Snapshot`]. Ids are lower case; absent text is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    pub id: String,
    pub name: Option<String>,
    pub address: Option<String>,
    /// `agent`, `user`, `customer`, `external`, `acd`, `ivr`, `voicemail`, … (free string).
    pub purpose: String,
    /// Genesys's state, as sent.
    pub state: String,
    pub direction: String,
    pub held: bool,
    pub muted: bool,
    /// `user.id` (`.calls` event, `CallConversation`) or `userId`.
    pub user_id: Option<String>,
    /// `queue.id` or `queueId`.
    pub queue_id: Option<String>,
}

/// The part of a participant read (`ConversationCallEventTopicCallMediaParticipant`
/// or `CallMediaParticipant`; the flat `userId`/`queueId` of other shapes too).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartyBody {
    id: Option<String>,
    name: Option<String>,
    address: Option<String>,
    purpose: Option<String>,
    state: Option<String>,
    direction: Option<String>,
    held: Option<bool>,
    muted: Option<bool>,
    user: Option<IdRef>,
    user_id: Option<String>,
    queue: Option<IdRef>,
    queue_id: Option<String>,
}

/// A text field, with an empty string counting as absent.
fn text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// A Genesys id, lower case; anything else counts as absent.
fn uuid(s: Option<String>) -> Option<String> {
    s.filter(|s| super::id::is_uuid(s)).map(|s| s.to_ascii_lowercase())
}

impl EntityBody {
    /// The snapshot, if the body names a conversation (participants without
    /// a Genesys id are left out).
    pub(crate) fn into_snapshot(self) -> Option<Snapshot> {
        let id = uuid(self.id)?;
        let participants = self.participants.unwrap_or_default().into_iter().filter_map(PartyBody::into_party).collect();
        Some(Snapshot { id, participants })
    }
}

impl PartyBody {
    fn into_party(self) -> Option<Party> {
        Some(Party {
            id: uuid(self.id)?,
            name: text(self.name),
            address: text(self.address),
            purpose: self.purpose.unwrap_or_default(),
            state: self.state.unwrap_or_default(),
            direction: self.direction.unwrap_or_default(),
            held: self.held.unwrap_or(false),
            muted: self.muted.unwrap_or(false),
            user_id: uuid(self.user.and_then(|u| u.id)).or_else(|| uuid(self.user_id)),
            queue_id: uuid(self.queue.and_then(|q| q.id)).or_else(|| uuid(self.queue_id)),
        })
    }
}

impl Party {
    fn is_user(&self, me: &str) -> bool {
        self.user_id.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(me))
    }

    /// Live: a known state that is not final.
    fn is_live(&self) -> bool {
        call_state(&self.state).is_some_and(|s| !is_final(s))
    }
}

/// The agent's own leg of `s` as a [`Call`], or `None` when the agent (user
/// id `me`) has no leg in a known state.
///
/// - The leg: a participant whose user is `me` and whose purpose is not
///   `voicemail`, in a state [`call_state`] knows; of several, the latest
///   live one, else the latest (Genesys lists participants in join order, and
///   a call transferred back to the agent gets a new participant).
/// - `remote`: the other party, from the participants not of `me` — the
///   latest live `customer`/`external` one (else the latest such), as its
///   `address` (else its `name`); failing that, another person (`agent`,
///   `user`) by `name` (else `address`). `acd`, `ivr`, `voicemail` and other
///   system legs are never the remote party.
/// - `held` is also true for a parked leg; `direction` is `outbound` when
///   Genesys says so, else `inbound`.
pub fn agent_call(s: &Snapshot, me: &str) -> Option<Call> {
    let mine = || s.participants.iter().rev().filter(|p| p.is_user(me) && p.purpose != "voicemail" && call_state(&p.state).is_some());
    let leg = mine().find(|p| p.is_live()).or_else(|| mine().next())?;
    let state = call_state(&leg.state)?;
    let queue_id = leg
        .queue_id
        .clone()
        .or_else(|| s.participants.iter().rev().filter(|p| p.purpose == "acd").find_map(|p| p.queue_id.clone()));
    Some(Call {
        conversation_id: s.id.clone(),
        participant_id: leg.id.clone(),
        state,
        direction: if leg.direction.eq_ignore_ascii_case("outbound") { "outbound" } else { "inbound" },
        held: leg.held || leg.state.eq_ignore_ascii_case("parked"),
        muted: leg.muted,
        remote: remote(s, me),
        queue_id,
    })
}

/// The other party's address or name (see [`agent_call`]).
fn remote(s: &Snapshot, me: &str) -> Option<String> {
    let others = |purposes: &'static [&'static str]| {
        s.participants.iter().rev().filter(move |p| !p.is_user(me) && purposes.contains(&p.purpose.as_str()))
    };
    let pick = |purposes: &'static [&'static str]| others(purposes).find(|p| p.is_live()).or_else(|| others(purposes).next());
    if let Some(p) = pick(&["customer", "external"]) {
        return p.address.clone().or_else(|| p.name.clone());
    }
    pick(&["agent", "user"]).and_then(|p| p.name.clone().or_else(|| p.address.clone()))
}

/// `GET /api/v2/conversations/calls`: the token's user's active call
/// conversations ("Requires NO permissions"; a user token only).
pub fn listing_request() -> Request {
    Request::get(String::from("/api/v2/conversations/calls"))
}

/// Reads a `CallConversationEntityListing`: its entities as snapshots
/// (an entity without a conversation id is skipped). Only the page Genesys
/// answers is read: a user has a handful of active calls, far below a page.
pub fn read_listing<B: Body>(body: &B) -> Result<Vec<Snapshot>, Error> {
    let l: SessionBody = body
        .read()
        .ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the calls response is not a CallConversationEntityListing"))?;
    let entities = l.entities.ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the calls response has no entities"))?;
    Ok(entities.into_iter().filter_map(EntityBody::into_snapshot).collect())
}
