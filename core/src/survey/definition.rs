//! The survey definition: questions, options, which are required, and how options map to
//! destination outcomes. A JSON document; the default leaver survey is embedded
//! (`core/data/leaver-survey.json`) and a caller can load its own.

use crate::codes::Schemes;
use crate::error::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a question means to the derivation. Texts, options and outcome mappings are data; the
/// meaning of each kind is fixed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Everything the learner has done since leaving (several options; each option maps to an
    /// outcome). Answer: an array of option ids.
    Activities,
    /// Hours a week for each activity whose outcome depends on hours. Answer: an object from
    /// activity id to a band id or a decimal number (`"15.5"` or `15.5`), or one value when a
    /// single such activity was ticked.
    Hours,
    /// Whether the learner was in paid work before the course. Answer: `true` or `false`.
    EmployedBefore,
    /// What changed in work since the course (options carry qualifiers such as "increase in
    /// hours" that choose among authority codes). Answer: an array of option ids.
    Changes,
    /// The main activity when several were ticked. Answer: an activity option id.
    MainActivity,
    /// Per activity: start date, whether a future start is definite, whether and when it ended.
    /// Answer: `{activity: {"start": "YYYY-MM-DD", "definite": bool, "ended": bool, "end": "YYYY-MM-DD"}}`.
    /// An `end` means the activity ended (`ended` may be left out; `"ended": false` with an
    /// `end` is a contradiction, a finding).
    ActivityDates,
    /// The date the survey was completed (the collection date). Answer: `"YYYY-MM-DD"`.
    CompletedOn,
}

/// How an activity option maps to a destination outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Always this ILR code.
    Code(String),
    /// One code at or above the hours threshold, another below it (EMP1/EMP2, EMP4/EMP5).
    ByHours {
        /// Code at or above the threshold.
        at_least: String,
        /// Code below the threshold.
        below: String,
    },
}

/// Which side of the hours threshold an hours band means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursBand {
    /// At or above the threshold (16 hours or more).
    AtLeast,
    /// Below the threshold.
    Below,
}

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    /// Stable id used in answers.
    pub id: String,
    /// Text shown to the learner.
    pub label: String,
    /// For activities: the outcome it maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Chosen alone only (prefer not to say; nothing has changed).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    /// For activities: the activities this one already is (an apprenticeship is paid
    /// employment), so they need no separate record from the same start date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// For changes: the qualifier passed to the code mapping (e.g. "increase in hours").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// For hours: the side of the threshold this band means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<HoursBand>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id used as the key in answers.
    pub id: String,
    /// What the question means to the derivation.
    pub kind: QuestionKind,
    /// Whether an answer is required (for hours and main activity: when it applies).
    #[serde(default)]
    pub required: bool,
    /// Text shown to the learner.
    pub text: String,
    /// The options, for choice questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<QuestionOption>,
}

/// Limits the derivation applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyRules {
    /// The hours-a-week line (16): compared exactly as a decimal, never as a float.
    pub hours_threshold: Decimal,
    /// How many days before the learning actual end date an activity may have started.
    pub max_days_start_before_learning_end: u32,
    /// How far after the completion date a definite future start may be (ILR PSM: within the
    /// following year).
    pub max_days_future_start: u32,
}

/// A survey definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyDefinition {
    /// The survey's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its title.
    pub title: String,
    /// Where its design and mappings come from.
    pub source: String,
    /// Limits.
    pub rules: SurveyRules,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// The keys of an answers document and what each takes, for a survey: the document's own
/// keys, then one entry per question (its id as the key in `answers`, the shape of its answer
/// by its kind, and for activity dates every field). What `destinations survey
/// --print-definition` prints under `answer_keys`, and what the README lists.
pub fn answer_keys(def: &SurveyDefinition) -> serde_json::Value {
    let mut keys = vec![
        serde_json::json!({"key": "learner", "answer": "optional object {\"ukprn\", \"uln\", \"learn_ref\", \"aim_ref\", \"aim_title\"?}: the enrolment, for the upload template's rows"}),
        serde_json::json!({"key": "learning_end", "answer": "optional \"YYYY-MM-DD\": the learning actual end date (start dates default to the day after it)"}),
        serde_json::json!({"key": "answers", "answer": "object from question id to answer, as below"}),
    ];
    for q in &def.questions {
        let options: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
        let answer = match q.kind {
            QuestionKind::Activities => format!("array of option ids ({})", options.join(", ")),
            QuestionKind::Hours => format!("object from activity id to an hours band id ({}) or a number of hours a week (\"15.5\" or 15.5), or one value when one such activity was ticked", options.join(", ")),
            QuestionKind::EmployedBefore => "true or false".to_string(),
            QuestionKind::Changes => format!("array of option ids ({})", options.join(", ")),
            QuestionKind::MainActivity => "an activity option id".to_string(),
            QuestionKind::ActivityDates => "object from activity id to {\"start\": \"YYYY-MM-DD\" (default: the day after learning ended), \"definite\": true when a future start is definite, \"ended\": true when the activity has ended, \"end\": \"YYYY-MM-DD\" the day it ended}; an end date means the activity ended (\"ended\" may be left out; \"ended\": false with an end date is a contradiction, a finding; \"ended\": true needs an end date)".to_string(),
            QuestionKind::CompletedOn => "\"YYYY-MM-DD\": the date the survey was completed (the collection date)".to_string(),
        };
        keys.push(serde_json::json!({
            "key": format!("answers.{}", q.id),
            "required": q.required,
            "answer": answer,
        }));
    }
    serde_json::Value::Array(keys)
}

const DEFAULT_SURVEY: &str = include_str!("../../data/leaver-survey.json");

fn invalid(message: String) -> Error {
    Error::SurveyDefinition { message }
}

impl SurveyDefinition {
    /// The definition a derivation uses: `given`, else the default leaver survey read with
    /// `schemes` (the schemes the derivation reads codes with, so its outcome codes are found in
    /// a caller's own schemes too).
    ///
    /// ```
    /// use learner_destinations::codes::Schemes;
    /// use learner_destinations::survey::SurveyDefinition;
    /// let schemes = Schemes::builtin();
    /// let default = SurveyDefinition::given_or_builtin(None, &schemes);
    /// assert_eq!(*default, SurveyDefinition::builtin(&schemes));
    /// ```
    pub fn given_or_builtin<'a>(
        given: Option<&'a SurveyDefinition>,
        schemes: &Schemes,
    ) -> std::borrow::Cow<'a, SurveyDefinition> {
        match given {
            Some(definition) => std::borrow::Cow::Borrowed(definition),
            None => std::borrow::Cow::Owned(SurveyDefinition::builtin(schemes)),
        }
    }

    /// The default leaver survey.
    pub fn builtin(schemes: &Schemes) -> SurveyDefinition {
        // The embedded definition is validated by the test suite (`default_survey_is_valid`);
        // should it ever fail, an empty survey derives nothing rather than panicking.
        SurveyDefinition::from_json_str(DEFAULT_SURVEY, schemes).unwrap_or_else(|_| {
            SurveyDefinition {
                id: String::new(),
                version: String::new(),
                title: String::new(),
                source: String::new(),
                rules: SurveyRules {
                    hours_threshold: Decimal::from(16),
                    max_days_start_before_learning_end: 0,
                    max_days_future_start: 0,
                },
                questions: Vec::new(),
            }
        })
    }

    /// Reads and checks a definition: known kinds at most once each, an activities and a
    /// completion-date question, unique ids, outcome codes that exist in `schemes`.
    pub fn from_json_str(text: &str, schemes: &Schemes) -> crate::Result<SurveyDefinition> {
        let def: SurveyDefinition =
            serde_json::from_str(text).map_err(|e| Error::json("survey definition", &e))?;
        def.check(schemes)?;
        Ok(def)
    }

    fn check(&self, schemes: &Schemes) -> crate::Result<()> {
        let mut ids = HashSet::new();
        let mut kinds = HashSet::new();
        for q in &self.questions {
            if !ids.insert(q.id.as_str()) {
                return Err(invalid(format!("question id '{}' appears twice", q.id)));
            }
            if !kinds.insert(q.kind) {
                return Err(invalid(format!(
                    "question '{}': a survey has one {:?} question",
                    q.id, q.kind
                )));
            }
            let mut option_ids = HashSet::new();
            for o in &q.options {
                if !option_ids.insert(o.id.as_str()) {
                    return Err(invalid(format!(
                        "question '{}': option id '{}' appears twice",
                        q.id, o.id
                    )));
                }
                let codes: Vec<&str> = match &o.outcome {
                    Some(Outcome::Code(c)) => vec![c],
                    Some(Outcome::ByHours { at_least, below }) => vec![at_least, below],
                    None => vec![],
                };
                for c in codes {
                    let entry = schemes.parse(c).map_err(|r| {
                        invalid(format!(
                            "question '{}', option '{}': {}",
                            q.id, o.id, r.message
                        ))
                    })?;
                    if entry.ilr_code().is_none() {
                        return Err(invalid(format!(
                            "question '{}', option '{}': outcome '{c}' has no ILR code",
                            q.id, o.id
                        )));
                    }
                }
                if q.kind == QuestionKind::Activities && o.outcome.is_none() {
                    return Err(invalid(format!(
                        "activity option '{}' has no outcome",
                        o.id
                    )));
                }
                if q.kind == QuestionKind::Hours && o.band.is_none() {
                    return Err(invalid(format!("hours option '{}' has no band", o.id)));
                }
            }
        }
        if let Some(acts) = self.question(QuestionKind::Activities) {
            for o in &acts.options {
                if let Some(c) = o
                    .covers
                    .iter()
                    .find(|c| !acts.options.iter().any(|a| &a.id == *c))
                {
                    return Err(invalid(format!(
                        "activity option '{}' covers '{c}', which is not an activity",
                        o.id
                    )));
                }
            }
        }
        for needed in [QuestionKind::Activities, QuestionKind::CompletedOn] {
            if !kinds.contains(&needed) {
                return Err(invalid(format!("the survey needs a {needed:?} question")));
            }
        }
        Ok(())
    }

    /// The question of a kind.
    pub fn question(&self, kind: QuestionKind) -> Option<&Question> {
        self.questions.iter().find(|q| q.kind == kind)
    }
}
