//! Where requests go: a Genesys region (domain, region id or API host), or an
//! explicit `apiBase` (https anywhere, http on loopback only).

use alloc::string::String;
use super::text::{before, split_once};

/// Every Genesys Cloud region: (region id, domain). Source: the official
/// SDK's `PureCloudRegionHosts` (genesys-api.md §9).
pub const REGIONS: [(&str, &str); 18] = [
    ("us-east-1", "mypurecloud.com"),
    ("eu-west-1", "mypurecloud.ie"),
    ("ap-southeast-2", "mypurecloud.com.au"),
    ("ap-northeast-1", "mypurecloud.jp"),
    ("eu-central-1", "mypurecloud.de"),
    ("us-west-2", "usw2.pure.cloud"),
    ("ca-central-1", "cac1.pure.cloud"),
    ("ap-northeast-2", "apne2.pure.cloud"),
    ("eu-west-2", "euw2.pure.cloud"),
    ("ap-south-1", "aps1.pure.cloud"),
    ("us-east-2", "use2.us-gov-pure.cloud"),
    ("sa-east-1", "sae1.pure.cloud"),
    ("me-central-1", "mec1.pure.cloud"),
    ("ap-northeast-3", "apne3.pure.cloud"),
    ("eu-central-2", "euc2.pure.cloud"),
    ("mx-central-1", "mxc1.pure.cloud"),
    ("ap-southeast-1", "apse1.pure.cloud"),
    ("eusc-de-east-1", "edee1.eusc-pure.cloud"),
];

/// Resolves a region given as a domain (`usw2.pure.cloud`), a region id
/// (`us-west-2` or `us_west_2`), or an API host (`api.mypurecloud.ie`, with or
/// without `https://` and a trailing `/`) to its API base
/// `https://api.<domain>`. Anything else is refused.
pub fn resolve_region(input: &str) -> Result<String, &'static str> {
    let mut s = input.trim().to_ascii_lowercase();
    if let Some(rest) = s.strip_prefix("https://") {
        s = rest.into();
    }
    let s = without_trailing_slashes(&s);
    let host = s.strip_prefix("api.").unwrap_or(s);
    let dashed = host.replace('_', "-");
    REGIONS
        .iter()
        .find(|(id, domain)| *domain == host || *id == dashed)
        .map(|(_, domain)| super::text::cat(&["https://api.", domain]))
        .ok_or("must be a Genesys Cloud region: a domain like mypurecloud.com, a region id like us-east-1, or https://api.<domain>")
}

/// Checks an explicit API base: `https://host[:port][/path]`, or `http://` only
/// for a loopback host (127.0.0.0/8, localhost, [::1]). No credentials, query or
/// fragment. Returns it without a trailing `/`.
pub fn check_api_base(input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    let (secure, rest) = if let Some(r) = lower.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("must start with https:// (or http:// on loopback)");
    };
    if rest.bytes().any(|b| matches!(b, b'@' | b'?' | b'#' | b'\\')) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a plain URL without credentials, query or fragment");
    }
    let (host, _) = host_and_port(before(rest, b'/'))?;
    if !secure && !is_loopback(host) {
        return Err("must use https:// unless the host is loopback (127.0.0.1, localhost, [::1])");
    }
    Ok(without_trailing_slashes(s).into())
}

/// `s` without the `/`s it ends with (a byte loop: `trim_end_matches` brings
/// a character searcher).
fn without_trailing_slashes(s: &str) -> &str {
    let mut end = s.len();
    while end > 0 && s.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

/// An authority (`host[:port]`, no userinfo) split into its host (an IPv6
/// one with its brackets) and its port (`""` or `:` and at most 5 digits).
pub(crate) fn host_and_port(authority: &str) -> Result<(&str, &str), &'static str> {
    let host = if authority.starts_with('[') {
        match split_once(authority, b']') {
            Some((inside, _)) => authority.get(..inside.len() + 1).unwrap_or(""),
            None => return Err("has a malformed IPv6 host"),
        }
    } else {
        before(authority, b':')
    };
    if host.is_empty() {
        return Err("has no host");
    }
    let port = authority.get(host.len()..).unwrap_or("");
    if !(port.is_empty() || (port.len() <= 6 && port.starts_with(':') && port.bytes().skip(1).all(|b| b.is_ascii_digit()))) {
        return Err("must have only a port after the host");
    }
    Ok((host, port))
}

/// The known Genesys domain `host` is `<prefix><domain>` of (lower case).
pub(crate) fn known_domain(host: &str, prefix: &str) -> Option<&'static str> {
    let rest = host.strip_prefix(prefix)?;
    REGIONS.iter().map(|(_, d)| *d).find(|d| *d == rest)
}

/// 127.0.0.0/8 (dotted quad), `localhost` or `[::1]` (lower case).
pub(crate) fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    // 127.a.b.c: after "127.", three parts of 1–3 digits, each at most 255.
    let Some(rest) = host.strip_prefix("127.") else { return false };
    let (mut parts, mut digits, mut value) = (1, 0, 0u16);
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' if digits < 3 => (digits, value) = (digits + 1, value * 10 + u16::from(b - b'0')),
            b'.' if digits > 0 && value <= 255 => (parts, digits, value) = (parts + 1, 0, 0),
            _ => return false,
        }
    }
    parts == 3 && digits > 0 && value <= 255
}
