//! `host::upload`: the core's workflow on files, standard input, bytes and readers.
#![allow(clippy::unwrap_used, clippy::panic)]

use learner_destinations::codes::Schemes;
use learner_destinations::learners::LearnerLists;
use learner_destinations::template::{AcceptedRow, RejectedRow};
use learner_destinations::workflow::{
    DestinationsJob, KeyStyle, LearnersJob, QualificationResources, QualificationsJob, RowSink,
};
use learner_destinations_host::upload::{
    Control, Input, Output, Outputs, run_destinations, run_learners, run_qualifications,
};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

fn upload() -> String {
    format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,ICT,EMP1\n10012345,9276308687,LRN2,20000008,ICT,EMP1\n"
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ld-host-up-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn job() -> DestinationsJob {
    DestinationsJob::from_value(json!({"as_of": "2025-09-01"}), KeyStyle::Snake).unwrap()
}

#[test]
fn files_are_committed_and_memory_outputs_returned() {
    let dir = scratch("files");
    let input = dir.join("upload.csv");
    std::fs::write(&input, upload()).unwrap();
    let outputs = Outputs {
        errors_csv: Output::File(dir.join("errors.csv")),
        errors_xlsx: Output::None,
        accepted_csv: Output::Memory,
        credentials_csv: Output::None,
    };
    let ran = run_destinations(
        Input::path(&input),
        &job(),
        &Schemes::builtin(),
        &outputs,
        None,
        &Control::default(),
    )
    .unwrap();
    let s = &ran.run.report.summary;
    assert_eq!((s.accepted, s.rejected), (1, 1));
    assert_eq!(
        s.file.as_deref(),
        Some("upload.csv"),
        "the input's name by default"
    );
    assert!(s.processed_at.is_some(), "the host's clock");
    let errors = std::fs::read_to_string(dir.join("errors.csv")).unwrap();
    assert!(
        errors.starts_with('\u{feff}') && errors.contains("LRN2"),
        "{errors}"
    );
    let accepted = String::from_utf8(ran.accepted_csv.unwrap()).unwrap();
    assert!(
        accepted.contains("LRN1") && !accepted.contains("LRN2"),
        "{accepted}"
    );
    assert_eq!(ran.errors_csv, None, "a file output is not returned");
    assert_eq!(
        listing(&dir),
        BTreeSet::from(["upload.csv".to_string(), "errors.csv".to_string()])
    );
}

#[test]
fn bytes_and_readers_are_inputs_and_rows_reach_the_sink() {
    #[derive(Default)]
    struct Count {
        accepted: u32,
        rejected: u32,
    }
    impl RowSink for Count {
        fn accepted(&mut self, _: &mut AcceptedRow<'_>) -> learner_destinations::Result<()> {
            self.accepted += 1;
            Ok(())
        }
        fn rejected(&mut self, _: &RejectedRow<'_>) -> learner_destinations::Result<()> {
            self.rejected += 1;
            Ok(())
        }
    }
    let text = upload();
    for input in [
        Input::bytes(text.as_bytes()),
        Input::reader(std::io::Cursor::new(text.clone().into_bytes())),
    ] {
        let mut count = Count::default();
        let read = std::cell::Cell::new(0u64);
        let progress = |n: u64| read.set(n);
        let control = Control {
            progress: Some(&progress),
            ..Control::default()
        };
        let ran = run_destinations(
            input,
            &job(),
            &Schemes::builtin(),
            &Outputs::default(),
            Some(&mut count),
            &control,
        )
        .unwrap();
        assert_eq!(ran.run.report.summary.rows, 2);
        assert_eq!((count.accepted, count.rejected), (1, 1));
        assert_eq!(read.get(), text.len() as u64, "progress reaches the end");
    }
}

#[test]
fn an_output_over_the_input_is_refused_before_reading() {
    let dir = scratch("over");
    let input = dir.join("upload.csv");
    std::fs::write(&input, upload()).unwrap();
    let spelled = dir.join(".").join("upload.csv");
    for outputs in [
        Outputs {
            errors_csv: Output::File(spelled.clone()),
            ..Outputs::default()
        },
        Outputs {
            accepted_csv: Output::File(input.clone()),
            ..Outputs::default()
        },
    ] {
        let e = run_destinations(
            Input::path(&input),
            &job(),
            &Schemes::builtin(),
            &outputs,
            None,
            &Control {
                style: KeyStyle::Camel,
                ..Control::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "output_is_input");
        assert!(
            e.to_string().contains("Csv '"),
            "named in the caller's style: {e}"
        );
        assert_eq!(std::fs::read_to_string(&input).unwrap(), upload());
    }
}

#[test]
fn an_output_over_another_input_of_the_run_is_refused() {
    let dir = scratch("guard");
    let reference = dir.join("reference.json");
    std::fs::write(&reference, b"{}").unwrap();
    let outputs = Outputs {
        errors_csv: Output::File(reference.clone()),
        ..Outputs::default()
    };
    let text = upload();
    let e = run_destinations(
        Input::bytes(text.as_bytes()).guarding(&reference),
        &job(),
        &Schemes::builtin(),
        &outputs,
        None,
        &Control::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "output_is_input");
    assert_eq!(std::fs::read(&reference).unwrap(), b"{}");
}

#[test]
fn a_cancelled_or_failed_run_leaves_nothing() {
    let dir = scratch("cancel");
    let input = dir.join("upload.csv");
    let mut text = upload();
    for i in 0..20_000 {
        text.push_str(&format!("10012345,9276308686,L{i},20000008,ICT,EMP1\n"));
    }
    std::fs::write(&input, &text).unwrap();
    let outputs = Outputs {
        errors_csv: Output::File(dir.join("errors.csv")),
        errors_xlsx: Output::None,
        accepted_csv: Output::File(dir.join("accepted.csv")),
        credentials_csv: Output::None,
    };
    let before = listing(&dir);
    let calls = std::cell::Cell::new(0u32);
    let cancel = || {
        calls.set(calls.get() + 1);
        calls.get() > 2
    };
    let e = run_destinations(
        Input::path(&input),
        &job(),
        &Schemes::builtin(),
        &outputs,
        None,
        &Control {
            cancel: Some(&cancel),
            ..Control::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert_eq!(listing(&dir), before);
    // A file that cannot be processed: nothing either.
    std::fs::write(&input, "UKPRN\n10012345\n").unwrap();
    let e = run_destinations(
        Input::path(&input),
        &job(),
        &Schemes::builtin(),
        &outputs,
        None,
        &Control::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "missing_columns");
    assert_eq!(listing(&dir), before);
    // A missing input is unreadable, with its kind.
    let e = run_destinations(
        Input::path(&dir.join("nope.csv")),
        &job(),
        &Schemes::builtin(),
        &outputs,
        None,
        &Control::default(),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        learner_destinations::Error::InputUnreadable {
            kind: std::io::ErrorKind::NotFound,
            ..
        }
    ));
    assert_eq!(listing(&dir), before);
}

#[test]
fn credentials_owner_only_and_the_same_bytes_in_memory_and_on_disk() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("creds");
    let input = "UKPRN,Learner year group,First name,Last name,Postcode,Dob\n10012345,Year 11,Zoë,=HYPERLINK(\"x\"),B33 8TH,2010-01-02\n";
    let path = dir.join("creds.csv");
    let job = LearnersJob::from_value(
        json!({"as_of": "2025-09-01", "credentials_csv": path.to_string_lossy(), "seed": 7}),
        KeyStyle::Snake,
    )
    .unwrap();
    let lists = LearnerLists::builtin();
    let on_disk = run_learners(
        Input::bytes(input.as_bytes()),
        &job,
        &lists,
        &Outputs::from_job(&job.common.outputs),
        None,
        &Control::default(),
    )
    .unwrap();
    assert_eq!(on_disk.run.credentials_issued, Some(1));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let in_memory = run_learners(
        Input::bytes(input.as_bytes()),
        &job,
        &lists,
        &Outputs {
            credentials_csv: Output::Memory,
            ..Outputs::default()
        },
        None,
        &Control::default(),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(in_memory.credentials_csv.as_deref(), Some(&bytes[..]));
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("\r\n"),
        "{text:?}"
    );
    assert!(text.contains("Zoë,\"'=HYPERLINK(\"\"x\"\")\","), "{text}");
}

#[test]
fn qualification_resources_that_conflict_are_refused_before_opening() {
    let job = QualificationsJob::from_value(json!({"exportSheet": "X"}), KeyStyle::Camel).unwrap();
    let e = run_qualifications(
        Input::path(Path::new("/no/such/upload.csv")),
        &job,
        QualificationResources::default(),
        &Outputs::default(),
        None,
        &Control {
            style: KeyStyle::Camel,
            ..Control::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "options_conflict");
    assert!(e.to_string().contains("exportSheet"), "{e}");
}
