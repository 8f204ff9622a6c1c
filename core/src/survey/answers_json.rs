//! Reading a leaver's answers: the answers document ([`SurveyAnswers`], JSON) and each answer's
//! JSON value as the question's kind expects it (a date, option ids, hours, activity dates).
//! An answer of the wrong form becomes a finding in the derivation's [`Ctx`], never an error;
//! what the answers mean is decided in [`super::derive()`].

use super::definition::{HoursBand, QuestionOption};
use super::derive::Ctx;
use super::*;
use crate::dates::parse_date;
use crate::error::Error;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Who the answers are about, when the answers file says (used to write upload-template rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyLearner {
    /// Provider UKPRN.
    #[serde(default)]
    pub ukprn: Option<String>,
    /// Unique Learner Number.
    #[serde(default)]
    pub uln: Option<String>,
    /// Learner reference number.
    #[serde(default)]
    pub learn_ref: Option<String>,
    /// Learning aim reference.
    #[serde(default)]
    pub aim_ref: Option<String>,
    /// Learning aim title.
    #[serde(default)]
    pub aim_title: Option<String>,
}

/// One learner's answers: `{"learner"?: {...}, "learning_end"?: "YYYY-MM-DD", "answers": {question id: answer}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswers {
    /// Who answered, if known.
    #[serde(default)]
    pub learner: Option<SurveyLearner>,
    /// The learning actual end date, if the answers file carries it.
    #[serde(default)]
    pub learning_end: Option<String>,
    /// Answers by question id, kept as JSON so that each wrong form becomes a finding. Read
    /// from JSON, a question id (or a key of an object inside an answer) given twice in one
    /// object is refused ([`unique_keys`]), as the records JSON refuses a repeated field.
    #[serde(deserialize_with = "unique_keys::answers")]
    pub answers: BTreeMap<String, Value>,
}

impl SurveyAnswers {
    /// Reads an answers document; malformed JSON is an error that says where, and so is a key
    /// given twice in one object (`{"answers": {"hours": "10", "hours": "40"}}`): which answer
    /// was meant cannot be told, so none is taken (`json_invalid`, naming the key, the line and
    /// the column).
    pub fn from_json_str(text: &str) -> crate::Result<SurveyAnswers> {
        serde_json::from_str(text).map_err(|e| Error::json_in("survey answers", text, &e))
    }
}

/// JSON objects read with each key at most once: serde_json's maps keep the last of a
/// repeated key silently, which for answers would take one of two contradictory answers
/// unseen. The document's own fields (`learner`, `learning_end`, `answers`) are refused twice
/// by serde's derive already.
mod unique_keys {
    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::collections::BTreeMap;
    use std::fmt;

    fn repeated<E: de::Error>(key: &str, within: &str) -> E {
        E::custom(format!(
            "the key '{key}' is given twice in {within}; give each once (which of the two was meant cannot be told)"
        ))
    }

    /// The `answers` object: question ids once each, their values read by [`Strict`].
    pub(super) fn answers<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Value>, D::Error> {
        struct Answers;
        impl<'de> Visitor<'de> for Answers {
            type Value = BTreeMap<String, Value>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of answers by question id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(repeated(&key, "the answers"));
                    }
                    let Strict(value) = map.next_value()?;
                    out.insert(key, value);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Answers)
    }

    /// A JSON value whose objects, at any depth, hold each key once.
    pub(super) struct Strict(pub(super) Value);

    impl<'de> de::Deserialize<'de> for Strict {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(StrictVisitor).map(Strict)
        }
    }

    struct StrictVisitor;

    impl<'de> Visitor<'de> for StrictVisitor {
        type Value = Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            de::Deserialize::deserialize(d).map(|Strict(v)| v)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Strict(v)) = seq.next_element()? {
                out.push(v);
            }
            Ok(Value::Array(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(repeated(&key, "an object inside an answer"));
                }
                let Strict(v) = map.next_value()?;
                out.insert(key, v);
            }
            Ok(Value::Object(out))
        }
    }
}

/// An answer as text for a finding's value: a string as it is, anything else as JSON.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Ctx<'_> {
    /// The answer to `question` as a date (`YYYY-MM-DD`, or a form [`parse_date`] reads);
    /// anything else is an [`INVALID_DATE`] finding.
    pub(super) fn date(&mut self, question: &str, v: &Value) -> Option<NaiveDate> {
        match v {
            Value::String(s) => match parse_date(s) {
                Ok(d) => Some(d),
                Err(r) => {
                    self.find(
                        &INVALID_DATE,
                        question,
                        s.clone(),
                        format!("{question}: {}", r.message),
                    );
                    None
                }
            },
            other => {
                self.find(
                    &INVALID_DATE,
                    question,
                    show(other),
                    format!("{question}: {other} is not a date; write \"YYYY-MM-DD\""),
                );
                None
            }
        }
    }

    /// The answer to `question` as a list of option ids of `options`, each once, in the order
    /// given: not a list, or an item not a string, is [`INVALID_ANSWER`]; an id that is not an
    /// option, [`UNKNOWN_OPTION`].
    pub(super) fn option_ids<'o>(
        &mut self,
        question: &str,
        v: &Value,
        options: &'o [QuestionOption],
    ) -> Vec<&'o QuestionOption> {
        let Value::Array(items) = v else {
            self.find(
                &INVALID_ANSWER,
                question,
                show(v),
                format!("{question}: expected a list of option ids, got {v}"),
            );
            return Vec::new();
        };
        let mut out: Vec<&QuestionOption> = Vec::new();
        for item in items {
            let Some(id) = item.as_str() else {
                self.find(
                    &INVALID_ANSWER,
                    question,
                    show(item),
                    format!("{question}: {item} is not an option id"),
                );
                continue;
            };
            match options.iter().find(|o| o.id == id.trim()) {
                Some(o) if !out.iter().any(|p| p.id == o.id) => out.push(o),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    self.find(
                        &UNKNOWN_OPTION,
                        question,
                        id,
                        format!(
                            "{question}: '{id}' is not an option; options are {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        out
    }
}

/// Per-activity dates as answered.
#[derive(Debug, Default)]
pub(super) struct ActivityDates {
    pub(super) start: Option<NaiveDate>,
    pub(super) definite: bool,
    pub(super) ended: Option<bool>,
    pub(super) end: Option<NaiveDate>,
    /// `ended` was not answered but an end date was: the end date says it ended.
    pub(super) ended_by_end_date: bool,
    pub(super) bad: bool,
}

/// Hours a week for one paid activity (`qid`): a band id of the hours question or a number of
/// hours (more than 0, at most 168); true when at least the survey's threshold.
pub(super) fn read_hours(
    cx: &mut Ctx<'_>,
    qid: &str,
    v: &Value,
    bands: &[QuestionOption],
) -> Option<bool> {
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => {
            cx.find(
                &INVALID_ANSWER,
                qid,
                show(other),
                format!("{qid}: expected a band or a number of hours, got {other}"),
            );
            return None;
        }
    };
    if let Some(b) = bands.iter().find(|b| b.id == text) {
        return Some(b.band == Some(HoursBand::AtLeast));
    }
    match Decimal::from_str(&text) {
        Ok(h) if h > Decimal::ZERO && h <= Decimal::from(168) => {
            Some(h >= cx.def.rules.hours_threshold)
        }
        Ok(h) => {
            cx.find(
                &INVALID_ANSWER,
                qid,
                text.clone(),
                format!("{qid}: {h} hours a week is not possible (more than 0, at most 168)"),
            );
            None
        }
        Err(_) => {
            let ids: Vec<&str> = bands.iter().map(|b| b.id.as_str()).collect();
            cx.find(
                &INVALID_ANSWER,
                qid,
                text.clone(),
                format!(
                    "{qid}: '{text}' is neither a number of hours (e.g. 15.5) nor a band ({})",
                    ids.join(", ")
                ),
            );
            None
        }
    }
}

/// One activity's dates (`qid`): `{"start", "definite", "ended", "end"}`, each optional;
/// a wrong form, an end date with `ended: false` or `ended: true` with no end date marks the
/// activity `bad` (no record) with a finding.
pub(super) fn read_dates(cx: &mut Ctx<'_>, qid: &str, v: &Value) -> ActivityDates {
    let mut d = ActivityDates::default();
    let Value::Object(m) = v else {
        cx.find(
            &INVALID_ANSWER,
            qid,
            show(v),
            format!("{qid}: expected {{\"start\", \"definite\", \"ended\", \"end\"}}, got {v}"),
        );
        d.bad = true;
        return d;
    };
    for (k, val) in m {
        let field = format!("{qid}.{k}");
        match (k.as_str(), val) {
            (_, Value::Null) => {}
            ("start", _) => match cx.date(&field, val) {
                Some(x) => d.start = Some(x),
                None => d.bad = true,
            },
            ("end", _) => match cx.date(&field, val) {
                Some(x) => d.end = Some(x),
                None => d.bad = true,
            },
            ("definite", Value::Bool(b)) => d.definite = *b,
            ("ended", Value::Bool(b)) => d.ended = Some(*b),
            ("definite" | "ended", other) => {
                cx.find(
                    &INVALID_ANSWER,
                    &field,
                    show(other),
                    format!("{field}: expected true or false, got {other}"),
                );
                d.bad = true;
            }
            (other, _) => {
                cx.find(
                    &UNKNOWN_QUESTION,
                    &field,
                    show(val),
                    format!("{field}: '{other}' is not one of start, definite, ended, end"),
                );
            }
        }
    }
    if d.ended == Some(false) && d.end.is_some() {
        cx.find(
            &CONTRADICTORY,
            &format!("{qid}.end"),
            d.end.map(|e| e.to_string()).unwrap_or_default(),
            format!("{qid}: an end date is given but 'ended' is false; which is right?"),
        );
        d.bad = true;
    }
    // An end date means the activity ended (ILR OutEndDate: returned only when the outcome has
    // finished): `"end"` without `"ended"` is read as `"ended": true`, never as an activity
    // still going on.
    if d.ended.is_none() && d.end.is_some() {
        d.ended = Some(true);
        d.ended_by_end_date = true;
    }
    if d.ended == Some(true) && d.end.is_none() {
        cx.find(
            &MISSING_ANSWER,
            &format!("{qid}.end"),
            "",
            format!("{qid}: the activity has ended; when?"),
        );
        d.bad = true;
    }
    d
}
