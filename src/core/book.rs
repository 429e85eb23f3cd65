//! The agent's calls as last told to the host: a fold of snapshots (live
//! events and resync listings) into the calls that changed.

use super::calls::{agent_call, Call, Snapshot};
use alloc::string::String;
use alloc::vec::Vec;

/// Conversations remembered at most (live or ended); the oldest ended ones
/// are forgotten first. An agent has a handful of calls at a time.
pub const MAX_CONVERSATIONS: usize = 128;

/// Ended legs remembered per conversation.
const MAX_ENDED_LEGS: usize = 8;

/// What the book knows of one conversation.
#[derive(Debug)]
struct Entry {
    /// The last [`Call`] emitted (or, for a leg first seen ended during a
    /// resync, recorded without being emitted).
    last: Call,
    /// The agent's legs that ended or were replaced by a newer leg: never
    /// emitted again (a late or repeated snapshot of them is stale).
    ended: Vec<String>,
}

/// The agent's calls as last told to the host: folds snapshots (live events
/// and resync listings) into the calls that changed.
///
/// Rules (events may repeat or arrive out of order; each carries the whole
/// conversation, genesys-notifications.md §4 "Ordering / duplicates"):
/// - one [`Call`] per conversation, emitted only when it differs from the last
///   one emitted for that conversation (any field: state, held, muted,
///   remote, queue, leg);
/// - `disconnected` and `terminated` are final for that leg: a later
///   snapshot of it (the `terminated` that follows a `disconnected`, a
///   repeat, or an older snapshot arriving late) emits nothing;
/// - when the agent gets a new leg in the same conversation (a call
///   transferred back), the call moves to it and the older leg is final;
/// - a snapshot in which the agent has no leg (in a known state) emits
///   nothing: Genesys keeps ended participants in the conversation, so an
///   absent leg is no proof the call ended (the end arrives as its own
///   snapshot, or [`CallBook::resync`] finds it gone);
/// - live, a leg first seen already ended is emitted (it ended while
///   watched); in a resync it is only recorded (an old call in wrap-up).
///
/// Memory is bounded: at most [`MAX_CONVERSATIONS`] conversations, the
/// oldest ended ones forgotten first (a forgotten one that speaks again is
/// new).
#[derive(Debug, Default)]
pub struct CallBook {
    /// Least recently changed first.
    entries: Vec<Entry>,
}

impl CallBook {
    /// A live snapshot: the agent's call if it changed.
    pub fn apply(&mut self, s: &Snapshot, me: &str) -> Option<Call> {
        let call = agent_call(s, me)?;
        self.fold(call, true)
    }

    /// After a (re)connect, the listing of `GET /api/v2/conversations/calls`
    /// (`listing` from [`read_listing`]): the calls that changed while the
    /// socket was down, then a final `disconnected` for every call the book
    /// holds live whose conversation is not listed (it ended meanwhile).
    pub fn resync(&mut self, listing: &[Snapshot], me: &str) -> Vec<Call> {
        let mut out: Vec<Call> = listing.iter().filter_map(|s| agent_call(s, me)).filter_map(|c| self.fold(c, false)).collect();
        let gone: Vec<Call> = self
            .entries
            .iter()
            .filter(|e| !e.last.is_final() && !listing.iter().any(|s| s.id == e.last.conversation_id))
            .map(|e| Call { state: "disconnected", ..e.last.clone() })
            .collect();
        for call in gone {
            out.extend(self.fold(call, true));
        }
        out
    }

    /// The calls live now (the last one emitted for each conversation, where
    /// it is not final), oldest change first: what a watcher that joins a
    /// running session is told first.
    pub fn live_calls(&self) -> Vec<Call> {
        self.entries.iter().filter(|e| !e.last.is_final()).map(|e| e.last.clone()).collect()
    }

    /// Conversations remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records `call`; returns it if it is news. `live`: a leg first seen
    /// ended is news.
    fn fold(&mut self, call: Call, live: bool) -> Option<Call> {
        let Some(i) = self.entries.iter().position(|e| e.last.conversation_id == call.conversation_id) else {
            let news = live || !call.is_final();
            let ended = if call.is_final() { Vec::from([call.participant_id.clone()]) } else { Vec::new() };
            self.entries.push(Entry { last: call.clone(), ended });
            self.prune();
            return news.then_some(call);
        };
        let mut e = self.entries.remove(i);
        let news = if e.ended.contains(&call.participant_id) || e.last == call {
            false
        } else {
            if e.last.participant_id != call.participant_id {
                // A newer leg replaces the one the host knows: that one is over.
                end(&mut e.ended, e.last.participant_id.clone());
            }
            if call.is_final() {
                end(&mut e.ended, call.participant_id.clone());
            }
            e.last = call.clone();
            true
        };
        self.entries.push(e);
        news.then_some(call)
    }

    /// Forgets the oldest ended conversation (else the oldest) while over the bound.
    fn prune(&mut self) {
        while self.entries.len() > MAX_CONVERSATIONS {
            let i = self.entries.iter().position(|e| e.last.is_final()).unwrap_or(0);
            self.entries.remove(i);
        }
    }
}

/// Adds `leg` to `ended`, keeping the newest [`MAX_ENDED_LEGS`].
fn end(ended: &mut Vec<String>, leg: String) {
    if !ended.contains(&leg) {
        if ended.len() >= MAX_ENDED_LEGS {
            ended.remove(0);
        }
        ended.push(leg);
    }
}
