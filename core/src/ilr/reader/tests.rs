//! Reader tests: the fixtures of every year, positions, tolerance and strictness.

use super::*;
use crate::ilr::{IlrDestination, ilr_awaiting, ilr_contacts, ilr_records};
use std::path::PathBuf;

fn fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ilr");
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

fn read_all(xml: &[u8]) -> Result<(IlrHeader, Vec<IlrItem>)> {
    let mut reader = IlrReader::new(xml)?;
    let header = reader.header().clone();
    let mut items = Vec::new();
    while let Some(item) = reader.next_item()? {
        items.push(item);
    }
    Ok((header, items))
}

fn learners(items: &[IlrItem]) -> Vec<&IlrLearner> {
    items
        .iter()
        .filter_map(|i| match i {
            IlrItem::Learner(l) => Some(&**l),
            _ => None,
        })
        .collect()
}

fn records(items: &[IlrItem]) -> Vec<&IlrDestination> {
    items
        .iter()
        .filter_map(|i| match i {
            IlrItem::Destination(d) => Some(&**d),
            _ => None,
        })
        .collect()
}

fn wrap(ns: &str, learner: &str) -> String {
    format!(
        r#"<Message xmlns="{ns}"><Header><CollectionDetails><Collection>ILR</Collection><Year>2324</Year><FilePreparationDate>2024-03-20</FilePreparationDate></CollectionDetails><Source><UKPRN>10000001</UKPRN></Source></Header><LearningProvider><UKPRN>10000001</UKPRN></LearningProvider>{learner}</Message>"#
    )
}

const LEARNER: &str = "<Learner><LearnRefNumber>L1</LearnRefNumber><ULN>9276308686</ULN><LearningDelivery><LearnAimRef>60012345</LearnAimRef><AimType>4</AimType><AimSeqNumber>1</AimSeqNumber><LearnStartDate>2023-09-01</LearnStartDate><LearnPlanEndDate>2024-06-30</LearnPlanEndDate><FundModel>35</FundModel><CompStatus>2</CompStatus><LearnActEndDate>2024-01-15</LearnActEndDate></LearningDelivery></Learner>";

#[test]
fn every_year_reads_the_same_learners() {
    let files = fixtures();
    assert_eq!(files.len(), 7, "one fixture per year 2019-20 to 2025-26");
    for (i, (path, bytes)) in files.iter().enumerate() {
        let (header, items) = read_all(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let year = 2019 + i as i32;
        assert_eq!(
            header.year,
            TeachingYear::starting(year),
            "{}",
            path.display()
        );
        assert_eq!(
            header.year_code.as_deref(),
            Some(year_code(header.year).as_str())
        );
        assert_eq!(
            header.ukprn.map(|u| u.to_string()).as_deref(),
            Some("10000001")
        );
        assert_eq!(
            header.file_preparation_date,
            NaiveDate::from_ymd_opt(year + 1, 3, 20)
        );
        let ls = learners(&items);
        let refs: Vec<&str> = ls
            .iter()
            .map(|l| l.learn_ref_number.as_ref().unwrap().as_str())
            .collect();
        assert_eq!(
            refs,
            ["L001", "L002", "L003", "L004", "L005"],
            "{}",
            path.display()
        );
        for l in &ls {
            assert!(
                l.findings.is_empty(),
                "{}: {:?}",
                path.display(),
                l.findings
            );
        }
        // Trimmed, inner space kept; out-of-order aims kept in file order; lower case upper-cased.
        assert_eq!(ls[0].postcode.as_deref(), Some("B11 3WS"));
        assert_eq!(ls[0].deliveries[0].source_of_funding(), Some("112"));
        let l2: Vec<(Option<u16>, &str)> = ls[1]
            .deliveries
            .iter()
            .map(|d| (d.aim_seq_number, d.aim_ref.as_ref().unwrap().as_str()))
            .collect();
        assert_eq!(l2, [(Some(2), "Z0002117"), (Some(1), "60054321")]);
        assert_eq!(ls[3].deliveries[0].prog_type, Some(25));
        assert_eq!(ls[4].deliveries[1].comp_status, Some(6));
        let prefs = ls[0].contact_preferences.len();
        assert_eq!(prefs, if year <= 2024 { 2 } else { 0 });
        let dp = records(&items);
        assert_eq!(dp.len(), if year <= 2023 { 3 } else { 0 });
        if year <= 2023 {
            assert_eq!(dp[1].outcomes.len(), 2);
            assert_eq!(dp[1].outcomes[1].out_type.as_deref(), Some("NPE"));
        }
    }
}

#[test]
fn positions_are_lines_and_columns_of_the_element() {
    let xml = "\u{feff}<?xml version=\"1.0\"?>\n<Message xmlns=\"ESFA/ILR/2023-24\">\n  <Header/>\n  <Learner>\n    <LearnRefNumber>Lé1</LearnRefNumber>  <CampID>X</CampID>\n  </Learner>\n</Message>\n";
    let (_, items) = read_all(xml.as_bytes()).unwrap();
    let ls = learners(&items);
    assert_eq!(ls[0].at, Position { line: 4, column: 3 });
    let case = ls[0]
        .findings
        .iter()
        .find(|f| f.finding.code == "ilr_element_case")
        .unwrap();
    // "    <LearnRefNumber>Lé1</LearnRefNumber>  " is 42 characters (é is one).
    assert_eq!(
        case.at,
        Position {
            line: 5,
            column: 43
        }
    );
    assert!(
        case.finding.message.contains("write <CampId>"),
        "{}",
        case.finding.message
    );
    assert_eq!(case.finding.column.as_deref(), Some("Learner/CampID"));
    // Lé1 is not a learner reference: the identifier's own finding, at the element.
    let bad = ls[0]
        .findings
        .iter()
        .find(|f| f.finding.code == "learn_ref_format")
        .unwrap();
    assert_eq!(bad.at, Position { line: 5, column: 5 });
    assert!(!ls[0].is_usable());
}

#[test]
fn wrong_namespace_and_unknown_elements_are_findings() {
    let learner = LEARNER.replace(
        "<ULN>9276308686</ULN>",
        "<ULN xmlns=\"SFA/ILR/2017-18\">9276308686</ULN><Shoe>9</Shoe>",
    );
    let (_, items) = read_all(wrap("ESFA/ILR/2023-24", &learner).as_bytes()).unwrap();
    let l = learners(&items)[0];
    let codes: Vec<&str> = l.findings.iter().map(|f| f.finding.code).collect();
    assert_eq!(
        codes,
        [
            "ilr_element_namespace",
            "ilr_element_unknown",
            "ilr_value_missing"
        ]
    );
    assert!(
        l.findings[0]
            .finding
            .message
            .contains("in namespace 'SFA/ILR/2017-18'")
    );
    assert_eq!(l.uln, None);
    assert_eq!(l.findings[0].learner_ref.as_deref(), Some("L1"));
    // A prefixed element bound to the right namespace is fine.
    let prefixed = wrap("ESFA/ILR/2023-24", LEARNER)
        .replace(
            "<Message xmlns=",
            "<i:Message xmlns:i=\"ESFA/ILR/2023-24\" xmlns=",
        )
        .replace("</Message>", "</i:Message>");
    let (_, items) = read_all(prefixed.as_bytes()).unwrap();
    assert!(learners(&items)[0].findings.is_empty());
}

#[test]
fn values_are_tolerant_as_xml_schema() {
    let learner = LEARNER
        .replace("<FundModel>35</FundModel>", "<FundModel> +035 </FundModel>")
        .replace(
            "<LearnActEndDate>2024-01-15</LearnActEndDate>",
            "<LearnActEndDate>2024-01-15Z</LearnActEndDate><!-- ended --><Outcome>1&#13;</Outcome>",
        )
        .replace("<LearnAimRef>60012345", "<LearnAimRef><![CDATA[60012345]]>");
    let (_, items) = read_all(wrap("ESFA/ILR/2023-24", &learner).as_bytes()).unwrap();
    let l = learners(&items)[0];
    assert!(l.findings.is_empty(), "{:?}", l.findings);
    let d = &l.deliveries[0];
    assert_eq!((d.fund_model, d.outcome), (Some(35), Some(1)));
    assert_eq!(d.actual_end, NaiveDate::from_ymd_opt(2024, 1, 15));
    assert_eq!(d.aim_ref.as_ref().unwrap().as_str(), "60012345");
    let bad = LEARNER.replace("<CompStatus>2</CompStatus>", "<CompStatus>4</CompStatus>");
    let (_, items) = read_all(wrap("ESFA/ILR/2023-24", &bad).as_bytes()).unwrap();
    let l = learners(&items)[0];
    assert_eq!(l.findings[0].finding.code, "ilr_value_invalid");
    assert!(l.findings[0].finding.message.contains("CompStatus '4'"));
    let missing = LEARNER.replace("<FundModel>35</FundModel>", "");
    let (_, items) = read_all(wrap("ESFA/ILR/2023-24", &missing).as_bytes()).unwrap();
    let f = &learners(&items)[0].findings[0];
    assert_eq!(f.finding.code, "ilr_value_missing");
    assert_eq!(
        f.finding.column.as_deref(),
        Some("Learner/LearningDelivery/FundModel")
    );
}

#[test]
fn entities_and_doctypes_are_refused() {
    let xxe = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}",
        wrap("ESFA/ILR/2023-24", &LEARNER.replace("L1<", "&x;<"))
    );
    let e = IlrReader::new(xxe.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "ilr_entity_refused");
    assert!(e.to_string().contains("line 2, column 1"), "{e}");
    let undefined = wrap("ESFA/ILR/2023-24", &LEARNER.replace("L1<", "&x;<"));
    let e = read_all(undefined.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "ilr_entity_refused");
}

#[test]
fn namespaces_name_the_year() {
    for (ns, code, words) in [
        ("SFA/ILR/2017-18", "ilr_namespace_unsupported", "2017-18"),
        ("ESFA/ILR/2018-19", "ilr_namespace_unsupported", "2018-19"),
        (
            "ESFA/ILR/2026-27",
            "ilr_namespace_unsupported",
            "does not read yet",
        ),
        ("urn:x", "ilr_namespace_unsupported", "not an ILR namespace"),
    ] {
        let e = IlrReader::new(wrap(ns, LEARNER).as_bytes()).unwrap_err();
        assert_eq!(e.code(), code);
        assert!(e.to_string().contains(words), "{e}");
    }
    let e = IlrReader::new(b"<Message><Header/></Message>".as_slice()).unwrap_err();
    assert!(e.to_string().contains("no namespace"), "{e}");
    let e = IlrReader::new(b"<Root xmlns=\"ESFA/ILR/2023-24\"/>".as_slice()).unwrap_err();
    assert_eq!(e.code(), "ilr_invalid");
    let (header, items) = read_all(wrap("ESFA/ILR/2022-23", LEARNER).as_bytes()).unwrap();
    assert_eq!(header.year, TeachingYear::starting(2022));
    let IlrItem::Finding(f) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(f.finding.code, "ilr_year_mismatch");
}

#[test]
fn malformed_xml_is_an_error_with_its_position() {
    let xml = wrap("ESFA/ILR/2023-24", LEARNER).replace("</ULN>", "</UL>");
    let e = read_all(xml.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "ilr_invalid");
    assert!(e.to_string().contains("line 1"), "{e}");
    let cut = &wrap("ESFA/ILR/2023-24", LEARNER)[..400];
    assert_eq!(read_all(cut.as_bytes()).unwrap_err().code(), "ilr_invalid");
    let latin = wrap("ESFA/ILR/2023-24", LEARNER);
    let latin = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>{latin}");
    let e = IlrReader::new(latin.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("save it as UTF-8"), "{e}");
}

#[test]
fn limits_bound_memory() {
    let long = wrap(
        "ESFA/ILR/2023-24",
        &LEARNER.replace(
            "<Learner>",
            &format!("<Learner><!--{}-->", "x".repeat(1 << 21)),
        ),
    );
    assert_eq!(
        read_all(long.as_bytes()).unwrap_err().code(),
        "input_too_large"
    );
    // Streaming: refused while reading, before the event is whole.
    let streamed = IlrReader::new(std::io::BufReader::with_capacity(8192, long.as_bytes()))
        .and_then(|mut r| r.next_item().map(|_| ()));
    assert_eq!(streamed.unwrap_err().code(), "input_too_large");
    let deep = wrap(
        "ESFA/ILR/2023-24",
        &format!(
            "<LearnerFAM>{}{}</LearnerFAM>",
            "<a>".repeat(100),
            "</a>".repeat(100)
        ),
    );
    let deep = deep
        .replace(
            "</LearningProvider>",
            "</LearningProvider><Learner><LearnRefNumber>L</LearnRefNumber>",
        )
        .replace(
            "</LearnerFAM></Message>",
            "</LearnerFAM></Learner></Message>",
        );
    assert_eq!(
        read_all(deep.as_bytes()).unwrap_err().code(),
        "input_too_deep"
    );
}

#[test]
fn the_uses_on_the_2023_24_fixture() {
    let files = fixtures();
    let (_, bytes) = &files[4];
    let a = ilr_awaiting(bytes.as_slice(), &[], None).unwrap();
    let learners: Vec<(&str, bool, &[&str])> = a
        .report
        .learners
        .iter()
        .map(|l| (l.learner_ref.as_str(), l.overdue, l.rules.as_slice()))
        .collect();
    assert_eq!(learners, [("L001", true, &["R107", "R108"][..])]);
    let enrolments: Vec<(&str, &str, bool)> = a
        .report
        .enrolments
        .iter()
        .map(|e| (e.learner_ref.as_str(), e.aim_ref.as_str(), e.overdue))
        .collect();
    assert_eq!(
        enrolments,
        [
            ("L001", "60012345", true),
            ("L002", "Z0002117", false),
            ("L004", "ZPROG001", true),
            ("L005", "60011111", true)
        ]
    );
    let wmca = ilr_awaiting(bytes.as_slice(), &["112".into()], None).unwrap();
    assert_eq!(wmca.report.enrolments.len(), 2);
    let r = ilr_records(bytes.as_slice(), &crate::codes::Schemes::builtin()).unwrap();
    let codes: Vec<&str> = r.findings.iter().map(|f| f.finding.code).collect();
    assert_eq!(codes, ["ilr_dp_uln_mismatch", "ilr_dp_duplicate"]);
    let mirrors: Vec<&str> = r.destinations[0]
        .findings
        .iter()
        .map(|f| f.mirrors)
        .collect();
    assert_eq!(mirrors, ["OutCollDate_01", "OutType_04"]);
    let c = ilr_contacts(bytes.as_slice(), crate::contact::ContactPolicy::Seed, None).unwrap();
    let who: Vec<(&str, bool, bool)> = c
        .contacts
        .iter()
        .map(|c| (c.learner_ref.as_str(), c.email, c.sms))
        .collect();
    assert_eq!(
        who,
        [
            ("L001", false, true),
            ("L003", false, false),
            ("L004", true, false),
            ("L005", false, true)
        ]
    );
    assert_eq!(c.contacts[0].mobile.as_deref(), Some("07700900123"));
    assert_eq!(c.contacts[1].record.as_ref().unwrap().code, "OTH3");
}

/// Lines and columns are counted lazily over a buffer that is refilled every 64 KiB: the
/// positions of learners, deliveries and findings far into a file (values straddling a refill,
/// multi-byte characters before them on the line, a finding on a learner that ends in a later
/// chunk) are those counted from the text itself.
#[test]
fn positions_hold_across_buffer_refills() {
    let position_of = |text: &str, offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        Position { line, column }
    };
    let mut body = String::new();
    for i in 0..3000 {
        // Padding of varying length and width moves each value across the chunk boundaries.
        let pad = "é".repeat(i % 37);
        let uln = if i % 7 == 0 {
            "1234567890"
        } else {
            "9276308686"
        };
        body.push_str(&format!(
            "\n<!-- {pad} --><Learner><LearnRefNumber>L{i}</LearnRefNumber>\n  {}<ULN>{}{uln}</ULN>{}</Learner>",
            " ".repeat(i % 13),
            // Whitespace inside the value (trimmed) makes the values long enough that many
            // straddle a refill.
            " ".repeat((i * 31) % 600),
            &LEARNER[LEARNER.find("<LearningDelivery>").unwrap()..LEARNER.find("</Learner>").unwrap()]
        ));
    }
    let xml = format!("\u{feff}{}", wrap("ESFA/ILR/2023-24", &body));
    assert!(xml.len() > 10 * 64 * 1024);
    let text = &xml[3..];
    let (_, items) = read_all(xml.as_bytes()).unwrap();
    let ls = learners(&items);
    assert_eq!(ls.len(), 3000);
    let mut from = 0;
    for (i, l) in ls.iter().enumerate() {
        let start = from + text[from..].find("<Learner>").unwrap();
        assert_eq!(l.at, position_of(text, start), "learner {i}");
        let delivery = start + text[start..].find("<LearningDelivery>").unwrap();
        assert_eq!(
            l.deliveries[0].at,
            position_of(text, delivery),
            "learner {i}"
        );
        let uln = start + text[start..].find("<ULN>").unwrap();
        let checksum: Vec<_> = l
            .findings
            .iter()
            .filter(|f| f.finding.code == "uln_checksum")
            .collect();
        if i % 7 == 0 {
            assert_eq!(checksum.len(), 1, "learner {i}");
            assert_eq!(checksum[0].at, position_of(text, uln), "learner {i}");
            assert!(
                checksum[0]
                    .finding
                    .message
                    .starts_with(&format!("{}:", position_of(text, uln)))
            );
        } else {
            assert!(checksum.is_empty(), "learner {i}");
        }
        from = start + 1;
    }
}
