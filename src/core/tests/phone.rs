use crate::core::phone::{looks_like_number, normalize_e164};

#[test]
fn separators_are_stripped_to_plain_e164() {
    assert_eq!(normalize_e164("+1 (317) 555-0100").unwrap(), "+13175550100");
    assert_eq!(normalize_e164("+44 20 7946 0958").unwrap(), "+442079460958");
    assert_eq!(normalize_e164("+49.30.1234.5678").unwrap(), "+493012345678");
    assert_eq!(normalize_e164("+33\u{a0}1\u{a0}23\u{a0}45\u{a0}67\u{a0}89").unwrap(), "+33123456789");
}

#[test]
fn a_tel_prefix_and_surrounding_spaces_are_dropped() {
    assert_eq!(normalize_e164("tel:+13175550100").unwrap(), "+13175550100");
    assert_eq!(normalize_e164("  +1 317 555 0100\n").unwrap(), "+13175550100");
}

#[test]
fn eight_to_fifteen_digits_are_accepted_and_no_more_or_fewer() {
    assert_eq!(normalize_e164("+12345678").unwrap(), "+12345678");
    assert_eq!(normalize_e164("+123456789012345").unwrap(), "+123456789012345");
    for short_or_long in ["+1234567", "+1", "+1234567890123456"] {
        let p = normalize_e164(short_or_long).unwrap_err();
        assert!(p.contains("8 to 15 digits"), "{short_or_long}: {p}");
    }
}

#[test]
fn a_zero_right_after_plus_is_refused_as_a_missing_country_code() {
    let p = normalize_e164("+0 20 7946 0958").unwrap_err();
    assert!(p.contains("country code"), "{p}");
}

#[test]
fn numbers_without_plus_are_refused() {
    for national in ["13175550100", "(317) 555-0100", "0044 20 7946 0958"] {
        let p = normalize_e164(national).unwrap_err();
        assert!(p.contains("must start with +"), "{national}: {p}");
    }
}

#[test]
fn letters_and_other_symbols_are_refused() {
    for bad in ["+1 800 FLOWERS", "+1317555010x", "+1 317 555 0100 ext 2", "+1/317/5550100", "+1\t3175550100", "+1;3175550100"] {
        let p = normalize_e164(bad).unwrap_err();
        assert!(p.contains("only digits"), "{bad}: {p}");
    }
}

#[test]
fn a_plus_anywhere_but_first_is_refused() {
    assert!(normalize_e164("+1+3175550100").is_err());
    assert!(normalize_e164("1+3175550100").is_err());
    assert!(normalize_e164("++13175550100").is_err());
}

#[test]
fn unicode_digits_are_refused() {
    // Arabic-Indic, full-width and Devanagari digits are digits to Unicode, not to Genesys.
    for bad in ["+١٣١٧٥٥٥٠١٠٠", "+１３１７５５５０１００", "＋13175550100", "+१३१७५५५०१००"] {
        assert!(normalize_e164(bad).is_err(), "{bad}");
    }
}

#[test]
fn input_over_64_characters_is_refused_before_being_scanned() {
    let padded_64 = format!("{:<64}", "+13175550100");
    assert_eq!(padded_64.len(), 64);
    assert_eq!(normalize_e164(&padded_64).unwrap(), "+13175550100");
    let padded_65 = format!("{:<65}", "+13175550100");
    assert_eq!(normalize_e164(&padded_65).unwrap_err(), "is too long to be a phone number");
    assert!(normalize_e164(&"1".repeat(10_000)).unwrap_err().contains("too long"));
}

#[test]
fn empty_and_bare_plus_are_refused() {
    assert!(normalize_e164("").is_err());
    assert!(normalize_e164("   ").is_err());
    assert!(normalize_e164("+").is_err());
    assert!(normalize_e164("tel:").is_err());
}

#[test]
fn looks_like_number_tells_numbers_from_names() {
    for number in ["+1 317 555 0100", "tel:+13175550100", "911", "(317) 555-0100", "+0 12"] {
        assert!(looks_like_number(number), "{number}");
    }
    for name in ["Jane Doe", "Support Tier 2", "", "  ", "()", "+", "jane.doe@example.com", "ext. 100"] {
        assert!(!looks_like_number(name), "{name}");
    }
}
