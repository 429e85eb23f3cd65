//! The one body type the notification session reads (a WebSocket frame, a
//! calls listing, a channel, a subscription listing), so the wasm holds one
//! deserializer for all four instead of one each. Only the fields read;
//! every one optional, so each shape reads as this type and the reader of
//! each shape checks the fields it needs.

use super::calls::PartyBody;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionBody {
    /// A frame: `{topicName, eventBody}`, or `{result}` from a dead channel.
    pub(crate) topic_name: Option<String>,
    pub(crate) event_body: Option<EntityBody>,
    pub(crate) result: Option<Code>,
    /// A `CallConversationEntityListing` or a `ChannelTopicEntityListing`.
    pub(crate) entities: Option<Vec<EntityBody>>,
    /// A `Channel`.
    pub(crate) id: Option<String>,
    pub(crate) connect_uri: Option<String>,
    pub(crate) expires: Option<String>,
}

/// An event body or a listing's entity: a conversation (`id`,
/// `participants`), a `ChannelTopic` (`id`, `state`, `rejectionReason`), or
/// a `channel.metadata` message (`message`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EntityBody {
    pub(crate) id: Option<String>,
    pub(crate) participants: Option<Vec<PartyBody>>,
    pub(crate) message: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) rejection_reason: Option<String>,
}

/// A frame's `result`, as a string (`"404"`) or a number; `None` for
/// anything that is not a status code.
#[derive(Debug)]
pub(crate) struct Code(pub(crate) Option<u64>);

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status code")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Code, E> {
                let digits = v.trim();
                let ok = !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit());
                Ok(Code(ok.then(|| digits.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Code, E> {
                Ok(Code(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Code, E> {
                Ok(Code(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Code, E> {
                Ok(Code((v == 404.0).then_some(404)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Code, E> {
                Ok(Code(None))
            }
        }
        d.deserialize_any(V)
    }
}
