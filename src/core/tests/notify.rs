//! The notification session's decisions: silence, reconnect waits, the
//! topic, which connectUri may be opened, and subscription renewal.

use crate::core::error::Kind;
use crate::core::notify::*;
use crate::core::region::REGIONS;

#[test]
fn silence_is_measured_by_wall_clock_deltas_only() {
    let t = 1_700_000_000_000.0;
    assert!(!silent(t, t));
    assert!(!silent(t + 74_999.0, t));
    assert!(silent(t + 75_000.0, t));
    assert!(silent(t + 3_600_000.0, t));
    // A clock that went backwards, or not a number: not silence.
    assert!(!silent(t - 100_000.0, t));
    assert!(!silent(f64::NAN, t));
    assert!(!silent(t, f64::NAN));
}

#[test]
fn the_first_reconnect_waits_one_to_two_seconds_for_every_jitter() {
    for k in 0..=100 {
        let r = f64::from(k) / 100.0;
        let d = reconnect_delay_ms(0, r, None);
        assert!((1_000.0..=2_000.0).contains(&d), "{r}: {d}");
    }
    assert_eq!(reconnect_delay_ms(0, 0.0, None), 1_000.0);
    assert_eq!(reconnect_delay_ms(0, 0.5, None), 1_500.0);
}

#[test]
fn reconnect_waits_double_up_to_ninety_seconds() {
    for (failures, low) in [(1, 2_000.0), (2, 4_000.0), (3, 8_000.0), (4, 16_000.0), (5, 32_000.0), (6, 45_000.0), (7, 45_000.0)] {
        assert_eq!(reconnect_delay_ms(failures, 0.0, None), low, "{failures}");
        assert_eq!(reconnect_delay_ms(failures, 1.0, None), 2.0 * low, "{failures}");
    }
    for failures in [0, 1, 5, 6, 10, 31, 32, 64, u32::MAX] {
        for r in [0.0, 0.3, 0.999, 1.0, -1.0, 7.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let d = reconnect_delay_ms(failures, r, None);
            assert!((1_000.0..=90_000.0).contains(&d), "{failures} {r}: {d}");
        }
    }
}

#[test]
fn a_longer_retry_after_wins_up_to_ten_minutes() {
    assert_eq!(reconnect_delay_ms(0, 0.0, Some(30_000)), 30_000.0);
    assert_eq!(reconnect_delay_ms(0, 0.5, Some(500)), 1_500.0, "a shorter one does not shorten our wait");
    assert_eq!(reconnect_delay_ms(8, 1.0, Some(120_000)), 120_000.0);
    assert_eq!(reconnect_delay_ms(0, 0.0, Some(86_400_000)), 600_000.0);
    assert_eq!(reconnect_delay_ms(0, 0.0, Some(u64::MAX)), 600_000.0);
}

#[test]
fn the_session_gives_up_only_when_trying_again_cannot_help() {
    use crate::core::Error;
    for (kind, stop) in [
        (Kind::Unauthorized, true),
        (Kind::Forbidden, true),
        (Kind::BadRequest, true),
        (Kind::InvalidInput, true),
        (Kind::UnexpectedResponse, true),
        (Kind::Aborted, true),
        (Kind::Internal, true),
        (Kind::Ambiguous, true),
        (Kind::Network, false),
        (Kind::Timeout, false),
        (Kind::Server, false),
        (Kind::RateLimited, false),
        (Kind::NotFound, false),
        (Kind::InvalidState, false),
    ] {
        assert_eq!(gives_up(&Error::new(kind, "x")), stop, "{kind:?}");
    }
}

#[test]
fn the_calls_topic_is_the_users() {
    assert_eq!(calls_topic("7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), "v2.users.7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f.conversations.calls");
}

const URI_PATH: &str = "/channels/streaming-2-aa5h48uk0srhpugh2994klj918";

fn refused(uri: &str, base: &str) {
    let e = check_connect_uri(uri, base).expect_err(&format!("{uri} for {base} was accepted"));
    assert_eq!(e.kind(), Kind::UnexpectedResponse);
    assert!(!e.message().contains("streaming-2"), "the message leaves the channel id out: {}", e.message());
    assert!(!e.message().contains("evil"), "{}", e.message());
}

#[test]
fn every_region_connects_only_to_its_own_streaming_host() {
    for (_, domain) in REGIONS {
        let base = format!("https://api.{domain}");
        assert!(check_connect_uri(&format!("wss://streaming.{domain}{URI_PATH}"), &base).is_ok(), "{domain}");
        assert!(check_connect_uri(&format!("WSS://STREAMING.{}{URI_PATH}", domain.to_uppercase()), &base).is_ok(), "{domain} upper case");
        assert!(check_connect_uri(&format!("wss://streaming.{domain}:443{URI_PATH}"), &base).is_ok(), "{domain} :443");
        for (_, other) in REGIONS.iter().filter(|(_, d)| *d != domain) {
            refused(&format!("wss://streaming.{other}{URI_PATH}"), &base);
        }
        refused(&format!("ws://streaming.{domain}{URI_PATH}"), &base);
        refused(&format!("https://streaming.{domain}{URI_PATH}"), &base);
        refused(&format!("wss://api.{domain}{URI_PATH}"), &base);
        refused(&format!("wss://streaming.{domain}:8443{URI_PATH}"), &base);
    }
}

#[test]
fn look_alike_hosts_and_userinfo_tricks_are_refused() {
    let base = "https://api.mypurecloud.com";
    for uri in [
        "wss://streaming.mypurecloud.com@evil.example/channels/x",
        "wss://streaming.mypurecloud.com:443@evil.example/channels/x",
        "wss://user:pw@streaming.mypurecloud.com/channels/x",
        "wss://streaming.mypurecloud.com.evil.example/channels/x",
        "wss://evil.example/streaming.mypurecloud.com/channels/x",
        "wss://evil.example/?streaming.mypurecloud.com",
        "wss://streaming.mypurecloud.com.:443/channels/x",
        "wss://streaming%2Emypurecloud.com/channels/x",
        "wss://streaming.mypurecloud.com\\@evil.example/",
        "wss://streaming.mypurecloud.com\t.evil.example/",
        "wss://streaming.mypurecloud.com/channels/x#frag",
        " wss://streaming.mypurecloud.com/channels/x",
        "wss://streaming.mypurecloud.co/channels/x",
        "wss://xstreaming.mypurecloud.com/channels/x",
        "wss://streaming.evilmypurecloud.com/channels/x",
        "wss://[::1]/channels/x",
        "wss://127.0.0.1/channels/x",
        "wss:/streaming.mypurecloud.com/channels/x",
        "wss:streaming.mypurecloud.com/channels/x",
        "//streaming.mypurecloud.com/channels/x",
        "streaming.mypurecloud.com/channels/x",
        "javascript:alert(1)",
        "",
        "wss://",
        "wss://:443/",
    ] {
        refused(uri, base);
    }
}

#[test]
fn a_loopback_api_base_connects_to_ws_on_loopback_only() {
    for base in ["http://127.0.0.1:8080", "http://localhost:3000/", "https://127.0.0.1:8443", "http://[::1]:9000"] {
        for uri in ["ws://127.0.0.1:8080/channels/streaming-1-a", "ws://localhost:3000/channels/x", "wss://127.0.0.1/channels/x", "ws://[::1]:9000/channels/x", "ws://127.1.2.3:1/"] {
            assert!(check_connect_uri(uri, base).is_ok(), "{uri} for {base}");
        }
        for uri in [
            "ws://evil.example:8080/channels/x",
            "ws://127.0.0.1.evil.example/channels/x",
            "ws://localhost.evil.example/",
            "ws://127.0.0.1@evil.example/",
            "wss://streaming.mypurecloud.com/channels/x",
            "ws://0.0.0.0/",
            "ws://128.0.0.1/",
        ] {
            refused(uri, base);
        }
    }
}

#[test]
fn a_proxy_api_base_connects_to_wss_on_its_own_host_or_a_genesys_streaming_host() {
    let base = "https://genesys-proxy.corp.example/api-gateway";
    for uri in [
        "wss://genesys-proxy.corp.example/channels/streaming-2-x",
        "wss://genesys-proxy.corp.example:8443/channels/streaming-2-x",
        "wss://streaming.usw2.pure.cloud/channels/streaming-2-x",
    ] {
        assert!(check_connect_uri(uri, base).is_ok(), "{uri}");
    }
    for uri in [
        "ws://genesys-proxy.corp.example/channels/x",
        "wss://evil.example/channels/x",
        "wss://corp.example/channels/x",
        "wss://streaming.usw2.pure.cloud:8443/channels/x",
        "ws://127.0.0.1/channels/x",
    ] {
        refused(uri, base);
    }
}

#[test]
fn an_api_base_that_is_not_a_checked_one_allows_nothing() {
    for base in ["http://api.mypurecloud.com", "http://evil.example", "ftp://api.mypurecloud.com", "", "api.mypurecloud.com", "https://user@api.mypurecloud.com"] {
        refused("wss://streaming.mypurecloud.com/channels/x", base);
        refused("ws://127.0.0.1/channels/x", base);
    }
}

#[test]
fn renewal_is_due_an_hour_before_expiry() {
    let expires = 1_612_375_147_650.0;
    assert!(!renew_due(expires - 3_600_001.0, expires));
    assert!(renew_due(expires - 3_600_000.0, expires));
    assert!(renew_due(expires + 1.0, expires));
    assert!(!renew_due(f64::NAN, expires));
    assert!(!renew_due(expires, f64::NAN));
}

#[test]
fn expiry_is_twenty_four_hours_after_subscribing_or_the_channels_own_if_sooner() {
    let t = 1_700_000_000_000.0;
    assert_eq!(expiry_ms(t, None), t + 86_400_000.0);
    assert_eq!(expiry_ms(t, Some(t + 3_600_000.0)), t + 3_600_000.0);
    assert_eq!(expiry_ms(t, Some(t + 200_000_000.0)), t + 86_400_000.0, "a far date does not postpone renewal");
    assert_eq!(expiry_ms(t, Some(f64::NAN)), t + 86_400_000.0);
    // Renew at 23 h.
    assert!(!renew_due(t + 82_799_999.0, expiry_ms(t, None)));
    assert!(renew_due(t + 82_800_000.0, expiry_ms(t, None)));
}
