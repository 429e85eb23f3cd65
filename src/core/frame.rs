//! One text frame of a notification WebSocket, read leniently
//! (genesys-notifications.md §3): `{topicName, version, eventBody, metadata}`,
//! or the `{"result":"404", …}` a dead channel sends.

use super::calls::Snapshot;
use super::http::Body;
use super::notify::calls_topic;
use super::wire::{Code, EntityBody, SessionBody};

/// What a frame means to the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// An event on `v2.users.{me}.conversations.calls`: the whole conversation.
    Calls(Snapshot),
    /// `channel.metadata` (the server's ~30 s `WebSocket Heartbeat`, or any
    /// other metadata message but a pong): the socket is alive; not an event.
    Heartbeat,
    /// `channel.metadata` `pong`, the answer to `{"message":"ping"}`: not an event.
    Pong,
    /// `v2.system.socket_closing`: the service closes this socket in about a
    /// minute; open a new one (the channel and its subscriptions stay).
    SocketClosing,
    /// The channel is gone: a `{"result":"404"}` frame (expired, evicted, or
    /// its token ended), or `v2.system.no_longer_subscribed…`. Make a new
    /// channel and subscribe again.
    ChannelGone,
    /// Anything else: another topic (another user's calls included), a
    /// frame this package does not read, or one it cannot read.
    Other,
}

/// Reads one frame for the user `me`. Topic names are compared without
/// regard to case (the official tutorial does; .NET lower-cases them).
/// Never fails: what cannot be read is [`Frame::Other`].
pub fn read_frame<B: Body>(frame: &B, me: &str) -> Frame {
    let Some(e) = frame.read::<SessionBody>() else { return Frame::Other };
    let Some(topic) = e.topic_name else {
        return match e.result {
            Some(Code(Some(404))) => Frame::ChannelGone,
            _ => Frame::Other,
        };
    };
    if topic.eq_ignore_ascii_case("channel.metadata") {
        let pong = e.event_body.and_then(|b| b.message).is_some_and(|m| m.trim().eq_ignore_ascii_case("pong"));
        return if pong { Frame::Pong } else { Frame::Heartbeat };
    }
    if topic.eq_ignore_ascii_case("v2.system.socket_closing") {
        return Frame::SocketClosing;
    }
    let lower = topic.to_ascii_lowercase();
    if lower.starts_with("v2.system.no_longer_subscribed") {
        return Frame::ChannelGone;
    }
    if !me.is_empty() && lower == calls_topic(me).to_ascii_lowercase() {
        if let Some(s) = e.event_body.and_then(EntityBody::into_snapshot) {
            return Frame::Calls(s);
        }
    }
    Frame::Other
}
