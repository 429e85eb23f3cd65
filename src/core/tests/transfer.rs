use super::fixtures::{CONV, INBOUND_ANSWERED, ME, P_AGENT, QUEUE};
use super::{body, invalid_field};
use super::bodies::read_conversation;
use crate::core::http::Method;
use crate::core::participant::blind_transfer_participant;
use crate::core::target::Target;
use crate::core::transfer::{transfer_plan, transfer_request, TransferPlan};
use serde_json::{json, Value};

const USER: &str = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
const CONTACT: &str = "9a61b2a3-c4d5-4e7f-8a81-92a3b4c5d6e7";
const PART: &str = "a1000000-0000-4000-8000-000000000004";

fn plan(options: Value) -> Result<TransferPlan, crate::core::Error> {
    transfer_plan(options)
}

fn target(to: Value) -> Result<Target, crate::core::Error> {
    plan(json!({ "conversationId": CONV, "to": to })).map(|p| p.target)
}

#[test]
fn transfer_to_queue_by_id_posts_replace_queue_on_the_agents_participant() {
    let p = plan(json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })).unwrap();
    assert_eq!(p.participant_id, None);
    let (conv, _) = read_conversation(INBOUND_ANSWERED).unwrap();
    let participant = blind_transfer_participant(&conv, Some(ME)).unwrap();
    assert_eq!(participant, P_AGENT);
    let r = transfer_request(&p.conversation_id, &participant, &p.target);
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.path, format!("/api/v2/conversations/{CONV}/participants/{P_AGENT}/replace/queue"));
    assert!(r.query.is_empty());
    assert_eq!(body(&r), json!({ "queueId": QUEUE }));
}

#[test]
fn transfer_to_a_user_posts_replace_agent_with_user_id() {
    let r = transfer_request(CONV, PART, &Target::User(USER.into()));
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.path, format!("/api/v2/conversations/{CONV}/participants/{PART}/replace/agent"));
    assert_eq!(body(&r), json!({ "userId": USER }));
}

#[test]
fn transfer_to_an_external_contact_posts_replace_contact_external_with_phone_type() {
    let r = transfer_request(CONV, PART, &Target::Contact { contact_id: CONTACT.into(), phone_type: "CellPhone" });
    assert_eq!(r.path, format!("/api/v2/conversations/{CONV}/participants/{PART}/replace/contact/external"));
    assert_eq!(body(&r), json!({ "contactId": CONTACT, "phoneType": "CellPhone" }));
}

#[test]
fn transfer_to_an_address_posts_transfer_with_the_address() {
    let r = transfer_request(CONV, PART, &Target::Address("+13175550100".into()));
    assert_eq!(r.path, format!("/api/v2/conversations/{CONV}/participants/{PART}/transfer"));
    assert_eq!(body(&r), json!({ "address": "+13175550100" }));
}

#[test]
fn an_unresolved_queue_name_is_sent_as_queue_name_on_replace_queue() {
    let r = transfer_request(CONV, PART, &Target::QueueName("Support Tier 2".into()));
    assert_eq!(r.path, format!("/api/v2/conversations/{CONV}/participants/{PART}/replace/queue"));
    assert_eq!(body(&r), json!({ "queueName": "Support Tier 2" }));
}

#[test]
fn the_plan_reads_conversation_participant_and_lowercases_ids() {
    let p = plan(json!({ "conversationId": CONV.to_ascii_uppercase(), "participantId": PART.to_ascii_uppercase(), "to": { "userId": USER } })).unwrap();
    assert_eq!(p, TransferPlan { conversation_id: CONV.into(), participant_id: Some(PART.into()), target: Target::User(USER.into()) });
}

#[test]
fn each_to_shape_reads_as_its_target() {
    assert_eq!(target(json!({ "queueId": QUEUE.to_ascii_uppercase() })).unwrap(), Target::Queue(QUEUE.into()));
    assert_eq!(target(json!({ "queueName": "Support Tier 2" })).unwrap(), Target::QueueName("Support Tier 2".into()));
    assert_eq!(target(json!({ "userId": USER })).unwrap(), Target::User(USER.into()));
    assert_eq!(target(json!({ "contactId": CONTACT, "phoneType": "HomePhone" })).unwrap(), Target::Contact { contact_id: CONTACT.into(), phone_type: "HomePhone" });
}

#[test]
fn other_targets_given_as_null_count_as_absent() {
    // `null` is absent everywhere else; the targets not chosen were left unread
    // and then reported as unknown options.
    let to = json!({ "queueId": QUEUE, "queueName": null, "userId": null, "address": null, "contactId": null, "phoneType": null });
    assert_eq!(target(to).unwrap(), Target::Queue(QUEUE.into()));
    let to = json!({ "address": "Jane Doe", "queueId": null });
    assert_eq!(target(to).unwrap(), Target::Address("Jane Doe".into()));
}

#[test]
fn every_documented_phone_type_is_accepted() {
    for t in ["WorkPhone", "CellPhone", "HomePhone", "OtherPhone"] {
        assert_eq!(target(json!({ "contactId": CONTACT, "phoneType": t })).unwrap(), Target::Contact { contact_id: CONTACT.into(), phone_type: t });
    }
}

#[test]
fn an_address_that_reads_as_a_number_is_normalized_to_e164() {
    assert_eq!(target(json!({ "address": "+1 (317) 555-0100" })).unwrap(), Target::Address("+13175550100".into()));
    assert_eq!(target(json!({ "address": "tel:+44 20 7946 0958" })).unwrap(), Target::Address("+442079460958".into()));
}

#[test]
fn an_address_that_reads_as_a_name_is_sent_trimmed() {
    assert_eq!(target(json!({ "address": "  Jane Doe " })).unwrap(), Target::Address("Jane Doe".into()));
    assert_eq!(target(json!({ "address": "Support Tier 2" })).unwrap(), Target::Address("Support Tier 2".into()));
}

#[test]
fn an_address_that_reads_as_an_invalid_number_is_refused() {
    for bad in ["317-555-0100", "+0 317 555", "911"] {
        invalid_field(target(json!({ "address": bad })).unwrap_err(), "to.address");
    }
}

#[test]
fn an_empty_or_control_character_address_is_refused() {
    for bad in [json!(""), json!("   "), json!("Jane\u{0}Doe"), json!(13175550100u64)] {
        invalid_field(target(json!({ "address": bad })).unwrap_err(), "to.address");
    }
}

#[test]
fn a_missing_to_is_refused_naming_to() {
    for opts in [json!({ "conversationId": CONV }), json!({ "conversationId": CONV, "to": null })] {
        assert!(invalid_field(plan(opts).unwrap_err(), "to").contains("is required"));
    }
    assert!(invalid_field(plan(json!({ "conversationId": CONV, "to": QUEUE })).unwrap_err(), "to").contains("must be an object"));
}

#[test]
fn to_with_zero_or_two_targets_is_refused_naming_to() {
    for to in [json!({}), json!({ "phoneType": "WorkPhone" }), json!({ "queueId": QUEUE, "userId": USER }), json!({ "queueName": "A", "address": "B" })] {
        let msg = invalid_field(target(to).unwrap_err(), "to");
        assert!(msg.contains("exactly one of queueId, queueName, userId, address, contactId"), "{msg}");
    }
}

#[test]
fn contact_id_without_phone_type_is_refused_naming_phone_type() {
    let msg = invalid_field(target(json!({ "contactId": CONTACT })).unwrap_err(), "to.phoneType");
    assert!(msg.contains("WorkPhone, CellPhone, HomePhone, OtherPhone"), "{msg}");
}

#[test]
fn an_undocumented_phone_type_is_refused_naming_phone_type() {
    for bad in [json!("Mobile"), json!("workphone"), json!(1)] {
        let msg = invalid_field(target(json!({ "contactId": CONTACT, "phoneType": bad })).unwrap_err(), "to.phoneType");
        assert!(msg.contains("one of WorkPhone, CellPhone, HomePhone, OtherPhone"), "{msg}");
    }
}

#[test]
fn unknown_keys_inside_to_are_reported_with_the_prefix() {
    invalid_field(target(json!({ "queueId": QUEUE, "toType": "queue" })).unwrap_err(), "to.toType");
    invalid_field(target(json!({ "userId": USER, "phoneType": "WorkPhone" })).unwrap_err(), "to.phoneType");
}

#[test]
fn conversation_id_is_required_and_unknown_top_level_keys_are_reported() {
    invalid_field(plan(json!({ "to": { "queueId": QUEUE } })).unwrap_err(), "conversationId");
    invalid_field(plan(json!({ "conversationId": CONV, "to": { "queueId": QUEUE }, "transferType": "Attended" })).unwrap_err(), "transferType");
}

#[test]
fn a_queue_name_must_be_text() {
    invalid_field(target(json!({ "queueName": "" })).unwrap_err(), "to.queueName");
    invalid_field(target(json!({ "queueName": ["Support"] })).unwrap_err(), "to.queueName");
}
