//! The derivation: answers → records + findings.

use super::answers_json::{ActivityDates, SurveyAnswers, read_dates, read_hours, show};
use super::definition::{Outcome, QuestionKind, QuestionOption, SurveyDefinition};
use super::*;
use crate::codes::{CodeEntry, Schemes};
use crate::dates::{TeachingYear, next_day};
use crate::finding::{Finding, FindingKind};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// What the derivation needs besides the answers.
#[derive(Debug, Clone, Copy)]
pub struct DerivationContext<'a> {
    /// Code schemes (ILR and the authority scheme for `wmca_code`).
    pub schemes: &'a Schemes,
    /// The learning actual end date (overrides the answers file's `learning_end`).
    pub learning_end: Option<NaiveDate>,
    /// The as-of (file preparation) date: the collection date may not be after it.
    pub as_of: NaiveDate,
}

/// One answer that produced (part of) a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Because {
    /// The question id (with the activity for per-activity answers, e.g. `hours.paid_employment`).
    pub question: String,
    /// The answer as given.
    pub answer: String,
    /// What it decided.
    pub note: String,
}

/// A destination record derived from answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedRecord {
    /// The activity option it comes from.
    pub activity: String,
    /// The ILR code (OutType + OutCode).
    pub code: String,
    /// The code in the WMCA scheme, where it has one.
    pub wmca_code: Option<String>,
    /// The ILR code's title.
    pub title: String,
    /// OutStartDate.
    pub start: NaiveDate,
    /// OutEndDate: only when the activity ended before the collection date.
    pub end: Option<NaiveDate>,
    /// OutCollDate: the survey completion date.
    pub collection: NaiveDate,
    /// True for the learner's main activity.
    pub main: bool,
    /// The answers that produced it.
    pub because: Vec<Because>,
}

impl DerivedRecord {
    /// The record as the destination-record rules take it ([`crate::records::check_records`]).
    pub fn to_record(&self) -> crate::records::DestinationRecord {
        crate::records::DestinationRecord::new(
            self.code.clone(),
            self.start,
            self.end,
            self.collection,
        )
    }
}

/// The destinations upload rows made from derived records ([`template_rows`]), with a finding
/// for every record left out of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRows {
    /// Rows of the destinations upload template (columns
    /// [`crate::template::destinations::COLUMNS`], in order).
    pub rows: Vec<[String; 6]>,
    /// One [`NOT_IN_TEMPLATE`] warning for each record not in `rows`, saying why.
    pub findings: Vec<Finding>,
}

/// The records as rows of the destinations upload template (columns
/// [`crate::template::destinations::COLUMNS`], in order): the learner's UKPRN, ULN, learner and
/// aim references and aim title, and the WMCA code where there is one, else the ILR code.
///
/// An upload row has no dates, so the rows of one enrolment are outcomes from one date (WMCA
/// Destinations Portal Submission Guide, "Upload Template"; the upload checks them as such,
/// [`crate::template::destinations`]). The rows are the outcomes that hold on one date: the
/// survey date when any does; else the last date before it on which one did (the latest end);
/// else the first start after it. Of those, where two cannot be uploaded together for one
/// enrolment (ESFA OutType_02 to 04 and the upload's own conflict rules), the one that started
/// later is kept. Every record left out has a [`NOT_IN_TEMPLATE`] finding; the records
/// themselves, with their dates, are unchanged.
///
/// Refused when the answers file does not say who the learner is, or says it in a form the
/// upload would reject.
pub fn template_rows(
    learner: Option<&SurveyLearner>,
    records: &[DerivedRecord],
) -> Result<TemplateRows, crate::Refusal> {
    use crate::identifiers::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
    let missing = |what: &str| {
        crate::Refusal::new(
            &MISSING_ANSWER,
            "",
            format!(
                "the answers file has no learner.{what}; template rows need the learner's UKPRN, ULN, learner reference and aim reference"
            ),
        )
    };
    let learner = learner.ok_or_else(|| missing("ukprn"))?;
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let field = |v, what: &str| present(v).ok_or_else(|| missing(what));
    let ukprn = Ukprn::parse(field(&learner.ukprn, "ukprn")?)?;
    let uln = Uln::parse(field(&learner.uln, "uln")?)?;
    let learn_ref = LearnRefNumber::parse(field(&learner.learn_ref, "learn_ref")?)?;
    let aim_ref = LearnAimRef::parse(field(&learner.aim_ref, "aim_ref")?)?;
    let title = learner
        .aim_title
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    // The title as the upload takes it (its column's length; no control characters, which
    // make the file read as binary): refused here rather than written into rows it rejects.
    let title_max = crate::template::destinations::COLUMNS
        [crate::template::destinations::AIM_TITLE]
        .max_chars
        .unwrap_or(usize::MAX);
    let title_chars = title.chars().count();
    if title_chars > title_max || title.chars().any(char::is_control) {
        return Err(crate::Refusal::new(
            &INVALID_ANSWER,
            crate::limits::excerpt(&title),
            format!(
                "learner.aim_title: the upload takes a title of at most {title_max} characters with no control characters; this one has {title_chars}{}; shorten it or leave it out",
                if title.chars().any(char::is_control) {
                    ", with control characters"
                } else {
                    ""
                }
            ),
        ));
    }
    let (kept, findings) = one_date_outcomes(records);
    let rows = kept
        .into_iter()
        .map(|r| {
            [
                ukprn.to_string(),
                uln.to_string(),
                learn_ref.to_string(),
                aim_ref.to_string(),
                title.clone(),
                r.wmca_code.clone().unwrap_or_else(|| r.code.clone()),
            ]
        })
        .collect();
    Ok(TemplateRows { rows, findings })
}

/// The records [`template_rows`] makes rows of (in their order), and a finding for each of the
/// others.
fn one_date_outcomes(records: &[DerivedRecord]) -> (Vec<&DerivedRecord>, Vec<Finding>) {
    let Some(survey) = records.iter().map(|r| r.collection).max() else {
        return (Vec::new(), Vec::new());
    };
    let holds_on = |r: &DerivedRecord, d: NaiveDate| r.start <= d && r.end.is_none_or(|e| e >= d);
    let last_end = records
        .iter()
        .filter_map(|r| r.end)
        .filter(|e| *e <= survey)
        .max();
    let first_start = records.iter().map(|r| r.start).min();
    let (date, which) = if records.iter().any(|r| holds_on(r, survey)) {
        (survey, format!("the survey date {survey}"))
    } else if let Some(d) = last_end.filter(|d| records.iter().any(|r| holds_on(r, *d))) {
        (
            d,
            format!(
                "{d}, the last date before the survey date {survey} on which the learner had an outcome"
            ),
        )
    } else if let Some(d) = first_start {
        (
            d,
            format!("{d}, the first start after the survey date {survey}"),
        )
    } else {
        return (Vec::new(), Vec::new());
    };
    let named = |r: &DerivedRecord| format!("'{}' ({})", r.activity, r.code);
    let column = |r: &DerivedRecord| {
        r.because
            .first()
            .map_or_else(|| r.activity.clone(), |b| b.question.clone())
    };
    let mut left_out: Vec<(usize, Finding)> = Vec::new();
    let mut held: Vec<usize> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if holds_on(r, date) {
            held.push(i);
            continue;
        }
        let why = match r.end {
            Some(end) if end < date => format!("ended on {end}, before {which}"),
            _ => format!("starts on {}, after {which}", r.start),
        };
        left_out.push((
            i,
            NOT_IN_TEMPLATE
                .finding(r.code.clone(), format!(
                    "{} {why}: the upload's rows for an enrolment are the outcomes on one date, so it has no row; it stays in the derived records with its dates, which the ILR carries",
                    named(r)
                ))
                .in_column(column(r)),
        ));
    }
    // Latest start first: an outcome that began later supersedes one it cannot stand beside.
    held.sort_by_key(|i| std::cmp::Reverse(records[*i].start));
    let together = |ix: &[usize]| {
        let codes: Vec<(Option<&str>, Option<&str>)> = ix
            .iter()
            .map(|i| {
                let code = records[*i].code.as_str();
                (Some(code), Some(crate::codes::out_type(code)))
            })
            .collect();
        crate::template::destinations::takes_together(&codes)
    };
    let mut kept: Vec<usize> = Vec::new();
    for i in held {
        let mut with = kept.clone();
        with.push(i);
        if together(&with) {
            kept.push(i);
            continue;
        }
        // Name the outcomes it conflicts with on its own, or (three EDU) all of them.
        let pairs: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|k| !together(&[*k, i]))
            .collect();
        let beside = if pairs.is_empty() { &kept } else { &pairs }
            .iter()
            .map(|k| format!("{} from {}", named(&records[*k]), records[*k].start))
            .collect::<Vec<_>>()
            .join(", ");
        let r = &records[i];
        left_out.push((
            i,
            NOT_IN_TEMPLATE
                .finding(r.code.clone(), format!(
                    "{} from {} cannot be uploaded for one enrolment beside {beside}: both hold on {which}, and the one that began later has the row; if the earlier one has ended, give its end date in the answers",
                    named(r),
                    r.start
                ))
                .in_column(column(r)),
        ));
    }
    kept.sort_unstable();
    left_out.sort_by_key(|(i, _)| *i);
    (
        kept.into_iter().map(|i| &records[i]).collect(),
        left_out.into_iter().map(|(_, f)| f).collect(),
    )
}

/// Records and findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derivation {
    /// The derived records.
    pub records: Vec<DerivedRecord>,
    /// Findings about the answers.
    pub findings: Vec<Finding>,
}

impl Derivation {
    /// True when a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// The derivation's state: the survey, the findings so far and the code schemes.
pub(super) struct Ctx<'a> {
    pub(super) def: &'a SurveyDefinition,
    findings: Vec<Finding>,
    schemes: &'a Schemes,
}

impl Ctx<'_> {
    pub(super) fn find(
        &mut self,
        kind: &'static FindingKind,
        question: &str,
        value: impl Into<String>,
        message: String,
    ) {
        self.findings
            .push(kind.finding(value, message).in_column(question));
    }
}

/// Derives destination records from one learner's answers.
///
/// Never panics; every answer that cannot be used becomes a finding with a stable code, the
/// question id (in `column`) and the offending value. Contradictory answers are reported and
/// the records in conflict are withheld rather than one being chosen silently.
pub fn derive(
    def: &SurveyDefinition,
    answers: &SurveyAnswers,
    context: &DerivationContext<'_>,
) -> Derivation {
    let mut cx = Ctx {
        def,
        findings: Vec::new(),
        schemes: context.schemes,
    };
    let q_id = |kind: QuestionKind| def.question(kind).map(|q| q.id.as_str());

    for (id, value) in &answers.answers {
        if !def.questions.iter().any(|q| &q.id == id) {
            cx.find(
                &UNKNOWN_QUESTION,
                id,
                show(value),
                format!("'{id}' is not a question of survey '{}'", def.id),
            );
        }
    }
    let answer =
        |kind: QuestionKind| q_id(kind).and_then(|id| answers.answers.get(id).map(|v| (id, v)));
    let required = |kind: QuestionKind| def.question(kind).is_some_and(|q| q.required);

    // Completion (collection) date.
    let mut collection = None;
    match answer(QuestionKind::CompletedOn) {
        Some((id, v)) => {
            if let Some(d) = cx.date(id, v) {
                if d > context.as_of {
                    cx.find(
                        &COMPLETED_AFTER_AS_OF,
                        id,
                        d.to_string(),
                        format!("{id}: the survey was completed on {d}, after the as-of date {}; check the date", context.as_of),
                    );
                } else {
                    collection = Some(d);
                }
            }
        }
        None => {
            let id = q_id(QuestionKind::CompletedOn).unwrap_or("completed_on");
            cx.find(
                &MISSING_ANSWER,
                id,
                "",
                format!("{id}: the date the survey was completed is required"),
            );
        }
    }

    // Learning actual end date: the caller's, else the answers file's.
    let learning_end = match (context.learning_end, &answers.learning_end) {
        (Some(d), _) => Some(d),
        (None, Some(s)) => cx.date("learning_end", &Value::String(s.clone())),
        (None, None) => None,
    };

    // Activities.
    let empty: Vec<QuestionOption> = Vec::new();
    let activity_options = def
        .question(QuestionKind::Activities)
        .map(|q| &q.options)
        .unwrap_or(&empty);
    let activities_id = q_id(QuestionKind::Activities).unwrap_or("activities");
    let mut activities: Vec<&QuestionOption> = match answer(QuestionKind::Activities) {
        Some((id, v)) => cx.option_ids(id, v, activity_options),
        None => Vec::new(),
    };
    if activities.is_empty() && required(QuestionKind::Activities) {
        let given = answer(QuestionKind::Activities)
            .map(|(_, v)| show(v))
            .unwrap_or_default();
        cx.find(
            &MISSING_ANSWER,
            activities_id,
            given,
            format!("{activities_id}: tick at least one activity"),
        );
    }
    if activities.len() > 1 {
        if let Some(ex) = activities.iter().find(|o| o.exclusive) {
            let others: Vec<&str> = activities
                .iter()
                .filter(|o| o.id != ex.id)
                .map(|o| o.id.as_str())
                .collect();
            cx.find(
                &CONTRADICTORY,
                activities_id,
                ex.id.clone(),
                format!(
                    "{activities_id}: '{}' cannot be ticked with other activities ({}); ask the learner which is right",
                    ex.id,
                    others.join(", ")
                ),
            );
            activities.clear();
        }
    }

    // Employed before, and changes since (qualifiers for employment codes).
    let employed_before = match answer(QuestionKind::EmployedBefore) {
        Some((_, Value::Bool(b))) => Some(*b),
        Some((id, v)) => {
            cx.find(
                &INVALID_ANSWER,
                id,
                show(v),
                format!("{id}: expected true or false, got {v}"),
            );
            None
        }
        None => None,
    };
    let mut qualifiers: Vec<(&str, &str)> = Vec::new(); // (option id, qualifier)
    if let Some((id, v)) = answer(QuestionKind::Changes) {
        let options = def
            .question(QuestionKind::Changes)
            .map(|q| &q.options)
            .unwrap_or(&empty);
        let changes = cx.option_ids(id, v, options);
        if changes.len() > 1 && changes.iter().any(|o| o.exclusive) {
            let ids: Vec<&str> = changes.iter().map(|o| o.id.as_str()).collect();
            cx.find(
                &CONTRADICTORY,
                id,
                ids.join(","),
                format!(
                    "{id}: '{}' contradicts the other changes ticked; ask the learner",
                    ids.iter()
                        .find(|i| changes.iter().any(|o| o.exclusive && o.id == **i))
                        .unwrap_or(&"")
                ),
            );
        } else if employed_before == Some(false) && changes.iter().any(|o| o.qualifier.is_some()) {
            cx.find(
                &ANSWER_IGNORED,
                id,
                show(v),
                format!("{id}: changes in work apply only to learners in work before the course, and this learner was not; not used"),
            );
        } else {
            qualifiers = changes
                .iter()
                .filter_map(|o| o.qualifier.as_deref().map(|q| (o.id.as_str(), q)))
                .collect();
        }
    }

    // Main activity.
    let mut main: Option<&str> = if activities.len() == 1 {
        Some(activities[0].id.as_str())
    } else {
        None
    };
    match answer(QuestionKind::MainActivity) {
        Some((id, Value::String(m))) => {
            if activities.iter().any(|o| o.id == m.trim()) {
                main = activities
                    .iter()
                    .find(|o| o.id == m.trim())
                    .map(|o| o.id.as_str());
            } else if !activities.is_empty() {
                cx.find(
                    &INVALID_ANSWER,
                    id,
                    m.clone(),
                    format!("{id}: '{m}' is not one of the activities ticked"),
                );
            }
        }
        Some((id, v)) => cx.find(
            &INVALID_ANSWER,
            id,
            show(v),
            format!("{id}: expected an activity id, got {v}"),
        ),
        None if activities.len() > 1 && required(QuestionKind::MainActivity) => {
            let id = q_id(QuestionKind::MainActivity).unwrap_or("main_activity");
            cx.find(
                &MISSING_ANSWER,
                id,
                "",
                format!("{id}: several activities were ticked; say which is the main one"),
            );
        }
        None => {}
    }

    // Hours for activities whose outcome depends on them.
    let by_hours: Vec<&QuestionOption> = activities
        .iter()
        .copied()
        .filter(|o| matches!(o.outcome, Some(Outcome::ByHours { .. })))
        .collect();
    let mut hours: BTreeMap<&str, (bool, String)> = BTreeMap::new(); // activity -> (at least threshold, answer)
    let hours_q = def.question(QuestionKind::Hours);
    let hours_id = hours_q.map(|q| q.id.as_str()).unwrap_or("hours");
    let hours_answer = answer(QuestionKind::Hours).map(|(_, v)| v);
    for o in &by_hours {
        let qid = format!("{hours_id}.{}", o.id);
        let v = match hours_answer {
            Some(Value::Object(m)) => m.get(&o.id),
            Some(v) if by_hours.len() == 1 => Some(v),
            Some(v) => {
                cx.find(&INVALID_ANSWER, hours_id, show(v), format!("{hours_id}: several paid activities were ticked; give hours for each, e.g. {{\"{}\": \"16_or_more\"}}", o.id));
                break;
            }
            None => None,
        };
        let Some(v) = v else {
            cx.find(
                &MISSING_ANSWER,
                &qid,
                "",
                format!("{qid}: hours a week are needed for '{}'", o.id),
            );
            continue;
        };
        if let Some(h) = read_hours(
            &mut cx,
            &qid,
            v,
            hours_q.map(|q| q.options.as_slice()).unwrap_or(&[]),
        ) {
            hours.insert(o.id.as_str(), (h, show(v)));
        }
    }
    match hours_answer {
        Some(Value::Object(m)) => {
            for k in m.keys().filter(|k| !by_hours.iter().any(|o| &o.id == *k)) {
                cx.find(
                    &ANSWER_IGNORED,
                    &format!("{hours_id}.{k}"),
                    show(&m[k]),
                    format!("{hours_id}.{k}: '{k}' was not ticked as a paid activity; not used"),
                );
            }
        }
        Some(v) if by_hours.is_empty() => {
            cx.find(
                &ANSWER_IGNORED,
                hours_id,
                show(v),
                format!("{hours_id}: no paid activity is recorded, so the hours were not used"),
            );
        }
        _ => {}
    }

    // Dates per activity.
    let dates_id = q_id(QuestionKind::ActivityDates).unwrap_or("activity_dates");
    let mut dates: BTreeMap<String, ActivityDates> = BTreeMap::new();
    match answer(QuestionKind::ActivityDates) {
        Some((_, Value::Object(m))) => {
            for (act, v) in m {
                let qid = format!("{dates_id}.{act}");
                if !activity_options.iter().any(|o| &o.id == act) {
                    cx.find(
                        &UNKNOWN_OPTION,
                        &qid,
                        act.clone(),
                        format!("{qid}: '{act}' is not an activity of the survey"),
                    );
                    continue;
                }
                if !activities.iter().any(|o| &o.id == act) {
                    cx.find(
                        &ANSWER_IGNORED,
                        &qid,
                        show(v),
                        format!("{qid}: '{act}' was not ticked; its dates were not used"),
                    );
                    continue;
                }
                dates.insert(act.clone(), read_dates(&mut cx, &qid, v));
            }
        }
        Some((id, v)) => cx.find(
            &INVALID_ANSWER,
            id,
            show(v),
            format!("{id}: expected an object of activity dates, got {v}"),
        ),
        None => {}
    }

    let Some(collection) = collection else {
        return Derivation {
            records: Vec::new(),
            findings: cx.findings,
        };
    };

    // One record per activity.
    let mut records: Vec<DerivedRecord> = Vec::new();
    for o in &activities {
        let d = dates.remove(&o.id).unwrap_or_default();
        if d.bad {
            continue;
        }
        if let Some(r) = activity_record(
            &mut cx,
            o,
            &d,
            &hours,
            &qualifiers,
            learning_end,
            collection,
            main,
            activities_id,
            dates_id,
        ) {
            records.push(r);
        }
    }

    // An activity that already is another (an apprenticeship is paid employment) from the same
    // start needs no separate record (ILR: if EDU2 is used, an employment outcome need not also
    // be recorded).
    for o in &activities {
        for covered in &o.covers {
            let covering_start = records.iter().find(|r| r.activity == o.id).map(|r| r.start);
            let Some(start) = covering_start else {
                continue;
            };
            if let Some(pos) = records
                .iter()
                .position(|r| &r.activity == covered && r.start == start)
            {
                let dropped = records.remove(pos);
                if let Some(r) = records.iter_mut().find(|r| r.activity == o.id) {
                    r.because.push(Because {
                        question: activities_id.to_string(),
                        answer: covered.clone(),
                        note: format!(
                            "'{covered}' from the same date is this {} itself: no separate {} record (ILR: an apprenticeship needs no employment outcome)",
                            o.id, dropped.code
                        ),
                    });
                }
            }
        }
    }

    withhold_conflicts(&mut cx, &mut records, activities_id);
    Derivation {
        records,
        findings: cx.findings,
    }
}

#[allow(clippy::too_many_arguments)]
fn activity_record(
    cx: &mut Ctx<'_>,
    o: &QuestionOption,
    d: &ActivityDates,
    hours: &BTreeMap<&str, (bool, String)>,
    qualifiers: &[(&str, &str)],
    learning_end: Option<NaiveDate>,
    collection: NaiveDate,
    main: Option<&str>,
    activities_id: &str,
    dates_id: &str,
) -> Option<DerivedRecord> {
    let qid = format!("{dates_id}.{}", o.id);
    let mut because = vec![Because {
        question: activities_id.to_string(),
        answer: o.id.clone(),
        note: o.label.clone(),
    }];
    let (code, is_work) = match o.outcome.as_ref()? {
        Outcome::Code(c) => (c.as_str(), false),
        Outcome::ByHours { at_least, below } => {
            let (at_or_above, given) = hours.get(o.id.as_str())?;
            let threshold = cx.def.rules.hours_threshold;
            let (code, note) = if *at_or_above {
                (
                    at_least.as_str(),
                    format!("{threshold} hours or more a week: {at_least}"),
                )
            } else {
                (
                    below.as_str(),
                    format!("under {threshold} hours a week: {below}"),
                )
            };
            because.push(Because {
                question: format!("hours.{}", o.id),
                answer: given.clone(),
                note,
            });
            (code, true)
        }
    };
    let entry: &CodeEntry = cx.schemes.parse(code).ok()?;
    let ilr: &CodeEntry = cx.schemes.to_scheme(entry, crate::codes::ILR, &[]).ok()?;

    // Start: the answered date, else the day after learning ended.
    let start = match (d.start, learning_end) {
        (Some(s), end) => {
            because.push(Because {
                question: format!("{qid}.start"),
                answer: s.to_string(),
                note: "start date as answered".into(),
            });
            if let Some(end) = end {
                let allowed = cx.def.rules.max_days_start_before_learning_end;
                if s < end - Duration::days(i64::from(allowed)) {
                    cx.find(
                        &START_BEFORE_LEARNING_END,
                        &format!("{qid}.start"),
                        s.to_string(),
                        format!(
                            "{qid}.start: '{}' started on {s}, more than {allowed} days before learning ended on {end}; if it simply continued, give the day after learning ended",
                            o.id
                        ),
                    );
                    return None;
                }
            }
            s
        }
        (None, Some(end)) => {
            let s = next_day(end);
            because.push(Because {
                question: "learning_end".into(),
                answer: end.to_string(),
                note: format!("no start date answered: the day after learning ended, {s}"),
            });
            s
        }
        (None, None) => {
            cx.find(
                &START_UNKNOWN,
                &format!("{qid}.start"),
                "",
                format!("{qid}.start: no start date for '{}' and the learning end date is not known; give either", o.id),
            );
            return None;
        }
    };

    // No record may start more than 10 years before its collection's teaching year began
    // (ESFA OutStartDate_01): such a date is a typing slip, not a destination.
    let year = TeachingYear::containing(collection);
    let earliest = crate::records::earliest_start(year);
    if start < earliest {
        cx.find(
            &crate::records::START_TOO_EARLY,
            &format!("{qid}.start"),
            start.to_string(),
            format!(
                "{qid}.start: '{}' started on {start}, more than 10 years before teaching year {year} (of the survey date {collection}) began; the earliest start a destination may have is {earliest}: check the year",
                o.id
            ),
        );
        return None;
    }

    // A future start must be definite and within the limit.
    if start > collection {
        if !d.definite {
            cx.find(
                &FUTURE_START_NOT_DEFINITE,
                &format!("{qid}.definite"),
                start.to_string(),
                format!("{qid}: '{}' starts on {start}, after the survey date {collection}; a future start is recorded only when definite", o.id),
            );
            return None;
        }
        let limit = cx.def.rules.max_days_future_start;
        if start > collection + Duration::days(i64::from(limit)) {
            cx.find(
                &FUTURE_START_TOO_FAR,
                &format!("{qid}.start"),
                start.to_string(),
                format!("{qid}: '{}' starts on {start}, more than {limit} days after the survey date {collection}; it cannot be recorded yet", o.id),
            );
            return None;
        }
        because.push(Because {
            question: format!("{qid}.definite"),
            answer: "true".into(),
            note: "definite future start".into(),
        });
    }

    // End: only when the activity ended before the collection date.
    let mut end = None;
    if let (Some(true), Some(e)) = (d.ended, d.end) {
        if e < start {
            cx.find(
                &END_BEFORE_START,
                &format!("{qid}.end"),
                e.to_string(),
                format!(
                    "{qid}: '{}' ended on {e}, before it started on {start}",
                    o.id
                ),
            );
            return None;
        }
        if e > collection {
            cx.find(
                &END_AFTER_COMPLETION,
                &format!("{qid}.end"),
                e.to_string(),
                format!("{qid}: '{}' cannot have ended on {e}, after the survey was completed on {collection}", o.id),
            );
            return None;
        }
        if e < collection {
            end = Some(e);
            because.push(Because {
                question: format!("{qid}.end"),
                answer: e.to_string(),
                note: if d.ended_by_end_date {
                    "ended before the survey date ('ended' not answered: an end date means the activity ended)".into()
                } else {
                    "ended before the survey date".into()
                },
            });
        } else {
            because.push(Because {
                question: format!("{qid}.end"),
                answer: e.to_string(),
                note: "ends on the survey date: not yet ended when collected, so no end date"
                    .into(),
            });
        }
    }

    // The authority code: employment records take the qualifiers of what changed since.
    let used: Vec<&str> = if is_work && ilr.ilr_type() == Some("EMP") {
        qualifiers.iter().map(|(_, q)| *q).collect()
    } else {
        Vec::new()
    };
    let wmca = cx
        .schemes
        .scheme("wmca")
        .ok()
        .and_then(|_| cx.schemes.to_scheme(ilr, "wmca", &used).ok());
    if let Some(w) = wmca {
        if let Some(q) = w.qualifier() {
            if let Some((id, _)) = qualifiers
                .iter()
                .find(|(_, qq)| crate::codes::normalise_qualifier(qq) == q)
            {
                because.push(Because {
                    question: "change_since".into(),
                    answer: (*id).to_string(),
                    note: format!("{q}: {}", w.code()),
                });
            }
        }
    }
    Some(DerivedRecord {
        activity: o.id.clone(),
        code: ilr.code().to_string(),
        wmca_code: wmca.map(|w| w.code().to_string()),
        title: ilr.title().to_string(),
        start,
        end,
        collection,
        main: main == Some(o.id.as_str()),
        because,
    })
}

/// Reports, and withholds, records that the ILR forbids together: EMP (or an apprenticeship,
/// EDU2, which is paid work) with NPE from one date (OutType_04), two of one non-EDU type from one date (OutType_02), three EDU from one date
/// (OutType_03), one code twice from one date (R69).
fn withhold_conflicts(cx: &mut Ctx<'_>, records: &mut Vec<DerivedRecord>, activities_id: &str) {
    let mut withheld: HashSet<usize> = HashSet::new();
    let ty = |r: &DerivedRecord| crate::codes::out_type(&r.code).to_string();
    for i in 0..records.len() {
        let same: Vec<usize> = (0..records.len())
            .filter(|j| records[*j].start == records[i].start)
            .collect();
        if same.first() != Some(&i) {
            continue;
        }
        let start = records[i].start;
        let names = |ix: &[usize]| {
            ix.iter()
                .map(|j| format!("{} ({})", records[*j].activity, records[*j].code))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // An apprenticeship (EDU2) is paid work too (the ILR: EDU2 needs no employment
        // outcome beside it), as the destinations upload takes it (`apprenticeship_and_npe`).
        let emp: Vec<usize> = same
            .iter()
            .copied()
            .filter(|j| ty(&records[*j]) == "EMP" || records[*j].code == "EDU2")
            .collect();
        let npe: Vec<usize> = same
            .iter()
            .copied()
            .filter(|j| ty(&records[*j]) == "NPE")
            .collect();
        if !emp.is_empty() && !npe.is_empty() {
            let both: Vec<usize> = emp.iter().chain(&npe).copied().collect();
            cx.find(
                &CONTRADICTORY,
                activities_id,
                names(&both),
                format!("{activities_id}: in paid work and not in paid work from the same date {start}: {}; ask the learner which is right, or for their real start dates", names(&both)),
            );
            withheld.extend(both);
        }
        let mut types: Vec<String> = same.iter().map(|j| ty(&records[*j])).collect();
        types.sort();
        types.dedup();
        for t in types {
            let of: Vec<usize> = same
                .iter()
                .copied()
                .filter(|j| ty(&records[*j]) == t && !withheld.contains(j))
                .collect();
            let mut codes: Vec<&str> = of.iter().map(|j| records[*j].code.as_str()).collect();
            codes.sort_unstable();
            let repeated_code = codes.windows(2).any(|w| w[0] == w[1]);
            let too_many = if t == "EDU" {
                of.len() > 2 || repeated_code
            } else {
                of.len() > 1
            };
            if too_many {
                cx.find(
                    &SAME_TYPE_SAME_DATE,
                    activities_id,
                    names(&of),
                    format!("{activities_id}: {} all start on {start}; the ILR allows {} from one date; give each its real start date", names(&of), if t == "EDU" { "at most two different EDU outcomes" } else { "one outcome of a type" }),
                );
                withheld.extend(of);
            }
        }
    }
    let mut i = 0;
    records.retain(|_| {
        let keep = !withheld.contains(&i);
        i += 1;
        keep
    });
}
