//! Where a call goes: the `to` object of transfer (and later consult).

use super::error::Error;
use super::input::{check_text, Fields};
use super::phone;
use alloc::string::String;

/// `phoneType` values of `TransferToExternalContactRequest`.
pub const PHONE_TYPES: [&str; 4] = ["WorkPhone", "CellPhone", "HomePhone", "OtherPhone"];

/// A destination, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Queue(String),
    /// Resolved to an id with `GET /routing/queues?name=` before sending.
    QueueName(String),
    User(String),
    /// An E.164 number (normalized) or a name Genesys resolves.
    Address(String),
    Contact { contact_id: String, phone_type: &'static str },
}

impl Target {
    /// A string that differs for every distinct target (single-flight keys).
    pub fn key(&self) -> String {
        let (kind, a, b) = match self {
            Target::Queue(q) => ("queue", q.as_str(), ""),
            Target::QueueName(n) => ("queueName", n.as_str(), ""),
            Target::User(u) => ("user", u.as_str(), ""),
            Target::Address(a) => ("address", a.as_str(), ""),
            Target::Contact { contact_id, phone_type } => ("contact", contact_id.as_str(), *phone_type),
        };
        let mut k = String::with_capacity(kind.len() + a.len() + b.len() + 2);
        for part in [kind, "\u{1f}", a, "\u{1f}", b] {
            k.push_str(part);
        }
        k
    }
}

/// Reads `to`: exactly one of `{queueId}`, `{queueName}`, `{userId}`,
/// `{address}`, `{contactId, phoneType}`.
pub fn read_target(parent: &mut Fields) -> Result<Target, Error> {
    let Some(mut to) = parent.object("to")? else {
        return Err(parent.err("to", "is required: one of {queueId}, {queueName}, {userId}, {address}, {contactId, phoneType}"));
    };
    let kinds = to.present(&["queueId", "queueName", "userId", "address", "contactId"]);
    if kinds.len() != 1 {
        return Err(parent.err("to", "must have exactly one of queueId, queueName, userId, address, contactId (with phoneType)"));
    }
    let target = match kinds[0] {
        "queueId" => Target::Queue(to.id("queueId")?.unwrap_or_default()),
        "queueName" => Target::QueueName(to.text("queueName")?.unwrap_or_default()),
        "userId" => Target::User(to.id("userId")?.unwrap_or_default()),
        "address" => {
            let raw = to.text("address")?.unwrap_or_default();
            Target::Address(address(&raw).map_err(|p| to.err("address", p))?)
        }
        _ => {
            let contact_id = to.id("contactId")?.unwrap_or_default();
            match to.one_of("phoneType", &PHONE_TYPES)? {
                Some(phone_type) => Target::Contact { contact_id, phone_type },
                None => return Err(to.err("phoneType", "is required with contactId: one of WorkPhone, CellPhone, HomePhone, OtherPhone")),
            }
        }
    };
    // Targets not chosen may be given as null (absent): they are known keys.
    for k in ["queueId", "queueName", "userId", "address", "contactId", "phoneType"] {
        if !to.has(k) {
            to.raw(k);
        }
    }
    to.finish()?;
    Ok(target)
}

/// An address is a phone number when it reads as one (then it must be valid
/// E.164), else a name such as a user's or queue's that Genesys resolves.
fn address(raw: &str) -> Result<String, &'static str> {
    if phone::looks_like_number(raw) {
        phone::normalize_e164(raw)
    } else {
        check_text(raw).map(|_| String::from(raw.trim()))
    }
}
