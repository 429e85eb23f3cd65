use super::{body, invalid_field};
use super::bodies::read_dial_response;
use crate::core::dial::dial_request;
use crate::core::error::Kind;
use crate::core::http::Method;
use serde_json::json;

const USER: &str = "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const QUEUE: &str = "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b";
const SKILL_A: &str = "5d2e6f70-8192-4a3b-9c4d-5e6f708192a3";
const SKILL_B: &str = "6e3f7081-92a3-4b4c-8d5e-6f708192a3b4";
const LANGUAGE: &str = "8f50a192-b3c4-4d6e-9f70-8192a3b4c5d6";
const CONTACT: &str = "9a61b2a3-c4d5-4e7f-8a81-92a3b4c5d6e7";

fn dial(options: serde_json::Value) -> Result<crate::core::http::Request, crate::core::Error> {
    dial_request(options)
}

#[test]
fn dialing_a_number_posts_a_normalized_phone_number_to_conversations_calls() {
    let r = dial(json!({ "phoneNumber": "+1 (317) 555-0100" })).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.path, "/api/v2/conversations/calls");
    assert!(r.query.is_empty());
    assert_eq!(r.path_and_query(), "/api/v2/conversations/calls");
    assert_eq!(body(&r), json!({ "phoneNumber": "+13175550100" }));
}

#[test]
fn every_create_call_field_is_sent_under_its_api_name() {
    let r = dial(json!({
        "phoneNumber": "tel:+44 20 7946 0958",
        "callerId": "+1 (800) 555-0199",
        "callerIdName": "Acme Support",
        "callFromQueueId": QUEUE.to_ascii_uppercase(),
        "attributes": { "caseNumber": "CS-1042", "tier": "gold", "note": "" },
        "label": "outbound-sales",
        "externalContactId": CONTACT,
        "uuiData": "04A1B2C3D4",
        "priority": 5,
        "languageId": LANGUAGE,
        "routingSkillsIds": [SKILL_A, SKILL_B.to_ascii_uppercase()],
    }))
    .unwrap();
    assert_eq!(r.path, "/api/v2/conversations/calls");
    assert_eq!(
        body(&r),
        json!({
            "phoneNumber": "+442079460958",
            "callerId": "+18005550199",
            "callerIdName": "Acme Support",
            "callFromQueueId": QUEUE,
            "attributes": { "caseNumber": "CS-1042", "tier": "gold", "note": "" },
            "label": "outbound-sales",
            "externalContactId": CONTACT,
            "uuiData": "04A1B2C3D4",
            "priority": 5,
            "languageId": LANGUAGE,
            "routingSkillsIds": [SKILL_A, SKILL_B],
        })
    );
}

#[test]
fn calling_a_user_sends_call_user_id() {
    let r = dial(json!({ "callUserId": USER.to_ascii_uppercase() })).unwrap();
    assert_eq!(r.path, "/api/v2/conversations/calls");
    assert_eq!(body(&r), json!({ "callUserId": USER }));
}

#[test]
fn calling_a_queue_sends_call_queue_id_with_its_routing_fields() {
    let r = dial(json!({ "callQueueId": QUEUE, "priority": 0, "languageId": LANGUAGE, "routingSkillsIds": [] })).unwrap();
    assert_eq!(body(&r), json!({ "callQueueId": QUEUE, "priority": 0, "languageId": LANGUAGE, "routingSkillsIds": [] }));
}

#[test]
fn on_behalf_of_posts_to_calls_user_with_the_id_in_the_path_not_the_body() {
    let r = dial(json!({ "phoneNumber": "+13175550100", "onBehalfOf": USER.to_ascii_uppercase() })).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.path, format!("/api/v2/conversations/calls/user/{USER}"));
    assert_eq!(body(&r), json!({ "phoneNumber": "+13175550100" }));
}

#[test]
fn null_options_are_left_out_of_the_body() {
    let r = dial(json!({ "phoneNumber": "+13175550100", "callUserId": null, "callerId": null, "attributes": null, "onBehalfOf": null })).unwrap();
    assert_eq!(r.path, "/api/v2/conversations/calls");
    assert_eq!(body(&r), json!({ "phoneNumber": "+13175550100" }));
}

#[test]
fn no_destination_is_refused_naming_phone_number() {
    for opts in [json!({}), json!({ "callerId": "+13175550100" }), json!({ "phoneNumber": null })] {
        let msg = invalid_field(dial(opts).unwrap_err(), "phoneNumber");
        assert!(msg.contains("a destination is required"), "{msg}");
        assert!(msg.contains("exactly one of phoneNumber, callUserId, callQueueId"), "{msg}");
    }
}

#[test]
fn two_or_three_destinations_are_refused_naming_phone_number() {
    for opts in [
        json!({ "phoneNumber": "+13175550100", "callUserId": USER }),
        json!({ "callUserId": USER, "callQueueId": QUEUE }),
        json!({ "phoneNumber": "+13175550100", "callUserId": USER, "callQueueId": QUEUE }),
    ] {
        let msg = invalid_field(dial(opts).unwrap_err(), "phoneNumber");
        assert!(msg.contains("give only one destination"), "{msg}");
    }
}

#[test]
fn bad_numbers_are_refused_naming_their_field() {
    assert!(invalid_field(dial(json!({ "phoneNumber": "317-555-0100" })).unwrap_err(), "phoneNumber").contains("must start with +"));
    invalid_field(dial(json!({ "phoneNumber": 13175550100u64 })).unwrap_err(), "phoneNumber");
    invalid_field(dial(json!({ "phoneNumber": "+13175550100", "callerId": "+0 800" })).unwrap_err(), "callerId");
}

#[test]
fn bad_ids_are_refused_naming_their_field() {
    for key in ["callUserId", "callQueueId"] {
        invalid_field(dial(json!({ key: "queue-1" })).unwrap_err(), key);
    }
    for key in ["callFromQueueId", "externalContactId", "languageId", "onBehalfOf"] {
        invalid_field(dial(json!({ "phoneNumber": "+13175550100", key: "../me" })).unwrap_err(), key);
    }
}

#[test]
fn routing_skills_must_be_an_array_of_at_most_100_ids() {
    for bad in [json!(SKILL_A), json!([SKILL_A, "skill-b"]), json!([1]), json!([null]), json!(vec![SKILL_A; 101])] {
        invalid_field(dial(json!({ "callQueueId": QUEUE, "routingSkillsIds": bad })).unwrap_err(), "routingSkillsIds");
    }
    assert!(dial(json!({ "callQueueId": QUEUE, "routingSkillsIds": vec![SKILL_A; 100] })).is_ok());
}

#[test]
fn attributes_must_be_an_object_of_bounded_strings() {
    let many: serde_json::Map<String, serde_json::Value> = (0..101).map(|i| (format!("k{i}"), json!("v"))).collect();
    for bad in [json!("a=b"), json!(["a"]), json!({ "n": 1 }), json!({ "n": null }), json!({ "": "v" }), json!({ "a\nb": "v" }), json!({ "k": "x".repeat(1025) }), json!(many)] {
        invalid_field(dial(json!({ "phoneNumber": "+13175550100", "attributes": bad })).unwrap_err(), "attributes");
    }
}

#[test]
fn text_options_are_refused_when_empty_or_holding_control_characters() {
    for key in ["callerIdName", "label", "uuiData"] {
        for bad in [json!(""), json!("a\r\nb"), json!(5)] {
            invalid_field(dial(json!({ "phoneNumber": "+13175550100", key: bad })).unwrap_err(), key);
        }
    }
}

#[test]
fn priority_must_be_a_whole_number_from_0_to_1000000() {
    for bad in [json!(-1), json!(1.5), json!("5"), json!(1_000_001), json!(true)] {
        let msg = invalid_field(dial(json!({ "callQueueId": QUEUE, "priority": bad })).unwrap_err(), "priority");
        assert!(msg.contains("from 0 to 1000000"), "{msg}");
    }
}

#[test]
fn unknown_dial_options_are_reported_by_name() {
    invalid_field(dial(json!({ "phoneNumber": "+13175550100", "phonenumber": "+13175550100" })).unwrap_err(), "phonenumber");
    // Made-up bodies seen on forum.sggu.com (genesys-api.md §5) are refused, not ignored.
    invalid_field(dial(json!({ "phoneNumber": "+13175550100", "to": "+13175550100" })).unwrap_err(), "to");
}

#[test]
fn options_must_be_a_json_object() {
    invalid_field(dial_request(json!(["+13175550100"])).unwrap_err(), "options");
    invalid_field(dial_request(json!("+13175550100")).unwrap_err(), "options");
}

#[test]
fn the_create_call_response_gives_the_conversation_id() {
    let body = r#"{"id":"5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50","selfUri":"/api/v2/conversations/calls/5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50"}"#;
    assert_eq!(read_dial_response(body).unwrap(), "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50");
}

#[test]
fn a_create_call_response_without_a_valid_id_is_unexpected() {
    for bad in ["", "{}", "null", "[]", "<html>502 Bad Gateway</html>", r#"{"id":null}"#, r#"{"id":42}"#, r#"{"id":""}"#, r#"{"id":"../users/me"}"#, r#"{"conversationId":"5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50"}"#] {
        assert_eq!(read_dial_response(bad).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad}");
    }
}
