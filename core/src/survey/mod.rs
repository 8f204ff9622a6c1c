//! Survey answers → destination records, with derived dates and the answers behind each record.
//!
//! A leaver answers a survey ([`SurveyDefinition`], data: the default is embedded and a caller
//! can load its own); [`derive()`] turns the answers ([`SurveyAnswers`]) into destination records
//! (ILR code, the WMCA code where the scheme has one, start, end and collection dates), each
//! carrying the answers that produced it, plus findings for answers that cannot be used.
//!
//! Dates (Maytas Destination Tracking "derived dates"; ILR PSM for future outcomes):
//! - start = the answered start date, else the day after the learning actual end date;
//! - end = only when the activity ended before the collection date (ILR OutEndDate: return it
//!   only if the outcome has finished);
//! - collection = the date the survey was completed (ILR OutCollDate).
//!
//! ```
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::dates::parse_date;
//! use learner_destinations::survey::{DerivationContext, SurveyAnswers, SurveyDefinition, derive};
//!
//! let schemes = Schemes::builtin();
//! let survey = SurveyDefinition::builtin(&schemes);
//! let answers = SurveyAnswers::from_json_str(r#"{"answers": {
//!     "activities": ["paid_employment"], "hours": "37.5", "employed_before": true,
//!     "change_since": ["more_hours"], "completed_on": "2025-10-01"}}"#).unwrap();
//! let ctx = DerivationContext {
//!     schemes: &schemes,
//!     learning_end: Some(parse_date("2025-07-18").unwrap()),
//!     as_of: parse_date("2025-10-02").unwrap(),
//! };
//! let out = derive(&survey, &answers, &ctx);
//! assert!(out.findings.is_empty());
//! let r = &out.records[0];
//! assert_eq!((r.code.as_str(), r.wmca_code.as_deref()), ("EMP1", Some("WMCA1.1")));
//! assert_eq!(r.start.to_string(), "2025-07-19");
//! assert_eq!(r.collection.to_string(), "2025-10-01");
//! ```

mod answers_json;
mod definition;
mod derive;

pub use answers_json::{SurveyAnswers, SurveyLearner};
pub use definition::{
    HoursBand, Outcome, Question, QuestionKind, QuestionOption, SurveyDefinition, SurveyRules,
    answer_keys,
};
pub use derive::{
    Because, Derivation, DerivationContext, DerivedRecord, TemplateRows, derive, template_rows,
};

use crate::finding::{FindingKind, Severity};

macro_rules! survey_kind {
    ($name:ident, $code:literal, $sev:ident, $summary:literal, $source:expr, $mirrors:expr) => {
        #[doc = $summary]
        pub static $name: FindingKind = FindingKind {
            code: $code,
            severity: Severity::$sev,
            summary: $summary,
            source: $source,
            mirrors: $mirrors,
        };
    };
}

const SEED: &str = "Maytas Destination Tracking: survey answers are turned into destination codes with derived dates";
const PSM_FUTURE: &str = "ILR Provider Support Manual: future outcomes only with a definite start date within the following year";

survey_kind!(
    UNKNOWN_QUESTION,
    "survey_unknown_question",
    Error,
    "An answer names a question the survey does not have.",
    "Survey definition (data)",
    None
);
survey_kind!(
    UNKNOWN_OPTION,
    "survey_unknown_option",
    Error,
    "An answer names an option the question does not have.",
    "Survey definition (data)",
    None
);
survey_kind!(
    MISSING_ANSWER,
    "survey_missing_answer",
    Error,
    "A required answer is missing.",
    "Survey definition (data): required questions",
    None
);
survey_kind!(
    INVALID_ANSWER,
    "survey_invalid_answer",
    Error,
    "An answer has the wrong form for its question (e.g. hours that are not a number or band, text where true/false is expected).",
    "Survey definition (data)",
    None
);
survey_kind!(
    INVALID_DATE,
    "survey_invalid_date",
    Error,
    "A date in the answers is malformed or does not exist.",
    "ILR: dates are YYYY-MM-DD",
    None
);
survey_kind!(
    END_BEFORE_START,
    "survey_end_before_start",
    Error,
    "An activity's end date is before its start date.",
    "ESFA OutEndDate_01",
    Some("OutEndDate_01")
);
survey_kind!(
    END_AFTER_COMPLETION,
    "survey_end_after_completion",
    Error,
    "An activity cannot have ended after the survey was completed.",
    "ILR OutEndDate: returned only if the outcome has finished",
    None
);
survey_kind!(
    START_BEFORE_LEARNING_END,
    "survey_start_before_learning_end",
    Error,
    "An activity started before learning ended by more than the survey allows.",
    SEED,
    None
);
survey_kind!(
    START_UNKNOWN,
    "survey_start_unknown",
    Error,
    "No start date was answered and the learning actual end date is not known, so no start date can be derived.",
    SEED,
    None
);
survey_kind!(
    FUTURE_START_NOT_DEFINITE,
    "survey_future_start_not_definite",
    Error,
    "A start after the survey date is accepted only when it is definite.",
    PSM_FUTURE,
    None
);
survey_kind!(
    FUTURE_START_TOO_FAR,
    "survey_future_start_too_far",
    Error,
    "A definite future start must be within the survey's limit (a year) of the survey date.",
    PSM_FUTURE,
    Some("OutStartDate_02")
);
survey_kind!(
    CONTRADICTORY,
    "survey_contradictory_answers",
    Error,
    "Answers contradict each other (in paid work and not in paid work from the same date; 'prefer not to say' with activities; 'nothing changed' with changes); no record is chosen silently.",
    "ESFA OutType_04; survey definition (exclusive options)",
    Some("OutType_04")
);
survey_kind!(
    SAME_TYPE_SAME_DATE,
    "survey_same_type_same_date",
    Error,
    "Two activities of the same outcome type (or three education activities) start on the same date, which the ILR does not allow; give their real start dates.",
    "ESFA OutType_02, OutType_03, R69",
    Some("OutType_02")
);
survey_kind!(
    ANSWER_IGNORED,
    "survey_answer_ignored",
    Warning,
    "An answer does not apply (hours or dates for an activity not ticked; changes when not in work before) and was not used.",
    "Survey definition (data)",
    None
);
survey_kind!(
    COMPLETED_AFTER_AS_OF,
    "survey_completed_after_as_of",
    Error,
    "The survey completion (collection) date is after the as-of date.",
    "ESFA OutCollDate_01",
    Some("OutCollDate_01")
);

survey_kind!(
    NOT_IN_TEMPLATE,
    "survey_not_in_template",
    Warning,
    "A derived record has no row in the destinations upload made from the survey: the upload's rows for an enrolment are the outcomes on one date, so a record that ended before that date, starts after it, or cannot stand beside a later outcome for one enrolment is left out (it stays in the derived records).",
    "WMCA Destinations Portal Submission Guide, Upload Template (one row per enrolment destination, with no dates); ESFA OutType_02, OutType_03, OutType_04 and the upload's conflict rules",
    None
);

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &UNKNOWN_QUESTION,
    &UNKNOWN_OPTION,
    &MISSING_ANSWER,
    &INVALID_ANSWER,
    &INVALID_DATE,
    &END_BEFORE_START,
    &END_AFTER_COMPLETION,
    &START_BEFORE_LEARNING_END,
    &START_UNKNOWN,
    &FUTURE_START_NOT_DEFINITE,
    &FUTURE_START_TOO_FAR,
    &CONTRADICTORY,
    &SAME_TYPE_SAME_DATE,
    &ANSWER_IGNORED,
    &COMPLETED_AFTER_AS_OF,
    &NOT_IN_TEMPLATE,
];

#[cfg(test)]
mod tests;
