//! The JSON reader and writer: the grammar, escapes, limits, and agreement
//! with serde_json on what each text means.

use crate::core::json::{object, Json};
use serde_json::Value;

fn round_trip(text: &str) -> Value {
    serde_json::from_str(&Json::parse(text).unwrap_or_else(|| panic!("parse {text}")).text()).unwrap()
}

#[test]
fn reads_and_writes_what_serde_json_reads_the_same_way() {
    let samples = [
        r#"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-0.5e-3,"g":"\u00e9\n\t\"\\\/"}"#,
        r#"  [ 1 , 2.5 , -3 , 4E2 , 0 , "x" ]  "#,
        r#""\ud83d\ude00 emoji""#,
        r#"{"":""}"#,
        "0",
        r#"{"nested":[[[{"deep":[{}]}]]]}"#,
    ];
    for text in samples {
        assert_eq!(round_trip(text), serde_json::from_str::<Value>(text).unwrap(), "{text}");
    }
}

#[test]
fn refuses_what_is_not_json() {
    for bad in [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity",
        "nul", "truee", "[1 2]", "{\"a\" 1}", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\u{1}b\"",
        "\"unterminated", "1 2", "[] []", "\"\\u12\"",
    ] {
        assert!(Json::parse(bad).is_none(), "{bad:?} parsed");
    }
}

#[test]
fn deep_nesting_is_refused_instead_of_exhausting_the_stack() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(Json::parse(&deep).is_none());
    let ok = "[".repeat(100) + &"]".repeat(100);
    assert!(Json::parse(&ok).is_some());
}

#[test]
fn lookups_take_the_last_duplicate_key_like_json_parse() {
    let v = Json::parse(r#"{"a":1,"a":"two"}"#).unwrap();
    assert_eq!(v.get("a").and_then(Json::as_str), Some("two"));
    assert!(v.get("b").is_none());
    assert!(Json::parse("[1]").unwrap().get("a").is_none());
}

#[test]
fn only_whole_non_negative_numbers_read_as_u64() {
    let n = |t: &str| Json::parse(t).unwrap().as_u64();
    assert_eq!(n("0"), Some(0));
    assert_eq!(n("15000"), Some(15000));
    assert_eq!(n("5.0"), Some(5));
    assert_eq!(n("18446744073709551615"), Some(u64::MAX));
    for t in ["-1", "-0", "1.5", "1e3", "18446744073709551616", "\"5\"", "true"] {
        assert_eq!(n(t), None, "{t}");
    }
}

#[test]
fn writes_escapes_for_quotes_backslashes_and_control_characters() {
    let v = Json::from("a\"b\\c\nd\u{1}e\u{7f}é😀");
    assert_eq!(v.text(), "\"a\\\"b\\\\c\\nd\\u0001e\u{7f}é😀\"");
    assert_eq!(serde_json::from_str::<String>(&v.text()).unwrap(), "a\"b\\c\nd\u{1}e\u{7f}é😀");
}

#[test]
fn object_leaves_out_absent_values_and_keeps_order() {
    let v = object([("b", Some(Json::from(1u64))), ("a", None), ("c", Some(Json::from(None::<&str>)))]);
    assert_eq!(v.text(), r#"{"b":1,"c":null}"#);
    assert_eq!(Json::from(u64::MAX).text(), "18446744073709551615");
    assert_eq!(Json::from(0u64).text(), "0");
}
