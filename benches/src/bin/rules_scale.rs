//! `records` and `awaiting` at scale, to show they grow linearly: `rules-scale [N...]` (default
//! 100000 1000000) checks N destination records of one learner (start dates over a year, EMP
//! and NPE outcomes sharing dates, so the OutType_02/04 and R69 groups are large), and the
//! awaiting views of N enrolments against N destinations, once with N learners and once with
//! one learner holding them all (the case that was quadratic). Prints the time per case and per
//! item.

use chrono::{Duration, NaiveDate};
use learner_destinations::awaiting::{CompletionStatus, Enrolment, LearnerDestination, awaiting};
use learner_destinations::codes::Schemes;
use learner_destinations::dates::TeachingYear;
use learner_destinations::records::{DestinationRecord, check_records};
use learner_destinations::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use std::hint::black_box;
use std::time::Instant;

const CODES: [&str; 7] = ["EMP1", "EMP2", "NPE1", "EDU1", "OTH3", "GAP1", "WMCA1.0"];

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    let schemes = Schemes::builtin();
    let Some(base) = NaiveDate::from_ymd_opt(2024, 8, 1) else {
        return;
    };
    let (Ok(ukprn), Ok(uln), Ok(aim)) = (
        Ukprn::parse("10012345"),
        Uln::parse("9276308686"),
        LearnAimRef::parse("60012345"),
    ) else {
        return;
    };
    for n in sizes {
        let records: Vec<DestinationRecord> = (0..n)
            .map(|i| {
                let start = base + Duration::days((i % 365) as i64);
                DestinationRecord::new(
                    CODES[i % CODES.len()],
                    start,
                    None,
                    start + Duration::days(30),
                )
            })
            .collect();
        let t = Instant::now();
        let findings = black_box(check_records(
            &records,
            &schemes,
            TeachingYear::containing(base),
            base + Duration::days(800),
        ));
        let e = t.elapsed();
        println!(
            "records   n={n:>9}  {:>8.3} s  {:>6.0} ns/record  ({} findings)",
            e.as_secs_f64(),
            e.as_nanos() as f64 / n as f64,
            findings.len()
        );
        for one_learner in [false, true] {
            let lref = |i: usize| {
                LearnRefNumber::parse(&if one_learner {
                    "L1".to_string()
                } else {
                    format!("L{i}")
                })
            };
            let mut enrolments = Vec::with_capacity(n);
            let mut destinations = Vec::with_capacity(n);
            for i in 0..n {
                let Ok(learner_ref) = lref(i) else { return };
                let end = base + Duration::days((i % 365) as i64);
                enrolments.push(Enrolment {
                    ukprn,
                    uln,
                    learner_ref: learner_ref.clone(),
                    aim_ref: aim.clone(),
                    learning_end: Some(end),
                    completion_status: CompletionStatus::Completed,
                    funding: None,
                });
                // Every other enrolment's learner has a destination, starting before the end
                // of half of them.
                if i % 2 == 0 {
                    let start = end - Duration::days((i % 4) as i64);
                    destinations.push(LearnerDestination {
                        ukprn,
                        learner_ref,
                        uln: Some(uln),
                        aim_ref: None,
                        record: DestinationRecord::new("EMP1", start, None, start),
                    });
                }
            }
            let t = Instant::now();
            let report = black_box(awaiting(
                &enrolments,
                &destinations,
                base + Duration::days(500),
            ));
            let e = t.elapsed();
            println!(
                "awaiting  n={n:>9}  {:>8.3} s  {:>6.0} ns/enrolment  ({} learners; {} enrolments and {} learners awaiting)",
                e.as_secs_f64(),
                e.as_nanos() as f64 / n as f64,
                if one_learner { "one" } else { "n" },
                report.enrolments.len(),
                report.learners.len()
            );
        }
    }
}
