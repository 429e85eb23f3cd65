//! Bad input is refused before the network, naming the field; hostile JS
//! values get `invalid_input`, never a trap or a throw, and the module keeps
//! working.

use super::begin;
use super::support::*;
use genesys_callctl::bindings;
use js_sys::{Array, Object, Reflect};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn bad_input_is_refused_before_the_network_naming_the_field() {
    begin().await;
    let cc = client();
    let e = rejects(cc.dial(js(&json!({ "phoneNumber": "call me maybe" }))), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("phoneNumber"));
    let e = rejects(cc.dial(js(&json!({ "phoneNumber": "+13175550100", "foo": 1 }))), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("foo"));
    let cid = "9f3c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
    let nested = json!({ "conversationId": cid, "to": { "queueId": SUPPORT_TIER_2, "bar": true } });
    let e = rejects(cc.transfer(js(&nested)), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("to.bar"));
    // The one-shot functions check their options the same way.
    let one_shot = json!({ "apiBase": SERVER, "token": AGENT_TOKEN, "phoneNumber": "+13175550100", "foo": 1 });
    let e = rejects(bindings::dial(js(&one_shot)), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("foo"));
    assert_eq!(get(&e, "attempts").as_f64(), Some(0.0));
    // normalizePhoneNumber: the E.164 form, or the same error, thrown.
    assert_eq!(bindings::normalize_phone_number("tel:+1 (317) 555-0100".into()).as_deref(), Ok("+13175550100"));
    let thrown = bindings::normalize_phone_number("12".into()).expect_err("too short");
    assert_call_control_error(&thrown);
    assert_eq!(get_str(&thrown, "field").as_deref(), Some("phoneNumber"));
    assert_eq!(api_requests().await.len(), 0, "nothing reached the server");
}

#[wasm_bindgen_test]
async fn hostile_values_are_invalid_input_and_the_module_keeps_working() {
    begin().await;
    let cc = client();

    // A revoked Proxy as the options object.
    let revocable = js_sys::Proxy::revocable(&Object::new(), &Object::new());
    let proxy = get(&revocable, "proxy");
    let revoke: js_sys::Function = get(&revocable, "revoke").unchecked_into();
    revoke.call0(&JsValue::UNDEFINED).unwrap();
    rejects(cc.dial(proxy.clone()), "invalid_input").await;
    rejects(bindings::dial(proxy), "invalid_input").await;

    // An enumerable getter that throws.
    let boom = Closure::<dyn FnMut() -> Result<JsValue, JsValue>>::new(|| Err(JsValue::from_str("boom")));
    let hostile = Object::new();
    let descriptor = js(&json!({ "enumerable": true, "configurable": true }));
    set(&descriptor, "get", boom.as_ref());
    Reflect::define_property(&hostile, &"phoneNumber".into(), descriptor.unchecked_ref()).unwrap();
    let e = rejects(cc.dial(hostile.into()), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("phoneNumber"));
    drop(boom);

    // A BigInt where a string belongs.
    let big = options(json!({}), &[("phoneNumber", &js_sys::BigInt::from(13_175_550_100u64).into())]);
    let e = rejects(cc.dial(big), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("phoneNumber"));

    // A cycle.
    let attributes = Object::new();
    set(&attributes, "self", &attributes);
    let cyclic = options(json!({ "phoneNumber": "+13175550100" }), &[("attributes", &attributes)]);
    let e = rejects(cc.dial(cyclic), "invalid_input").await;
    assert!(get_str(&e, "field").is_some_and(|f| f.starts_with("attributes")), "{:?}", get_str(&e, "field"));

    // Not objects at all.
    for bad in [JsValue::from_str("dial"), JsValue::from(7), Array::new().into(), JsValue::NULL] {
        rejects(cc.dial(bad), "invalid_input").await;
    }
    assert_eq!(api_requests().await.len(), 0, "nothing reached the server");

    // The same client, and the module, still work.
    ok(cc.dial(dial_options())).await;
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1);
}
