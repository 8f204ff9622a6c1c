//! Destination records JSON, as `destinations records FILE` and the bindings read it (an array
//! of `{"code", "start", "end", "collection"}`), or a vector's `input` object (`records`, and
//! optionally `year` and `file_preparation_date`); then `records::check_records`.
//!
//! Invariants: every finding is catalogued, names the ESFA rule it mirrors, and points at
//! records that exist, in ascending order.
#![no_main]

use chrono::NaiveDate;
use learner_destinations::codes::Schemes;
use learner_destinations::dates::{TeachingYear, serde_date};
use learner_destinations::records::{DestinationRecord, check_records};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

#[derive(Deserialize)]
#[serde(untagged)]
enum Input {
    Records(Vec<DestinationRecord>),
    Case {
        records: Vec<DestinationRecord>,
        #[serde(default)]
        year: Option<TeachingYear>,
        #[serde(default, with = "serde_date::option")]
        file_preparation_date: Option<NaiveDate>,
    },
}

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let (records, year, date) = match serde_json::from_str::<Input>(text) {
            Ok(Input::Records(records)) => (records, None, None),
            Ok(Input::Case { records, year, file_preparation_date }) => (records, year, file_preparation_date),
            Err(_) => return,
        };
        let date = date.unwrap_or_else(harness::as_of);
        let year = year.unwrap_or(TeachingYear::containing(date));
        for f in check_records(&records, &SCHEMES, year, date) {
            harness::check_finding(&f.finding);
            assert!(!f.mirrors.is_empty(), "no rule mirrored: {f:?}");
            assert!(!f.records.is_empty(), "a finding about no record: {f:?}");
            assert!(f.records.windows(2).all(|w| w[0] < w[1]), "records not ascending: {f:?}");
            assert!(f.records.iter().all(|&i| i < records.len()), "a record that is not there: {f:?}");
            serde_json::to_string(&f).expect("a finding serialises");
        }
    });
});
