//! Awaiting destinations: which enrolments (the portal's view) and learners (the ILR's view,
//! ESFA R107/R108) have finished learning and have no destination yet, and which are overdue
//! (`awaitingDestinations`).

use crate::dates::as_of_or_today;
use crate::errors::{BindingError, Result};
use crate::findings::BindingFinding;
use crate::identifiers::ukprn_text;
use crate::records::BindingDestinationRecordInput;
use learner_destinations::awaiting::{
    AwaitingEnrolment, AwaitingLearner, Enrolment, Funding, LearnerDestination, awaiting,
};
use learner_destinations::workflow;
use learner_destinations::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use napi::Either;
use napi_derive::napi;

/// One enrolment (ILR learning delivery).
#[napi(object, js_name = "Enrolment", object_to_js = false)]
#[derive(Debug, Clone)]
pub struct BindingEnrolment {
    /// The provider's UKPRN, a number or a string.
    pub ukprn: Either<f64, String>,
    /// The learner's ULN.
    pub uln: String,
    /// The provider's learner reference (ILR LearnRefNumber).
    pub learner_ref: String,
    /// The learning aim reference.
    pub aim_ref: String,
    /// The learning actual end date (`YYYY-MM-DD`); `null`, `''` or left out while learning
    /// continues.
    #[napi(ts_type = "string | null")]
    pub learning_end: Option<Option<String>>,
    /// The ILR completion status: 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (break in
    /// learning: no destination is awaited), as a number or a string; read by the core
    /// (anything else is refused with `'option_invalid'`).
    #[napi(ts_type = "number | string")]
    pub completion_status: serde_json::Value,
    /// The ILR funding fields, when known (`{ fundModel: 35, progType: null, compStatus: 2 }`):
    /// the learners' view then applies R107/R108's funding-model and programme-type
    /// conditions. `compStatus` carries a CompStatus that `completionStatus` cannot name.
    #[napi(
        ts_type = "{ fundModel: number; progType?: number | null; compStatus?: number | null } | null"
    )]
    pub funding: Option<serde_json::Value>,
}

/// The funding fields from plain data (camelCase keys), read as the core reads `Funding`.
fn funding(value: Option<&serde_json::Value>, place: &str) -> Result<Option<Funding>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let invalid = |message: String| {
        BindingError::from(learner_destinations::Error::OptionInvalid {
            option: format!("{place}.funding"),
            message,
        })
    };
    let serde_json::Value::Object(map) = value else {
        return Err(invalid(
            "takes an object { fundModel, progType, compStatus }".to_string(),
        ));
    };
    let snake: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .map(|(k, v)| {
            let key = match k.as_str() {
                "fundModel" => "fund_model",
                "progType" => "prog_type",
                "compStatus" => "comp_status",
                other => other,
            };
            (key.to_string(), v.clone())
        })
        .collect();
    serde_json::from_value::<Funding>(serde_json::Value::Object(snake))
        .map(Some)
        .map_err(|e| {
            invalid(format!(
                "takes {{ fundModel, progType, compStatus }} as whole numbers: {e}"
            ))
        })
}

/// A destination record with the learner (and optionally the enrolment) it belongs to.
#[napi(object, js_name = "LearnerDestination", object_to_js = false)]
#[derive(Debug, Clone)]
pub struct BindingLearnerDestination {
    /// The provider's UKPRN, a number or a string.
    pub ukprn: Either<f64, String>,
    /// The provider's learner reference.
    pub learner_ref: String,
    /// The learner's ULN, when the record carries one (it must then match the enrolment's).
    #[napi(ts_type = "string | null")]
    pub uln: Option<Option<String>>,
    /// The enrolment's aim, for a per-enrolment destination; `null` or left out for a
    /// learner-level record, which serves every enrolment of the learner.
    #[napi(ts_type = "string | null")]
    pub aim_ref: Option<Option<String>>,
    /// The destination code.
    pub code: String,
    /// When the destination started (`YYYY-MM-DD`).
    pub start: String,
    /// When it ended; `null`, `''` or left out while it goes on.
    #[napi(ts_type = "string | null")]
    pub end: Option<Option<String>>,
    /// When it was collected (`YYYY-MM-DD`).
    pub collection: String,
}

/// An enrolment awaiting a destination. Dates are `YYYY-MM-DD` strings.
#[napi(object, js_name = "AwaitingEnrolment", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingAwaitingEnrolment {
    /// The enrolment's index (0-based) in the array given.
    pub enrolment: u32,
    /// The provider's UKPRN.
    pub ukprn: u32,
    /// The learner's ULN.
    pub uln: String,
    /// The learner reference.
    pub learner_ref: String,
    /// The aim reference.
    pub aim_ref: String,
    /// The learning actual end date.
    pub learning_end: String,
    /// When the destination is due: the end date plus two calendar months.
    pub due: String,
    /// The as-of date is on or after `due` (R108).
    pub overdue: bool,
}

impl From<AwaitingEnrolment> for BindingAwaitingEnrolment {
    fn from(e: AwaitingEnrolment) -> Self {
        BindingAwaitingEnrolment {
            // Indices into a JavaScript array fit in u32.
            enrolment: e.enrolment as u32,
            ukprn: e.ukprn.get(),
            uln: e.uln.as_str().to_string(),
            learner_ref: e.learner_ref.as_str().to_string(),
            aim_ref: e.aim_ref.as_str().to_string(),
            learning_end: e.learning_end.to_string(),
            due: e.due.to_string(),
            overdue: e.overdue,
        }
    }
}

/// A learner awaiting a destination (R107/R108). Dates are `YYYY-MM-DD` strings.
#[napi(object, js_name = "AwaitingLearner", object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingAwaitingLearner {
    /// The provider's UKPRN.
    pub ukprn: u32,
    /// The ULN of the latest-ending enrolment.
    pub uln: String,
    /// The learner reference (as on the latest-ending enrolment).
    pub learner_ref: String,
    /// The latest learning actual end date.
    pub latest_end: String,
    /// The latest end date plus two calendar months.
    pub due: String,
    /// The as-of date is on or after `due` (R108).
    pub overdue: bool,
    /// The learner's enrolments (0-based indices), in input order.
    pub enrolments: Vec<u32>,
    /// The learner as a finding: `'destination_overdue'` (R108, an error) when overdue, else
    /// `'destination_missing'` (R107, a warning).
    pub finding: BindingFinding,
    /// The ESFA rules the learner breaks, as the core decides them (with the funding
    /// conditions when the enrolments carry funding).
    #[napi(ts_type = "Array<'R107' | 'R108'>")]
    pub rules: Vec<String>,
}

impl From<AwaitingLearner> for BindingAwaitingLearner {
    fn from(l: AwaitingLearner) -> Self {
        BindingAwaitingLearner {
            finding: l.finding().into(),
            rules: l.rules.iter().map(|r| r.to_string()).collect(),
            ukprn: l.ukprn.get(),
            uln: l.uln.as_str().to_string(),
            learner_ref: l.learner_ref.as_str().to_string(),
            latest_end: l.latest_end.to_string(),
            due: l.due.to_string(),
            overdue: l.overdue,
            enrolments: l.enrolments.into_iter().map(|i| i as u32).collect(),
        }
    }
}

/// Both views of the enrolments awaiting a destination.
#[napi(object, js_name = "Awaiting", object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingAwaiting {
    /// Per enrolment (an authority portal's view), in input order.
    pub enrolments: Vec<BindingAwaitingEnrolment>,
    /// Per learner (the ILR's view, R107/R108), in order of each learner's first enrolment.
    pub learners: Vec<BindingAwaitingLearner>,
}

fn optional<T>(
    given: Option<&Option<String>>,
    parse: impl FnOnce(&str) -> Result<T>,
) -> Result<Option<T>> {
    match given.and_then(Option::as_deref).map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

impl BindingEnrolment {
    fn to_core(&self, place: &str) -> Result<Enrolment> {
        let at = |field: &'static str| move |e: BindingError| e.at(format_args!("{place}.{field}"));
        Ok(Enrolment {
            ukprn: Ukprn::parse(&ukprn_text(&self.ukprn))
                .map_err(BindingError::from)
                .map_err(at("ukprn"))?,
            uln: Uln::parse(&self.uln)
                .map_err(BindingError::from)
                .map_err(at("uln"))?,
            learner_ref: LearnRefNumber::parse(&self.learner_ref)
                .map_err(BindingError::from)
                .map_err(at("learnerRef"))?,
            aim_ref: LearnAimRef::parse(&self.aim_ref)
                .map_err(BindingError::from)
                .map_err(at("aimRef"))?,
            learning_end: workflow::optional_date(
                self.learning_end.as_ref().and_then(Option::as_deref),
            )
            .map_err(BindingError::from)
            .map_err(at("learningEnd"))?,
            completion_status: workflow::completion_status(
                &self.completion_status,
                &format!("{place}.completionStatus"),
            )?,
            funding: funding(self.funding.as_ref(), place)?,
        })
    }
}

impl BindingLearnerDestination {
    fn to_core(&self, place: &str) -> Result<LearnerDestination> {
        let at = |field: &'static str| move |e: BindingError| e.at(format_args!("{place}.{field}"));
        let record = BindingDestinationRecordInput {
            code: self.code.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            collection: self.collection.clone(),
        }
        .to_core(place)?;
        Ok(LearnerDestination {
            ukprn: Ukprn::parse(&ukprn_text(&self.ukprn))
                .map_err(BindingError::from)
                .map_err(at("ukprn"))?,
            learner_ref: LearnRefNumber::parse(&self.learner_ref)
                .map_err(BindingError::from)
                .map_err(at("learnerRef"))?,
            uln: optional(self.uln.as_ref(), |s| Ok(Uln::parse(s)?)).map_err(at("uln"))?,
            aim_ref: optional(self.aim_ref.as_ref(), |s| Ok(LearnAimRef::parse(s)?))
                .map_err(at("aimRef"))?,
            record,
        })
    }
}

/// Lists the enrolments (per enrolment, as an authority portal holds destinations) and the
/// learners (per learner, ESFA R107/R108) that have finished learning and have no destination
/// starting on or after the (latest) learning end date; overdue from two calendar months after
/// it. Learners are matched by UKPRN and learner reference (case-insensitive); a destination
/// that gives a ULN must carry the enrolment's. `asOf` (`YYYY-MM-DD`) defaults to today.
///
/// @throws {Error} the refusal of the first malformed value, with its place in front of the
/// message (`enrolments[2].uln: ...`): `code` `'ukprn_format'`, `'uln_format'`,
/// `'uln_checksum'`, `'learn_ref_format'`, `'aim_ref_format'`, `'date_format'`,
/// `'date_impossible'`; `'option_invalid'` for a completion status that is not 1, 2, 3 or 6
/// (the message names it: `enrolments[2].completionStatus`).
#[napi]
pub fn awaiting_destinations(
    enrolments: Vec<BindingEnrolment>,
    destinations: Option<Vec<BindingLearnerDestination>>,
    as_of: Option<String>,
) -> Result<BindingAwaiting> {
    let enrolments: Vec<Enrolment> = enrolments
        .iter()
        .enumerate()
        .map(|(i, e)| e.to_core(&format!("enrolments[{i}]")))
        .collect::<Result<_>>()?;
    let destinations: Vec<LearnerDestination> = destinations
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, d)| d.to_core(&format!("destinations[{i}]")))
        .collect::<Result<_>>()?;
    let as_of = as_of_or_today(as_of.as_deref())?;
    let report = awaiting(&enrolments, &destinations, as_of);
    Ok(BindingAwaiting {
        enrolments: report.enrolments.into_iter().map(Into::into).collect(),
        learners: report.learners.into_iter().map(Into::into).collect(),
    })
}
