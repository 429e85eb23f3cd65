//! Where a call goes: the `to` object of transfer (and later consult).

use super::error::Error;
use super::input::{check_text, one_of, options, Id, Text};
use super::phone;
use alloc::string::String;
use serde::{Deserialize, Deserializer};

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

options! {
    /// `to` as given: exactly one destination.
    pub struct TargetOptions {
        queue_id: Id = "queueId",
        queue_name: Text = "queueName",
        user_id: Id = "userId",
        address: Text = "address",
        contact_id: Id = "contactId",
        phone_type: PhoneType = "phoneType",
    }
}

/// A `phoneType`, one of [`PHONE_TYPES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhoneType(pub &'static str);

impl<'de> Deserialize<'de> for PhoneType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d, &PHONE_TYPES).map(PhoneType)
    }
}

/// Reads `to` (`None` when absent): exactly one of `{queueId}`,
/// `{queueName}`, `{userId}`, `{address}`, `{contactId, phoneType}`.
/// Targets not chosen may be given as `null`.
pub fn read_target(to: Option<TargetOptions>) -> Result<Target, Error> {
    let Some(to) = to else {
        return Err(Error::invalid("to", "is required: one of {queueId}, {queueName}, {userId}, {address}, {contactId, phoneType}"));
    };
    let TargetOptions { queue_id, queue_name, user_id, address: addr, contact_id, phone_type, unknown } = to;
    let (queue_id, queue_name, user_id, addr, contact_id, phone_type) =
        (queue_id.get(), queue_name.get(), user_id.get(), addr.get(), contact_id.get(), phone_type.get());
    let given = [queue_id.is_some(), queue_name.is_some(), user_id.is_some(), addr.is_some(), contact_id.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Error::invalid("to", "must have exactly one of queueId, queueName, userId, address, contactId (with phoneType)"));
    }
    let target = if let Some(Id(q)) = queue_id {
        Target::Queue(q)
    } else if let Some(Text(n)) = queue_name {
        Target::QueueName(n)
    } else if let Some(Id(u)) = user_id {
        Target::User(u)
    } else if let Some(Text(a)) = addr {
        Target::Address(address(&a).map_err(|p| Error::invalid("to.address", p))?)
    } else {
        let contact_id = contact_id.map(|c| c.0).unwrap_or_default();
        match phone_type {
            Some(PhoneType(phone_type)) => Target::Contact { contact_id, phone_type },
            None => return Err(Error::invalid("to.phoneType", "is required with contactId: one of WorkPhone, CellPhone, HomePhone, OtherPhone")),
        }
    };
    // phoneType goes only with contactId: with another target it is an
    // option that target does not know.
    if phone_type.is_some() && !matches!(target, Target::Contact { .. }) {
        return Err(Error::invalid("to.phoneType", "is not a known option"));
    }
    unknown.check("to")?;
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
