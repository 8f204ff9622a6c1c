//! The file UCAS Progress exported, read as the qualification upload's "unchanged since the
//! export" reference: `qualifications::read_export` (CSV, or the exported workbook with its
//! reference sheets).
#![no_main]

use learner_destinations::template::qualifications::read_export;
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| match read_export(data, None, "the exported file") {
        Ok(export) => assert!(!export.learners.is_empty(), "an export read without learners"),
        Err(e) => harness::check_error(&e),
    });
});
