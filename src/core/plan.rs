//! Every operation as a plan: a small state machine that says which request
//! comes next and reads each answer, with no I/O, clock or async. The client
//! (`crate::client`) runs a plan: it sends what [`Plan::next`] asks for (with
//! retries, deadlines and the token), feeds each 2xx body back, and answers
//! [`Next::Me`] from its per-client cache when it can.
//!
//! Each plan is the same walk: resolve a queue name, read the conversation,
//! know who the token's user is, then send the one request that changes the
//! call (or answer from what was read). The notification session's REST
//! steps are plans too, built by typed constructors (`plan/notify.rs`).

mod begin;
mod notify;

pub use begin::begin;

use super::calls::{agent_call, Call, Snapshot};
use super::channel::Channel;
use super::consult::{self, call_ref, consult_plan, Change, Extra};
use super::conversation::{read_conversation, Conversation};
use super::error::{Error, Kind};
use super::http::{Body, Request};
use super::input::{options, parse, Id, Input};
use super::target::Target;
use super::{calls, dial, id, participant, queue, transfer};
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// The operations a host can start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Dial,
    Transfer,
    Consult,
    ConsultState,
    SpeakTo,
    Cancel,
    Complete,
    Hold,
    Mute,
    HangUp,
    Me,
    Conversation,
    FindQueues,
    /// The token's user's live calls (`calls`).
    Calls,
    /// Answer an alerting call (`answer`).
    Answer,
    /// The session's steps: the user's id, the calls listing (a resync),
    /// create a channel, subscribe it, ask whether it still exists.
    MeId,
    CallListing,
    CreateChannel,
    Subscribe,
    ChannelAlive,
}

/// What a plan needs next.
#[derive(Debug, PartialEq)]
pub enum Next<B> {
    /// Send this request and [`Plan::feed`] its 2xx body.
    Send(Request),
    /// The token's user: [`Plan::feed_me`] with `GET /users/me` (cached per client).
    Me,
    /// The operation's result.
    Done(Output<B>),
}

/// An operation's result, as JS is to see it.
#[derive(Clone, Debug, PartialEq)]
pub enum Output<B> {
    /// dial, transfer, consult, consultState, consultSpeakTo, consultCancel,
    /// consultComplete, hold, mute, hangUp: an object of the fields set.
    Fields(CallResult),
    /// me, conversation: the response body as Genesys sent it.
    Body(B),
    /// findQueues: the `entities` array of this response body (a
    /// `QueueEntityListing` whose `entities` was read as an array of queues,
    /// each with a Genesys id), as Genesys sent it.
    Entities(B),
    /// calls: the agent's live calls (none ended), in Genesys's order.
    Calls(Vec<Call>),
    /// The session's resync: every conversation of the calls listing.
    Listing(Vec<Snapshot>),
    /// A new notification channel, its `connectUri` checked.
    Channel(Channel),
    /// The token's user's id.
    UserId(String),
    /// Done, with nothing to say (subscribed; the channel exists).
    Nothing,
}

/// Which answer the plan waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Waiting {
    Nothing,
    Queue,
    Conversation,
    Final,
}

/// One operation's state; `B` is the host's response body.
#[derive(Debug)]
pub struct Plan<B> {
    op: Op,
    cid: String,
    /// The caller's `participantId`: skips the lookups.
    pid: Option<String>,
    target: Option<Target>,
    /// `speakTo` (JS spelling) or `"true"`/`"false"` for hold and mute.
    value: Option<&'static str>,
    /// A request built up front (dial, findQueues, the session's steps).
    request: Option<Request>,
    /// The API base a new channel's `connectUri` is checked against.
    base: String,
    /// The topics a subscription asks for.
    topics: Vec<String>,
    conv: Option<(Conversation, B)>,
    /// `Some(None)`: a client-credentials token (no user).
    me: Option<Option<(String, B)>>,
    waiting: Waiting,
    /// The result of an operation on a call, once known (completed by the
    /// last answer for dial and consult).
    result: Option<CallResult>,
    /// The result of a lookup: the API's body as it came.
    passed: Option<Output<B>>,
}

/// What an operation on a call answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallResult {
    pub conversation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_participant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speak_to: Option<String>,
}

impl CallResult {
    fn on(conversation_id: &str, participant_id: &str) -> Self {
        CallResult { conversation_id: conversation_id.into(), participant_id: Some(participant_id.into()), ..CallResult::default() }
    }
}

impl<B: Body> Plan<B> {
    /// A plan for `op` with nothing read yet.
    fn blank(op: Op) -> Self {
        Plan {
            op,
            cid: String::new(),
            pid: None,
            target: None,
            value: None,
            request: None,
            base: String::new(),
            topics: Vec::new(),
            conv: None,
            me: None,
            waiting: Waiting::Nothing,
            result: None,
            passed: None,
        }
    }

    pub fn op(&self) -> Op {
        self.op
    }

    fn needs_conversation(&self) -> bool {
        match self.op {
            Op::ConsultState | Op::SpeakTo | Op::Cancel | Op::Complete | Op::Conversation => true,
            Op::Transfer | Op::Consult | Op::Hold | Op::Mute | Op::HangUp | Op::Answer => self.pid.is_none(),
            _ => false,
        }
    }

    fn needs_me(&self) -> bool {
        match self.op {
            Op::Me | Op::Calls | Op::MeId => true,
            Op::Transfer | Op::Consult | Op::Complete | Op::Hold | Op::Mute | Op::HangUp | Op::Answer => self.pid.is_none(),
            _ => false,
        }
    }

    /// What to do next, after the last answer was fed.
    // Not an iterator: each call depends on what was fed since the last one.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Next<B>, Error> {
        if self.waiting == Waiting::Final {
            return self.done();
        }
        if let Some(Target::QueueName(name)) = &self.target {
            self.waiting = Waiting::Queue;
            return Ok(Next::Send(queue::queues_request(name, "to.queueName")?));
        }
        if self.needs_conversation() && self.conv.is_none() {
            self.waiting = Waiting::Conversation;
            let mut path = String::from("/api/v2/conversations/");
            path.push_str(&self.cid);
            return Ok(Next::Send(Request::get(path)));
        }
        if self.needs_me() && self.me.is_none() {
            self.waiting = Waiting::Nothing;
            return Ok(Next::Me);
        }
        self.last()
    }

    /// The request that changes the call, or the answer from what was read.
    fn last(&mut self) -> Result<Next<B>, Error> {
        let me = self.me.as_ref().and_then(|m| m.as_ref().map(|(id, _)| id.as_str()));
        let conv = self.conv.as_ref().map(|(c, _)| c);
        let cid = conv.map_or(self.cid.as_str(), |c| c.id.as_str());
        let req = match self.op {
            Op::Me | Op::MeId => {
                return match self.me.take().flatten() {
                    Some((id, _)) if self.op == Op::MeId => Ok(Next::Done(Output::UserId(id))),
                    Some((_, body)) => Ok(Next::Done(Output::Body(body))),
                    None => Err(not_a_user()),
                };
            }
            // The listing is the token's user's; their id picks their legs.
            Op::Calls if me.is_none() => return Err(not_a_user()),
            Op::Calls => calls::listing_request(),
            Op::Answer => {
                let pid = match (&self.pid, conv) {
                    (Some(p), _) => p.as_str(),
                    (None, Some(c)) => participant::answerable(c, me)?.id.as_str(),
                    (None, None) => return Err(no_conversation()),
                };
                self.result = Some(CallResult::on(&self.cid, pid));
                consult::participant_request(&self.cid, pid, Change::Connect)
            }
            Op::Conversation => return self.conv.take().map(|(_, body)| Next::Done(Output::Body(body))).ok_or_else(no_conversation),
            Op::Dial | Op::FindQueues | Op::CallListing | Op::CreateChannel | Op::Subscribe | Op::ChannelAlive => self.request.take().ok_or_else(|| Error::new(Kind::Internal, "no request"))?,
            Op::Transfer => {
                let pid = match (&self.pid, conv) {
                    (Some(p), _) => p.clone(),
                    (None, Some(c)) => participant::blind_transfer_participant(c, me)?,
                    (None, None) => return Err(no_conversation()),
                };
                let target = self.target.as_ref().ok_or_else(no_conversation)?;
                let mut r = CallResult::on(cid, &pid);
                if let Target::Queue(q) = target {
                    r.queue_id = Some(q.clone());
                }
                self.result = Some(r);
                transfer::transfer_request(cid, &pid, target)
            }
            Op::Consult => {
                let object = match (&self.pid, conv) {
                    (Some(p), _) => p.clone(),
                    (None, Some(c)) => {
                        if let Some((o, _)) = participant::active_consult(c) {
                            let mut m = String::from("a consult is already in progress from participant ");
                            m.push_str(&o.id);
                            m.push_str(": complete or cancel it first");
                            return Err(Error::new(Kind::InvalidState, m));
                        }
                        participant::consult_object(c, me)?.id.clone()
                    }
                    (None, None) => return Err(no_conversation()),
                };
                let target = self.target.as_ref().ok_or_else(no_conversation)?;
                let speak_to = self.value.unwrap_or("destination");
                let req = consult::consult_request(cid, &object, target, speak_to);
                // destinationParticipantId comes from the answer.
                self.result = Some(CallResult { speak_to: Some(speak_to.into()), ..CallResult::on(cid, &object) });
                req
            }
            Op::ConsultState | Op::SpeakTo | Op::Cancel | Op::Complete => {
                let c = conv.ok_or_else(no_conversation)?;
                let (object, dest) = participant::active_consult(c)
                    .map(|(o, d)| (o.id.as_str(), d.id.as_str()))
                    .ok_or_else(|| Error::new(Kind::InvalidState, "no consult is in progress on this call"))?;
                let mut r = CallResult { destination_participant_id: Some(dest.into()), ..CallResult::on(cid, object) };
                let req = match self.op {
                    Op::ConsultState => {
                        self.result = Some(r);
                        return self.done();
                    }
                    Op::SpeakTo => {
                        let s = self.value.unwrap_or("destination");
                        r.speak_to = Some(s.into());
                        consult::speak_to_request(cid, object, s)
                    }
                    Op::Cancel => consult::cancel_request(cid, object),
                    _ => {
                        let agent = match &self.pid {
                            Some(p) => p.as_str(),
                            None => participant::own_participant(c, me, false)?.id.as_str(),
                        };
                        consult::participant_request(cid, agent, Change::Disconnect)
                    }
                };
                self.result = Some(r);
                req
            }
            Op::Hold | Op::Mute | Op::HangUp => {
                let pid = match (&self.pid, conv) {
                    (Some(p), _) => p.as_str(),
                    (None, Some(c)) => participant::own_participant(c, me, self.op != Op::HangUp)?.id.as_str(),
                    (None, None) => return Err(no_conversation()),
                };
                let on = self.value == Some("true");
                let change = match self.op {
                    Op::Hold => Change::Held(on),
                    Op::Mute => Change::Muted(on),
                    _ => Change::Disconnect,
                };
                self.result = Some(CallResult::on(&self.cid, pid));
                consult::participant_request(&self.cid, pid, change)
            }
        };
        self.waiting = Waiting::Final;
        Ok(Next::Send(req))
    }

    /// The result, as JS sees it.
    fn done(&mut self) -> Result<Next<B>, Error> {
        if let Some(v) = self.passed.take() {
            return Ok(Next::Done(v));
        }
        match self.result.take() {
            Some(r) => Ok(Next::Done(Output::Fields(r))),
            None => Err(Error::new(Kind::Internal, "the plan has no result")),
        }
    }

    /// Reads the 2xx body of the request [`Plan::next`] asked for.
    pub fn feed(&mut self, body: &B) -> Result<(), Error> {
        match self.waiting {
            Waiting::Queue => {
                let Some(Target::QueueName(name)) = &self.target else { return Err(no_conversation()) };
                let found = queue::read_queues(body)?;
                self.target = Some(Target::Queue(queue::pick_queue(name, found)?));
            }
            Waiting::Conversation => self.conv = Some(read_conversation(body)?),
            Waiting::Final => match self.op {
                Op::Dial => {
                    self.result = Some(CallResult { conversation_id: dial::read_dial_response(body)?, ..CallResult::default() })
                }
                Op::FindQueues => {
                    queue::read_queues(body)?;
                    self.passed = Some(Output::Entities(body.clone()));
                }
                Op::Consult => {
                    let dest = consult::read_consult_response(body)?;
                    if let Some(r) = self.result.as_mut() {
                        r.destination_participant_id = Some(dest);
                    }
                }
                Op::Calls => {
                    let me = self.me.as_ref().and_then(|m| m.as_ref().map(|(id, _)| id.as_str())).unwrap_or("");
                    let live = calls::read_listing(body)?.iter().filter_map(|s| agent_call(s, me)).filter(|c| !c.is_final()).collect();
                    self.passed = Some(Output::Calls(live));
                }
                Op::CallListing | Op::CreateChannel | Op::Subscribe | Op::ChannelAlive => self.passed = Some(self.read_step(body)?),
                _ => {}
            },
            Waiting::Nothing => {}
        }
        Ok(())
    }

    /// The token's user (id and `UserMe` body), or `None` for a
    /// client-credentials token.
    pub fn feed_me(&mut self, me: Option<(String, B)>) {
        self.me = Some(me);
    }
}

fn not_a_user() -> Error {
    Error::new(Kind::BadRequest, "Genesys answered 400 not.a.user: the token is a client-credentials token, which has no user")
        .with_status(400)
        .with_code(Some("not.a.user".into()))
}

fn no_conversation() -> Error {
    Error::new(Kind::Internal, "the plan lost its conversation")
}
