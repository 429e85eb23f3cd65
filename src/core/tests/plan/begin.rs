//! Input refused by begin, and single-flight keys.

use super::*;

// ---------------------------------------------------------------- input refused by begin

#[test]
fn invalid_input_is_refused_by_begin_naming_the_field() {
    let cid = CONV;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("dial", json!({}), "phoneNumber"),
        ("dial", json!({ "phoneNumber": "12345" }), "phoneNumber"),
        ("dial", json!({ "phoneNumber": "+13175550100", "callerId": "abc" }), "callerId"),
        ("dial", json!({ "phoneNumber": "+13175550100", "callFromQueueId": "q1" }), "callFromQueueId"),
        ("dial", json!({ "phoneNumber": "+13175550100", "tenant": "x" }), "tenant"),
        ("transfer", json!({ "to": { "queueId": QUEUE } }), "conversationId"),
        ("transfer", json!({ "conversationId": "../../users/me", "to": { "queueId": QUEUE } }), "conversationId"),
        ("transfer", json!({ "conversationId": cid }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": {} }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueId": QUEUE, "userId": USER } }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueId": "support" } }), "to.queueId"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueName": "" } }), "to.queueName"),
        ("transfer", json!({ "conversationId": cid, "to": { "address": "+0123" } }), "to.address"),
        ("transfer", json!({ "conversationId": cid, "to": { "contactId": CONTACT } }), "to.phoneType"),
        ("transfer", json!({ "conversationId": cid, "to": { "contactId": CONTACT, "phoneType": "Pager" } }), "to.phoneType"),
        ("transfer", json!({ "conversationId": cid, "to": { "userId": USER, "note": 1 } }), "to.note"),
        ("transfer", json!({ "conversationId": cid, "participantId": "p1", "to": { "userId": USER } }), "participantId"),
        ("consult", json!({ "conversationId": cid, "to": { "userId": USER }, "speakTo": "everyone" }), "speakTo"),
        ("consult", json!({ "conversationId": cid }), "to"),
        ("consultState", json!({}), "conversationId"),
        ("consultSpeakTo", json!({ "conversationId": cid }), "speakTo"),
        ("consultSpeakTo", json!({ "conversationId": cid, "speakTo": "DESTINATION" }), "speakTo"),
        ("consultCancel", json!({ "conversationId": cid, "force": true }), "force"),
        ("consultComplete", json!({ "conversationId": 42 }), "conversationId"),
        ("hold", json!({ "conversationId": cid }), "held"),
        ("hold", json!({ "conversationId": cid, "held": "yes" }), "held"),
        ("mute", json!({ "conversationId": cid, "held": true }), "muted"),
        ("hangUp", json!({ "conversationId": cid, "participantId": "../x" }), "participantId"),
        ("conversation", json!({}), "conversationId"),
        ("conversation", json!({ "conversationId": "5a8d6f3e" }), "conversationId"),
        ("findQueues", json!({}), "name"),
        ("findQueues", json!({ "name": "   " }), "name"),
    ];
    for (name, options, field) in cases {
        let e = refused(name, &options.to_string());
        assert_eq!(e.field(), Some(field), "{name} {options}: {e}");
        invalid_field(e, field);
    }
}

#[test]
fn options_that_are_not_an_object_are_refused_as_options() {
    for name in ["dial", "transfer", "consult", "consultState", "hold", "me", "conversation", "findQueues"] {
        for text in ["[]", "null", "42", "\"x\"", "{", ""] {
            invalid_field(refused(name, text), "options");
        }
    }
}

#[test]
fn an_unknown_operation_is_an_internal_error() {
    for name in ["", "Dial", "transferCall", "consult_state"] {
        assert_eq!(refused(name, "{}").kind(), Kind::Internal, "{name:?}");
    }
}

// ---------------------------------------------------------------- single-flight keys

#[test]
fn identical_options_give_identical_keys_whatever_their_spelling() {
    let pairs = [
        ("dial", json!({ "phoneNumber": "+1 317 555 0100", "callerId": "+18005550199" }), json!({ "callerId": "+1-800-555-0199", "phoneNumber": "+13175550100" })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } }), json!({ "to": { "queueId": QUEUE.to_ascii_uppercase() }, "conversationId": CONV.to_ascii_uppercase() })),
        ("consult", json!({ "conversationId": CONV, "to": { "userId": USER } }), json!({ "conversationId": CONV, "to": { "userId": USER }, "speakTo": "destination" })),
        ("hold", json!({ "conversationId": CONV, "held": true }), json!({ "held": true, "conversationId": CONV })),
        ("hangUp", json!({ "conversationId": CONV }), json!({ "conversationId": CONV, "participantId": null })),
    ];
    for (name, a, b) in pairs {
        let (ka, kb) = (key(name, a.clone()), key(name, b.clone()));
        assert!(ka.is_some(), "{name} has a key");
        assert_eq!(ka, kb, "{name}: {a} vs {b}");
    }
}

#[test]
fn different_numbers_targets_and_calls_give_different_keys() {
    let other_conv = "6b9e7a4f-2d3c-4f8b-8e4a-1c2d3e4f5a61";
    let variants: Vec<(&str, Value)> = vec![
        ("dial", json!({ "phoneNumber": "+13175550100" })),
        ("dial", json!({ "phoneNumber": "+13175550101" })),
        ("dial", json!({ "phoneNumber": "+13175550100", "callerId": "+18005550199" })),
        ("dial", json!({ "phoneNumber": "+13175550100", "callFromQueueId": QUEUE })),
        ("dial", json!({ "callUserId": USER })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": Q2 } })),
        ("transfer", json!({ "conversationId": other_conv, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "participantId": P_AGENT, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "userId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "address": "+13175550100" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "contactId": CONTACT, "phoneType": "WorkPhone" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "contactId": CONTACT, "phoneType": "CellPhone" } })),
        ("consult", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })),
        ("consult", json!({ "conversationId": CONV, "to": { "queueId": QUEUE }, "speakTo": "both" })),
        ("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "both" })),
        ("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "object" })),
        ("consultCancel", json!({ "conversationId": CONV })),
        ("consultComplete", json!({ "conversationId": CONV })),
        ("consultState", json!({ "conversationId": CONV })),
        ("hold", json!({ "conversationId": CONV, "held": true })),
        ("hold", json!({ "conversationId": CONV, "held": false })),
        ("mute", json!({ "conversationId": CONV, "muted": true })),
        ("hangUp", json!({ "conversationId": CONV })),
        ("hangUp", json!({ "conversationId": other_conv })),
    ];
    let keys: Vec<String> = variants.iter().map(|(n, o)| key(n, o.clone()).unwrap_or_else(|| panic!("{n} {o} has a key"))).collect();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            assert_ne!(keys[i], keys[j], "{:?} and {:?} share a key", variants[i], variants[j]);
        }
    }
}

#[test]
fn read_only_operations_have_no_single_flight_key() {
    assert_eq!(key("me", json!({})), None);
    assert_eq!(key("conversation", json!({ "conversationId": CONV })), None);
    assert_eq!(key("findQueues", json!({ "name": "Support" })), None);
}
