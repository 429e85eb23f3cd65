//! Where requests go: a Genesys region (domain, region id or API host), or an
//! explicit `apiBase` (https anywhere, http on loopback only).

use alloc::string::String;

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
    let s = s.trim_end_matches('/');
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
    if rest.contains(['@', '?', '#', '\\']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a plain URL without credentials, query or fragment");
    }
    let authority = rest.split('/').next().unwrap_or("");
    let host = if authority.starts_with('[') {
        match authority.split_once(']') {
            Some((inside, _)) => authority.get(..inside.len() + 1).unwrap_or(""),
            None => return Err("has a malformed IPv6 host"),
        }
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err("has no host");
    }
    let port = authority.get(host.len()..).unwrap_or("");
    if !(port.is_empty() || (port.len() <= 6 && port.starts_with(':') && port.bytes().skip(1).all(|b| b.is_ascii_digit()))) {
        return Err("must have only a port after the host");
    }
    if !secure && !is_loopback(host) {
        return Err("must use https:// unless the host is loopback (127.0.0.1, localhost, [::1])");
    }
    Ok(s.trim_end_matches('/').into())
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let parts: alloc::vec::Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts[0] == "127"
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n < 256))
}
