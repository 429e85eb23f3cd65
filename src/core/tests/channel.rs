//! Notification channels over REST: paths, bodies, answers, dates.

use super::fixtures::*;
use crate::core::channel::*;
use crate::core::error::Kind;
use crate::core::http::Method;
use serde_json::json;

const BASE: &str = "https://api.mypurecloud.com";

#[test]
fn create_is_a_bodyless_post() {
    let r = create_request();
    assert_eq!((r.method, r.path.as_str(), r.body, r.query.len()), (Method::Post, "/api/v2/notifications/channels", None, 0));
}

#[test]
fn alive_is_a_head_of_the_channel() {
    let r = alive_request(CHANNEL_ID).unwrap();
    assert_eq!((r.method, r.path.as_str(), r.body), (Method::Head, format!("/api/v2/notifications/channels/{CHANNEL_ID}").as_str(), None));
}

#[test]
fn subscribe_puts_the_whole_topic_list() {
    let topic = format!("v2.users.{ME}.conversations.calls");
    let r = subscribe_request(CHANNEL_ID, std::slice::from_ref(&topic)).unwrap();
    assert_eq!((r.method, r.path_and_query()), (Method::Put, format!("/api/v2/notifications/channels/{CHANNEL_ID}/subscriptions")));
    assert_eq!(super::body(&r), json!([{ "id": topic }]));
    assert!(r.body.unwrap().key().contains(&topic));
}

#[test]
fn channel_ids_and_topics_are_checked_before_anything_is_sent() {
    for bad in ["", "../users/me", "streaming-2-x/subscriptions", "a b", "a?b", "a#b", "a%2Fb", "a.b", "é", &"a".repeat(129)] {
        assert!(!check_channel_id(bad), "{bad:?}");
        let e = alive_request(bad).unwrap_err();
        assert_eq!((e.kind(), e.field()), (Kind::InvalidInput, Some("channelId")), "{bad:?}");
        assert_eq!(subscribe_request(bad, &["t".into()]).unwrap_err().field(), Some("channelId"));
    }
    for good in [CHANNEL_ID, "a", "streaming-0-ABC_def", &"a".repeat(128)] {
        assert!(check_channel_id(good), "{good:?}");
    }
    for topics in [vec![], vec![String::new()], vec!["a b".into()], vec!["a\nb".into()], vec!["t".repeat(201)], vec!["t".into(); 1001]] {
        assert_eq!(subscribe_request(CHANNEL_ID, &topics).unwrap_err().field(), Some("topics"));
    }
}

#[test]
fn a_channel_answer_is_read_and_its_connect_uri_checked() {
    let c = read_channel(&CHANNEL.to_string(), BASE).unwrap();
    assert_eq!(
        c,
        Channel {
            id: CHANNEL_ID.into(),
            connect_uri: format!("wss://streaming.mypurecloud.com/channels/{CHANNEL_ID}"),
            expires_ms: Some(1_612_375_147_650.0),
        }
    );
    // The same answer for another region's client is refused.
    assert_eq!(read_channel(&CHANNEL.to_string(), "https://api.mypurecloud.ie").unwrap_err().kind(), Kind::UnexpectedResponse);
    // A date this does not read leaves expires unknown.
    let odd = json!({ "id": CHANNEL_ID, "connectUri": format!("wss://streaming.mypurecloud.com/channels/{CHANNEL_ID}"), "expires": "tomorrow" });
    assert_eq!(read_channel(&odd.to_string(), BASE).unwrap().expires_ms, None);
    let none = json!({ "id": CHANNEL_ID, "connectUri": format!("wss://streaming.mypurecloud.com/channels/{CHANNEL_ID}") });
    assert_eq!(read_channel(&none.to_string(), BASE).unwrap().expires_ms, None);
}

#[test]
fn a_channel_answer_of_another_shape_is_an_unexpected_response() {
    let uri = format!("wss://streaming.mypurecloud.com/channels/{CHANNEL_ID}");
    for bad in [
        String::new(),
        "{}".into(),
        "[]".into(),
        json!({ "connectUri": uri }).to_string(),
        json!({ "id": "../x", "connectUri": uri }).to_string(),
        json!({ "id": CHANNEL_ID }).to_string(),
        json!({ "id": CHANNEL_ID, "connectUri": "wss://evil.example/channels/x" }).to_string(),
        json!({ "id": CHANNEL_ID, "connectUri": 5 }).to_string(),
    ] {
        assert_eq!(read_channel(&bad, BASE).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad}");
    }
}

#[test]
fn a_rejected_topic_is_forbidden_and_a_permitted_one_is_subscribed() {
    let topic = format!("v2.users.{ME}.conversations.calls");
    let permitted = json!({ "entities": [{ "id": topic, "state": "Permitted", "selfUri": "/api/v2/notifications/channels/x/subscriptions" }] });
    assert!(read_subscriptions(&permitted.to_string(), std::slice::from_ref(&topic)).is_ok());
    // Older answers have no state.
    assert!(read_subscriptions(&json!({ "entities": [{ "id": topic }] }).to_string(), std::slice::from_ref(&topic)).is_ok());
    assert!(read_subscriptions(&json!({ "entities": [] }).to_string(), std::slice::from_ref(&topic)).is_ok());
    let rejected = json!({ "entities": [{ "id": topic.to_uppercase(), "state": "Rejected",
        "rejectionReason": "The user does not have permission required for topic", "missingPermissions": [] }] });
    let e = read_subscriptions(&rejected.to_string(), std::slice::from_ref(&topic)).unwrap_err();
    assert_eq!(e.kind(), Kind::Forbidden);
    assert!(e.message().contains(&topic) && e.message().contains("does not have permission"), "{}", e.message());
    // Someone else's rejected topic is not ours.
    let theirs = json!({ "entities": [{ "id": "v2.users.x.presence", "state": "Rejected" }, { "id": topic, "state": "Permitted" }] });
    assert!(read_subscriptions(&theirs.to_string(), std::slice::from_ref(&topic)).is_ok());
    for bad in ["", "[]", "<html/>", r#"{"entities":"x"}"#] {
        assert_eq!(read_subscriptions(&bad.to_string(), std::slice::from_ref(&topic)).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad:?}");
    }
}

#[test]
fn genesys_dates_read_as_epoch_milliseconds() {
    for (text, ms) in [
        ("1970-01-01T00:00:00Z", 0.0),
        ("1970-01-01T00:00:00.001Z", 1.0),
        ("2021-02-03T17:59:07.650Z", 1_612_375_147_650.0),
        ("2021-02-03T17:59:07.65Z", 1_612_375_147_650.0),
        ("2021-02-03T17:59:07.6509999Z", 1_612_375_147_650.0),
        ("2021-02-03T17:59:07Z", 1_612_375_147_000.0),
        ("2021-02-03t17:59:07z", 1_612_375_147_000.0),
        ("2021-02-03T18:59:07+01:00", 1_612_375_147_000.0),
        ("2021-02-03T12:29:07-05:30", 1_612_375_147_000.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000.0),
        ("2000-03-01T00:00:00Z", 951_868_800_000.0),
        ("1969-12-31T23:59:59Z", -1_000.0),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999.0),
    ] {
        assert_eq!(parse_timestamp_ms(text), Some(ms), "{text}");
    }
    for bad in [
        "",
        "2021-02-03",
        "2021-02-03T17:59:07",
        "2021-02-03T17:59:07.Z",
        "2021-02-03 17:59:07Z",
        "2021-13-03T17:59:07Z",
        "2021-00-03T17:59:07Z",
        "2021-02-29T17:59:07Z",
        "2100-02-29T00:00:00Z",
        "2021-02-00T17:59:07Z",
        "2021-02-03T24:00:00Z",
        "2021-02-03T17:60:07Z",
        "2021-02-03T17:59:61Z",
        "2021-02-03T17:59:07+24:00",
        "2021-02-03T17:59:07+0100",
        "2021-02-03T17:59:07ZZ",
        "2021-02-03T17:59:07Z ",
        "+2021-02-03T17:59:07Z",
        "２021-02-03T17:59:07Z",
        "2021-02-03T17:59:07.٣Z",
        "tomorrow",
    ] {
        assert_eq!(parse_timestamp_ms(bad), None, "{bad:?}");
    }
}
