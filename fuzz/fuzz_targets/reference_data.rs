//! Reference data a user may load instead of the embedded defaults: the first byte picks the
//! reader, the rest is the file.
//!
//! - 0: qualification reference lists (`QualificationLists::from_reference_bytes`: a workbook
//!   with the three reference sheets, or JSON), as `--reference FILE`;
//! - 1: learner import lists (`LearnerLists::from_json_str`);
//! - 2: a survey definition (`SurveyDefinition::from_json_str`), then the derivation of empty
//!   answers with it.
#![no_main]

use learner_destinations::codes::Schemes;
use learner_destinations::learners::LearnerLists;
use learner_destinations::qualifications::QualificationLists;
use learner_destinations::survey::{DerivationContext, SurveyAnswers, SurveyDefinition, derive};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Some((&which, rest)) = data.split_first() else { return };
        match which % 3 {
            0 => match QualificationLists::from_reference_bytes(rest.to_vec(), "reference file") {
                Ok(lists) => {
                    for t in ["A level", "", "x"] {
                        if let Err(r) = lists.qualification_type(t) {
                            harness::check_refusal(&r);
                        }
                    }
                }
                Err(e) => harness::check_error(&e),
            },
            1 => {
                let Ok(text) = std::str::from_utf8(rest) else { return };
                match LearnerLists::from_json_str(text) {
                    Ok(lists) => {
                        for g in &lists.year_groups {
                            assert!(lists.year_group(g).is_ok(), "listed year group {g:?} refused");
                        }
                    }
                    Err(e) => harness::check_error(&e),
                }
            }
            _ => {
                let Ok(text) = std::str::from_utf8(rest) else { return };
                match SurveyDefinition::from_json_str(text, &SCHEMES) {
                    Ok(definition) => {
                        let answers = SurveyAnswers::default();
                        let context = DerivationContext { schemes: &SCHEMES, learning_end: None, as_of: harness::as_of() };
                        let out = derive(&definition, &answers, &context);
                        out.findings.iter().for_each(harness::check_finding);
                    }
                    Err(e) => harness::check_error(&e),
                }
            }
        }
    });
});
