use super::invalid_field;
use crate::core::error::{Candidate, Kind};
use crate::core::http::Method;
use super::bodies::read_queues;
use crate::core::queue::{pick_queue, queues_request, PAGE_SIZE};

const Q1: &str = "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b";
const Q2: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const Q3: &str = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";

fn q(id: &str, name: &str) -> Candidate {
    Candidate { id: id.into(), name: name.into() }
}

#[test]
fn looking_up_a_queue_gets_routing_queues_by_encoded_name_with_page_size_100() {
    let r = queues_request("Support Tier 2", "to.queueName").unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.path, "/api/v2/routing/queues");
    assert_eq!(r.body, None);
    assert_eq!(PAGE_SIZE, 100);
    assert_eq!(r.path_and_query(), "/api/v2/routing/queues?name=Support%20Tier%202&pageSize=100");
}

#[test]
fn reserved_and_unicode_characters_in_a_name_are_percent_encoded() {
    for (name, encoded) in [
        ("*Support*", "%2ASupport%2A"),
        ("Sales & Support", "Sales%20%26%20Support"),
        ("Tier #1", "Tier%20%231"),
        ("EMEA/North", "EMEA%2FNorth"),
        ("a+b=c?d", "a%2Bb%3Dc%3Fd"),
        ("Café Zürich", "Caf%C3%A9%20Z%C3%BCrich"),
        ("サポート", "%E3%82%B5%E3%83%9D%E3%83%BC%E3%83%88"),
        ("100%", "100%25"),
        ("keep-._~", "keep-._~"),
    ] {
        let r = queues_request(name, "name").unwrap();
        assert_eq!(r.path_and_query(), format!("/api/v2/routing/queues?name={encoded}&pageSize=100"), "{name}");
    }
}

#[test]
fn the_name_is_trimmed_before_it_is_sent() {
    let r = queues_request("  Support Tier 2 ", "name").unwrap();
    assert_eq!(r.query, vec![("name", "Support Tier 2".to_string()), ("pageSize", "100".to_string())]);
}

#[test]
fn an_empty_or_control_character_name_is_refused_under_the_given_field() {
    invalid_field(queues_request("", "to.queueName").unwrap_err(), "to.queueName");
    invalid_field(queues_request("  ", "name").unwrap_err(), "name");
    invalid_field(queues_request("Support\r\nX-Evil: 1", "name").unwrap_err(), "name");
}

#[test]
fn a_queue_listing_is_read_into_ids_and_names() {
    let body = format!(
        r#"{{"entities":[
          {{"id":"{Q1}","name":"Support Tier 2","division":{{"id":"d0000000-0000-4000-8000-000000000001","name":"Home"}},"memberCount":12,"selfUri":"/api/v2/routing/queues/{Q1}"}},
          {{"id":"{Q2}","name":"Support Tier 2 (EMEA)","memberCount":4}}],
          "pageSize":100,"pageNumber":1,"total":2,"pageCount":1,
          "firstUri":"/api/v2/routing/queues?pageSize=100&pageNumber=1&name=Support*","selfUri":"/api/v2/routing/queues?pageSize=100&pageNumber=1&name=Support*"}}"#
    );
    let (typed, raw) = read_queues(&body).unwrap();
    assert_eq!(typed, vec![q(Q1, "Support Tier 2"), q(Q2, "Support Tier 2 (EMEA)")]);
    assert_eq!(raw.as_array().unwrap().len(), 2);
    assert_eq!(raw[0]["memberCount"], 12);
}

#[test]
fn an_empty_listing_is_no_queues() {
    let (typed, raw) = read_queues(r#"{"entities":[],"pageSize":100,"pageNumber":1,"total":0,"pageCount":0}"#).unwrap();
    assert!(typed.is_empty() && raw.as_array().unwrap().is_empty());
}

#[test]
fn a_listing_that_is_not_a_queue_entity_listing_is_unexpected() {
    for bad in ["", "[]", "{}", r#"{"entities":{}}"#, r#"{"entities":[{"name":"x"}]}"#, r#"{"entities":[{"id":"../x","name":"x"}]}"#] {
        assert_eq!(read_queues(bad).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad}");
    }
}

#[test]
fn an_exact_name_match_is_picked() {
    assert_eq!(pick_queue("Support Tier 2", vec![q(Q1, "Support Tier 2"), q(Q2, "Support Tier 2 (EMEA)")]).unwrap(), Q1);
}

#[test]
fn an_exact_case_match_wins_over_case_variants() {
    assert_eq!(pick_queue("Support", vec![q(Q1, "SUPPORT"), q(Q2, "Support"), q(Q3, "support")]).unwrap(), Q2);
}

#[test]
fn a_case_variant_is_picked_when_no_exact_match_exists() {
    assert_eq!(pick_queue("support tier 2", vec![q(Q1, "Support Tier 2"), q(Q2, "Sales")]).unwrap(), Q1);
}

#[test]
fn no_match_is_not_found_with_a_stable_code() {
    let e = pick_queue("Support", vec![q(Q1, "Support Tier 2")]).unwrap_err();
    assert_eq!(e.kind(), Kind::NotFound);
    assert_eq!(e.code(), Some("queue.not.found"));
    assert!(e.message().contains("\"Support\""), "{e}");
    assert_eq!(pick_queue("Support", vec![]).unwrap_err().kind(), Kind::NotFound);
}

#[test]
fn two_case_variants_are_ambiguous_listing_both() {
    let e = pick_queue("support", vec![q(Q1, "Support"), q(Q2, "SUPPORT")]).unwrap_err();
    assert_eq!(e.kind(), Kind::Ambiguous);
    assert_eq!(e.candidates(), &[q(Q1, "Support"), q(Q2, "SUPPORT")]);
    assert!(e.message().contains(Q1) && e.message().contains(Q2), "{e}");
    assert!(e.message().contains("pass to.queueId"), "{e}");
}

#[test]
fn a_wildcard_takes_whatever_the_server_matched() {
    assert_eq!(pick_queue("*Tier 2*", vec![q(Q1, "Support Tier 2")]).unwrap(), Q1);
    let e = pick_queue("Support*", vec![q(Q1, "Support Tier 1"), q(Q2, "Support Tier 2"), q(Q3, "Support EMEA")]).unwrap_err();
    assert_eq!(e.kind(), Kind::Ambiguous);
    assert_eq!(e.candidates().len(), 3);
    assert!(e.message().starts_with("3 queues match \"Support*\""), "{e}");
}
