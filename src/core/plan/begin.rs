//! Starting an operation: its options read and checked (before anything is
//! sent) into a [`Plan`], and the single-flight key of an operation that
//! changes a call.

use super::*;

options! {
    /// `me`, `calls`: no options.
    struct NoOptions {}
}

options! {
    /// `conversation`: `{conversationId}`.
    struct ConversationOptions {
        conversation_id: Id = "conversationId",
    }
}

options! {
    /// `findQueues`: `{name}` (a leading and/or trailing `*` is a wildcard).
    struct FindQueuesOptions {
        name: String = "name",
    }
}

/// Reads and checks operation `name`'s options before anything is sent.
/// Also gives the single-flight key of an operation that changes a call:
/// identical ones in flight share one request.
pub fn begin<'de, B: Body, I: Input<'de>>(name: &str, options: I) -> Result<(Option<String>, Plan<B>), Error> {
    let mut plan = Plan::blank(Op::Me);
    let key: Option<Vec<String>> = match name {
        "dial" => {
            let req = dial::dial_request(options)?;
            let k = Some(Vec::from([String::from("dial"), req.path.clone(), req.body.as_ref().map(|b| b.key()).unwrap_or_default()]));
            plan.op = Op::Dial;
            plan.request = Some(req);
            k
        }
        "transfer" => {
            let t = transfer::transfer_plan(options)?;
            plan.op = Op::Transfer;
            (plan.cid, plan.pid, plan.target) = (t.conversation_id, t.participant_id, Some(t.target));
            Some(Vec::from([String::from("transfer")]))
        }
        "consult" => {
            let c = consult_plan(options)?;
            plan.op = Op::Consult;
            (plan.cid, plan.pid, plan.target, plan.value) = (c.conversation_id, c.participant_id, Some(c.target), Some(c.speak_to));
            Some(Vec::from([String::from("consult")]))
        }
        "me" | "calls" => {
            let o: NoOptions = parse(options, "options")?;
            o.unknown.check("")?;
            if name == "calls" {
                plan.op = Op::Calls;
            }
            None
        }
        "conversation" => {
            let o: ConversationOptions = parse(options, "options")?;
            plan.op = Op::Conversation;
            plan.cid = match o.conversation_id.get() {
                Some(Id(cid)) => cid,
                // The same words as a malformed id: a conversation is named by one.
                None => id::normalize_id("").map_err(|p| Error::invalid("conversationId", p))?,
            };
            o.unknown.check("")?;
            None
        }
        "findQueues" => {
            let o: FindQueuesOptions = parse(options, "options")?;
            plan.op = Op::FindQueues;
            plan.request = Some(queue::queues_request(o.name.value().map_or("", String::as_str), "name")?);
            o.unknown.check("")?;
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
                "answer" => (Op::Answer, Extra::None),
                _ => return Err(Error::new(Kind::Internal, "unknown operation")),
            };
            let c = call_ref(options, extra)?;
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
