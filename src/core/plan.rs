//! Every operation as a plan: a small state machine that says which request
//! comes next and reads each answer, with no I/O, clock or async. The client
//! (`crate::client`) runs a plan: it sends what [`Plan::next`] asks for (with
//! retries, deadlines and the token), feeds each 2xx body back, and answers
//! [`Next::Me`] from its per-client cache when it can.
//!
//! Each plan is the same walk: resolve a queue name, read the conversation,
//! know who the token's user is, then send the one request that changes the
//! call (or answer from what was read).

use super::consult::{self, call_ref, consult_plan, Extra};
use super::conversation::{read_conversation, Conversation};
use super::error::{Error, Kind};
use super::http::Request;
use super::json::Json;
use super::target::Target;
use super::{dial, id, input, participant, queue, transfer};
use alloc::string::String;
use alloc::vec::Vec;

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
}

/// What a plan needs next.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Send this request and [`Plan::feed`] its 2xx body.
    Send(Request),
    /// The token's user: [`Plan::feed_me`] with `GET /users/me` (cached per client).
    Me,
    /// The operation's result.
    Done(Json),
}

/// Which answer the plan waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Waiting {
    Nothing,
    Queue,
    Conversation,
    Final,
}

/// One operation's state.
#[derive(Debug)]
pub struct Plan {
    op: Op,
    cid: String,
    /// The caller's `participantId`: skips the lookups.
    pid: Option<String>,
    target: Option<Target>,
    /// `speakTo` (JS spelling) or `"true"`/`"false"` for hold and mute.
    value: Option<&'static str>,
    /// A request built up front (dial, findQueues).
    request: Option<Request>,
    conv: Option<(Conversation, Json)>,
    /// `Some(None)`: a client-credentials token (no user).
    me: Option<Option<(String, Json)>>,
    waiting: Waiting,
    /// The result, once known (filled by the last answer for dial and consult).
    result: Option<Json>,
}

/// Reads and checks operation `name`'s options (JSON text) before anything
/// is sent. Also gives the single-flight key of an operation that changes a
/// call: identical ones in flight share one request.
pub fn begin(name: &str, options_json: &str) -> Result<(Option<String>, Plan), Error> {
    let mut plan = Plan {
        op: Op::Me,
        cid: String::new(),
        pid: None,
        target: None,
        value: None,
        request: None,
        conv: None,
        me: None,
        waiting: Waiting::Nothing,
        result: None,
    };
    let key: Option<Vec<String>> = match name {
        "dial" => {
            let req = dial::dial_request(options_json)?;
            let k = Some(Vec::from([String::from("dial"), req.path.clone(), req.body.clone().unwrap_or_default()]));
            plan.op = Op::Dial;
            plan.request = Some(req);
            k
        }
        "transfer" => {
            let t = transfer::transfer_plan(options_json)?;
            plan.op = Op::Transfer;
            (plan.cid, plan.pid, plan.target) = (t.conversation_id, t.participant_id, Some(t.target));
            Some(Vec::from([String::from("transfer")]))
        }
        "consult" => {
            let c = consult_plan(options_json)?;
            plan.op = Op::Consult;
            (plan.cid, plan.pid, plan.target, plan.value) = (c.conversation_id, c.participant_id, Some(c.target), Some(c.speak_to));
            Some(Vec::from([String::from("consult")]))
        }
        "me" => {
            input::parse_object(options_json, "options")?;
            None
        }
        "conversation" | "findQueues" => {
            let obj = input::parse_object(options_json, "options")?;
            let text = |k| obj.get(k).and_then(Json::as_str).unwrap_or("");
            if name == "conversation" {
                plan.op = Op::Conversation;
                plan.cid = id::normalize_id(text("conversationId")).map_err(|p| Error::invalid("conversationId", p))?;
            } else {
                plan.op = Op::FindQueues;
                plan.request = Some(queue::queues_request(text("name"), "name")?);
            }
            None
        }
        _ => {
            let (op, extra) = match name {
                "consultState" => (Op::ConsultState, Extra::None),
                "consultSpeakTo" => (Op::SpeakTo, Extra::SpeakTo),
                "consultCancel" => (Op::Cancel, Extra::None),
                "consultComplete" => (Op::Complete, Extra::None),
                "hold" => (Op::Hold, Extra::Flag("held")),
                "mute" => (Op::Mute, Extra::Flag("muted")),
                "hangUp" => (Op::HangUp, Extra::None),
                _ => return Err(Error::new(Kind::Internal, "unknown operation")),
            };
            let c = call_ref(options_json, extra)?;
            plan.op = op;
            (plan.cid, plan.pid, plan.value) = (c.conversation_id, c.participant_id, c.value);
            Some(Vec::from([String::from(name)]))
        }
    };
    let key = key.map(|mut parts| {
        if plan.op != Op::Dial {
            parts.push(plan.cid.clone());
            parts.push(plan.pid.clone().unwrap_or_default());
            if let Some(v) = plan.value {
                parts.push(String::from(v));
            }
            if let Some(t) = &plan.target {
                parts.push(t.key());
            }
        }
        let mut k = String::new();
        for p in parts {
            k.push_str(&p);
            k.push(' ');
        }
        k
    });
    Ok((key, plan))
}

impl Plan {
    pub fn op(&self) -> Op {
        self.op
    }

    fn needs_conversation(&self) -> bool {
        match self.op {
            Op::ConsultState | Op::SpeakTo | Op::Cancel | Op::Complete | Op::Conversation => true,
            Op::Transfer | Op::Consult | Op::Hold | Op::Mute | Op::HangUp => self.pid.is_none(),
            _ => false,
        }
    }

    fn needs_me(&self) -> bool {
        match self.op {
            Op::Me => true,
            Op::Transfer | Op::Consult | Op::Complete | Op::Hold | Op::Mute | Op::HangUp => self.pid.is_none(),
            _ => false,
        }
    }

    /// What to do next, after the last answer was fed.
    pub fn next(&mut self) -> Result<Next, Error> {
        if self.waiting == Waiting::Final {
            return Ok(Next::Done(self.result.take().unwrap_or(Json::Null)));
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
    fn last(&mut self) -> Result<Next, Error> {
        let me = self.me.as_ref().and_then(|m| m.as_ref().map(|(id, _)| id.as_str()));
        let conv = self.conv.as_ref().map(|(c, _)| c);
        let cid = conv.map_or(self.cid.as_str(), |c| c.id.as_str());
        let done = |v| Ok(Next::Done(v));
        let req = match self.op {
            Op::Me => {
                return match self.me.take().flatten() {
                    Some((_, body)) => done(body),
                    None => Err(Error::new(Kind::BadRequest, "Genesys answered 400 not.a.user: the token is a client-credentials token, which has no user")
                        .with_status(400)
                        .with_code(Some("not.a.user".into()))),
                };
            }
            Op::Conversation => return done(self.conv.take().map_or(Json::Null, |(_, j)| j)),
            Op::Dial | Op::FindQueues => self.request.take().ok_or_else(|| Error::new(Kind::Internal, "no request"))?,
            Op::Transfer => {
                let pid = match (&self.pid, conv) {
                    (Some(p), _) => p.clone(),
                    (None, Some(c)) => participant::blind_transfer_participant(c, me)?,
                    (None, None) => return Err(no_conversation()),
                };
                let target = self.target.as_ref().ok_or_else(no_conversation)?;
                let mut r = Vec::from([("conversationId", cid), ("participantId", pid.as_str())]);
                if let Target::Queue(q) = target {
                    r.push(("queueId", q.as_str()));
                }
                self.result = Some(strings(&r));
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
                self.result = Some(strings(&[("conversationId", cid), ("participantId", &object), ("speakTo", speak_to)]));
                req
            }
            Op::ConsultState | Op::SpeakTo | Op::Cancel | Op::Complete => {
                let c = conv.ok_or_else(no_conversation)?;
                let (object, dest) = participant::active_consult(c)
                    .map(|(o, d)| (o.id.as_str(), d.id.as_str()))
                    .ok_or_else(|| Error::new(Kind::InvalidState, "no consult is in progress on this call"))?;
                let mut r = Vec::from([("conversationId", cid), ("participantId", object), ("destinationParticipantId", dest)]);
                let req = match self.op {
                    Op::ConsultState => return done(strings(&r)),
                    Op::SpeakTo => {
                        let s = self.value.unwrap_or("destination");
                        r.push(("speakTo", s));
                        consult::speak_to_request(cid, object, s)
                    }
                    Op::Cancel => consult::cancel_request(cid, object),
                    _ => {
                        let agent = match &self.pid {
                            Some(p) => p.as_str(),
                            None => participant::own_participant(c, me, false)?.id.as_str(),
                        };
                        consult::participant_request(cid, agent, &change("state", Json::from("disconnected")))
                    }
                };
                self.result = Some(strings(&r));
                req
            }
            Op::Hold | Op::Mute | Op::HangUp => {
                let pid = match (&self.pid, conv) {
                    (Some(p), _) => p.as_str(),
                    (None, Some(c)) => participant::own_participant(c, me, self.op != Op::HangUp)?.id.as_str(),
                    (None, None) => return Err(no_conversation()),
                };
                let on = self.value == Some("true");
                let body = match self.op {
                    Op::Hold => change("held", Json::from(on)),
                    Op::Mute => change("muted", Json::from(on)),
                    _ => change("state", Json::from("disconnected")),
                };
                self.result = Some(strings(&[("conversationId", &self.cid), ("participantId", pid)]));
                consult::participant_request(&self.cid, pid, &body)
            }
        };
        self.waiting = Waiting::Final;
        Ok(Next::Send(req))
    }

    /// Reads the 2xx body of the request [`Plan::next`] asked for.
    pub fn feed(&mut self, body: &str) -> Result<(), Error> {
        match self.waiting {
            Waiting::Queue => {
                let Some(Target::QueueName(name)) = &self.target else { return Err(no_conversation()) };
                let (found, _) = queue::read_queues(body)?;
                self.target = Some(Target::Queue(queue::pick_queue(name, found)?));
            }
            Waiting::Conversation => self.conv = Some(read_conversation(body)?),
            Waiting::Final => match self.op {
                Op::Dial => self.result = Some(strings(&[("conversationId", &dial::read_dial_response(body)?)])),
                Op::FindQueues => self.result = Some(queue::read_queues(body)?.1),
                Op::Consult => {
                    let dest = consult::read_consult_response(body)?;
                    if let Some(Json::Obj(pairs)) = self.result.as_mut() {
                        pairs.insert(2, (String::from("destinationParticipantId"), Json::from(dest.as_str())));
                    }
                }
                _ => {}
            },
            Waiting::Nothing => {}
        }
        Ok(())
    }

    /// The token's user (id and `UserMe` body), or `None` for a
    /// client-credentials token.
    pub fn feed_me(&mut self, me: Option<(String, Json)>) {
        self.me = Some(me);
    }
}

/// A result object of string fields.
fn strings(pairs: &[(&str, &str)]) -> Json {
    Json::Obj(pairs.iter().map(|(k, v)| (String::from(*k), Json::from(*v))).collect())
}

/// `{state: "disconnected"}`, `{held}` or `{muted}`.
fn change(key: &str, value: Json) -> Json {
    Json::Obj(Vec::from([(String::from(key), value)]))
}

fn no_conversation() -> Error {
    Error::new(Kind::Internal, "the plan lost its conversation")
}
