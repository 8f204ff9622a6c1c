//! Enrolments and destinations JSON, as `destinations awaiting FILE` reads it
//! (`{"enrolments": [...], "destinations": [...]}`, with a vector's optional `as_of`); then
//! `awaiting::awaiting`.
//!
//! Invariants: every enrolment reported exists, has ended, is not on a break in learning, and
//! is due two calendar months after its end, overdue exactly from then; every learner reported
//! points at its enrolments, all ended, the latest at `latest_end`.
#![no_main]

use chrono::NaiveDate;
use learner_destinations::awaiting::{CompletionStatus, Enrolment, LearnerDestination, awaiting};
use learner_destinations::dates::{add_months, serde_date};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    enrolments: Vec<Enrolment>,
    #[serde(default)]
    destinations: Vec<LearnerDestination>,
    #[serde(default, with = "serde_date::option")]
    as_of: Option<NaiveDate>,
}

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let Ok(input) = serde_json::from_str::<Input>(text) else { return };
        let as_of = input.as_of.unwrap_or_else(harness::as_of);
        let enrolments = &input.enrolments;
        let report = awaiting(enrolments, &input.destinations, as_of);
        for a in &report.enrolments {
            let e = enrolments.get(a.enrolment).unwrap_or_else(|| panic!("no enrolment {}", a.enrolment));
            assert_eq!(e.learning_end, Some(a.learning_end), "{a:?}");
            assert_ne!(e.completion_status, CompletionStatus::BreakInLearning, "{a:?}");
            assert_eq!(a.due, add_months(a.learning_end, 2), "{a:?}");
            assert_eq!(a.overdue, as_of >= a.due, "{a:?}");
            assert_eq!((a.ukprn, a.uln), (e.ukprn, e.uln), "{a:?}");
        }
        for l in &report.learners {
            assert!(!l.enrolments.is_empty(), "a learner without enrolments: {l:?}");
            let ends: Vec<_> = l
                .enrolments
                .iter()
                .map(|&i| enrolments.get(i).and_then(|e| e.learning_end).unwrap_or_else(|| panic!("enrolment {i} of {l:?}")))
                .collect();
            assert_eq!(ends.iter().max(), Some(&l.latest_end), "{l:?}");
            assert_eq!(l.due, add_months(l.latest_end, 2), "{l:?}");
            assert_eq!(l.overdue, as_of >= l.due, "{l:?}");
            harness::check_finding(&l.finding());
            l.findings().iter().for_each(harness::check_finding);
        }
        serde_json::to_string(&report).expect("a report serialises");
    });
});
