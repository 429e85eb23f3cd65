use crate::core::http::Method;
use crate::core::retry::{backoff_ms, decide, Decision, Failure, RetryPolicy};

const METHODS: [Method; 4] = [Method::Get, Method::Post, Method::Patch, Method::Delete];
const WRITES: [Method; 3] = [Method::Post, Method::Patch, Method::Delete];
const JITTERS: [f64; 5] = [0.0, 0.25, 0.5, 0.999_999, 1.0];

fn policy() -> RetryPolicy {
    RetryPolicy { limit: 2, max_retry_after_ms: 30_000, backoff_base_ms: 300, backoff_cap_ms: 10_000 }
}

fn status(status: u16) -> Failure {
    Failure::Status { status, retry_after_ms: None }
}

fn rate_limited(ms: u64) -> Failure {
    Failure::Status { status: 429, retry_after_ms: Some(ms) }
}

#[test]
fn a_429_is_retried_for_every_method_after_the_wait_it_asked_for() {
    for m in METHODS {
        assert_eq!(decide(&policy(), m, 0, rate_limited(3000), 0.5), Decision::RetryAfter(3000), "{m:?}");
        assert_eq!(decide(&policy(), m, 1, rate_limited(0), 0.5), Decision::RetryAfter(0), "{m:?}");
    }
}

#[test]
fn a_429_without_a_wait_backs_off() {
    for m in METHODS {
        match decide(&policy(), m, 0, status(429), 0.0) {
            Decision::RetryAfter(ms) => assert_eq!(ms, 150, "{m:?}"),
            Decision::Stop => panic!("{m:?} stopped"),
        }
    }
}

#[test]
fn a_429_asking_for_more_than_the_cap_stops_at_once() {
    for m in METHODS {
        assert_eq!(decide(&policy(), m, 0, rate_limited(30_000), 0.5), Decision::RetryAfter(30_000), "{m:?}");
        assert_eq!(decide(&policy(), m, 0, rate_limited(30_001), 0.5), Decision::Stop, "{m:?}");
        assert_eq!(decide(&policy(), m, 0, rate_limited(86_400_000), 0.5), Decision::Stop, "{m:?}");
    }
}

#[test]
fn gets_are_retried_on_network_failure_and_408_502_503_504_with_backoff() {
    for failure in [Failure::Network, status(408), status(502), status(503), status(504)] {
        for (retries, step) in [(0u32, 300u64), (1, 600)] {
            for j in JITTERS {
                match decide(&policy(), Method::Get, retries, failure, j) {
                    Decision::RetryAfter(ms) => assert!(ms >= step / 2 && ms <= step, "{failure:?} retry {retries} jitter {j}: {ms}"),
                    Decision::Stop => panic!("{failure:?} was not retried"),
                }
            }
        }
    }
}

#[test]
fn gets_are_not_retried_on_a_timeout_or_a_plain_500() {
    assert_eq!(decide(&policy(), Method::Get, 0, Failure::Timeout, 0.5), Decision::Stop);
    assert_eq!(decide(&policy(), Method::Get, 0, status(500), 0.5), Decision::Stop);
    assert_eq!(decide(&policy(), Method::Get, 0, status(501), 0.5), Decision::Stop);
}

#[test]
fn writes_are_never_retried_after_they_may_have_reached_the_server() {
    for m in WRITES {
        for failure in [Failure::Network, Failure::Timeout, status(408), status(500), status(501), status(502), status(503), status(504)] {
            assert_eq!(decide(&policy(), m, 0, failure, 0.5), Decision::Stop, "{m:?} {failure:?}");
        }
    }
}

#[test]
fn client_errors_other_than_408_and_429_are_never_retried() {
    for m in METHODS {
        for s in [400, 401, 403, 404, 409, 415, 422] {
            assert_eq!(decide(&policy(), m, 0, status(s), 0.5), Decision::Stop, "{m:?} {s}");
        }
    }
}

#[test]
fn the_retry_limit_is_respected() {
    let p = policy();
    assert!(matches!(decide(&p, Method::Get, 1, Failure::Network, 0.5), Decision::RetryAfter(_)));
    assert_eq!(decide(&p, Method::Get, 2, Failure::Network, 0.5), Decision::Stop);
    assert_eq!(decide(&p, Method::Post, 2, rate_limited(10), 0.5), Decision::Stop);
    let off = RetryPolicy { limit: 0, ..p };
    for m in METHODS {
        for f in [rate_limited(0), status(429), status(503), Failure::Network] {
            assert_eq!(decide(&off, m, 0, f, 0.5), Decision::Stop, "{m:?} {f:?}");
        }
    }
}

#[test]
fn backoff_doubles_then_stops_at_the_cap() {
    let p = policy();
    let steps: Vec<u64> = (0..8).map(|n| backoff_ms(&p, n, 1.0)).collect();
    assert_eq!(steps, vec![300, 600, 1200, 2400, 4800, 9600, 10_000, 10_000]);
    assert_eq!(backoff_ms(&p, 0, 0.0), 150);
    assert_eq!(backoff_ms(&p, 40, 0.0), 5_000, "large retry counts do not overflow");
    assert_eq!(backoff_ms(&p, u32::MAX, 0.5), 7_500);
}

#[test]
fn odd_jitter_values_stay_in_range() {
    let p = policy();
    for j in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -3.0, 7.0] {
        let ms = backoff_ms(&p, 0, j);
        assert!((150..=300).contains(&ms), "{j}: {ms}");
    }
}

#[test]
fn a_backoff_longer_than_the_cap_is_shortened_to_it() {
    // Backoff at retry 0 is 150..=300 ms; a 100 ms cap shortens it, whatever the jitter.
    let tight = RetryPolicy { max_retry_after_ms: 100, ..policy() };
    for j in JITTERS {
        assert_eq!(decide(&tight, Method::Get, 0, Failure::Network, j), Decision::RetryAfter(100), "{j}");
        assert_eq!(decide(&tight, Method::Post, 0, status(429), j), Decision::RetryAfter(100), "{j}");
    }
    // A Retry-After the server asked for is not shortened: over the cap, it stops.
    assert_eq!(decide(&tight, Method::Get, 0, rate_limited(101), 0.5), Decision::Stop);
}

/// Every method × status 100..=599 × retries 0..5 × jitter, plus the
/// non-status failures and several 429 waits: the invariants hold everywhere.
#[test]
fn retry_invariants_hold_across_every_method_status_attempt_and_jitter() {
    let policies = [policy(), RetryPolicy { limit: 0, ..policy() }, RetryPolicy { limit: 5, max_retry_after_ms: 1_000, ..policy() }];
    let mut failures: Vec<Failure> = vec![Failure::Network, Failure::Timeout];
    for s in 100..=599u16 {
        failures.push(status(s));
    }
    for wait in [0, 1, 999, 1_000, 1_001, 30_000, 30_001, u64::MAX] {
        failures.push(rate_limited(wait));
    }
    let mut checked = 0u32;
    for p in &policies {
        for m in METHODS {
            for retries in 0..5u32 {
                for f in &failures {
                    for j in JITTERS {
                        let d = decide(p, m, retries, *f, j);
                        checked += 1;
                        let Decision::RetryAfter(ms) = d else { continue };
                        assert!(retries < p.limit, "retried at/after the limit: {p:?} {m:?} {retries} {f:?}");
                        assert!(ms <= p.max_retry_after_ms, "waited over the cap: {p:?} {m:?} {f:?} {ms}");
                        let is_429 = matches!(f, Failure::Status { status: 429, .. });
                        if m != Method::Get {
                            assert!(is_429, "{m:?} retried on {f:?}");
                        } else {
                            assert!(
                                is_429 || matches!(f, Failure::Network | Failure::Status { status: 408 | 502 | 503 | 504, .. }),
                                "GET retried on {f:?}"
                            );
                        }
                        if let Failure::Status { status: 429, retry_after_ms: Some(asked) } = f {
                            assert_eq!(ms, *asked, "a 429 waits exactly what it asked");
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 3 * 4 * 5 * (2 + 500 + 8) * 5);
}
