//! The notification session's REST steps as plans, built by typed
//! constructors (no options to read): the client's task runs them like any
//! operation (retries, `Retry-After`, the 401 re-ask, deadlines).

use super::{Output, Plan};
use crate::core::error::{Error, Kind};
use crate::core::http::Body;
use crate::core::{calls, channel};
use alloc::string::String;
use alloc::vec::Vec;

impl<B: Body> Plan<B> {
    /// The token's user's id (`Next::Me`, answered from the client's cache):
    /// `Output::UserId`, or `bad_request` `not.a.user` for a token without a user.
    pub fn me_id() -> Self {
        Plan::blank(super::Op::MeId)
    }

    /// `GET /api/v2/conversations/calls`, for a resync: `Output::Listing`.
    pub fn call_listing() -> Self {
        let mut p = Plan::blank(super::Op::CallListing);
        p.request = Some(calls::listing_request());
        p
    }

    /// `POST /api/v2/notifications/channels`: `Output::Channel`, its
    /// `connectUri` checked against `api_base` (the client's).
    pub fn create_channel(api_base: &str) -> Self {
        let mut p = Plan::blank(super::Op::CreateChannel);
        p.request = Some(channel::create_request());
        p.base = String::from(api_base);
        p
    }

    /// `PUT …/channels/{id}/subscriptions` with `topics` (the channel's whole
    /// list): `Output::Nothing`, or `forbidden` when Genesys refuses a topic.
    /// A malformed channel id or topic is `invalid_input` before anything is sent.
    pub fn subscribe(channel_id: &str, topics: &[String]) -> Result<Self, Error> {
        let mut p = Plan::blank(super::Op::Subscribe);
        p.request = Some(channel::subscribe_request(channel_id, topics)?);
        p.topics = Vec::from(topics);
        Ok(p)
    }

    /// `HEAD …/channels/{id}`: `Output::Nothing` while the channel exists;
    /// once it is gone Genesys answers 404, which ends the task with `not_found`.
    pub fn channel_alive(channel_id: &str) -> Result<Self, Error> {
        let mut p = Plan::blank(super::Op::ChannelAlive);
        p.request = Some(channel::alive_request(channel_id)?);
        Ok(p)
    }

    /// Reads the 2xx answer to one of these steps.
    pub(super) fn read_step(&self, body: &B) -> Result<Output<B>, Error> {
        match self.op {
            super::Op::CallListing => calls::read_listing(body).map(Output::Listing),
            super::Op::CreateChannel => channel::read_channel(body, &self.base).map(Output::Channel),
            super::Op::Subscribe => channel::read_subscriptions(body, &self.topics).map(|()| Output::Nothing),
            super::Op::ChannelAlive => Ok(Output::Nothing),
            _ => Err(Error::new(Kind::Internal, "not a session step")),
        }
    }
}
