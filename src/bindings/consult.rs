//! The handle of a consult (warm) transfer in progress.

use super::Inner;
use js_sys::Promise;
use crate::core::plan::CallResult;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What a handle knows; shared by the handles `speakTo` resolves with.
struct State {
    conversation_id: String,
    participant_id: String,
    destination_participant_id: String,
    speaking: RefCell<Option<String>>,
}

/// A consult in progress: the agent talks to the destination, then completes
/// (hands the customer over and leaves) or cancels (drops the destination).
/// Rebuild one after a reload with `cc.consultFor(conversationId)`.
#[wasm_bindgen]
pub struct Consult {
    inner: Rc<Inner>,
    state: Rc<State>,
}

impl Consult {
    pub(super) fn new(inner: Rc<Inner>, r: CallResult) -> Consult {
        let state = State {
            conversation_id: r.conversation_id,
            participant_id: r.participant_id.unwrap_or_default(),
            destination_participant_id: r.destination_participant_id.unwrap_or_default(),
            speaking: RefCell::new(r.speak_to),
        };
        Consult { inner, state: Rc::new(state) }
    }

    fn call(&self, name: &str, speak_to: Option<&JsValue>, options: &JsValue) -> Promise {
        let cid = JsValue::from_str(&self.state.conversation_id);
        let mut fields = vec![("conversationId", &cid)];
        if let Some(s) = speak_to {
            fields.push(("speakTo", s));
        }
        self.inner.on_call(name, &fields, options)
    }
}

#[wasm_bindgen]
impl Consult {
    /// The conversation.
    #[wasm_bindgen(getter, js_name = conversationId)]
    pub fn conversation_id(&self) -> String {
        self.state.conversation_id.clone()
    }

    /// The participant being transferred (the customer, "object").
    #[wasm_bindgen(getter, js_name = participantId)]
    pub fn participant_id(&self) -> String {
        self.state.participant_id.clone()
    }

    /// The participant brought in (the destination).
    #[wasm_bindgen(getter, js_name = destinationParticipantId)]
    pub fn destination_participant_id(&self) -> String {
        self.state.destination_participant_id.clone()
    }

    /// Who speaks, as last set through this handle (`undefined` when rebuilt).
    #[wasm_bindgen(getter)]
    pub fn speaking(&self) -> Option<String> {
        self.state.speaking.try_borrow().ok()?.clone()
    }

    /// Switches who speaks: 'destination', 'object' (the customer), 'both'
    /// or 'conference'. Resolves a handle on the same consult.
    #[wasm_bindgen(js_name = speakTo)]
    pub fn speak_to(&self, speak_to: JsValue, options: JsValue) -> Promise {
        let done = self.call("consultSpeakTo", Some(&speak_to), &options);
        let (inner, state) = (self.inner.clone(), self.state.clone());
        super::spawn(Box::pin(async move {
            let v = JsFuture::from(done).await?;
            let said = v.is_object().then(|| js_sys::Reflect::get(&v, &JsValue::from_str("speakTo")).ok()).flatten();
            if let (Some(s), Ok(mut speaking)) = (said.and_then(|s| s.as_string()), state.speaking.try_borrow_mut()) {
                *speaking = Some(s);
            }
            Ok(Consult { inner, state }.into())
        }))
    }

    /// Hands the customer to the destination: the agent disconnects its own
    /// leg (Genesys documents no dedicated "complete" endpoint; this is what
    /// its agent UI does).
    pub fn complete(&self, options: JsValue) -> Promise {
        undefined_after(self.call("consultComplete", None, &options))
    }

    /// Drops the destination; agent and customer stay connected.
    pub fn cancel(&self, options: JsValue) -> Promise {
        undefined_after(self.call("consultCancel", None, &options))
    }
}

/// Settles like `p`, resolving with `undefined`.
fn undefined_after(p: Promise) -> Promise {
    super::spawn(Box::pin(async move {
        JsFuture::from(p).await?;
        Ok(JsValue::UNDEFINED)
    }))
}

