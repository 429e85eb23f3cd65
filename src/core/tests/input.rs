//! Reading options objects into typed structs: type errors, unknown keys
//! and null, each named by its field.

use super::invalid_field;
use crate::core::consult::SpeakTo;
use crate::core::error::Kind;
use crate::core::input::{check_text, options, parse, Id, Phone, Text, Whole, MAX_TEXT};
use serde_json::{json, Value};

const GOOD: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

options! {
    /// An options object with one field of each kind the package reads.
    struct Sample {
        name: Text = "name",
        flag: bool = "flag",
        count: Whole<0, 9> = "count",
        kind: SpeakTo = "kind",
        id: Id = "id",
        phone: Phone = "phone",
        to: Nested = "to" (nested),
    }
}

options! {
    struct Nested {
        queue_id: Id = "queueId",
        a: Text = "a",
        b: Text = "b",
    }
}

fn sample(v: Value) -> Result<Sample, crate::core::Error> {
    parse(v, "options")
}

#[test]
fn options_that_are_not_a_json_object_are_refused_naming_the_options() {
    for bad in [json!([]), json!(null), json!(3), json!("x"), json!(true), json!([{ "name": "x" }])] {
        invalid_field(sample(bad).unwrap_err(), "options");
    }
    assert_eq!(sample(json!({ "name": "x" })).unwrap().name, Some(Text("x".into())));
}

#[test]
fn an_unknown_key_is_reported_with_its_name() {
    let s = sample(json!({ "name": "Support", "colour": "red" })).unwrap();
    let msg = invalid_field(s.unknown.check("").unwrap_err(), "colour");
    assert!(msg.contains("is not a known option"), "{msg}");
}

#[test]
fn the_first_unknown_key_in_sorted_order_is_reported() {
    let s = sample(json!({ "zeta": 1, "alpha": 2, "name": "known" })).unwrap();
    invalid_field(s.unknown.check("").unwrap_err(), "alpha");
}

#[test]
fn an_unknown_key_given_as_null_is_still_reported() {
    let s = sample(json!({ "colour": null })).unwrap();
    invalid_field(s.unknown.check("").unwrap_err(), "colour");
}

#[test]
fn a_long_unknown_key_is_shown_cut_to_64_characters() {
    let key = "k".repeat(10_000);
    let s = sample(json!({ key: 1 })).unwrap();
    let e = s.unknown.check("").unwrap_err();
    assert_eq!(e.field(), Some("k".repeat(64).as_str()));
}

#[test]
fn nested_fields_are_named_with_their_parent() {
    invalid_field(sample(json!({ "to": { "queueId": 7, "extra": true } })).unwrap_err(), "to.queueId");
    let s = sample(json!({ "to": { "queueId": GOOD, "extra": true } })).unwrap();
    let to = s.to.get().unwrap();
    assert_eq!(to.queue_id, Some(Id(GOOD.into())));
    assert_eq!((to.a.value(), to.b.value()), (None, None));
    invalid_field(to.unknown.check("to").unwrap_err(), "to.extra");
    assert!(s.unknown.check("").is_ok());
}

#[test]
fn an_object_field_given_something_else_is_refused() {
    for v in [json!("queue"), json!([1]), json!(1), json!(true)] {
        let msg = invalid_field(sample(json!({ "to": v })).unwrap_err(), "to");
        assert!(msg.contains("must be an object"), "{msg}");
    }
}

#[test]
fn null_counts_as_absent() {
    let s = sample(json!({ "name": null, "flag": null, "count": null, "kind": null, "id": null, "phone": null, "to": null })).unwrap();
    assert_eq!(s.name, None);
    assert_eq!(s.flag, None);
    assert_eq!(s.count, None);
    assert_eq!(s.kind, None);
    assert_eq!(s.id, None);
    assert_eq!(s.phone, None);
    assert!(s.to.is_none());
    assert!(s.unknown.check("").is_ok());
}

#[test]
fn wrong_types_are_refused_naming_the_field() {
    let err = |v: Value| sample(v).unwrap_err();
    assert!(invalid_field(err(json!({ "name": 5 })), "name").contains("must be a string"));
    assert!(invalid_field(err(json!({ "flag": "true" })), "flag").contains("true or false"));
    assert!(invalid_field(err(json!({ "count": "3" })), "count").contains("whole number from 0 to 9"));
    assert!(invalid_field(err(json!({ "kind": 1 })), "kind").contains("one of destination, object, both, conference"));
    assert!(invalid_field(err(json!({ "id": 12 })), "id").contains("Genesys id"));
    assert!(invalid_field(err(json!({ "phone": 13175550100u64 })), "phone").contains("phone number"));
    assert!(invalid_field(err(json!({ "to": { "a": ["x"] } })), "to.a").contains("must be a string"));
}

#[test]
fn type_errors_do_not_echo_the_value_given() {
    let secret = "s3cr3t-value-that-must-not-show";
    for v in [json!({ "flag": secret }), json!({ "count": secret }), json!({ "kind": secret }), json!({ "to": secret })] {
        let e = sample(v).unwrap_err();
        assert!(!e.message().contains(secret), "{e}");
    }
}

#[test]
fn integers_must_be_whole_non_negative_and_in_range() {
    options! {
        #[allow(dead_code)]
        struct N {
            n: Whole<0, 10> = "n",
        }
    }
    for (v, ok) in [
        (json!(0), Some(0)),
        (json!(10), Some(10)),
        (json!(2.0), Some(2)),
        (json!(1.5), None),
        (json!(-1), None),
        (json!(-0.5), None),
        (json!(11), None),
        (json!(1e300), None),
        (json!(-1e300), None),
        (json!(u64::MAX), None),
        (json!(i64::MIN), None),
    ] {
        match ok {
            Some(n) => assert_eq!(parse::<N, _>(json!({ "n": v }), "options").unwrap().n, Some(Whole(n)), "{v}"),
            None => {
                let msg = invalid_field(parse::<N, _>(json!({ "n": v }), "options").unwrap_err(), "n");
                assert!(msg.contains("whole number from 0 to 10"), "{v}: {msg}");
            }
        }
    }
}

#[test]
fn one_of_is_exact_and_case_sensitive() {
    assert_eq!(sample(json!({ "kind": "both" })).unwrap().kind, Some(SpeakTo("both")));
    assert!(sample(json!({ "kind": "BOTH" })).is_err());
}

#[test]
fn booleans_are_read_as_booleans_only() {
    assert_eq!(sample(json!({ "flag": true })).unwrap().flag, Some(true));
    assert_eq!(sample(json!({ "flag": false })).unwrap().flag, Some(false));
    invalid_field(sample(json!({ "flag": 1 })).unwrap_err(), "flag");
    invalid_field(sample(json!({ "flag": "false" })).unwrap_err(), "flag");
}

#[test]
fn free_text_must_be_non_empty_bounded_and_free_of_control_characters() {
    assert!(check_text("Dana Agent").is_ok());
    assert!(check_text(&"é".repeat(MAX_TEXT)).is_ok(), "the bound counts characters, not bytes");
    assert_eq!(check_text("").unwrap_err(), "must not be empty");
    assert_eq!(check_text(" \t ").unwrap_err(), "must not be empty");
    assert!(check_text(&"a".repeat(MAX_TEXT + 1)).unwrap_err().contains("too long"));
    for bad in ["a\nb", "a\rb", "nul\u{0}", "del\u{7f}", "c1\u{85}", "esc\u{1b}[2J"] {
        assert_eq!(check_text(bad).unwrap_err(), "must not contain control characters", "{bad:?}");
    }
}

#[test]
fn text_fields_report_empty_and_control_values_by_name() {
    assert!(invalid_field(sample(json!({ "to": { "a": "" } })).unwrap_err(), "to.a").contains("empty"));
    assert!(invalid_field(sample(json!({ "to": { "b": "x\u{0}y" } })).unwrap_err(), "to.b").contains("control"));
}

#[test]
fn field_errors_are_invalid_input() {
    assert_eq!(sample(json!({ "name": 1 })).unwrap_err().kind(), Kind::InvalidInput);
}

#[test]
fn char_count_counts_characters_not_bytes() {
    use crate::core::text::char_count;
    for s in ["", "a", "é", "日本語", "😀x😀", "a\u{0301}", "\u{10ffff}", "mixed ascii, ñ, 中, 🎉 and \u{7f}"] {
        assert_eq!(char_count(s), s.chars().count(), "{s:?}");
    }
}

#[test]
fn a_deep_value_in_an_unknown_key_is_read_without_trouble() {
    let mut v = json!(1);
    for _ in 0..32 {
        v = json!([v]);
    }
    let s = sample(json!({ "deep": v })).unwrap();
    invalid_field(s.unknown.check("").unwrap_err(), "deep");
}

#[test]
fn a_js_error_prefix_is_left_out_of_problems() {
    use crate::core::input::problem;
    // serde-wasm-bindgen's errors are JS `Error`s, displayed with this prefix.
    assert_eq!(problem("Error: must start with +"), "must start with +");
    assert_eq!(problem("Error: invalid type: string \"x\", expected a boolean"), "must be true or false");
    assert_eq!(problem("must start with +"), "must start with +");
}

#[test]
fn unknown_keys_are_taken_from_the_keys_that_come_with_the_value() {
    use crate::core::input::{Keys, WithKeys};
    use serde::Deserialize;
    let v = json!({ "name": "x", "to": { "queueId": GOOD, "zz": 1, "yy": 2 }, "b": 1, "a": 2 });
    // A `Clone` deserializer (`&Value`) is read twice: once for its keys.
    let s: Sample = parse(&v, "options").unwrap();
    invalid_field(s.unknown.check("").unwrap_err(), "a");
    invalid_field(s.to.get().unwrap().unknown.check("to").unwrap_err(), "to.yy");
    // Keys read beforehand (as the bindings do while copying) are the ones used:
    // here they are another value's, and the typed value's own extra keys go unseen.
    let keys = Keys::deserialize(&json!({ "name": 1, "to": { "queueId": 1, "qq": 1 } })).unwrap();
    let s: Sample = parse(WithKeys(&v, keys), "options").unwrap();
    assert!(s.unknown.check("").is_ok());
    invalid_field(s.to.get().unwrap().unknown.check("to").unwrap_err(), "to.qq");
    // Keys saying the value is not an object refuse it.
    assert!(parse::<Sample, _>(WithKeys(&v, Keys::other()), "options").is_err());
}

#[test]
fn an_object_field_given_a_long_array_is_refused_as_not_an_object() {
    let msg = invalid_field(sample(json!({ "to": [1, 2, 3, 4, 5] })).unwrap_err(), "to");
    assert!(msg.contains("must be an object"), "{msg}");
}
