use crate::core::region::{check_api_base, resolve_region, REGIONS};

/// The official SDK's `PureCloudRegionHosts` (genesys-api.md §9), written out
/// again here so a typo in `REGIONS` cannot pass unseen.
const EXPECTED: [(&str, &str); 18] = [
    ("us_east_1", "mypurecloud.com"),
    ("eu_west_1", "mypurecloud.ie"),
    ("ap_southeast_2", "mypurecloud.com.au"),
    ("ap_northeast_1", "mypurecloud.jp"),
    ("eu_central_1", "mypurecloud.de"),
    ("us_west_2", "usw2.pure.cloud"),
    ("ca_central_1", "cac1.pure.cloud"),
    ("ap_northeast_2", "apne2.pure.cloud"),
    ("eu_west_2", "euw2.pure.cloud"),
    ("ap_south_1", "aps1.pure.cloud"),
    ("us_east_2", "use2.us-gov-pure.cloud"),
    ("sa_east_1", "sae1.pure.cloud"),
    ("me_central_1", "mec1.pure.cloud"),
    ("ap_northeast_3", "apne3.pure.cloud"),
    ("eu_central_2", "euc2.pure.cloud"),
    ("mx_central_1", "mxc1.pure.cloud"),
    ("ap_southeast_1", "apse1.pure.cloud"),
    ("eusc_de_east_1", "edee1.eusc-pure.cloud"),
];

#[test]
fn the_region_table_is_the_sdks() {
    assert_eq!(REGIONS.len(), 18);
    for ((id, domain), (sdk_id, sdk_domain)) in REGIONS.iter().zip(EXPECTED) {
        assert_eq!(*id, sdk_id.replace('_', "-"));
        assert_eq!(*domain, sdk_domain);
    }
}

#[test]
fn every_domain_resolves_to_its_api_host() {
    for (_, domain) in EXPECTED {
        assert_eq!(resolve_region(domain).unwrap(), format!("https://api.{domain}"), "{domain}");
    }
}

#[test]
fn every_region_id_resolves_with_dashes_or_underscores() {
    for (sdk_id, domain) in EXPECTED {
        let want = format!("https://api.{domain}");
        assert_eq!(resolve_region(sdk_id).unwrap(), want, "{sdk_id}");
        assert_eq!(resolve_region(&sdk_id.replace('_', "-")).unwrap(), want, "{sdk_id}");
        assert_eq!(resolve_region(&sdk_id.to_ascii_uppercase()).unwrap(), want, "{sdk_id}");
    }
}

#[test]
fn api_hosts_resolve_with_or_without_scheme_and_trailing_slash() {
    for (_, domain) in EXPECTED {
        let want = format!("https://api.{domain}");
        for given in [
            format!("api.{domain}"),
            format!("https://api.{domain}"),
            format!("https://api.{domain}/"),
            format!("api.{domain}/"),
            format!("  HTTPS://API.{}/  ", domain.to_ascii_uppercase()),
        ] {
            assert_eq!(resolve_region(&given).unwrap(), want, "{given}");
        }
    }
}

#[test]
fn unknown_and_lookalike_regions_are_refused() {
    for bad in [
        "",
        "mypurecloud",
        "mypurecloud.co",
        "us-east-9",
        "http://api.mypurecloud.com",
        "https://evil.com",
        "mypurecloud.com.evil.com",
        "api.mypurecloud.com.evil.com",
        "evil.mypurecloud.com",
        "login.mypurecloud.com",
        "https://api.mypurecloud.com/api/v2",
        "https://api.mypurecloud.com:8443",
        "https://user@api.mypurecloud.com",
        "mypurecloud.com#x",
        "pure.cloud",
    ] {
        let p = resolve_region(bad).unwrap_err();
        assert!(p.contains("Genesys Cloud region"), "{bad}: {p}");
    }
}

#[test]
fn https_api_bases_are_accepted_anywhere_without_a_trailing_slash() {
    for (given, want) in [
        ("https://api.mypurecloud.com", "https://api.mypurecloud.com"),
        ("https://genesys-proxy.example.com/base/", "https://genesys-proxy.example.com/base"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://[2001:db8::1]:443", "https://[2001:db8::1]:443"),
        ("  https://example.com/  ", "https://example.com"),
    ] {
        assert_eq!(check_api_base(given).unwrap(), want, "{given}");
    }
}

#[test]
fn http_api_bases_are_accepted_on_loopback_only() {
    for (given, want) in [
        ("http://127.0.0.1", "http://127.0.0.1"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.1.2.3:9/mock", "http://127.1.2.3:9/mock"),
        ("http://127.255.255.255", "http://127.255.255.255"),
        ("http://localhost", "http://localhost"),
        ("http://localhost:3000/", "http://localhost:3000"),
        ("HTTP://LOCALHOST:3000", "HTTP://LOCALHOST:3000"),
        ("http://[::1]", "http://[::1]"),
        ("http://[::1]:8080/api", "http://[::1]:8080/api"),
    ] {
        assert_eq!(check_api_base(given).unwrap(), want, "{given}");
    }
}

#[test]
fn http_to_anything_but_loopback_is_refused() {
    for bad in [
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1.evil.com:8080",
        "http://localhost.evil.com",
        "http://10.0.0.1",
        "http://192.168.1.10:8080",
        "http://0.0.0.0",
        "http://127.0.0.256",
        "http://127.256.0.1",
        "http://127..0.1",
        "http://127.0.0.1.2",
        "http://127.0.0",
        "http://127.0.0.1.",
        "http://127.0.0.01234",
        "http://[::ffff:127.0.0.1]",
        "http://example.com",
        "http://api.mypurecloud.com",
    ] {
        let p = check_api_base(bad).unwrap_err();
        assert!(p.contains("https"), "{bad}: {p}");
    }
}

#[test]
fn credentials_query_and_fragment_are_refused() {
    for bad in [
        "http://localhost@evil.com",
        "http://user:pass@localhost",
        "https://user@example.com",
        "https://example.com/?x=1",
        "https://example.com/api#frag",
        "https://example.com\\@evil.com",
        "https://exa mple.com",
        "https://exa\nmple.com/",
        "http://local\thost",
    ] {
        let p = check_api_base(bad).unwrap_err();
        assert!(p.contains("without credentials, query or fragment"), "{bad}: {p}");
    }
}

#[test]
fn other_schemes_and_missing_hosts_are_refused() {
    for bad in ["ftp://example.com", "//example.com", "example.com", "https://", "https:///api", "javascript:alert(1)"] {
        assert!(check_api_base(bad).is_err(), "{bad}");
    }
    assert_eq!(check_api_base("http://[::1").unwrap_err(), "has a malformed IPv6 host");
}

#[test]
fn the_authority_after_the_host_can_only_be_a_port() {
    // `[::1]evil.com` passed the loopback check on its bracketed prefix.
    for bad in ["http://[::1]evil.com", "http://[::1].evil.com/", "http://localhost:3000:evil", "http://localhost:abc", "https://example.com:443x"] {
        assert!(check_api_base(bad).is_err(), "{bad}");
    }
}
