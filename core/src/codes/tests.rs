use super::*;
use crate::dates::parse_date;
use proptest::prelude::*;

#[test]
fn builtin_schemes_load() {
    let s = Schemes::builtin();
    let ilr = s.scheme("ilr").unwrap();
    assert_eq!(ilr.codes().len(), 23);
    assert_eq!(ilr.types().len(), 7);
    assert!(!ilr.source().is_empty());
    let wmca = s.scheme("WMCA").unwrap();
    assert_eq!(wmca.codes().len(), 2);
    assert!(s.scheme("nope").is_err());
}

#[test]
fn accepted_spellings() {
    let s = Schemes::builtin();
    for (input, code) in [
        ("EMP1", "EMP1"),
        ("EMP 1", "EMP1"),
        ("EMP-1", "EMP1"),
        ("emp1", "EMP1"),
        ("OTH-3", "OTH3"),
        ("  oth_3 ", "OTH3"),
        ("WMCA1.0", "WMCA1.0"),
        ("wmca1.1", "WMCA1.1"),
        ("WMCA 1.1", "WMCA1.1"),
    ] {
        assert_eq!(s.parse(input).map(|c| c.code()), Ok(code), "{input}");
    }
}

#[test]
fn refusal_reasons() {
    let s = Schemes::builtin();
    let e = s.parse("EMP9").unwrap_err();
    assert_eq!(e.code(), "destination_code_unknown");
    assert!(
        e.message.contains("EMP9 is not a destination code") && e.message.contains("EMP1, EMP2"),
        "{}",
        e.message
    );
    let e = s.parse("EMP").unwrap_err();
    assert_eq!(e.code(), "destination_code_format");
    assert!(e.message.contains("no number"), "{}", e.message);
    let e = s.parse("XYZ1").unwrap_err();
    assert_eq!(e.code(), "destination_type_unknown");
    assert!(
        e.message.contains("'XYZ'") && e.message.contains("WMCA"),
        "{}",
        e.message
    );
    let e = s.parse("EMP1X").unwrap_err();
    assert_eq!(e.code(), "destination_code_format");
    assert!(e.message.contains("'X' after EMP1"), "{}", e.message);
    // A reserved, unassigned number and one no list has are said one way.
    let edu7 = s.parse("EDU7").unwrap_err();
    let emp9 = s.parse("EMP9").unwrap_err();
    assert!(
        edu7.message
            .contains("EDU7 is not a destination code; EDU codes are EDU1"),
        "{}",
        edu7.message
    );
    assert!(
        emp9.message
            .contains("EMP9 is not a destination code; EMP codes are EMP1"),
        "{}",
        emp9.message
    );
    assert_eq!(
        (edu7.code(), emp9.code()),
        ("destination_code_unknown", "destination_code_unknown")
    );
    assert_eq!(s.parse("").unwrap_err().code(), "destination_code_format");
    assert_eq!(s.parse("1").unwrap_err().code(), "destination_code_format");
    assert_eq!(
        s.parse("WMCA1.").unwrap_err().code(),
        "destination_code_format"
    );
    assert_eq!(
        s.parse("WMCA9.9").unwrap_err().code(),
        "destination_code_unknown"
    );
}

#[test]
fn validity_is_inclusive() {
    let s = Schemes::builtin();
    let oth2 = s.parse("OTH2").unwrap();
    assert!(oth2.is_valid_on(parse_date("2015-07-31").unwrap()));
    let e = oth2
        .check_valid_on(parse_date("2025-09-01").unwrap(), "the as-of date")
        .unwrap_err();
    assert_eq!(e.code(), "destination_code_not_valid");
    assert!(
        e.message.contains("ended on 2015-07-31") && e.message.contains("2025-09-01"),
        "{}",
        e.message
    );
    assert!(s.parse("EMP1").unwrap().is_valid_on(NaiveDate::MIN));
}

#[test]
fn contradictions_follow_out_type_04() {
    let s = Schemes::builtin();
    let get = |c: &str| s.parse(c).unwrap();
    assert_eq!(get("WMCA1.1").ilr_type(), Some("EMP"));
    assert!(get("EMP1").contradicts(get("NPE1")));
    assert!(get("NPE2").contradicts(get("WMCA1.0")));
    assert!(!get("EMP1").contradicts(get("EMP2")));
    assert!(!get("EDU2").contradicts(get("NPE1")));
}

#[test]
fn mapping_both_ways() {
    let s = Schemes::builtin();
    let emp1 = s.parse("EMP1").unwrap();
    let eq: Vec<&str> = s.equivalents(emp1).iter().map(|c| c.code()).collect();
    assert_eq!(eq, ["WMCA1.0", "WMCA1.1"]);
    assert_eq!(
        s.to_scheme(emp1, "wmca", &["Increase_in_hours"])
            .unwrap()
            .code(),
        "WMCA1.1"
    );
    assert_eq!(
        s.to_scheme(emp1, "wmca", &["unrelated"]).unwrap().code(),
        "WMCA1.0"
    );
    let npe1 = s.parse("NPE1").unwrap();
    assert!(s.equivalents(npe1).is_empty());
    let e = s.to_scheme(npe1, "wmca", &[]).unwrap_err();
    assert_eq!(e.code(), "destination_no_equivalent");
    assert!(e.message.contains("NPE1") && e.message.contains("wmca"));
    let w11 = s.parse("WMCA1.1").unwrap();
    assert_eq!(s.equivalents(w11)[0].code(), "EMP1");
    assert_eq!(s.to_scheme(w11, "ilr", &[]).unwrap().code(), "EMP1");
    assert_eq!(s.to_scheme(w11, "wmca", &[]).unwrap().code(), "WMCA1.1");
    assert_eq!(
        s.to_scheme(emp1, "other", &[]).unwrap_err().code(),
        "scheme_unknown"
    );
}

#[test]
fn user_scheme_csv_replaces_builtin() {
    let csv = "code,title,ilr_equivalent,qualifier,valid_from,valid_to\n\
        WMCA1.0,Employed 16+,EMP1,,2024-08-01,\n\
        WMCA1.1,Employed 16+ - more hours,EMP1,increase in hours,2024-08-01,\n\
        WMCA2.0,Looking for work,NPE1,,2024-08-01,2026-07-31\n";
    let scheme = Scheme::from_csv_reader(csv.as_bytes(), "wmca", "test file").unwrap();
    let mut s = Schemes::builtin();
    s.add(scheme).unwrap();
    let npe1 = s.parse("NPE1").unwrap();
    assert_eq!(s.to_scheme(npe1, "wmca", &[]).unwrap().code(), "WMCA2.0");
    let w2 = s.parse("wmca 2.0").unwrap();
    assert!(!w2.is_valid_on(parse_date("2024-07-31").unwrap()));
    assert!(w2.is_valid_on(parse_date("2026-07-31").unwrap()));
    assert_eq!(s.scheme("wmca").unwrap().source(), "test file");
}

#[test]
fn bad_scheme_files_say_where() {
    let cases = [
        ("code,title\nEMP1,dup\n", "also in scheme 'ilr'"),
        ("code,title\nAB,no number\n", "line 2"),
        (
            "code,title,valid_from,valid_to\nQQ1,x,2025-01-01,2024-01-01\n",
            "end is before the start",
        ),
        (
            "code,title,valid_from\nQQ1,x,2025-02-30\n",
            "February 2025 has 28 days",
        ),
        ("code,title,ilr_equivalent\nQQ1,x,EMP9\n", "not an ILR code"),
        ("code,name\nQQ1,x\n", "'code' and 'title'"),
        (
            "code,title,ilr_equivalent\nQQ1,x,EMP1\nQQ2,y,EMP1\n",
            "qualifiers must tell them apart",
        ),
    ];
    for (text, expect) in cases {
        let r = Scheme::from_csv_reader(text.as_bytes(), "qq", "test")
            .and_then(|scheme| Schemes::builtin().add(scheme));
        let msg = r.unwrap_err().to_string();
        assert!(msg.contains(expect), "{text:?}: {msg}");
    }
    let e = Scheme::from_json_str("{\"scheme\": \"x\",", "x.json").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
}

proptest! {
    /// parse(display(code)) == code for every code of every scheme, in any case and spelling.
    #[test]
    fn parse_display_roundtrip(upper in any::<bool>(), sep in prop::sample::select(vec!["", " ", "-", "_"])) {
        let s = Schemes::builtin();
        for c in s.all_codes() {
            prop_assert_eq!(s.parse(&c.to_string()), Ok(c));
            let typed = format!("{}{}{}", c.code_type(), sep, c.number());
            let typed = if upper { typed } else { typed.to_lowercase() };
            prop_assert_eq!(s.parse(&typed), Ok(c));
        }
    }

    /// new -> old -> new with the same qualifier returns the same code.
    #[test]
    fn new_old_new(i in 0usize..64) {
        let s = Schemes::builtin();
        let news: Vec<&CodeEntry> = s.all_codes().filter(|c| c.scheme() != ILR).collect();
        let c = news[i % news.len()];
        let old = s.to_scheme(c, ILR, &[]).unwrap();
        let qualifiers: Vec<&str> = c.qualifier().into_iter().collect();
        prop_assert_eq!(s.to_scheme(old, c.scheme(), &qualifiers).unwrap(), c);
    }

    #[test]
    fn parse_never_panics(input in "\\PC{0,16}") {
        let _ = Schemes::builtin().parse(&input);
    }
}

/// The table `destinations codes --json` prints (schemes named `name`, codes with `type` and
/// `valid`, an `as_of`) loads back as the same schemes; one scheme's JSON loads too.
#[test]
fn the_exported_code_table_loads_back() {
    let schemes = Schemes::builtin();
    let exported: Vec<serde_json::Value> = schemes
        .schemes()
        .iter()
        .map(|s| {
            let mut v = s.to_json_value();
            let name = v["scheme"].take();
            v.as_object_mut().unwrap().remove("scheme");
            v["name"] = name;
            for c in v["codes"].as_array_mut().unwrap() {
                let code = c["code"].as_str().unwrap().to_string();
                let letters: String = code.chars().take_while(char::is_ascii_alphabetic).collect();
                c["type"] = serde_json::json!(letters);
                c["valid"] = serde_json::json!(true);
            }
            v
        })
        .collect();
    let text = serde_json::json!({"as_of": "2025-09-01", "schemes": exported}).to_string();
    let again = Scheme::list_from_file_text(&text, "codes.json").unwrap();
    assert_eq!(again.as_slice(), schemes.schemes());
    assert!(again.iter().any(|s| s.name() == "wmca" && s.is_partial()));
    // A wrong type is refused, naming the code.
    let bad = text.replacen("\"type\":\"EDU\"", "\"type\":\"EMP\"", 1);
    let e = Scheme::list_from_file_text(&bad, "codes.json").unwrap_err();
    assert!(
        e.to_string()
            .contains("has type 'EMP', but its letters are 'EDU'"),
        "{e}"
    );
    // Two schemes are refused where one is read.
    let e = Scheme::from_file_text(&text, "codes.json").unwrap_err();
    assert!(e.to_string().contains("holds 2 schemes (ilr, wmca)"), "{e}");
}

/// A CSV scheme is named by its content (a `scheme` column, else its codes' letters), never by
/// its file's name: `wmca-full.csv` replaces the built-in partial WMCA list.
#[test]
fn a_csv_scheme_is_named_by_its_content() {
    let csv = "code,title,ilr_equivalent\nWMCA1.0,In paid employment,EMP1\nWMCA2.0,Further learning,EDU4\n";
    let s = Scheme::from_file_text(csv, "downloads/wmca-full.csv").unwrap();
    assert_eq!(s.name(), "wmca");
    assert!(!s.is_partial());
    let mut schemes = Schemes::builtin();
    schemes.add(s).unwrap();
    assert_eq!(schemes.parse("WMCA2.0").unwrap().code(), "WMCA2.0");
    let named =
        Scheme::from_file_text("scheme,code,title\nlcr,LCR1.0,In work\n", "whatever.csv").unwrap();
    assert_eq!(named.name(), "lcr");
    let e = Scheme::from_file_text("code,title\nWMCA1.0,A\nLCR1.0,B\n", "mixed.csv").unwrap_err();
    assert!(e.to_string().contains("add a 'scheme' column"), "{e}");
}

/// A code missing from the built-in partial WMCA list says it is not in the partial list and
/// how to load the full one; a missing ILR code keeps its plain message.
#[test]
fn a_code_missing_from_the_partial_list_says_how_to_load_the_full_one() {
    let schemes = Schemes::builtin();
    let r = schemes.parse("WMCA2.0").unwrap_err();
    assert_eq!(r.kind.code, "destination_code_unknown");
    assert!(
        r.message.contains("not in the built-in partial WMCA list"),
        "{}",
        r.message
    );
    assert!(r.message.contains("--schemes FILE"), "{}", r.message);
    let r = schemes.parse("EMP9").unwrap_err();
    assert!(
        r.message.contains("EMP9 is not a destination code"),
        "{}",
        r.message
    );
}
