//! Survey answers JSON: `survey::SurveyAnswers::from_json_str`, then the derivation with the
//! built-in survey, then the derived records as destinations upload rows.
//!
//! Invariants (those of the derivation's property test, on any input): every derived record
//! has ordered dates, a collection date on or before the as-of date and a code valid on its
//! start; the records pass the destination-record rules together; when the answers say who
//! the learner is, the template rows they make are accepted by the destinations upload, and
//! every record has a row or a finding; and
//! answers accepted (a key given twice is refused) are read as serde_json reads them.
#![no_main]

use learner_destinations::codes::Schemes;
use learner_destinations::dates::TeachingYear;
use learner_destinations::records::check_records;
use learner_destinations::survey::{
    DerivationContext, DerivedRecord, SurveyAnswers, SurveyDefinition, derive, template_rows,
};
use learner_destinations::template::destinations::{
    COLUMNS, DestinationsOptions, DestinationsTemplate,
};
use learner_destinations::template::{Upload, UploadOptions};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);
static DEFINITION: LazyLock<SurveyDefinition> =
    LazyLock::new(|| SurveyDefinition::builtin(&SCHEMES));

/// A CSV cell, always quoted.
fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let answers = match SurveyAnswers::from_json_str(text) {
            Ok(a) => a,
            Err(e) => return harness::check_error(&e),
        };
        // The answers reader refuses a key given twice; what it accepts it reads exactly as
        // serde_json's own values do (numbers, strings, nesting), every question kept.
        let plain: serde_json::Value = serde_json::from_str(text).expect("accepted answers are JSON");
        let kept = serde_json::Value::Object(answers.answers.clone().into_iter().collect());
        assert_eq!(plain["answers"], kept, "answers read differently from serde_json");
        let as_of = harness::as_of();
        let out = derive(&DEFINITION, &answers, &DerivationContext { schemes: &SCHEMES, learning_end: None, as_of });
        out.findings.iter().for_each(harness::check_finding);
        for r in &out.records {
            assert!(r.collection <= as_of, "collected after the as-of date: {r:?}");
            if let Some(end) = r.end {
                assert!(r.start <= end && end < r.collection, "dates out of order: {r:?}");
            }
            let code = SCHEMES.parse(&r.code).unwrap_or_else(|e| panic!("derived code {:?}: {e}", r.code));
            assert!(code.is_valid_on(r.start), "code not valid on its start: {r:?}");
        }
        let records: Vec<_> = out.records.iter().map(DerivedRecord::to_record).collect();
        for r in &out.records {
            let year = TeachingYear::containing(r.collection);
            let findings = check_records(&records, &SCHEMES, year, as_of);
            assert!(findings.is_empty(), "derived records {:?} break {findings:?}", out.records);
        }
        serde_json::to_string(&out).expect("a derivation serialises");

        let Ok(template) = template_rows(answers.learner.as_ref(), &out.records) else { return };
        // Every record has a row or a finding that says why not.
        assert_eq!(template.rows.len() + template.findings.len(), out.records.len(), "records lost: {template:?}");
        template.findings.iter().for_each(harness::check_finding);
        let rows = template.rows;
        if rows.is_empty() {
            return;
        }
        let mut csv = COLUMNS.iter().map(|c| quoted(c.name)).collect::<Vec<_>>().join(",");
        for row in &rows {
            csv.push('\n');
            csv.push_str(&row.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(","));
        }
        let template = DestinationsTemplate::new(&SCHEMES, DestinationsOptions::new(as_of));
        let report = Upload::from_csv(csv.as_bytes(), template, UploadOptions::default())
            .and_then(Upload::finish)
            .unwrap_or_else(|e| panic!("template rows {rows:?} refused: {e}"));
        assert_eq!(report.summary.rejected, 0, "template rows {rows:?} rejected: {:?}", report.findings);
    });
});
