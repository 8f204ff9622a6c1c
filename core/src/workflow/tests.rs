use super::*;
use crate::codes::Schemes;
use crate::dates::parse_date;
use crate::learners::LearnerLists;
use serde_json::json;

fn today() -> chrono::NaiveDate {
    parse_date("2025-09-01").unwrap()
}

const DESTINATIONS: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n\
    10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n\
    10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n\
    10099999,9276308686,LRN3,20000008,ICT for Users,EDU1\n";

const LEARNERS: &str = "UKPRN,Learner year group,First name,Last name,Postcode,Dob\n\
    10012345,Year 11,=cmd|' /C calc'!A0,Smith,B33 8TH,2010-01-01\n\
    10012345,Year 11,Zoë,Brontë,B33 8TH,2010-02-02\n\
    10012345,Year 11,Bad,Date,B33 8TH,2010-02-30\n";

fn message(e: &crate::Error) -> String {
    e.to_string()
}

#[test]
fn unknown_keys_are_refused_with_the_accepted_ones_in_the_callers_style() {
    let e = DestinationsJob::from_value(json!({"ukrpn": 10012345}), KeyStyle::Snake).unwrap_err();
    assert_eq!(e.code(), "option_unknown");
    match &e {
        crate::Error::OptionUnknown { option, accepted } => {
            assert_eq!(option, "ukrpn");
            assert_eq!(accepted[0], "ukprn");
            assert!(accepted.contains(&"max_findings".to_string()));
        }
        other => panic!("{other:?}"),
    }
    // camelCase: the snake spelling is not a camel key.
    let e = LearnersJob::from_value(json!({"max_findings": 3}), KeyStyle::Camel).unwrap_err();
    match &e {
        crate::Error::OptionUnknown { option, accepted } => {
            assert_eq!(option, "max_findings");
            assert!(accepted.contains(&"maxFindings".to_string()));
            assert!(accepted.contains(&"existingUsernames".to_string()));
            assert!(!accepted.iter().any(|k| k.contains('_')));
        }
        other => panic!("{other:?}"),
    }
    // A learner option on another template is unknown there.
    let e = DestinationsJob::from_value(json!({"credentials": true}), KeyStyle::Snake).unwrap_err();
    assert_eq!(e.code(), "option_unknown");
    // Camel keys are read in camel style.
    let job = LearnersJob::from_value(
        json!({"minAge": 12, "maxAge": 19, "asOf": "2025-09-01", "keepAccepted": false}),
        KeyStyle::Camel,
    )
    .unwrap();
    assert_eq!(job.ages(), 12..=19);
    assert_eq!(job.as_of, Some(today()));
    assert!(!job.common.keep_accepted);
}

#[test]
fn every_key_list_ends_with_the_common_keys() {
    for keys in [
        DestinationsJob::KEYS,
        LearnersJob::KEYS,
        QualificationsJob::KEYS,
    ] {
        assert!(keys.ends_with(COMMON_KEYS), "{keys:?}");
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len(), "a key twice in {keys:?}");
    }
}

#[test]
fn defaults_are_stated_once() {
    let job = LearnersJob::from_value(json!({}), KeyStyle::Snake).unwrap();
    assert_eq!(job, LearnersJob::default());
    assert_eq!(job.ages(), crate::learners::DEFAULT_AGES);
    assert_eq!(job.ages(), 11..=25);
    assert!(!job.credentials);
    assert!(job.common.keep_accepted);
    assert_eq!(
        LearnersJob::from_value(serde_json::Value::Null, KeyStyle::Camel).unwrap(),
        job
    );
    assert_eq!(
        crate::template::learners::LearnersOptions::new(today()).ages,
        crate::learners::DEFAULT_AGES
    );
    let job = DestinationsJob::from_value(json!(null), KeyStyle::Snake).unwrap();
    assert_eq!(job, DestinationsJob::default());
}

#[test]
fn wrong_types_and_ranges_name_the_option_and_what_it_takes() {
    let cases = [
        (
            json!({"max_findings": -1}),
            "max_findings",
            "a whole number from 0",
        ),
        (
            json!({"max_findings": 2.5}),
            "max_findings",
            "a whole number from 0",
        ),
        (json!({"ukprn": true}), "ukprn", "a UKPRN"),
        (json!({"ukprn": "1001234"}), "ukprn", "1001234"),
        (json!({"as_of": "01/09/2025"}), "as_of", "YYYY-MM-DD"),
        (
            json!({"as_of": 20250901}),
            "as_of",
            "a YYYY-MM-DD string, not a number",
        ),
        (
            json!({"keep_accepted": "yes"}),
            "keep_accepted",
            "true or false",
        ),
        (json!({"sheet": 3}), "sheet", "a string"),
        (json!({"sheet": "  "}), "sheet", "blank"),
    ];
    for (value, option, takes) in cases {
        let e = DestinationsJob::from_value(value.clone(), KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "option_invalid", "{value}");
        match &e {
            crate::Error::OptionInvalid { option: o, message } => {
                assert_eq!(o, option, "{value}");
                assert!(message.contains(takes), "{value}: {message}");
            }
            other => panic!("{other:?}"),
        }
    }
    // camelCase names in messages.
    let e = DestinationsJob::from_value(json!({"maxFindings": -1}), KeyStyle::Camel).unwrap_err();
    assert!(message(&e).starts_with("option 'maxFindings'"), "{e}");
    let e =
        LearnersJob::from_value(json!({"ukprns": [10012345, "x"]}), KeyStyle::Snake).unwrap_err();
    assert!(message(&e).starts_with("option 'ukprns[1]'"), "{e}");
    let e = LearnersJob::from_value(json!({"min_age": 151}), KeyStyle::Snake).unwrap_err();
    assert_eq!(e.code(), "option_invalid");
    // A long value is never echoed whole.
    let long = "9".repeat(100_000);
    for value in [
        json!({"ukprn": long}),
        json!({"as_of": long}),
        json!({"keep_accepted": long}),
    ] {
        let e = DestinationsJob::from_value(value, KeyStyle::Snake).unwrap_err();
        assert!(message(&e).len() < 600, "{} chars", message(&e).len());
    }
    let e = DestinationsJob::from_value(json!([1, 2]), KeyStyle::Snake).unwrap_err();
    assert_eq!(e.code(), "option_invalid");
}

#[test]
fn ukprns_and_dates_take_the_hosts_forms() {
    let job =
        DestinationsJob::from_value(json!({"ukprn": 10012345.0, "as_of": ""}), KeyStyle::Snake)
            .unwrap();
    assert_eq!(job.ukprn.map(|u| u.get()), Some(10012345));
    assert_eq!(job.as_of, None, "a blank date is no date");
    let job = DestinationsJob::from_value(
        json!({"ukprn": " 10012345 ", "as_of": null}),
        KeyStyle::Snake,
    )
    .unwrap();
    assert_eq!(job.ukprn.map(|u| u.get()), Some(10012345));
    assert_eq!(job.as_of, None);
    let e =
        DestinationsJob::from_value(json!({"as_of": "2025-02-30"}), KeyStyle::Snake).unwrap_err();
    assert!(message(&e).contains("February 2025 has 28 days"), "{e}");
}

#[test]
fn options_that_cannot_go_together_are_refused() {
    let conflict = |value: serde_json::Value| {
        let e = LearnersJob::from_value(value.clone(), KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "options_conflict", "{value}: {e}");
        e
    };
    let e = conflict(json!({"existing_usernames": ["ann"]}));
    assert!(
        message(&e).contains("existing_usernames is for issuing credentials"),
        "{e}"
    );
    conflict(json!({"existing_usernames": "ann\nbob", "credentials": false}));
    conflict(json!({"seed": 7}));
    conflict(json!({"min_age": 20, "max_age": 19}));
    conflict(json!({"credentials": false, "credentials_csv": "c.csv"}));
    let e = LearnersJob::from_value(json!({"existingUsernames": ["ann"]}), KeyStyle::Camel)
        .unwrap_err();
    assert!(
        message(&e)
            .contains("existingUsernames is for issuing credentials; give credentials: true too")
            || message(&e).contains("existingUsernames is for issuing credentials"),
        "{e}"
    );
    // An empty list asks nothing: a host's default.
    assert!(LearnersJob::from_value(json!({"existing_usernames": []}), KeyStyle::Snake).is_ok());
    // The credentials file asks for credentials.
    let job = LearnersJob::from_value(
        json!({"credentials_csv": "c.csv", "seed": "18446744073709551615"}),
        KeyStyle::Snake,
    )
    .unwrap();
    assert!(job.credentials);
    assert_eq!(job.seed, Some(u64::MAX));
    // Two outputs on one name.
    let e = LearnersJob::from_value(
        json!({"errors_csv": "out.csv", "credentials_csv": "out.csv"}),
        KeyStyle::Snake,
    )
    .unwrap_err();
    assert_eq!(e.code(), "outputs_share_file");
    assert!(
        message(&e).contains("errors_csv and credentials_csv both name 'out.csv'"),
        "{e}"
    );
    let e = DestinationsJob::from_value(
        json!({"errorsCsv": "x", "acceptedCsv": "x"}),
        KeyStyle::Camel,
    )
    .unwrap_err();
    assert!(message(&e).contains("errorsCsv and acceptedCsv"), "{e}");
}

#[test]
fn existing_usernames_are_trimmed() {
    let job = LearnersJob::from_value(
        json!({"credentials": true, "existing_usernames": ["\u{feff}ann ", "", "  ", " bob"]}),
        KeyStyle::Snake,
    )
    .unwrap();
    assert_eq!(job.existing_usernames, ["ann", "bob"]);
    let job = LearnersJob::from_value(
        json!({"credentials": true, "existing_usernames": "\u{feff}ann\r\n\r\n bob \n"}),
        KeyStyle::Snake,
    )
    .unwrap();
    assert_eq!(job.existing_usernames, ["ann", "bob"]);
    let e = LearnersJob::from_value(
        json!({"credentials": true, "existing_usernames": ["ann", 3]}),
        KeyStyle::Snake,
    )
    .unwrap_err();
    assert!(
        message(&e).starts_with("option 'existing_usernames[1]'"),
        "{e}"
    );
}

/// Keeps what a run hands out.
#[derive(Default)]
struct Kept {
    accepted: Vec<u64>,
    rejected: Vec<(u64, Vec<&'static str>)>,
    credentials: Vec<(u64, [String; 9])>,
}

impl RowSink for Kept {
    fn accepted(&mut self, row: &mut crate::template::AcceptedRow<'_>) -> crate::Result<()> {
        self.accepted.push(row.row());
        Ok(())
    }
    fn rejected(&mut self, row: &crate::template::RejectedRow<'_>) -> crate::Result<()> {
        self.rejected
            .push((row.row(), row.findings().iter().map(|f| f.code).collect()));
        Ok(())
    }
    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> crate::Result<()> {
        self.credentials.push((row, cells.clone()));
        Ok(())
    }
}

#[test]
fn a_destinations_run_writes_the_same_files_as_the_engine() {
    use crate::template::destinations::{DestinationsOptions, DestinationsTemplate};
    use crate::template::{AcceptedCsvWriter, ErrorsCsvWriter, RowOutcome, Upload, UploadOptions};
    let schemes = Schemes::builtin();
    let job = DestinationsJob::from_value(
        json!({"ukprn": 10012345, "file_name": "given.csv"}),
        KeyStyle::Snake,
    )
    .unwrap();
    let (mut errors, mut accepted, mut kept) = (Vec::new(), Vec::new(), Kept::default());
    let mut book = Vec::new();
    let sinks = Sinks {
        errors_csv: Some(&mut errors),
        errors_xlsx: Some(&mut book),
        accepted_csv: Some(&mut accepted),
        credentials_csv: None,
        rows: Some(&mut kept),
    };
    let ctx = RunContext::new(today())
        .with_now("2025-09-01T10:00:00+01:00")
        .with_input_name("ignored.csv");
    let ran = run_destinations(DESTINATIONS.as_bytes(), &job, &schemes, ctx, sinks).unwrap();
    assert_eq!(ran.report.summary.file.as_deref(), Some("given.csv"));
    assert_eq!(
        ran.report.summary.processed_at.as_deref(),
        Some("2025-09-01T10:00:00+01:00")
    );
    assert_eq!(
        (ran.report.summary.accepted, ran.report.summary.rejected),
        (1, 2)
    );
    assert_eq!(kept.accepted, [2]);
    assert_eq!(kept.rejected[0].0, 3);
    assert!(kept.rejected[1].1.contains(&"ukprn_not_uploader"));
    assert_eq!(ran.credentials_issued, None);
    // The errors workbook holds the errors file's rows and cells, as text.
    let mut wb = crate::workbook::Workbook::from_bytes(book).unwrap();
    let sheet = wb.sheet(None).unwrap();
    let csv_text = String::from_utf8(errors.clone()).unwrap();
    let mut csv_rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.trim_start_matches('\u{FEFF}').as_bytes());
    for ((_, cells), record) in sheet.rows().zip(csv_rows.records()) {
        let record = record.unwrap();
        let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        cells.resize(record.len(), String::new());
        let want: Vec<String> = record.iter().map(str::to_string).collect();
        assert_eq!(cells, want);
    }
    assert_eq!(sheet.row_count(), 3, "header and two rejected rows");

    // The engine directly, as the hosts ran it before.
    let template = DestinationsTemplate::new(
        &schemes,
        DestinationsOptions::new(today()).with_ukprn(crate::Ukprn::parse("10012345").unwrap()),
    );
    let upload =
        Upload::from_csv(DESTINATIONS.as_bytes(), template, UploadOptions::default()).unwrap();
    let mut e = ErrorsCsvWriter::new(Vec::new(), &upload).unwrap();
    let mut a = AcceptedCsvWriter::new(Vec::new(), &upload).unwrap();
    let report = upload
        .run(|o| match o {
            RowOutcome::Accepted(mut r) => a.write(&mut r),
            RowOutcome::Rejected(r) => e.write(&r),
        })
        .unwrap();
    assert_eq!(report.findings, ran.report.findings);
    assert_eq!(e.finish().unwrap(), errors);
    assert_eq!(a.finish().unwrap(), accepted);

    // The name and time from the context when the job gives none; keep_accepted false.
    let job =
        DestinationsJob::from_value(json!({"keep_accepted": false}), KeyStyle::Snake).unwrap();
    let mut kept = Kept::default();
    let ctx = RunContext::new(today()).with_input_name("upload.csv");
    let sinks = Sinks {
        rows: Some(&mut kept),
        ..Sinks::default()
    };
    let ran = run_destinations(DESTINATIONS.as_bytes(), &job, &schemes, ctx, sinks).unwrap();
    assert_eq!(ran.report.summary.file.as_deref(), Some("upload.csv"));
    assert!(kept.accepted.is_empty());
    assert_eq!(kept.rejected.len(), 1);
}

fn seeded_learners(existing: &[&str]) -> (crate::Result<RunReport>, Vec<u8>, Kept) {
    let job = LearnersJob::from_value(
        json!({"as_of": "2025-09-01", "credentials_csv": "c.csv", "seed": 42, "existing_usernames": existing}),
        KeyStyle::Snake,
    )
    .unwrap();
    let (mut credentials, mut kept) = (Vec::new(), Kept::default());
    let sinks = Sinks {
        credentials_csv: Some(&mut credentials),
        rows: Some(&mut kept),
        ..Sinks::default()
    };
    let ran = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(parse_date("2030-01-01").unwrap()),
        sinks,
    );
    (ran, credentials, kept)
}

#[test]
fn a_learner_run_issues_credentials_to_the_credentials_file() {
    let (ran, credentials, kept) = seeded_learners(&[]);
    let ran = ran.unwrap();
    assert_eq!(ran.credentials_issued, Some(2));
    assert_eq!(ran.report.summary.rejected, 1);
    let text = String::from_utf8(credentials.clone()).unwrap();
    assert!(text.starts_with(
        "\u{feff}Provider,First name,Last name,Postcode,ULN,DOB,Username,Password,Created on\r\n"
    ));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{text:?}");
    assert_eq!(lines[3], "");
    assert!(
        lines[1].starts_with("10012345,'=cmd|' /C calc'!A0,Smith,B33 8TH,,2010-01-01,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("10012345,Zoë,Brontë,B33 8TH,,2010-02-02,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[1].ends_with(",2025-09-01"),
        "created on as_of: {}",
        lines[1]
    );
    assert!(!text.contains('\n') || text.matches('\n').count() == text.matches("\r\n").count());
    // The row sink gets the same cells, with their rows.
    assert_eq!(kept.credentials.len(), 2);
    assert_eq!(kept.credentials[1].0, 3);
    assert_eq!(kept.credentials[1].1[1], "Zoë");
    assert!(lines[2].contains(&kept.credentials[1].1[7]));
    // Seeded: the same bytes every time.
    let (_, again, _) = seeded_learners(&[]);
    assert_eq!(again, credentials);
    // Existing usernames are avoided.
    let taken = kept.credentials[1].1[6].clone();
    let (_, _, other) = seeded_learners(&[&taken]);
    assert_ne!(other.credentials[1].1[6], taken);
}

#[test]
fn credentials_need_a_working_random_source() {
    let job = LearnersJob::from_value(json!({"credentials": true}), KeyStyle::Snake).unwrap();
    let e = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "random_unavailable");

    struct Failing;
    impl crate::learners::RandomSource for Failing {
        fn fill_bytes(&mut self, buf: &mut [u8]) {
            buf.fill(0);
        }
        fn take_failure(&mut self) -> Option<String> {
            Some("getrandom: unavailable".to_string())
        }
    }
    let mut failing = Failing;
    let mut credentials = Vec::new();
    let sinks = Sinks {
        credentials_csv: Some(&mut credentials),
        ..Sinks::default()
    };
    let e = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(today()).with_random(&mut failing),
        sinks,
    )
    .unwrap_err();
    assert_eq!(e.code(), "random_unavailable");
    assert!(message(&e).contains("getrandom: unavailable"), "{e}");

    // A working source (a closure) issues.
    let mut counter = 0u8;
    let mut source = |buf: &mut [u8]| {
        for b in buf {
            counter = counter.wrapping_add(37);
            *b = counter;
        }
    };
    let ran = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(today()).with_random(&mut source),
        Sinks::default(),
    )
    .unwrap();
    assert_eq!(ran.credentials_issued, Some(2));
}

#[test]
fn a_credentials_file_without_credentials_is_refused() {
    let job = LearnersJob::default();
    let mut credentials = Vec::new();
    let sinks = Sinks {
        credentials_csv: Some(&mut credentials),
        ..Sinks::default()
    };
    let e = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(today()),
        sinks,
    )
    .unwrap_err();
    assert_eq!(e.code(), "options_conflict");
}

#[test]
fn a_run_stops_when_the_caller_cancels() {
    let schemes = Schemes::builtin();
    let job = DestinationsJob::default();
    let stop = || true;
    let e = run_destinations(
        DESTINATIONS.as_bytes(),
        &job,
        &schemes,
        RunContext::new(today()).with_cancel(&stop),
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    // Asked again after every CANCEL_EVERY_ROWS rows.
    let mut big = String::from(
        "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n",
    );
    for i in 0..(CANCEL_EVERY_ROWS as usize * 2 + 5) {
        big.push_str(&format!("10012345,9276308686,L{i},20000008,,EMP1\n"));
    }
    let asked = std::cell::Cell::new(0u32);
    let after_first = || {
        asked.set(asked.get() + 1);
        asked.get() > 2
    };
    let e = run_destinations(
        big.as_bytes(),
        &job,
        &schemes,
        RunContext::new(today()).with_cancel(&after_first),
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert_eq!(
        asked.get(),
        3,
        "before the first row, after 4096 rows, after 8192"
    );
    let never = || false;
    let ran = run_destinations(
        big.as_bytes(),
        &job,
        &schemes,
        RunContext::new(today()).with_cancel(&never),
        Sinks::default(),
    )
    .unwrap();
    assert_eq!(
        ran.report.summary.rows,
        u64::from(CANCEL_EVERY_ROWS) * 2 + 5
    );
}

const QUALIFICATIONS: &str = "UCAS Account ID,Qualification Type 1,Qualification Subject 1,Qualification Completion Date 1,Qualification Predicted Grade 1,Qualification Actual Grade 1\n\
    1001,GCSE (9-1),Mathematics,2025-06,5,\n";

#[test]
fn which_qualification_lists_win() {
    let job = QualificationsJob::default();
    let ran = run_qualifications(
        QUALIFICATIONS.as_bytes(),
        &job,
        QualificationResources::default(),
        KeyStyle::Snake,
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap();
    let used = ran.qualification_lists.unwrap();
    assert!(used.is_default);
    assert_eq!(ran.exported_learners, None);

    let mut lists = crate::qualifications::QualificationLists::builtin();
    lists.source = "my lists".to_string();
    lists.is_default = false;
    let given = QualificationResources {
        lists: Some(lists.clone()),
        ..Default::default()
    };
    let ran = run_qualifications(
        QUALIFICATIONS.as_bytes(),
        &job,
        given,
        KeyStyle::Snake,
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap();
    assert_eq!(ran.qualification_lists.unwrap().source, "my lists");

    // Lists and a reference file together: refused, whichever style.
    let both = QualificationResources {
        lists: Some(lists.clone()),
        reference: Some(NamedInput {
            name: "ref.json".into(),
            bytes: serde_json::to_vec(&lists).unwrap(),
        }),
        ..Default::default()
    };
    let e = both.check(&job, KeyStyle::Camel).unwrap_err();
    assert_eq!(e.code(), "options_conflict");
    let e = run_qualifications(
        QUALIFICATIONS.as_bytes(),
        &job,
        both,
        KeyStyle::Snake,
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "options_conflict");
    assert!(
        message(&e).contains("as reference (a file) or as lists, not both"),
        "{e}"
    );

    // A reference file alone gives the lists.
    let reference = QualificationResources {
        reference: Some(NamedInput {
            name: "ref.json".into(),
            bytes: serde_json::to_vec(&lists).unwrap(),
        }),
        ..Default::default()
    };
    let ran = run_qualifications(
        QUALIFICATIONS.as_bytes(),
        &job,
        reference,
        KeyStyle::Snake,
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap();
    assert!(!ran.qualification_lists.unwrap().is_default);

    // The export's learners; export_sheet needs an export.
    let export = "UCAS Account ID,Forename,Surname,Date of Birth,Current Provider,Current Area\n1001,Ann,Smith,2008-01-01,College,Area\n";
    let with_export = QualificationResources {
        export: Some(NamedInput {
            name: "export.csv".into(),
            bytes: export.as_bytes().to_vec(),
        }),
        ..Default::default()
    };
    let ran = run_qualifications(
        QUALIFICATIONS.as_bytes(),
        &job,
        with_export.clone(),
        KeyStyle::Snake,
        RunContext::new(today()),
        Sinks::default(),
    );
    // The upload lacks the identity columns the export is compared on.
    assert_eq!(ran.unwrap_err().code(), "missing_columns");
    let sheet_job =
        QualificationsJob::from_value(json!({"export_sheet": "Learners"}), KeyStyle::Snake)
            .unwrap();
    let e = QualificationResources::default()
        .check(&sheet_job, KeyStyle::Snake)
        .unwrap_err();
    assert_eq!(e.code(), "options_conflict");
    assert!(with_export.check(&sheet_job, KeyStyle::Snake).is_ok());
}

#[test]
fn decisions() {
    assert_eq!(group_number(1, "n").unwrap(), 1);
    assert_eq!(group_number(18, "n").unwrap(), 18);
    for n in [0, 19, -1, i64::MAX] {
        let e = group_number(n, "n").unwrap_err();
        assert_eq!(e.code(), "option_invalid");
        assert!(message(&e).contains("groups are numbered 1 to 18"), "{e}");
    }
    assert_eq!(group_number_value(&json!(18.0), "n").unwrap(), 18);
    assert_eq!(
        group_number_value(&json!("3"), "n").unwrap_err().code(),
        "option_invalid"
    );

    for (value, code) in [
        (json!(1), 1),
        (json!("2"), 2),
        (json!(3.0), 3),
        (json!(" 6"), 6),
    ] {
        assert_eq!(
            completion_status(&value, "completion_status")
                .unwrap()
                .code(),
            code
        );
    }
    for value in [
        json!(4),
        json!("x"),
        json!(-1),
        json!(true),
        json!(null),
        json!(2.5),
    ] {
        let e = completion_status(&value, "completion_status").unwrap_err();
        assert_eq!(e.code(), "option_invalid", "{value}");
        assert!(message(&e).starts_with("option 'completion_status'"), "{e}");
    }
    let e = completion_status(&json!("x"), "completionStatus").unwrap_err();
    assert!(message(&e).contains("'x' is not an ILR CompStatus"), "{e}");

    assert_eq!(optional_date(Some("")).unwrap(), None);
    assert_eq!(optional_date(Some(" \t")).unwrap(), None);
    assert_eq!(date_option(&json!(""), "end").unwrap(), None);
    assert_eq!(date_option(&json!(null), "end").unwrap(), None);
    assert_eq!(
        date_option(&json!("2025-07-31"), "end")
            .unwrap()
            .unwrap()
            .to_string(),
        "2025-07-31"
    );
    assert_eq!(
        date_option(&json!(5), "end").unwrap_err().code(),
        "option_invalid"
    );

    let file_date = parse_date("2025-07-31").unwrap();
    assert_eq!(
        teaching_year_or_default(None, file_date).to_string(),
        "2024-25"
    );
    let file_date = parse_date("2025-08-01").unwrap();
    assert_eq!(
        teaching_year_or_default(None, file_date).to_string(),
        "2025-26"
    );

    assert_eq!(existing_usernames_from_text(""), Vec::<String>::new());
    assert_eq!(
        existing_usernames_from_text("\u{feff}\n a \r\n\r\nb"),
        ["a", "b"]
    );
}

#[test]
fn every_builtin_scheme_survives_its_json() {
    for scheme in Schemes::builtin().schemes() {
        let text = scheme.to_json();
        let again = crate::codes::Scheme::from_json_str(&text, "round trip").unwrap();
        assert_eq!(&again, scheme);
    }
}

#[test]
fn the_key_styles() {
    assert_eq!(KeyStyle::Camel.key("as_of"), "asOf");
    assert_eq!(KeyStyle::Camel.key("errors_csv"), "errorsCsv");
    assert_eq!(KeyStyle::Flag.key("errors_csv"), "--errors-csv");
    assert_eq!(KeyStyle::Camel.key("ukprn"), "ukprn");
    assert_eq!(KeyStyle::Snake.key("as_of"), "as_of");
}

#[test]
fn effective_options_read_back_to_the_same_job() {
    for style in [KeyStyle::Snake, KeyStyle::Camel] {
        let job = LearnersJob::from_value(json!({}), style).unwrap();
        let view = job.to_value(style);
        assert_eq!(view.as_object().unwrap().len(), LearnersJob::KEYS.len());
        assert_eq!(view[style.key("min_age")], json!(11));
        assert_eq!(LearnersJob::from_value(view, style).unwrap(), job);
        let mut given = json!({"ukprns": [10012345], "as_of": "2025-09-01", "credentials_csv": "c.csv", "seed": 7, "existing_usernames": ["a"], "max_findings": 3, "errors_csv": "e.csv"});
        if style == KeyStyle::Camel {
            let map = given.as_object().unwrap().clone();
            given = serde_json::Value::Object(
                map.into_iter().map(|(k, v)| (style.key(&k), v)).collect(),
            );
        }
        let job = LearnersJob::from_value(given, style).unwrap();
        assert_eq!(
            LearnersJob::from_value(job.to_value(style), style).unwrap(),
            job
        );
        let job = DestinationsJob::from_value(json!({}), style).unwrap();
        assert_eq!(
            DestinationsJob::from_value(job.to_value(style), style).unwrap(),
            job
        );
        assert_eq!(
            job.to_value(style).as_object().unwrap().len(),
            DestinationsJob::KEYS.len()
        );
        let job = QualificationsJob::from_value(json!({}), style).unwrap();
        assert_eq!(
            QualificationsJob::from_value(job.to_value(style), style).unwrap(),
            job
        );
        assert_eq!(
            job.to_value(style).as_object().unwrap().len(),
            QualificationsJob::KEYS.len()
        );
    }
}

/// Keeps what the run hands to [`RowSink::findings`].
#[derive(Default)]
struct Streamed(Vec<crate::Finding>);

impl RowSink for Streamed {
    fn findings(&mut self, findings: &[crate::Finding]) -> crate::Result<()> {
        self.0.extend_from_slice(findings);
        Ok(())
    }
}

#[test]
fn every_finding_is_streamed_in_the_report_order_whatever_the_cap() {
    // A file-level warning (an unknown column), row findings, and a CSV read as Windows-1252.
    let upload = b"UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code,Notes\n\
        10012345,9276308687,LRN1,20000008,Caf\xe9,EMP1,x\n\
        10012345,'9276308686,LRN2,20000008,,EMP9,y\n\
        10012345,9276308686,LRN3,20000008,,EMP1,z\n";
    let schemes = Schemes::builtin();
    let whole = DestinationsJob::from_value(json!({}), KeyStyle::Snake).unwrap();
    let full = run_destinations(
        &upload[..],
        &whole,
        &schemes,
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap();
    assert!(
        full.report.findings.len() >= 4,
        "{:?}",
        full.report.findings
    );
    let capped = DestinationsJob::from_value(json!({"max_findings": 0}), KeyStyle::Snake).unwrap();
    let mut streamed = Streamed::default();
    let sinks = Sinks {
        rows: Some(&mut streamed),
        ..Sinks::default()
    };
    let ran = run_destinations(
        &upload[..],
        &capped,
        &schemes,
        RunContext::new(today()),
        sinks,
    )
    .unwrap();
    assert!(ran.report.findings.is_empty() && ran.report.truncated);
    assert_eq!(ran.report.summary, full.report.summary);
    assert_eq!(streamed.0, full.report.findings);
    let codes: Vec<&str> = streamed.0.iter().map(|f| f.code).collect();
    assert!(
        codes.contains(&"unknown_column") && codes.contains(&"uln_text_prefix"),
        "{codes:?}"
    );
}

#[test]
fn a_sheet_named_for_a_csv_file_is_refused_in_the_callers_spelling() {
    let schemes = Schemes::builtin();
    let job = DestinationsJob::from_value(json!({"--sheet": "Sheet1"}), KeyStyle::Flag).unwrap();
    let ctx = RunContext::new(today()).with_style(KeyStyle::Flag);
    let e = run_destinations(
        DESTINATIONS.as_bytes(),
        &job,
        &schemes,
        ctx,
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "option_invalid");
    let text = e.to_string();
    assert!(
        text.contains("--sheet") && text.contains("CSV text, which has no sheets"),
        "{text}"
    );
    let job = LearnersJob::from_value(json!({"sheet": "Learners"}), KeyStyle::Camel).unwrap();
    let e = run_learners(
        LEARNERS.as_bytes(),
        &job,
        &LearnerLists::builtin(),
        RunContext::new(today()),
        Sinks::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "option_invalid");
}
