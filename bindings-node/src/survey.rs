//! Survey derivation: a leaver's answers to destination records (`deriveSurvey`), with the
//! default leaver survey or your own (`SurveyDefinition`).

use crate::codes::{BindingSchemes, given_or_builtin};
use crate::dates::{as_of_or_today, optional_date};
use crate::errors::Result;
use crate::findings::BindingFinding;
use learner_destinations::survey::{
    DerivationContext, DerivedRecord, HoursBand, Outcome, Question, QuestionKind, QuestionOption,
    SurveyAnswers, SurveyDefinition, derive,
};
use napi_derive::napi;

/// What a question means to the derivation.
#[napi(string_enum = "snake_case", js_name = "QuestionKind")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingQuestionKind {
    /// Everything the learner has done since leaving: an array of option ids.
    Activities,
    /// Hours a week per activity whose outcome depends on hours: `{activity: band id or
    /// number}`, or one value when a single such activity was ticked.
    Hours,
    /// In paid work before the course: `true` or `false`.
    EmployedBefore,
    /// What changed in work since the course: an array of option ids.
    Changes,
    /// The main activity when several were ticked: an activity option id.
    MainActivity,
    /// Per activity: `{activity: {start, definite, ended, end}}`.
    ActivityDates,
    /// The date the survey was completed (the collection date): `'YYYY-MM-DD'`.
    CompletedOn,
}

impl From<QuestionKind> for BindingQuestionKind {
    fn from(k: QuestionKind) -> Self {
        match k {
            QuestionKind::Activities => BindingQuestionKind::Activities,
            QuestionKind::Hours => BindingQuestionKind::Hours,
            QuestionKind::EmployedBefore => BindingQuestionKind::EmployedBefore,
            QuestionKind::Changes => BindingQuestionKind::Changes,
            QuestionKind::MainActivity => BindingQuestionKind::MainActivity,
            QuestionKind::ActivityDates => BindingQuestionKind::ActivityDates,
            QuestionKind::CompletedOn => BindingQuestionKind::CompletedOn,
        }
    }
}

/// Which side of the hours threshold an hours band means.
#[napi(string_enum = "snake_case", js_name = "HoursBand")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingHoursBand {
    /// At or above the threshold (16 hours or more).
    AtLeast,
    /// Below the threshold.
    Below,
}

/// The codes an activity option maps to by hours: one at or above the threshold, one below.
#[napi(object, js_name = "HoursOutcome", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingHoursOutcome {
    /// The code at or above the threshold (`'EMP1'`).
    pub at_least: String,
    /// The code below it (`'EMP2'`).
    pub below: String,
}

/// How an activity option maps to a destination outcome: always one code (`code`), or by hours
/// (`byHours`); the other is `null`.
#[napi(
    object,
    js_name = "SurveyOutcome",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSurveyOutcome {
    /// Always this ILR code, or `null`.
    pub code: Option<String>,
    /// One code at or above the hours threshold and another below it, or `null`.
    pub by_hours: Option<BindingHoursOutcome>,
}

/// One option of a question.
#[napi(
    object,
    js_name = "QuestionOption",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingQuestionOption {
    /// The stable id used in answers.
    pub id: String,
    /// The text shown to the learner.
    pub label: String,
    /// For activities: the outcome it maps to; else `null`.
    pub outcome: Option<BindingSurveyOutcome>,
    /// Chosen alone only (prefer not to say; nothing has changed).
    pub exclusive: bool,
    /// For activities: the activities this one already is (an apprenticeship is paid
    /// employment).
    pub covers: Vec<String>,
    /// For changes: the qualifier passed to the code mapping (`'increase in hours'`), or `null`.
    pub qualifier: Option<String>,
    /// For hours: the side of the threshold this band means, or `null`.
    pub band: Option<BindingHoursBand>,
}

impl From<&QuestionOption> for BindingQuestionOption {
    fn from(o: &QuestionOption) -> Self {
        BindingQuestionOption {
            id: o.id.clone(),
            label: o.label.clone(),
            outcome: o.outcome.as_ref().map(|out| match out {
                Outcome::Code(c) => BindingSurveyOutcome {
                    code: Some(c.clone()),
                    by_hours: None,
                },
                Outcome::ByHours { at_least, below } => BindingSurveyOutcome {
                    code: None,
                    by_hours: Some(BindingHoursOutcome {
                        at_least: at_least.clone(),
                        below: below.clone(),
                    }),
                },
            }),
            exclusive: o.exclusive,
            covers: o.covers.clone(),
            qualifier: o.qualifier.clone(),
            band: o.band.map(|b| match b {
                HoursBand::AtLeast => BindingHoursBand::AtLeast,
                HoursBand::Below => BindingHoursBand::Below,
            }),
        }
    }
}

/// One question of a survey.
#[napi(object, js_name = "Question", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingQuestion {
    /// The stable id used as the key in answers.
    pub id: String,
    /// What the question means to the derivation.
    pub kind: BindingQuestionKind,
    /// Whether an answer is required (for hours and main activity: when it applies).
    pub required: bool,
    /// The text shown to the learner.
    pub text: String,
    /// The options, for choice questions (empty otherwise).
    pub options: Vec<BindingQuestionOption>,
}

impl From<&Question> for BindingQuestion {
    fn from(q: &Question) -> Self {
        BindingQuestion {
            id: q.id.clone(),
            kind: q.kind.into(),
            required: q.required,
            text: q.text.clone(),
            options: q.options.iter().map(Into::into).collect(),
        }
    }
}

/// The limits a survey's derivation applies.
#[napi(object, js_name = "SurveyRules", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSurveyRules {
    /// The hours-a-week line, as an exact decimal string (`'16'`): compared exactly, never as a
    /// float.
    pub hours_threshold: String,
    /// How many days before the learning actual end date an activity may have started.
    pub max_days_start_before_learning_end: u32,
    /// How far after the completion date a definite future start may be, in days.
    pub max_days_future_start: u32,
}

/// A survey definition: questions, options, which are required, and how options map to
/// destination outcomes. `new SurveyDefinition()` is the default leaver survey;
/// `SurveyDefinition.fromJson` reads your own (the JSON of `toJson()`).
#[napi(js_name = "SurveyDefinition")]
#[derive(Debug, Clone)]
pub struct BindingSurveyDefinition {
    pub(crate) inner: SurveyDefinition,
}

#[napi]
impl BindingSurveyDefinition {
    /// The default leaver survey, its outcome codes read with `schemes` (default: the built-in
    /// ones).
    #[napi(constructor)]
    pub fn new(schemes: Option<&BindingSchemes>) -> Self {
        BindingSurveyDefinition {
            inner: SurveyDefinition::builtin(given_or_builtin(schemes)),
        }
    }

    /// Reads and checks a definition from JSON: known question kinds at most once each, an
    /// activities and a completion-date question, unique ids, outcome codes that exist in
    /// `schemes` (default: the built-in ones).
    ///
    /// @throws {Error} `code` `'json_invalid'` (the line and column) or
    /// `'survey_definition_invalid'` (what is wrong).
    #[napi(factory)]
    pub fn from_json(text: String, schemes: Option<&BindingSchemes>) -> Result<Self> {
        Ok(BindingSurveyDefinition {
            inner: SurveyDefinition::from_json_str(&text, given_or_builtin(schemes))?,
        })
    }

    /// The survey's id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Its version.
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Its title.
    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Where its design and mappings come from.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source.clone()
    }

    /// The limits the derivation applies.
    #[napi(getter)]
    pub fn rules(&self) -> BindingSurveyRules {
        let r = &self.inner.rules;
        BindingSurveyRules {
            hours_threshold: r.hours_threshold.to_string(),
            max_days_start_before_learning_end: r.max_days_start_before_learning_end,
            max_days_future_start: r.max_days_future_start,
        }
    }

    /// The questions, in order.
    #[napi(getter)]
    pub fn questions(&self) -> Vec<BindingQuestion> {
        self.inner.questions.iter().map(Into::into).collect()
    }

    /// The definition as JSON (the form `SurveyDefinition.fromJson` reads). Never throws.
    #[napi]
    pub fn to_json(&self) -> String {
        // A definition always serialises: its types are plain data.
        serde_json::to_string_pretty(&self.inner).unwrap_or_default()
    }
}

/// Who the answers are about, when the answers document says (keys as in the JSON document).
#[napi(object, js_name = "SurveyLearner", object_from_js = false)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindingSurveyLearner {
    /// Provider UKPRN.
    pub ukprn: Option<String>,
    /// Unique Learner Number.
    pub uln: Option<String>,
    /// Learner reference number.
    #[napi(js_name = "learn_ref")]
    pub learn_ref: Option<String>,
    /// Learning aim reference.
    #[napi(js_name = "aim_ref")]
    pub aim_ref: Option<String>,
    /// Learning aim title.
    #[napi(js_name = "aim_title")]
    pub aim_title: Option<String>,
}

/// One leaver's answers document, as a survey app sends it and `destinations survey` reads it:
/// `{"learner"?: {...}, "learning_end"?: "YYYY-MM-DD", "answers": {question id: answer}}`.
/// Its keys are the JSON document's (`learning_end`), not camelCase; an unknown key is refused.
/// Each answer's form depends on its question's kind (see `QuestionKind`).
///
/// Declared for the TypeScript types: the binding reads the document as JSON, so the core
/// checks it exactly as it checks a file.
#[napi(object, js_name = "SurveyAnswersDocument", object_from_js = false)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BindingSurveyAnswersDocument {
    /// Who answered, if known.
    #[napi(ts_type = "SurveyLearner | null")]
    pub learner: Option<BindingSurveyLearner>,
    /// The learning actual end date, if the document carries it.
    #[napi(js_name = "learning_end", ts_type = "string | null")]
    pub learning_end: Option<String>,
    /// Answers by question id.
    #[napi(ts_type = "Record<string, unknown>")]
    pub answers: serde_json::Value,
}

/// Options of `deriveSurvey`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct DeriveSurveyOptions {
    /// The as-of (file preparation) date, `YYYY-MM-DD`: the survey must have been completed by
    /// then. Default: today.
    pub as_of: Option<String>,
    /// The learning actual end date (`YYYY-MM-DD`): start dates default to the day after it.
    /// Overrides the document's `learning_end`.
    pub learning_end: Option<String>,
    /// The survey the answers are to. Default: the default leaver survey.
    pub definition: Option<&'static BindingSurveyDefinition>,
    /// The code schemes (for the WMCA code of each record). Default: the built-in ones.
    pub schemes: Option<&'static BindingSchemes>,
}

/// One answer that produced (part of) a record.
#[napi(object, js_name = "Because", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingBecause {
    /// The question id (with the activity for per-activity answers, e.g.
    /// `'hours.paid_employment'`).
    pub question: String,
    /// The answer as given.
    pub answer: String,
    /// What it decided.
    pub note: String,
}

/// A destination record derived from answers. Dates are `YYYY-MM-DD` strings. It can be given
/// to `checkDestinationRecords` as it is.
#[napi(
    object,
    js_name = "DerivedRecord",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDerivedRecord {
    /// The activity option it comes from.
    pub activity: String,
    /// The ILR code (OutType + OutCode), e.g. `'EMP1'`.
    pub code: String,
    /// The code in the WMCA scheme, where it has one (`'WMCA1.1'`), else `null`.
    pub wmca_code: Option<String>,
    /// The ILR code's title.
    pub title: String,
    /// OutStartDate: the answered start date, else the day after the learning end.
    pub start: String,
    /// OutEndDate: only when the activity ended before the collection date, else `null`.
    pub end: Option<String>,
    /// OutCollDate: the survey completion date.
    pub collection: String,
    /// True for the learner's main activity.
    pub main: bool,
    /// The answers that produced it.
    pub because: Vec<BindingBecause>,
}

impl From<DerivedRecord> for BindingDerivedRecord {
    fn from(r: DerivedRecord) -> Self {
        BindingDerivedRecord {
            activity: r.activity,
            code: r.code,
            wmca_code: r.wmca_code,
            title: r.title,
            start: r.start.to_string(),
            end: r.end.map(|d| d.to_string()),
            collection: r.collection.to_string(),
            main: r.main,
            because: r
                .because
                .into_iter()
                .map(|b| BindingBecause {
                    question: b.question,
                    answer: b.answer,
                    note: b.note,
                })
                .collect(),
        }
    }
}

/// The records derived from answers, and findings about answers that could not be used.
#[napi(object, js_name = "Derivation", object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingDerivation {
    /// The derived records.
    pub records: Vec<BindingDerivedRecord>,
    /// Findings about the answers (`'survey_*'` codes), in order.
    pub findings: Vec<BindingFinding>,
    /// True when a finding is an error.
    pub has_errors: bool,
}

/// Turns a leaver's survey answers into destination records (ILR code, the WMCA code where there
/// is one, start, end and collection dates), each with the answers that produced it, plus
/// findings for answers that cannot be used (never thrown). `answers` is the answers document
/// as JSON text or as the parsed object (`SurveyAnswersDocument`).
///
/// @throws {Error} `code` `'json_invalid'` when `answers` is not an answers document (malformed
/// JSON, an unknown key, `answers` missing); `'date_format'` / `'date_impossible'` when an
/// option's date is malformed.
#[napi(ts_args_type = "answers: string | SurveyAnswersDocument, options?: DeriveSurveyOptions")]
pub fn derive_survey(
    answers: serde_json::Value,
    options: Option<DeriveSurveyOptions>,
) -> Result<BindingDerivation> {
    let options = options.unwrap_or_default();
    derive_with(
        answers,
        options.as_of.as_deref(),
        options.learning_end.as_deref(),
        options.definition.map(|d| &d.inner),
        given_or_builtin(options.schemes),
    )
}

/// `deriveSurvey` with the options taken apart (for `deriveSurveysAsync`, which copies the
/// definition and schemes so the work can leave the JavaScript thread).
pub(crate) fn derive_with(
    answers: serde_json::Value,
    as_of: Option<&str>,
    learning_end: Option<&str>,
    definition: Option<&SurveyDefinition>,
    schemes: &learner_destinations::codes::Schemes,
) -> Result<BindingDerivation> {
    // An object is read as its JSON text, so the core checks it exactly as it checks a file
    // (and a refusal's line and column point into that text).
    let answers = match answers {
        serde_json::Value::String(text) => SurveyAnswers::from_json_str(&text)?,
        value => SurveyAnswers::from_json_str(&value.to_string())?,
    };
    let as_of = as_of_or_today(as_of).map_err(|e| e.at("asOf"))?;
    let learning_end = optional_date(learning_end).map_err(|e| e.at("learningEnd"))?;
    let builtin;
    let definition = match definition {
        Some(d) => d,
        None => {
            builtin = SurveyDefinition::builtin(schemes);
            &builtin
        }
    };
    let out = derive(
        definition,
        &answers,
        &DerivationContext {
            schemes,
            learning_end,
            as_of,
        },
    );
    Ok(BindingDerivation {
        has_errors: out.has_errors(),
        records: out.records.into_iter().map(Into::into).collect(),
        findings: out.findings.into_iter().map(Into::into).collect(),
    })
}
