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
        ("answer", json!({}), "conversationId"),
        ("answer", json!({ "conversationId": cid, "participantId": "p1" }), "participantId"),
    ];
    for (name, options, field) in cases {
        let e = refused(name, options.clone());
        assert_eq!(e.field(), Some(field), "{name} {options}: {e}");
        invalid_field(e, field);
    }
}

#[test]
fn options_that_are_not_an_object_are_refused_as_options() {
    for name in ["dial", "transfer", "consult", "consultState", "hold", "me", "conversation", "findQueues"] {
        for value in [json!([]), json!(null), json!(42), json!("x"), json!(true), json!([{}])] {
            invalid_field(refused(name, value), "options");
        }
    }
}

#[test]
fn an_unknown_operation_is_an_internal_error() {
    for name in ["", "Dial", "transferCall", "consult_state"] {
        assert_eq!(refused(name, json!({})).kind(), Kind::Internal, "{name:?}");
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
        ("answer", json!({ "conversationId": CONV })),
        ("answer", json!({ "conversationId": other_conv })),
        ("answer", json!({ "conversationId": CONV, "participantId": P_AGENT })),
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
    assert_eq!(key("calls", json!({})), None);
}

// ---------------------------------------------------------------- every level, every operation

#[test]
fn an_unknown_key_is_refused_at_every_level_of_every_operation() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("dial", json!({ "phoneNumber": "+13175550100", "foo": 1 }), "foo"),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE }, "foo": 1 }), "foo"),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE, "foo": 1 } }), "to.foo"),
        ("consult", json!({ "conversationId": CONV, "to": { "userId": USER }, "foo": null }), "foo"),
        ("consult", json!({ "conversationId": CONV, "to": { "userId": USER, "foo": {} } }), "to.foo"),
        ("consultState", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
        ("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "both", "foo": 1 }), "foo"),
        ("consultCancel", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
        ("consultComplete", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
        ("hold", json!({ "conversationId": CONV, "held": true, "foo": 1 }), "foo"),
        ("mute", json!({ "conversationId": CONV, "muted": true, "foo": 1 }), "foo"),
        ("hangUp", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
        ("me", json!({ "foo": 1 }), "foo"),
        ("conversation", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
        ("findQueues", json!({ "name": "Support", "foo": 1 }), "foo"),
        ("calls", json!({ "foo": 1 }), "foo"),
        ("answer", json!({ "conversationId": CONV, "foo": 1 }), "foo"),
    ];
    for (name, options, field) in cases {
        let e = refused(name, options.clone());
        let msg = invalid_field(e, field);
        assert_eq!(msg, format!("{field}: is not a known option"), "{name} {options}");
    }
}

#[test]
fn a_wrong_type_is_refused_naming_the_field_for_every_kind_of_field() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("dial", json!({ "phoneNumber": 13175550100u64 }), "phoneNumber", "must be a string holding a phone number"),
        ("dial", json!({ "callUserId": true }), "callUserId", "must be a string holding a Genesys id"),
        ("dial", json!({ "phoneNumber": "+13175550100", "label": 5 }), "label", "must be a string"),
        ("dial", json!({ "phoneNumber": "+13175550100", "priority": "5" }), "priority", "must be a whole number from 0 to 1000000"),
        ("dial", json!({ "phoneNumber": "+13175550100", "routingSkillsIds": "x" }), "routingSkillsIds", "must be an array of Genesys ids"),
        ("dial", json!({ "phoneNumber": "+13175550100", "routingSkillsIds": [QUEUE, 5] }), "routingSkillsIds", "must be an array of Genesys ids"),
        ("dial", json!({ "phoneNumber": "+13175550100", "attributes": [] }), "attributes", "must be an object of string values"),
        ("dial", json!({ "phoneNumber": "+13175550100", "attributes": { "a": 1 } }), "attributes", "values must be strings of at most 1024 characters"),
        ("transfer", json!({ "conversationId": CONV, "to": [] }), "to", "must be an object"),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueName": 1 } }), "to.queueName", "must be a string"),
        ("transfer", json!({ "conversationId": CONV, "to": { "contactId": CONTACT, "phoneType": false } }), "to.phoneType", "must be one of WorkPhone, CellPhone, HomePhone, OtherPhone"),
        ("consult", json!({ "conversationId": CONV, "to": { "userId": USER }, "speakTo": 1 }), "speakTo", "must be one of destination, object, both, conference"),
        ("hold", json!({ "conversationId": CONV, "held": 1 }), "held", "must be true or false"),
        ("mute", json!({ "conversationId": CONV, "muted": "true" }), "muted", "must be true or false"),
        ("conversation", json!({ "conversationId": {} }), "conversationId", "must be a string holding a Genesys id"),
        ("findQueues", json!({ "name": ["Support"] }), "name", "must be a string"),
    ];
    for (name, options, field, problem) in cases {
        let msg = invalid_field(refused(name, options.clone()), field);
        assert_eq!(msg, format!("{field}: {problem}"), "{name} {options}");
    }
}

#[test]
fn a_fractional_negative_or_huge_number_for_a_whole_number_field_is_refused_naming_it() {
    for bad in [json!(1.5), json!(-1), json!(-0.0001), json!(1e300), json!(f64::MAX), json!(i64::MIN), json!(u64::MAX)] {
        let msg = invalid_field(refused("dial", json!({ "callQueueId": QUEUE, "priority": bad })), "priority");
        assert!(msg.ends_with("must be a whole number from 0 to 1000000"), "{bad}: {msg}");
    }
}

/// Every key of every options object, as JS writes it: a value of the wrong
/// type for it (`[1]` is wrong for every field) is refused naming exactly
/// that key, so a field whose serde name drifted from the key in its
/// `options!` declaration fails here.
#[test]
fn every_options_field_names_its_own_key_when_refused() {
    let base = json!({ "conversationId": CONV });
    let ops: [(&str, &[&str]); 15] = [
        ("dial", &["phoneNumber", "callUserId", "callQueueId", "callerId", "callerIdName", "callFromQueueId", "externalContactId", "label",
                   "uuiData", "languageId", "priority", "routingSkillsIds", "attributes", "onBehalfOf"]),
        ("transfer", &["conversationId", "to", "participantId"]),
        ("consult", &["conversationId", "to", "speakTo", "participantId"]),
        ("consultState", &["conversationId", "participantId"]),
        ("consultSpeakTo", &["conversationId", "participantId", "speakTo"]),
        ("consultCancel", &["conversationId", "participantId"]),
        ("consultComplete", &["conversationId", "participantId"]),
        ("hold", &["conversationId", "participantId", "held"]),
        ("mute", &["conversationId", "participantId", "muted"]),
        ("hangUp", &["conversationId", "participantId"]),
        ("me", &[]),
        ("conversation", &["conversationId"]),
        ("findQueues", &["name"]),
        ("answer", &["conversationId", "participantId"]),
        ("calls", &[]),
    ];
    for (name, keys) in ops {
        for key in keys {
            let mut o = base.clone();
            o[*key] = json!([1]);
            invalid_field(refused(name, o), key);
        }
    }
    for key in ["queueId", "queueName", "userId", "address", "contactId", "phoneType"] {
        for name in ["transfer", "consult"] {
            invalid_field(refused(name, json!({ "conversationId": CONV, "to": { key: [1] } })), &format!("to.{key}"));
        }
    }
    for key in ["region", "apiBase", "timeoutMs", "totalTimeoutMs", "retry", "retry.limit", "retry.maxRetryAfterMs"] {
        let o = match key.split_once('.') {
            Some((outer, inner)) => json!({ "region": "mypurecloud.com", outer: { inner: [1] } }),
            None => json!({ "region": "mypurecloud.com", key: [1] }),
        };
        invalid_field(crate::core::config::parse_config(o).unwrap_err(), key);
    }
}
