//! The provider's ILR XML file: `ilr::IlrReader` read to its end, then each use built on it
//! (`ilr_awaiting` with the pre-filled upload template, `ilr_contacts` with the contacts file,
//! `ilr_records`), as `destinations ilr ...` runs them.
//!
//! Invariants: every finding (the reader's and the rules') is catalogued and placed at a line
//! and column from 1; the uses read as many learners as the reader yields and leave out no more
//! than they read; the awaiting report points at enrolments it has; the files written are UTF-8.
#![no_main]

use learner_destinations::codes::Schemes;
use learner_destinations::contact::ContactPolicy;
use learner_destinations::ilr::{
    IlrFinding, IlrItem, IlrReader, ilr_awaiting, ilr_contacts, ilr_records, write_contacts_csv,
    write_template_csv,
};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

fn check(f: &IlrFinding) {
    harness::check_finding(&f.finding);
    assert!(
        f.at.line >= 1 && f.at.column >= 1,
        "finding placed at {:?}: {f:?}",
        f.at
    );
}

/// The learners the reader yields, when it reads the file to its end.
fn read_all(data: &[u8]) -> Option<u64> {
    let mut reader = match IlrReader::new(data) {
        Ok(r) => r,
        Err(e) => {
            harness::check_error(&e);
            return None;
        }
    };
    let mut learners = 0;
    loop {
        match reader.next_item() {
            Ok(None) => return Some(learners),
            Ok(Some(IlrItem::Finding(f))) => check(&f),
            Ok(Some(IlrItem::Learner(l))) => {
                learners += 1;
                l.findings.iter().for_each(check);
            }
            Ok(Some(IlrItem::Destination(d))) => d.findings.iter().for_each(check),
            Err(e) => {
                harness::check_error(&e);
                return None;
            }
        }
    }
}

fn utf8(name: &str, bytes: Vec<u8>) {
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
}

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let learners = read_all(data);
        match ilr_awaiting(data, &[], None) {
            Ok(a) => {
                assert!(learners.is_none_or(|n| n == a.learners_read), "{learners:?} read, awaiting read {}", a.learners_read);
                assert!(a.learners_left_out <= a.learners_read, "left out {} of {}", a.learners_left_out, a.learners_read);
                a.findings.iter().for_each(check);
                for l in &a.report.learners {
                    assert!(!l.enrolments.is_empty(), "a learner without enrolments: {l:?}");
                    l.findings().iter().for_each(harness::check_finding);
                }
                utf8("template", write_template_csv(&a, Vec::new()).expect("template to memory"));
                serde_json::to_string(&a).expect("awaiting serialises");
            }
            Err(e) => harness::check_error(&e),
        }
        match ilr_contacts(data, ContactPolicy::default(), None) {
            Ok(c) => {
                assert!(learners.is_none_or(|n| n == c.learners_read), "{learners:?} read, contacts read {}", c.learners_read);
                assert!(c.learners_left_out <= c.learners_read, "left out {} of {}", c.learners_left_out, c.learners_read);
                c.findings.iter().for_each(check);
                utf8("contacts", write_contacts_csv(&c, Vec::new()).expect("contacts to memory"));
                serde_json::to_string(&c).expect("contacts serialise");
            }
            Err(e) => harness::check_error(&e),
        }
        match ilr_records(data, &SCHEMES) {
            Ok(r) => {
                r.findings.iter().for_each(check);
                for d in &r.destinations {
                    for f in &d.findings {
                        harness::check_finding(&f.finding);
                        assert!(!f.records.is_empty() && f.records.windows(2).all(|w| w[0] < w[1]), "{f:?}");
                    }
                }
                serde_json::to_string(&r).expect("records serialise");
            }
            Err(e) => harness::check_error(&e),
        }
    });
});
