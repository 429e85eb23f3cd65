use super::invalid_field;
use crate::core::error::Kind;
use crate::core::input::{check_text, parse_object, Fields, MAX_TEXT};
use serde_json::{json, Value};

fn map(v: Value) -> crate::core::json::Json {
    super::jj(v)
}

#[test]
fn options_that_are_not_a_json_object_are_refused_naming_the_options() {
    for bad in ["[]", "null", "3", "\"x\"", "not json", "{", ""] {
        invalid_field(parse_object(bad, "options").unwrap_err(), "options");
    }
    assert_eq!(parse_object(r#"{"a":1}"#, "options").unwrap().as_object().unwrap().len(), 1);
}

#[test]
fn an_unknown_key_is_reported_with_its_name() {
    let m = map(json!({ "region": "mypurecloud.com", "colour": "red" }));
    let mut f = Fields::new(&m, "");
    f.text("region").unwrap();
    let msg = invalid_field(f.finish().unwrap_err(), "colour");
    assert!(msg.contains("is not a known option"), "{msg}");
}

#[test]
fn the_first_unknown_key_in_sorted_order_is_reported() {
    let m = map(json!({ "zeta": 1, "alpha": 2, "known": 3 }));
    let mut f = Fields::new(&m, "");
    f.raw("known");
    invalid_field(f.finish().unwrap_err(), "alpha");
}

#[test]
fn nested_fields_are_named_with_their_parent() {
    let m = map(json!({ "to": { "queueId": 7, "extra": true } }));
    let mut f = Fields::new(&m, "");
    let mut to = f.object("to").unwrap().unwrap();
    assert_eq!(to.name("queueId"), "to.queueId");
    invalid_field(to.id("queueId").unwrap_err(), "to.queueId");
    invalid_field(to.finish().unwrap_err(), "to.extra");
    assert!(f.finish().is_ok());
}

#[test]
fn an_object_field_given_something_else_is_refused() {
    for v in [json!("queue"), json!([1]), json!(1), json!(true)] {
        let m = map(json!({ "to": v }));
        let mut f = Fields::new(&m, "");
        let msg = invalid_field(f.object("to").err().unwrap(), "to");
        assert!(msg.contains("must be an object"));
    }
}

#[test]
fn null_counts_as_absent() {
    let m = map(json!({ "a": null, "b": null, "c": null, "d": null, "e": null, "f": null }));
    let mut f = Fields::new(&m, "");
    assert!(!f.has("a"));
    assert!(f.present(&["a", "b"]).is_empty());
    assert_eq!(f.text("a").unwrap(), None);
    assert_eq!(f.bool("b").unwrap(), None);
    assert_eq!(f.int("c", 0, 9).unwrap(), None);
    assert_eq!(f.id("d").unwrap(), None);
    assert!(f.object("e").unwrap().is_none());
    assert_eq!(f.one_of("f", &["x"]).unwrap(), None);
    assert!(f.finish().is_ok());
}

#[test]
fn wrong_types_are_refused_naming_the_field() {
    let m = map(json!({ "name": 5, "flag": "true", "count": "3", "kind": 1, "id": 12, "phone": 13175550100u64 }));
    let mut f = Fields::new(&m, "opts");
    assert!(invalid_field(f.text("name").unwrap_err(), "opts.name").contains("must be a string"));
    assert!(invalid_field(f.bool("flag").unwrap_err(), "opts.flag").contains("true or false"));
    assert!(invalid_field(f.int("count", 0, 9).unwrap_err(), "opts.count").contains("whole number from 0 to 9"));
    assert!(invalid_field(f.one_of("kind", &["A", "B"]).unwrap_err(), "opts.kind").contains("one of A, B"));
    invalid_field(f.id("id").unwrap_err(), "opts.id");
    invalid_field(f.phone("phone").unwrap_err(), "opts.phone");
}

#[test]
fn integers_must_be_whole_non_negative_and_in_range() {
    for (v, ok) in [
        (json!(0), Some(0)),
        (json!(10), Some(10)),
        (json!(2.0), Some(2)),
        (json!(1.5), None),
        (json!(-1), None),
        (json!(-0.5), None),
        (json!(11), None),
        (json!(1e300), None),
        (json!(u64::MAX), None),
    ] {
        let m = map(json!({ "n": v }));
        let mut f = Fields::new(&m, "");
        match ok {
            Some(n) => assert_eq!(f.int("n", 0, 10).unwrap(), Some(n), "{v}"),
            None => assert_eq!(f.int("n", 0, 10).unwrap_err().field(), Some("n"), "{v}"),
        }
    }
}

#[test]
fn one_of_is_exact_and_case_sensitive() {
    let m = map(json!({ "a": "WorkPhone", "b": "workphone" }));
    let mut f = Fields::new(&m, "");
    assert_eq!(f.one_of("a", &["WorkPhone", "CellPhone"]).unwrap(), Some("WorkPhone"));
    assert!(f.one_of("b", &["WorkPhone", "CellPhone"]).is_err());
}

#[test]
fn booleans_are_read_as_booleans_only() {
    let m = map(json!({ "a": true, "b": false, "c": 1, "d": "false" }));
    let mut f = Fields::new(&m, "");
    assert_eq!(f.bool("a").unwrap(), Some(true));
    assert_eq!(f.bool("b").unwrap(), Some(false));
    invalid_field(f.bool("c").unwrap_err(), "c");
    invalid_field(f.bool("d").unwrap_err(), "d");
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
    let m = map(json!({ "a": "", "b": "x\u{0}y" }));
    let mut f = Fields::new(&m, "to");
    assert!(invalid_field(f.text("a").unwrap_err(), "to.a").contains("empty"));
    assert!(invalid_field(f.text("b").unwrap_err(), "to.b").contains("control"));
}

#[test]
fn field_errors_are_invalid_input() {
    let m = map(json!({ "x": 1 }));
    let mut f = Fields::new(&m, "");
    assert_eq!(f.text("x").unwrap_err().kind(), Kind::InvalidInput);
}

#[test]
fn char_count_counts_characters_not_bytes() {
    use crate::core::text::char_count;
    for s in ["", "a", "é", "日本語", "😀x😀", "a\u{0301}", "\u{10ffff}", "mixed ascii, ñ, 中, 🎉 and \u{7f}"] {
        assert_eq!(char_count(s), s.chars().count(), "{s:?}");
    }
}
