use super::{assert_clean_path, invalid_field};
use crate::core::dial::dial_request;
use crate::core::id::{is_uuid, normalize_id};
use crate::core::transfer::{transfer_plan, transfer_request};

const GOOD: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/// Strings an attacker or a typo could put where an id goes. Several are
/// exactly 36 bytes, so only the character check stops them.
const BAD_IDS: [&str; 16] = [
    "",
    "3fa85f64-5717-4562-b3fc-2c963f66afa",   // 35
    "3fa85f64-5717-4562-b3fc-2c963f66afa6a", // 37
    "../../../../users/me/aaaaaaaaaaaaaaa",
    "3fa85f64-5717-4562-b3fc-2c963f66a/..",
    "3fa85f64%2F5717-4562-b3fc-2c963f66af",
    "3fa85f64-5717-4562-b3fc-2c963f66af?x",
    "3fa85f64-5717-4562-b3fc-2c963f66af#x",
    "3fa85f64-5717-4562-b3fc-2c963f66af%2",
    "3fa85f64-5717-4562-b3fc 2c963f66afa6",
    "3fa85f64-5717-4562-b3fc-2c963f66afg6",
    "3fa85f6405717-4562-b3fc-2c963f66afa6",
    "3fa85f64-5717-4562-b3fc-2c963f66af\n6",
    " 3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "3fa85f64-5717-4562-b3fc-2c963f66afé",
    "{3fa85f64-5717-4562-b3fc-2c963f66af}",
];

#[test]
fn lower_case_uuids_are_accepted_as_they_are() {
    assert!(is_uuid(GOOD));
    assert_eq!(normalize_id(GOOD).unwrap(), GOOD);
}

#[test]
fn upper_case_uuids_are_accepted_and_lowercased() {
    assert_eq!(normalize_id("3FA85F64-5717-4562-B3FC-2C963F66AFA6").unwrap(), GOOD);
    assert_eq!(normalize_id("3Fa85f64-5717-4562-b3FC-2c963f66afA6").unwrap(), GOOD);
}

#[test]
fn anything_but_a_uuid_is_refused() {
    for bad in BAD_IDS {
        assert!(!is_uuid(bad), "{bad:?}");
        let p = normalize_id(bad).unwrap_err();
        assert!(p.contains("Genesys id"), "{bad:?}: {p}");
    }
}

#[test]
fn no_path_fragment_reaches_a_transfer_path() {
    for bad in BAD_IDS {
        let conv = serde_json::json!({ "conversationId": bad, "to": { "queueId": GOOD } });
        invalid_field(transfer_plan(conv).unwrap_err(), "conversationId");
        let part = serde_json::json!({ "conversationId": GOOD, "participantId": bad, "to": { "queueId": GOOD } });
        invalid_field(transfer_plan(part).unwrap_err(), "participantId");
        for key in ["queueId", "userId", "contactId"] {
            let to = serde_json::json!({ "conversationId": GOOD, "to": { key: bad, "phoneType": "WorkPhone" } });
            invalid_field(transfer_plan(to).unwrap_err(), &format!("to.{key}"));
        }
    }
}

#[test]
fn no_path_fragment_reaches_a_dial_path() {
    for bad in BAD_IDS {
        let opts = serde_json::json!({ "phoneNumber": "+13175550100", "onBehalfOf": bad });
        invalid_field(dial_request(opts).unwrap_err(), "onBehalfOf");
    }
}

#[test]
fn every_path_built_from_accepted_ids_is_clean() {
    let upper = "3FA85F64-5717-4562-B3FC-2C963F66AFA6";
    let dial = dial_request(serde_json::json!({ "callUserId": upper, "onBehalfOf": upper })).unwrap();
    assert_clean_path(&dial.path);
    assert_eq!(dial.path, format!("/api/v2/conversations/calls/user/{GOOD}"));
    for to in [
        serde_json::json!({ "queueId": upper }),
        serde_json::json!({ "userId": upper }),
        serde_json::json!({ "contactId": upper, "phoneType": "CellPhone" }),
        serde_json::json!({ "address": "+1 317 555 0100" }),
    ] {
        let plan = transfer_plan(serde_json::json!({ "conversationId": upper, "participantId": upper, "to": to })).unwrap();
        let r = transfer_request(&plan.conversation_id, plan.participant_id.as_deref().unwrap(), &plan.target);
        assert_clean_path(&r.path);
        assert!(r.path.starts_with(&format!("/api/v2/conversations/{GOOD}/participants/{GOOD}/")), "{}", r.path);
    }
}
