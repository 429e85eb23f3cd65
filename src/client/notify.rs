//! The notification session (wasm only): one per client, shared by every
//! `watchCalls` iterator. It creates (or reuses) a notification channel,
//! subscribes to the agent's call topic, keeps one WebSocket open on the
//! `connectUri` Genesys returned, folds each event into the agent's `Call`s
//! (`core::calls`) and hands them to every watcher. After every (re)connect
//! it re-reads `GET /api/v2/conversations/calls`, so nothing that happened
//! while the socket was down is lost. Every rule (what a frame means, when a
//! socket is silent, how long to back off, which URI may be opened, when to
//! renew) is a natively tested function in `core::notify` / `core::calls`;
//! this loop only performs.
//!
//! REST steps run through the same task machinery as every operation
//! (retries, `Retry-After`, the 401 re-ask, deadlines). A 401 or 403 that
//! survives that ends every watcher with the error; anything else is retried
//! with backoff.

use super::driver::{Host, JsBody};
use super::Task;
use crate::core::calls::{read_frame, Call, CallBook, Frame};
use crate::core::notify::{self, Channel};
use crate::core::plan::{Output, Plan};
use crate::core::{Error, Kind};
use crate::transport::{self, Inbox, Socket, SocketEvent};
use js_sys::Function;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// What a watcher is told.
#[derive(Debug)]
pub enum Update {
    /// The agent's leg changed.
    Call(Call),
    /// The socket's state: `"connecting"`, `"live"` or `"reconnecting"`.
    Status(&'static str),
    /// The session ended for good (a 401/403 that a fresh token did not cure).
    Failed(Error),
    /// The watcher ended (`return()`, `break`, its signal): wakes its own pump.
    Ended,
}

/// What wakes the session loop.
enum Wake {
    Socket(u32, SocketEvent),
    /// A watcher came or went.
    Watchers,
}

/// Longest wait for a socket to open.
const OPEN_TIMEOUT_MS: f64 = 15_000.0;

/// The session of one client.
pub struct Session {
    host: Rc<Host>,
    /// The `WebSocket` constructor the host passed, else the global one.
    constructor: Option<Function>,
    watchers: RefCell<Vec<Inbox<Update>>>,
    inbox: Inbox<Wake>,
    running: Cell<bool>,
    next_socket: Cell<u32>,
    /// The agent's calls as folded so far, and the last status told: a
    /// watcher that joins a running session starts from them.
    book: RefCell<CallBook>,
    status: Cell<&'static str>,
}

impl Session {
    pub fn new(host: Rc<Host>, constructor: Option<Function>) -> Rc<Session> {
        Rc::new(Session {
            host,
            constructor,
            watchers: RefCell::new(Vec::new()),
            inbox: Inbox::default(),
            running: Cell::new(false),
            next_socket: Cell::new(0),
            book: RefCell::new(CallBook::default()),
            status: Cell::new("connecting"),
        })
    }

    /// A new watcher's feed; starts the session if it is not running. A
    /// watcher joining a running session is told its status and the calls
    /// known to be live (the others learned them as they happened).
    pub fn watch(self: &Rc<Self>) -> Inbox<Update> {
        let feed = Inbox::default();
        if let Ok(mut w) = self.watchers.try_borrow_mut() {
            w.push(feed.clone());
        }
        if self.running.get() {
            feed.push(Update::Status(self.status.get()));
            for call in self.book.try_borrow().map(|b| b.live_calls()).unwrap_or_default() {
                feed.push(Update::Call(call));
            }
        }
        if !self.running.replace(true) {
            let session = self.clone();
            spawn_local(async move {
                let done = session.clone();
                session.run().await;
                done.running.set(false);
            });
        } else {
            self.inbox.push(Wake::Watchers);
        }
        feed
    }

    /// A watcher is done: the session ends with the last one.
    pub fn unwatch(&self, feed: &Inbox<Update>) {
        if let Ok(mut w) = self.watchers.try_borrow_mut() {
            w.retain(|f| !f.same(feed));
        }
        self.inbox.push(Wake::Watchers);
    }

    fn watched(&self) -> bool {
        self.watchers.try_borrow().is_ok_and(|w| !w.is_empty())
    }

    fn set_status(&self, status: &'static str) {
        self.status.set(status);
        self.tell(|| Update::Status(status));
    }

    /// Folds a snapshot (or a resync) into the book and tells every watcher what changed.
    fn fold(&self, change: impl FnOnce(&mut CallBook) -> Vec<Call>) {
        let calls = match self.book.try_borrow_mut() {
            Ok(mut book) => change(&mut book),
            Err(_) => Vec::new(),
        };
        for call in calls {
            self.tell(|| Update::Call(call.clone()));
        }
    }

    fn tell(&self, update: impl Fn() -> Update) {
        if let Ok(w) = self.watchers.try_borrow() {
            for feed in w.iter() {
                feed.push(update());
            }
        }
    }

    async fn rest(&self, plan: Plan<JsBody>) -> Result<Output<JsBody>, Error> {
        let task = Task::new(&self.host.client, plan, transport::now_ms());
        self.host.drive(task, None).await
    }

    /// Waits `ms`, or less if the last watcher leaves.
    async fn pause(&self, ms: f64) {
        let until = transport::now_ms() + ms;
        while self.watched() {
            let left = until - transport::now_ms();
            if left <= 0.0 {
                return;
            }
            let _ = self.inbox.next_within(left).await;
        }
    }

    fn open(&self, uri: &str) -> Result<(u32, Socket), Error> {
        let id = self.next_socket.get().wrapping_add(1);
        self.next_socket.set(id);
        // Socket events go to the session's inbox, tagged with the socket.
        let inbox = self.inbox.clone();
        Socket::open(uri, self.constructor.as_ref(), Rc::new(move |e| inbox.push(Wake::Socket(id, e))))
            .map(|s| (id, s))
            .map_err(|m| Error::invalid("WebSocket", m))
    }

    async fn run(self: Rc<Self>) {
        let mut channel: Option<Channel> = None;
        let mut me: Option<String> = None;
        // Failed (re)connects in a row; a connection that went live starts over.
        let mut failures: u32 = 0;
        // A session starting again starts from nothing: its first resync
        // tells the new watchers every live call.
        if let Ok(mut book) = self.book.try_borrow_mut() {
            *book = CallBook::default();
        }
        self.set_status("connecting");
        while self.watched() {
            let mut went_live = false;
            match self.connect(&mut channel, &mut me, &mut went_live).await {
                Ok(()) => failures = 0,
                Err(e) if notify::gives_up(&e) => {
                    self.tell(|| Update::Failed(e.clone()));
                    if let Ok(mut w) = self.watchers.try_borrow_mut() {
                        w.clear();
                    }
                    return;
                }
                Err(e) => {
                    if went_live {
                        failures = 0;
                    }
                    if e.kind() == Kind::NotFound {
                        channel = None;
                    }
                    if !self.watched() {
                        return;
                    }
                    self.set_status("reconnecting");
                    let delay = notify::reconnect_delay_ms(failures, transport::random(), e.retry_after_ms());
                    failures = failures.saturating_add(1);
                    self.pause(delay).await;
                }
            }
        }
    }

    /// One connection: the channel (reused while it lives), the socket, the
    /// resync, then frames until the socket is lost. `Ok` when the last
    /// watcher left; `Err` says why the connection ended.
    async fn connect(&self, channel: &mut Option<Channel>, me: &mut Option<String>, went_live: &mut bool) -> Result<(), Error> {
        let user = match me {
            Some(u) => u.clone(),
            None => {
                let Output::UserId(id) = self.rest(Plan::me_id()).await? else {
                    return Err(Error::new(Kind::Internal, "users/me gave no user"));
                };
                *me = Some(id.clone());
                id
            }
        };
        let topic = notify::calls_topic(&user);
        // Reuse the channel while it lives; a new one gets the subscription again.
        if let Some(c) = channel.as_ref() {
            // Only a 404 says the channel is gone; anything else is retried
            // (a new channel per hiccup would use up the 20 a user may hold).
            if let Err(e) = self.rest(Plan::channel_alive(&c.id)?).await {
                if e.kind() != Kind::NotFound {
                    return Err(e);
                }
                *channel = None;
            }
        }
        let api_base = self.host.client.config.api_base.clone();
        let current = match channel.take() {
            Some(c) => c,
            None => {
                // create_channel checks the connectUri against the API base.
                let Output::Channel(c) = self.rest(Plan::create_channel(&api_base)).await? else {
                    return Err(Error::new(Kind::UnexpectedResponse, "the channel response has no connectUri"));
                };
                self.rest(Plan::subscribe(&c.id, std::slice::from_ref(&topic))?).await?;
                let mut c = c;
                c.expires_ms = Some(notify::expiry_ms(transport::now_ms(), c.expires_ms));
                c
            }
        };
        *channel = Some(current.clone());
        // The socket in use (its id and the socket, kept open by holding it),
        // and the one replacing it after a `socket_closing`.
        let mut live = self.open(&current.connect_uri)?;
        self.wait_open(live.0).await?;
        // Nothing is lost across a reconnect: what changed while the socket was down.
        self.resync(&user).await?;
        self.set_status("live");
        *went_live = true;
        // Set when the old socket closed before its replacement opened: what
        // happened in between is read again once it is open.
        let mut resync_on_open = false;
        let mut last_frame = transport::now_ms();
        let mut next: Option<(u32, Socket)> = None;
        let silence_ms = self.host.client.config.heartbeat_timeout_ms as f64;
        let check_ms = (silence_ms / 5.0).max(200.0);
        loop {
            let wake = self.inbox.next_within(check_ms).await;
            if !self.watched() {
                return Ok(());
            }
            let now = transport::now_ms();
            // Renew the subscription before the channel's lifetime runs out.
            let expires = channel.as_ref().and_then(|c| c.expires_ms).unwrap_or(f64::INFINITY);
            if notify::renew_due(now, expires) {
                self.rest(Plan::subscribe(&current.id, std::slice::from_ref(&topic))?).await?;
                if let Some(c) = channel.as_mut() {
                    c.expires_ms = Some(notify::expiry_ms(now, None));
                }
            }
            let Some(Wake::Socket(from, event)) = wake else {
                if notify::silent_for(now, last_frame, silence_ms) {
                    return Err(Error::new(Kind::Network, "the notification socket went silent"));
                }
                continue;
            };
            let is_next = next.as_ref().is_some_and(|(n, _)| *n == from);
            if from != live.0 && !is_next {
                continue; // a socket already replaced
            }
            match event {
                SocketEvent::Open if is_next => {
                    // The new socket is open: it replaces the old one, which closes.
                    if let Some(n) = next.take() {
                        live = n;
                    }
                }
                SocketEvent::Open => {
                    if std::mem::take(&mut resync_on_open) {
                        self.resync(&user).await?;
                    }
                }
                SocketEvent::Closed if is_next => next = None,
                SocketEvent::Closed => match next.take() {
                    // The old socket closed before its replacement opened.
                    Some(n) => {
                        live = n;
                        resync_on_open = true;
                    }
                    None => return Err(Error::new(Kind::Network, "the notification socket closed")),
                },
                SocketEvent::Text(text) => {
                    last_frame = now;
                    let body = JsBody::parse(&text);
                    match read_frame(&body, &user) {
                        Frame::Calls(snapshot) => self.fold(|book| book.apply(&snapshot, &user).into_iter().collect()),
                        Frame::SocketClosing if next.is_none() => {
                            // Open the new socket before the old one goes.
                            next = Some(self.open(&current.connect_uri)?);
                        }
                        Frame::ChannelGone => {
                            *channel = None;
                            return Err(Error::new(Kind::NotFound, "the notification channel is gone"));
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    async fn wait_open(&self, id: u32) -> Result<(), Error> {
        let until = transport::now_ms() + OPEN_TIMEOUT_MS;
        loop {
            let left = until - transport::now_ms();
            if left <= 0.0 || !self.watched() {
                return Err(Error::new(Kind::Network, "the notification socket did not open"));
            }
            match self.inbox.next_within(left).await {
                Some(Wake::Socket(from, SocketEvent::Open)) if from == id => return Ok(()),
                Some(Wake::Socket(from, SocketEvent::Closed)) if from == id => {
                    return Err(Error::new(Kind::Network, "the notification socket closed before it opened"))
                }
                _ => {}
            }
        }
    }

    async fn resync(&self, user: &str) -> Result<(), Error> {
        let Output::Listing(listing) = self.rest(Plan::call_listing()).await? else {
            return Err(Error::new(Kind::Internal, "the calls listing gave no conversations"));
        };
        self.fold(|book| book.resync(&listing, user));
        Ok(())
    }
}

