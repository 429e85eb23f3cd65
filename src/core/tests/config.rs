use super::invalid_field;
use crate::core::config::{parse_config, Config, DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_RETRY_LIMIT, DEFAULT_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS};
use crate::core::retry::RetryPolicy;
use serde_json::{json, Value};

fn config(v: Value) -> Result<Config, crate::core::Error> {
    parse_config(v)
}

#[test]
fn a_region_alone_gives_every_default() {
    let c = config(json!({ "region": "mypurecloud.ie" })).unwrap();
    assert_eq!(
        c,
        Config {
            api_base: "https://api.mypurecloud.ie".into(),
            timeout_ms: 15_000,
            total_timeout_ms: 60_000,
            retry: RetryPolicy { limit: 2, max_retry_after_ms: 30_000, backoff_base_ms: 300, backoff_cap_ms: 10_000 },
            heartbeat_timeout_ms: 75_000,
        }
    );
    assert_eq!((DEFAULT_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS, DEFAULT_RETRY_LIMIT, DEFAULT_MAX_RETRY_AFTER_MS), (15_000, 60_000, 2, 30_000));
}

#[test]
fn region_ids_and_api_hosts_resolve() {
    assert_eq!(config(json!({ "region": "us_west_2" })).unwrap().api_base, "https://api.usw2.pure.cloud");
    assert_eq!(config(json!({ "region": "https://api.mypurecloud.de/" })).unwrap().api_base, "https://api.mypurecloud.de");
}

#[test]
fn an_api_base_replaces_the_region() {
    assert_eq!(config(json!({ "apiBase": "http://127.0.0.1:8787/" })).unwrap().api_base, "http://127.0.0.1:8787");
    assert_eq!(config(json!({ "apiBase": "https://proxy.example.com/genesys" })).unwrap().api_base, "https://proxy.example.com/genesys");
}

#[test]
fn region_and_api_base_together_are_refused() {
    let msg = invalid_field(config(json!({ "region": "mypurecloud.com", "apiBase": "https://proxy.example.com" })).unwrap_err(), "apiBase");
    assert!(msg.contains("not both"), "{msg}");
}

#[test]
fn neither_region_nor_api_base_is_refused_naming_region() {
    for opts in [json!({}), json!({ "region": null }), json!({ "timeoutMs": 1000 })] {
        let msg = invalid_field(config(opts).unwrap_err(), "region");
        assert!(msg.contains("is required"), "{msg}");
    }
}

#[test]
fn bad_regions_and_api_bases_are_refused_naming_their_field() {
    invalid_field(config(json!({ "region": "https://evil.com" })).unwrap_err(), "region");
    invalid_field(config(json!({ "region": "" })).unwrap_err(), "region");
    invalid_field(config(json!({ "region": 1 })).unwrap_err(), "region");
    invalid_field(config(json!({ "apiBase": "http://10.0.0.1" })).unwrap_err(), "apiBase");
}

#[test]
fn timeouts_are_whole_milliseconds_up_to_ten_minutes() {
    let c = config(json!({ "region": "mypurecloud.com", "timeoutMs": 5000, "totalTimeoutMs": 600_000 })).unwrap();
    assert_eq!((c.timeout_ms, c.total_timeout_ms), (5000, 600_000));
    for bad in [json!(0), json!(-1), json!(1.5), json!("5000"), json!(600_001)] {
        invalid_field(config(json!({ "region": "mypurecloud.com", "timeoutMs": bad.clone() })).unwrap_err(), "timeoutMs");
        invalid_field(config(json!({ "region": "mypurecloud.com", "totalTimeoutMs": bad })).unwrap_err(), "totalTimeoutMs");
    }
}

#[test]
fn retry_zero_turns_retrying_off() {
    let c = config(json!({ "region": "mypurecloud.com", "retry": 0 })).unwrap();
    assert_eq!(c.retry.limit, 0);
    assert_eq!(c.retry.max_retry_after_ms, DEFAULT_MAX_RETRY_AFTER_MS);
}

#[test]
fn a_retry_number_is_the_limit() {
    assert_eq!(config(json!({ "region": "mypurecloud.com", "retry": 3 })).unwrap().retry.limit, 3);
    assert_eq!(config(json!({ "region": "mypurecloud.com", "retry": 10 })).unwrap().retry.limit, 10);
}

#[test]
fn a_retry_object_sets_the_limit_and_the_longest_wait() {
    let c = config(json!({ "region": "mypurecloud.com", "retry": { "limit": 4, "maxRetryAfterMs": 5000 } })).unwrap();
    assert_eq!(c.retry, RetryPolicy { limit: 4, max_retry_after_ms: 5000, backoff_base_ms: 300, backoff_cap_ms: 10_000 });
    let partial = config(json!({ "region": "mypurecloud.com", "retry": { "maxRetryAfterMs": 0 } })).unwrap();
    assert_eq!((partial.retry.limit, partial.retry.max_retry_after_ms), (DEFAULT_RETRY_LIMIT, 0));
    assert_eq!(config(json!({ "region": "mypurecloud.com", "retry": {} })).unwrap().retry.limit, DEFAULT_RETRY_LIMIT);
}

#[test]
fn unknown_keys_inside_retry_are_reported_as_retry_dot_key() {
    let msg = invalid_field(config(json!({ "region": "mypurecloud.com", "retry": { "limit": 1, "methods": ["post"] } })).unwrap_err(), "retry.methods");
    assert!(msg.contains("is not a known option"), "{msg}");
}

#[test]
fn bad_retry_values_are_refused_naming_the_field() {
    for bad in [json!(-1), json!(11), json!(1.5), json!(true), json!("3"), json!([3])] {
        invalid_field(config(json!({ "region": "mypurecloud.com", "retry": bad })).unwrap_err(), "retry");
    }
    invalid_field(config(json!({ "region": "mypurecloud.com", "retry": { "limit": 11 } })).unwrap_err(), "retry.limit");
    invalid_field(config(json!({ "region": "mypurecloud.com", "retry": { "maxRetryAfterMs": -5 } })).unwrap_err(), "retry.maxRetryAfterMs");
}

#[test]
fn unknown_client_options_are_reported() {
    invalid_field(config(json!({ "region": "mypurecloud.com", "environment": "mypurecloud.com" })).unwrap_err(), "environment");
    invalid_field(config(json!({ "region": "mypurecloud.com", "token": "secret" })).unwrap_err(), "token");
    invalid_field(parse_config(json!([])).unwrap_err(), "options");
}

#[test]
fn unknown_keys_are_refused_at_the_top_and_inside_retry() {
    let msg = invalid_field(config(json!({ "region": "mypurecloud.com", "foo": 1 })).unwrap_err(), "foo");
    assert_eq!(msg, "foo: is not a known option");
    let msg = invalid_field(config(json!({ "region": "mypurecloud.com", "retry": { "bar": 1 } })).unwrap_err(), "retry.bar");
    assert_eq!(msg, "retry.bar: is not a known option");
}

#[test]
fn whole_number_options_refuse_fractions_negatives_and_huge_numbers_naming_the_field() {
    for bad in [json!(1.5), json!(-1), json!(1e300), json!(u64::MAX), json!(i64::MIN)] {
        for (opts, field) in [
            (json!({ "region": "mypurecloud.com", "timeoutMs": bad.clone() }), "timeoutMs"),
            (json!({ "region": "mypurecloud.com", "totalTimeoutMs": bad.clone() }), "totalTimeoutMs"),
            (json!({ "region": "mypurecloud.com", "retry": bad.clone() }), "retry"),
            (json!({ "region": "mypurecloud.com", "retry": { "limit": bad.clone() } }), "retry.limit"),
            (json!({ "region": "mypurecloud.com", "retry": { "maxRetryAfterMs": bad.clone() } }), "retry.maxRetryAfterMs"),
        ] {
            let msg = invalid_field(config(opts).unwrap_err(), field);
            assert!(msg.contains("must be a whole number from"), "{field} {bad}: {msg}");
        }
    }
    // A whole number written as a float is that number.
    assert_eq!(config(json!({ "region": "mypurecloud.com", "timeoutMs": 5000.0 })).unwrap().timeout_ms, 5000);
}

#[test]
fn wrong_types_in_client_options_name_the_field() {
    for (opts, field, problem) in [
        (json!({ "region": ["mypurecloud.com"] }), "region", "must be a string"),
        (json!({ "apiBase": 8787 }), "apiBase", "must be a string"),
        (json!({ "region": "mypurecloud.com", "timeoutMs": "5000" }), "timeoutMs", "must be a whole number from 1 to 600000"),
        (json!({ "region": "mypurecloud.com", "retry": "3" }), "retry", "must be a number (the retry limit) or {limit, maxRetryAfterMs}"),
        (json!({ "region": "mypurecloud.com", "retry": { "limit": true } }), "retry.limit", "must be a whole number from 0 to 10"),
    ] {
        let msg = invalid_field(config(opts.clone()).unwrap_err(), field);
        assert_eq!(msg, format!("{field}: {problem}"), "{opts}");
    }
}

#[test]
fn heartbeat_timeout_is_a_whole_number_of_ms_from_one_second() {
    assert_eq!(config(json!({ "region": "mypurecloud.ie", "heartbeatTimeoutMs": 2000 })).unwrap().heartbeat_timeout_ms, 2000);
    for bad in [json!(999), json!(1.5), json!("75000"), json!(600_001)] {
        let e = config(json!({ "region": "mypurecloud.ie", "heartbeatTimeoutMs": bad })).unwrap_err();
        assert_eq!(e.field(), Some("heartbeatTimeoutMs"));
    }
}
