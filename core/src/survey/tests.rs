use super::*;
use crate::codes::Schemes;
use crate::dates::parse_date;
use proptest::prelude::*;
use serde_json::json;

#[test]
fn default_survey_is_valid() {
    let schemes = Schemes::builtin();
    let text = include_str!("../../data/leaver-survey.json");
    let def = SurveyDefinition::from_json_str(text, &schemes).unwrap();
    assert_eq!(def, SurveyDefinition::builtin(&schemes));
    let activities = def.question(QuestionKind::Activities).unwrap();
    assert_eq!(activities.options.len(), 16);
    assert_eq!(def.rules.hours_threshold.to_string(), "16");
    assert!(!def.source.is_empty());
}

#[test]
fn definition_errors_say_what() {
    let schemes = Schemes::builtin();
    let base: serde_json::Value =
        serde_json::from_str(include_str!("../../data/leaver-survey.json")).unwrap();
    let broken = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = base.clone();
        f(&mut v);
        SurveyDefinition::from_json_str(&v.to_string(), &schemes)
            .unwrap_err()
            .to_string()
    };
    assert!(
        broken(&|v| v["questions"][0]["options"][0]["outcome"] = json!({"code": "EMP9"}))
            .contains("EMP9")
    );
    assert!(broken(&|v| v["questions"][1]["id"] = json!("activities")).contains("appears twice"));
    assert!(
        broken(&|v| {
            v["questions"].as_array_mut().unwrap().remove(0);
        })
        .contains("Activities")
    );
    let e = SurveyDefinition::from_json_str("{\"id\": 1", &schemes).unwrap_err();
    assert_eq!(e.code(), "json_invalid");
}

#[test]
fn malformed_answers_say_where() {
    let e = SurveyAnswers::from_json_str("{\n  \"answers\": {\"activities\": [\"gap_year\",]}\n}")
        .unwrap_err();
    match e {
        crate::Error::Json { line, .. } => assert_eq!(line, 2),
        other => panic!("unexpected {other:?}"),
    }
    assert!(SurveyAnswers::from_json_str("{\"answer\": {}}").is_err());
}

/// A start date more than 10 years before the survey's teaching year began (a slip of the
/// year) is refused with OutStartDate_01's finding instead of becoming a record the record
/// rules refuse. Found by the `survey` fuzz target (fuzz/corpus/survey/).
#[test]
fn a_start_more_than_ten_years_back_is_refused() {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let derive_start = |start: &str| {
        let answers = SurveyAnswers::from_json_str(
            &json!({"answers": {
                "activities": ["fe_part_time"],
                "activity_dates": {"fe_part_time": {"start": start}},
                "completed_on": "2025-10-01",
            }})
            .to_string(),
        )
        .unwrap();
        let context = DerivationContext {
            schemes: &schemes,
            learning_end: None,
            as_of: parse_date("2025-12-31").unwrap(),
        };
        derive(&def, &answers, &context)
    };
    // Teaching year 2025-26 began on 2025-08-01: the earliest start is 2015-08-01.
    let out = derive_start("2015-07-31");
    assert!(out.records.is_empty(), "{:?}", out.records);
    let f = &out.findings[0];
    assert_eq!(f.code, "destination_start_too_early");
    assert_eq!(
        f.column.as_deref(),
        Some("activity_dates.fe_part_time.start")
    );
    assert!(
        f.message.contains("2015-07-31") && f.message.contains("2015-08-01"),
        "{}",
        f.message
    );
    let out = derive_start("2015-08-01");
    assert_eq!(out.records.len(), 1, "{:?}", out.findings);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn because_explains_each_record() {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let answers = SurveyAnswers::from_json_str(
        r#"{"answers": {"activities": ["paid_employment"], "hours": "37.5", "employed_before": true,
            "change_since": ["more_hours"], "completed_on": "2025-10-01"}}"#,
    )
    .unwrap();
    let ctx = DerivationContext {
        schemes: &schemes,
        learning_end: Some(parse_date("2025-07-18").unwrap()),
        as_of: parse_date("2025-10-31").unwrap(),
    };
    let out = derive(&def, &answers, &ctx);
    let questions: Vec<&str> = out.records[0]
        .because
        .iter()
        .map(|b| b.question.as_str())
        .collect();
    assert_eq!(
        questions,
        [
            "activities",
            "hours.paid_employment",
            "learning_end",
            "change_since"
        ]
    );
    assert!(out.records[0].because[1].note.contains("16 hours or more"));
    assert!(out.records[0].because[3].note.contains("WMCA1.1"));
}

/// An apprenticeship is paid work: with "not working" from the same date, both are withheld
/// as EMP with NPE are (and the destinations upload would reject both rows).
#[test]
fn an_apprenticeship_and_not_working_from_one_date_are_withheld() {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let derive_with = |activities: serde_json::Value| {
        let answers = SurveyAnswers::from_json_str(
            &json!({"answers": {"activities": activities, "completed_on": "2025-10-01"}})
                .to_string(),
        )
        .unwrap();
        let context = DerivationContext {
            schemes: &schemes,
            learning_end: Some(parse_date("2025-07-18").unwrap()),
            as_of: parse_date("2025-12-31").unwrap(),
        };
        derive(&def, &answers, &context)
    };
    let out = derive_with(json!(["apprenticeship", "not_looking"]));
    assert!(out.records.is_empty(), "{:?}", out.records);
    let contradiction = out
        .findings
        .iter()
        .find(|f| f.code == "survey_contradictory_answers")
        .unwrap_or_else(|| panic!("{:?}", out.findings));
    assert!(
        contradiction.message.contains("apprenticeship (EDU2)"),
        "{}",
        contradiction.message
    );
    let out = derive_with(json!(["apprenticeship", "fe_part_time"]));
    assert_eq!(out.records.len(), 2, "{:?}", out.findings);
}

fn arb_date() -> impl Strategy<Value = String> {
    (2024i32..2028, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

fn arb_answers() -> impl Strategy<Value = serde_json::Value> {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let acts: Vec<String> = def
        .question(QuestionKind::Activities)
        .unwrap()
        .options
        .iter()
        .map(|o| o.id.clone())
        .collect();
    (
        prop::sample::subsequence(acts.clone(), 0..4),
        prop::collection::btree_map(
            prop::sample::select(acts.clone()),
            (
                "16_or_more|under_16|[0-9]{1,3}(\\.[0-9]{1,2})?",
                any::<bool>(),
            ),
            0..3,
        ),
        prop::collection::btree_map(
            prop::sample::select(acts),
            (
                prop::option::of(arb_date()),
                any::<bool>(),
                prop::option::of(any::<bool>()),
                prop::option::of(arb_date()),
            ),
            0..4,
        ),
        arb_date(),
        prop::option::of(any::<bool>()),
        prop::sample::subsequence(
            vec!["more_hours", "new_job", "promotion", "pay_rise", "nothing"],
            0..3,
        ),
    )
        .prop_map(|(activities, hours, dates, completed, before, changes)| {
            let main = activities.first().cloned();
            let hours: serde_json::Map<String, serde_json::Value> =
                hours.into_iter().map(|(k, (v, _))| (k, json!(v))).collect();
            let dates: serde_json::Map<String, serde_json::Value> = dates
                .into_iter()
                .map(|(k, (start, definite, ended, end))| {
                    (
                        k,
                        json!({"start": start, "definite": definite, "ended": ended, "end": end}),
                    )
                })
                .collect();
            json!({"answers": {
                "activities": activities, "hours": hours, "activity_dates": dates,
                "completed_on": completed, "employed_before": before, "change_since": changes,
                "main_activity": main,
            }})
        })
}

proptest! {
    /// For arbitrary well-formed answers, derivation never panics, and every record it gives is
    /// consistent: ordered dates, collection on or before the as-of date, a code valid on its
    /// start, and no combination the ILR forbids from one start date (OutType_02/03/04, R69).
    #[test]
    fn derivation_is_total_and_records_are_consistent(doc in arb_answers(), le in prop::option::of(arb_date())) {
        let schemes = Schemes::builtin();
        let def = SurveyDefinition::builtin(&schemes);
        let answers = SurveyAnswers::from_json_str(&doc.to_string()).unwrap();
        let as_of = parse_date("2027-12-31").unwrap();
        let learning_end = le.and_then(|d| parse_date(&d).ok());
        let out = derive(&def, &answers, &DerivationContext { schemes: &schemes, learning_end, as_of });
        for r in &out.records {
            prop_assert!(r.collection <= as_of);
            if let Some(e) = r.end {
                prop_assert!(r.start <= e && e < r.collection);
            }
            prop_assert!(schemes.parse(&r.code).unwrap().is_valid_on(r.start));
            if let Some(le) = learning_end {
                // A record whose activity has no start date answered starts after learning
                // ended (the answers always hold `activity_dates`, so look at this activity's).
                let start_answered = answers
                    .answers
                    .get("activity_dates")
                    .and_then(|dates| dates.get(&r.activity))
                    .and_then(|dates| dates.get("start"))
                    .is_some_and(|start| !start.is_null());
                if !start_answered {
                    prop_assert!(r.start > le);
                }
            }
        }
        // Every derived record passes the destination-record rules (OutType_01..05,
        // OutEndDate_01, OutStartDate_01/02, OutCollDate_01/02, R69), checked against the
        // teaching year of its collection date and the as-of date as file preparation date.
        let records: Vec<_> = out.records.iter().map(DerivedRecord::to_record).collect();
        for r in &out.records {
            let year = crate::dates::TeachingYear::containing(r.collection);
            let findings = crate::records::check_records(&records, &schemes, year, as_of);
            prop_assert!(findings.is_empty(), "{:?} break {:?}", out.records, findings);
        }
    }

    /// For answers that tick up to four activities with dates around one survey (so that
    /// outcomes overlap, end, and start later, and most answers derive records), the template
    /// rows are accepted by the destinations upload, and every record has a row or a finding
    /// saying why not.
    #[test]
    fn template_rows_are_always_accepted_by_the_upload(
        picked in prop::collection::btree_map(
            0usize..16,
            (0i64..80, prop::option::of(0i64..80), any::<bool>()),
            1..5,
        ),
    ) {
        let schemes = Schemes::builtin();
        let def = SurveyDefinition::builtin(&schemes);
        let acts = &def.question(QuestionKind::Activities).unwrap().options;
        let learning_end = parse_date("2025-07-18").unwrap();
        let day = |n: i64| (learning_end + chrono::Duration::days(n)).to_string();
        // The survey is completed on day 75: a start after it is a (definite) future one.
        let mut activities = Vec::new();
        let mut dates = serde_json::Map::new();
        for (i, (start, end, definite)) in &picked {
            let id = acts[*i].id.clone();
            let mut d = json!({"start": day(1 + start), "definite": definite});
            if let Some(e) = end.filter(|e| 1 + start + e < 75) {
                d["end"] = json!(day(1 + start + e));
            }
            dates.insert(id.clone(), d);
            activities.push(id);
        }
        let doc = json!({
            "learner": {"ukprn": "10012345", "uln": "9276308686", "learn_ref": "L1", "aim_ref": "20000406"},
            "answers": {
                "activities": activities, "activity_dates": dates, "completed_on": day(75),
                "hours": {"paid_employment": "37.5", "self_employment": "10"},
                "employed_before": false, "main_activity": activities[0],
            }
        });
        let answers = SurveyAnswers::from_json_str(&doc.to_string()).unwrap();
        let as_of = parse_date("2025-12-31").unwrap();
        let out = derive(&def, &answers, &DerivationContext { schemes: &schemes, learning_end: Some(learning_end), as_of });
        let template = template_rows(answers.learner.as_ref(), &out.records).unwrap();
        prop_assert_eq!(template.rows.len() + template.findings.len(), out.records.len());
        prop_assert!(template.findings.iter().all(|f| f.code == NOT_IN_TEMPLATE.code));
        prop_assert!(!template.rows.is_empty() || out.records.is_empty());
        let (accepted, rejected) = upload_counts(&template.rows, as_of);
        prop_assert_eq!((accepted, rejected), (template.rows.len() as u64, 0), "{:?} from {:?}", template.rows, out.records);
    }

    #[test]
    fn arbitrary_json_never_panics(text in "\\PC{0,200}") {
        let schemes = Schemes::builtin();
        let def = SurveyDefinition::builtin(&schemes);
        if let Ok(a) = SurveyAnswers::from_json_str(&text) {
            let _ = derive(&def, &a, &DerivationContext { schemes: &schemes, learning_end: None, as_of: parse_date("2025-01-01").unwrap() });
        }
    }
}

#[test]
fn template_rows_follow_the_upload_columns() {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let text = include_str!("../../../examples/survey-answers.json");
    let answers = SurveyAnswers::from_json_str(text).unwrap();
    let ctx = DerivationContext {
        schemes: &schemes,
        learning_end: None,
        as_of: parse_date("2025-10-31").unwrap(),
    };
    let out = derive(&def, &answers, &ctx);
    let template = template_rows(answers.learner.as_ref(), &out.records).unwrap();
    assert!(template.findings.is_empty(), "{:?}", template.findings);
    let rows = template.rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0][..4],
        ["10012345", "9276308686", "000000997742", "20000406"]
    );
    assert_eq!(rows[0][5], "WMCA1.1");
    assert_eq!(rows[1][5], "EDU5");
    assert_eq!(crate::template::destinations::COLUMNS.len(), rows[0].len());
    let e = template_rows(None, &out.records).unwrap_err();
    assert!(e.message.contains("learner.ukprn"));
    let bad = SurveyLearner {
        ukprn: Some("10012345".into()),
        uln: Some("1000000063".into()),
        learn_ref: Some("L1".into()),
        aim_ref: Some("A1".into()),
        aim_title: None,
    };
    assert_eq!(
        template_rows(Some(&bad), &out.records).unwrap_err().code(),
        "uln_checksum"
    );
    // A title the upload would reject (too long, or a NUL that makes the file binary).
    for title in ["T".repeat(255), "Health\0Care".to_string()] {
        let learner = SurveyLearner {
            aim_title: Some(title),
            ..answers.learner.clone().unwrap()
        };
        let e = template_rows(Some(&learner), &out.records).unwrap_err();
        assert_eq!(e.code(), "survey_invalid_answer");
        assert!(e.message.contains("learner.aim_title"), "{}", e.message);
    }
}

#[test]
fn a_key_given_twice_is_refused_at_any_depth() {
    let refused = |text: &str| {
        let e = SurveyAnswers::from_json_str(text).unwrap_err();
        assert_eq!(e.code(), "json_invalid", "{text}");
        e.to_string()
    };
    // Two answers to one question: neither is taken.
    let e = refused(
        r#"{"answers": {"hours": "10", "activities": ["paid_employment"], "hours": "40"}}"#,
    );
    assert!(e.contains("'hours' is given twice in the answers"), "{e}");
    assert!(e.contains("line 1"), "{e}");
    // Inside an answer's object (an activity's dates).
    let e = refused(
        "{\"answers\": {\"activity_dates\": {\"paid_employment\":\n {\"start\": \"2025-08-01\", \"start\": \"2025-09-01\"}}}}",
    );
    assert!(
        e.contains("'start' is given twice in an object inside an answer"),
        "{e}"
    );
    assert!(e.contains("line 2"), "{e}");
    // The document's own fields, and the learner's, were refused twice already.
    let e = refused(r#"{"answers": {}, "answers": {"hours": "40"}}"#);
    assert!(e.contains("duplicate field"), "{e}");
    let e = refused(r#"{"learner": {"uln": "1", "uln": "2"}, "answers": {}}"#);
    assert!(e.contains("duplicate field"), "{e}");
    // The same key in two different objects is no repeat; values keep their kinds.
    let a = SurveyAnswers::from_json_str(
        r#"{"answers": {"a": {"start": "x"}, "b": {"start": "y", "n": [1, -2, 2.5, null, true]}}}"#,
    )
    .unwrap();
    assert_eq!(
        a.answers["b"],
        json!({"start": "y", "n": [1, -2, 2.5, null, true]})
    );
}

/// How many of these destinations template rows the upload accepts and rejects.
fn upload_counts(rows: &[[String; 6]], as_of: chrono::NaiveDate) -> (u64, u64) {
    use crate::template::destinations::{COLUMNS, DestinationsOptions, DestinationsTemplate};
    use crate::template::{Upload, UploadOptions};
    if rows.is_empty() {
        return (0, 0);
    }
    let quoted = |c: &str| format!("\"{}\"", c.replace('"', "\"\""));
    let mut csv = COLUMNS
        .iter()
        .map(|c| quoted(c.name))
        .collect::<Vec<_>>()
        .join(",");
    for row in rows {
        csv.push('\n');
        csv.push_str(&row.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(","));
    }
    let schemes = Schemes::builtin();
    let template = DestinationsTemplate::new(&schemes, DestinationsOptions::new(as_of));
    let report = Upload::from_csv(csv.as_bytes(), template, UploadOptions::default())
        .and_then(Upload::finish)
        .unwrap();
    (report.summary.accepted, report.summary.rejected)
}

/// The survey's template rows for answers with these activities and dates, as (codes in the
/// rows, (code, message) of each finding); the rows are checked against the upload.
fn template_of(
    activities: &[&str],
    dates: serde_json::Value,
) -> (Vec<String>, Vec<(String, String)>) {
    let schemes = Schemes::builtin();
    let def = SurveyDefinition::builtin(&schemes);
    let doc = json!({
        "learner": {"ukprn": "10012345", "uln": "9276308686", "learn_ref": "L1", "aim_ref": "20000406"},
        "learning_end": "2025-07-18",
        "answers": {
            "activities": activities, "employed_before": false,
            "hours": {"paid_employment": "37.5", "self_employment": "37.5"},
            "activity_dates": dates, "completed_on": "2025-10-01",
            "main_activity": activities[activities.len() - 1],
        }
    });
    let answers = SurveyAnswers::from_json_str(&doc.to_string()).unwrap();
    let as_of = parse_date("2025-10-31").unwrap();
    let out = derive(
        &def,
        &answers,
        &DerivationContext {
            schemes: &schemes,
            learning_end: None,
            as_of,
        },
    );
    assert!(!out.has_errors(), "{:?}", out.findings);
    let template = template_rows(answers.learner.as_ref(), &out.records).unwrap();
    assert_eq!(
        template.rows.len() + template.findings.len(),
        out.records.len()
    );
    assert_eq!(
        upload_counts(&template.rows, as_of),
        (template.rows.len() as u64, 0),
        "{template:?}"
    );
    (
        template.rows.iter().map(|r| r[5].clone()).collect(),
        template
            .findings
            .iter()
            .map(|f| (f.value.clone().unwrap_or_default(), f.message.clone()))
            .collect(),
    )
}

/// A left-out record's finding (code, message) says `text`.
fn says(finding: &(String, String), text: &str) {
    assert!(finding.1.contains(text), "{}", finding.1);
}

#[test]
fn template_rows_are_the_outcomes_on_one_date() {
    // A job that ended, then looking for work: the upload, whose rows carry no dates, would
    // take EMP and NPE together as a contradiction; the row is the outcome at the survey date.
    let (rows, left) = template_of(
        &["paid_employment", "looking_for_work"],
        json!({"paid_employment": {"start": "2025-07-21", "end": "2025-08-29"},
               "looking_for_work": {"start": "2025-09-01"}}),
    );
    assert_eq!(rows, ["NPE1"], "{left:?}");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, "EMP1");
    says(
        &left[0],
        "ended on 2025-08-29, before the survey date 2025-10-01",
    );
    says(&left[0], "stays in the derived records");

    // Employed and self-employed at once, from different dates: the ILR takes both, the upload
    // one EMP per enrolment: the later one has the row, and the finding names the other.
    let (rows, left) = template_of(
        &["paid_employment", "self_employment"],
        json!({"paid_employment": {"start": "2025-07-21"}, "self_employment": {"start": "2025-09-01"}}),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, "EMP1");
    says(&left[0], "beside 'self_employment' (EMP4) from 2025-09-01");

    // Nothing under way at the survey date: the last outcome before it has the row.
    let (rows, left) = template_of(
        &["paid_employment"],
        json!({"paid_employment": {"start": "2025-07-21", "end": "2025-08-29"}}),
    );
    assert_eq!((rows.len(), left.len()), (1, 0));

    // Only a definite future start: its row; beside an outcome under way now, the future one
    // is left out (and says when it starts).
    let (rows, left) = template_of(
        &["higher_education"],
        json!({"higher_education": {"start": "2025-10-20", "definite": true}}),
    );
    assert_eq!((rows, left.len()), (vec!["EDU6".to_string()], 0));
    let (rows, left) = template_of(
        &["looking_for_work", "apprenticeship"],
        json!({"looking_for_work": {"start": "2025-09-01"}, "apprenticeship": {"start": "2025-10-20", "definite": true}}),
    );
    assert_eq!(rows, ["NPE1"], "{left:?}");
    assert_eq!(left.len(), 1);
    says(
        &left[0],
        "starts on 2025-10-20, after the survey date 2025-10-01",
    );
}
