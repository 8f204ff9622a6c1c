//! "Read this ILR file for …": the core's ILR workflow ([`learner_destinations::workflow`]'s
//! `run_ilr_*`) on real inputs and outputs, once for every host.
//!
//! Each run, in order:
//! 1. opens the input (a path, standard input, bytes or a reader) to be streamed, at most
//!    [`input::ILR`]'s limit ([`input::open`], [`input::open_reader`]);
//! 2. refuses, before a byte is read, an output file that is the input (however spelled), a
//!    folder at the output path or a missing folder ([`check_outputs`]);
//! 3. creates the output file as a temporary file in its folder ([`OutputFile`]; the mailing
//!    list owner-only, mode 0600 from its first byte, since it holds personal contact details),
//!    or an in-memory buffer, or writes to the caller's writer;
//! 4. runs the core's use on the file, one learner at a time;
//! 5. puts the output file in place only when the whole run succeeded; otherwise nothing is
//!    left behind.
//!
//! ```no_run
//! use learner_destinations::workflow::{IlrTemplateJob, KeyStyle};
//! use learner_destinations_host::ilr::{CsvOutput, ilr_template};
//! use learner_destinations_host::upload::Input;
//! use serde_json::json;
//! use std::path::Path;
//!
//! let job = IlrTemplateJob::from_value(json!({"sof": ["112"]}), KeyStyle::Snake)?;
//! let ran = ilr_template(
//!     Input::path(Path::new("ILR-10000001-2324-20240320-090000-01.xml")),
//!     &job,
//!     CsvOutput::File(Path::new("upload.csv")),
//!     KeyStyle::Snake,
//! )?;
//! println!("{} rows", ran.report.rows);
//! # Ok::<(), learner_destinations::Error>(())
//! ```

use crate::input::{self, ILR};
use crate::output::{FileIdentity, OutputFile, Privacy, check_outputs};
use crate::upload::{Input, Source};
use learner_destinations::codes::Schemes;
use learner_destinations::ilr::{IlrAwaiting, IlrContacts, IlrRecords};
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplate, IlrTemplateJob, KeyStyle,
    run_ilr_awaiting, run_ilr_contacts, run_ilr_records, run_ilr_template,
};
use learner_destinations::{Error, Result};
use std::io::{BufRead, Write};
use std::path::Path;

/// Where a use's CSV goes (the mailing list, the pre-filled upload).
pub enum CsvOutput<'a> {
    /// Not written.
    None,
    /// Written to this file, put in place only when the run succeeds.
    File(&'a Path),
    /// Returned as bytes.
    Memory,
    /// Written to the caller's writer as it is made (the command line's standard output).
    Writer(&'a mut dyn Write),
}

impl std::fmt::Debug for CsvOutput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CsvOutput::None => f.write_str("CsvOutput::None"),
            CsvOutput::File(p) => f.debug_tuple("CsvOutput::File").field(p).finish(),
            CsvOutput::Memory => f.write_str("CsvOutput::Memory"),
            CsvOutput::Writer(_) => f.write_str("CsvOutput::Writer"),
        }
    }
}

/// A use's report, with its CSV when asked for as [`CsvOutput::Memory`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IlrRun<T> {
    /// The core's report.
    pub report: T,
    /// The CSV's bytes, when asked for in memory.
    pub csv: Option<Vec<u8>>,
}

/// The input opened to be streamed, and the files that may not be an output.
fn open<'a>(input: Input<'a>) -> Result<(Box<dyn BufRead + 'a>, Vec<FileIdentity>)> {
    let mut guarded = input.others;
    let reader: Box<dyn BufRead + 'a> = match input.source {
        Source::Path(path) => {
            let reader = input::open(path, &ILR)?;
            guarded.extend(FileIdentity::of_path(path));
            Box::new(reader)
        }
        Source::Stdin => {
            guarded.extend(FileIdentity::of_stdin());
            Box::new(input::open_reader(std::io::stdin().lock(), "-", &ILR))
        }
        Source::Bytes(bytes) => {
            if bytes.len() as u64 > ILR.limit {
                return Err(Error::InputTooLarge {
                    what: format!("{} given as bytes", ILR.what),
                    limit: ILR.limit,
                });
            }
            Box::new(bytes)
        }
        Source::Reader(reader) => Box::new(input::open_reader(reader, "the stream", &ILR)),
    };
    Ok((reader, guarded))
}

/// Runs `work` with the opened input and the CSV's writer, then puts the file in place.
fn run<'i, T>(
    input: Input<'i>,
    option: &str,
    output: CsvOutput<'_>,
    privacy: Privacy,
    work: impl FnOnce(Box<dyn BufRead + 'i>, Option<&mut dyn Write>) -> Result<T>,
) -> Result<IlrRun<T>> {
    let (reader, guarded) = open(input)?;
    match output {
        CsvOutput::None => Ok(IlrRun {
            report: work(reader, None)?,
            csv: None,
        }),
        CsvOutput::Writer(out) => Ok(IlrRun {
            report: work(reader, Some(out))?,
            csv: None,
        }),
        CsvOutput::Memory => {
            let mut bytes = Vec::new();
            let report = work(reader, Some(&mut bytes))?;
            Ok(IlrRun {
                report,
                csv: Some(bytes),
            })
        }
        CsvOutput::File(path) => {
            check_outputs(&guarded, &[(option, path)])?;
            let mut file = OutputFile::create(option, path, privacy)?;
            let report = match work(reader, Some(&mut file)) {
                Ok(report) => report,
                // A write that failed is named by its output, not as a bare I/O error.
                Err(e) => return Err(file.failure().unwrap_or(e)),
            };
            file.commit()?;
            Ok(IlrRun { report, csv: None })
        }
    }
}

/// The enrolments and learners awaiting a destination in an ILR file
/// ([`run_ilr_awaiting`]).
pub fn ilr_awaiting(
    input: Input<'_>,
    job: &IlrAwaitingJob,
    style: KeyStyle,
) -> Result<IlrAwaiting> {
    let (reader, _) = open(input)?;
    run_ilr_awaiting(reader, job, style)
}

/// The survey's contacts in an ILR file ([`run_ilr_contacts`]), and the mailing list to
/// `csv` (a file is owner-only, mode 0600 from its first byte). `style` spells the output's
/// option (`csv`, `--csv`) in messages.
pub fn ilr_contacts(
    input: Input<'_>,
    job: &IlrContactsJob,
    csv: CsvOutput<'_>,
    style: KeyStyle,
) -> Result<IlrRun<IlrContacts>> {
    run(
        input,
        &style.key("csv"),
        csv,
        Privacy::OwnerOnly,
        |reader, out| run_ilr_contacts(reader, job, style, out),
    )
}

/// The D&P record checks of an ILR file against `schemes` ([`run_ilr_records`]).
pub fn ilr_records(input: Input<'_>, job: &IlrRecordsJob, schemes: &Schemes) -> Result<IlrRecords> {
    let (reader, _) = open(input)?;
    run_ilr_records(reader, job, schemes)
}

/// The WMCA destinations upload pre-filled from an ILR file ([`run_ilr_template`]), written
/// to `output` (which must not be [`CsvOutput::None`]: the template is the use's result).
/// `style` spells the output's option (`output`, `--output`) in messages.
pub fn ilr_template(
    input: Input<'_>,
    job: &IlrTemplateJob,
    output: CsvOutput<'_>,
    style: KeyStyle,
) -> Result<IlrRun<IlrTemplate>> {
    let output = match output {
        CsvOutput::None => CsvOutput::Memory,
        other => other,
    };
    run(
        input,
        &style.key("output"),
        output,
        Privacy::Ordinary,
        |reader, out| match out {
            Some(out) => run_ilr_template(reader, job, style, out),
            None => run_ilr_template(reader, job, style, &mut std::io::sink()),
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    const XML: &str = r#"<Message xmlns="ESFA/ILR/2023-24">
  <Header><CollectionDetails><Collection>ILR</Collection><Year>2324</Year>
    <FilePreparationDate>2024-03-20</FilePreparationDate></CollectionDetails>
    <Source><UKPRN>10000001</UKPRN></Source></Header>
  <LearningProvider><UKPRN>10000001</UKPRN></LearningProvider>
  <Learner><LearnRefNumber>L1</LearnRefNumber><ULN>9276308686</ULN>
    <TelNo>07700900123</TelNo><Email>sam@example.org</Email>
    <LearningDelivery><LearnAimRef>60012345</LearnAimRef><AimType>4</AimType>
      <AimSeqNumber>1</AimSeqNumber><LearnStartDate>2023-09-01</LearnStartDate>
      <LearnPlanEndDate>2024-06-30</LearnPlanEndDate><FundModel>70</FundModel>
      <CompStatus>2</CompStatus><LearnActEndDate>2024-01-15</LearnActEndDate>
    </LearningDelivery></Learner>
</Message>"#;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ld-host-ilr-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn every_input_reads_the_same() {
        let dir = scratch("inputs");
        let path = dir.join("ilr.xml");
        std::fs::write(&path, XML).unwrap();
        let job = IlrAwaitingJob::default();
        let from_path = ilr_awaiting(Input::path(&path), &job, KeyStyle::Snake).unwrap();
        let from_bytes = ilr_awaiting(Input::bytes(XML.as_bytes()), &job, KeyStyle::Snake).unwrap();
        let from_reader =
            ilr_awaiting(Input::reader(XML.as_bytes()), &job, KeyStyle::Snake).unwrap();
        assert_eq!(from_path, from_bytes);
        assert_eq!(from_path, from_reader);
        assert_eq!(from_path.report.enrolments.len(), 1);
        let e =
            ilr_awaiting(Input::path(&dir.join("none.xml")), &job, KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "input_unreadable");
        let records =
            ilr_records(Input::path(&path), &IlrRecordsJob {}, &Schemes::builtin()).unwrap();
        assert_eq!(records.year.to_string(), "2023-24");
    }

    #[cfg(unix)]
    #[test]
    fn the_mailing_list_is_owner_only_and_never_the_input() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("contacts");
        let path = dir.join("ilr.xml");
        std::fs::write(&path, XML).unwrap();
        let csv = dir.join("mailing.csv");
        let job = IlrContactsJob::default();
        let ran = ilr_contacts(
            Input::path(&path),
            &job,
            CsvOutput::File(&csv),
            KeyStyle::Snake,
        )
        .unwrap();
        assert_eq!(ran.report.contacts.len(), 1);
        assert_eq!(
            std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(
            std::fs::read_to_string(&csv)
                .unwrap()
                .contains("sam@example.org")
        );
        let e = ilr_contacts(
            Input::path(&path),
            &job,
            CsvOutput::File(&path),
            KeyStyle::Flag,
        )
        .unwrap_err();
        assert_eq!(e.code(), "output_is_input");
        assert!(e.to_string().contains("--csv"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), XML);
        let ran = ilr_contacts(
            Input::bytes(XML.as_bytes()),
            &job,
            CsvOutput::Memory,
            KeyStyle::Snake,
        )
        .unwrap();
        assert!(
            String::from_utf8(ran.csv.unwrap())
                .unwrap()
                .starts_with('\u{feff}')
        );
    }

    #[test]
    fn the_template_goes_where_it_is_asked_and_nowhere_on_failure() {
        let dir = scratch("template");
        let out = dir.join("upload.csv");
        let job = IlrTemplateJob::from_value(json!({"sof": []}), KeyStyle::Snake).unwrap();
        let ran = ilr_template(
            Input::bytes(XML.as_bytes()),
            &job,
            CsvOutput::File(&out),
            KeyStyle::Snake,
        )
        .unwrap();
        assert_eq!(ran.report.rows, 1);
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .contains("10000001,9276308686,L1,60012345,,")
        );
        let mut written = Vec::new();
        let ran = ilr_template(
            Input::bytes(XML.as_bytes()),
            &job,
            CsvOutput::Writer(&mut written),
            KeyStyle::Snake,
        )
        .unwrap();
        assert!(ran.csv.is_none());
        assert_eq!(written, std::fs::read(&out).unwrap());
        let ran = ilr_template(
            Input::bytes(XML.as_bytes()),
            &job,
            CsvOutput::None,
            KeyStyle::Snake,
        )
        .unwrap();
        assert_eq!(ran.csv.unwrap(), written);
        // A file that is not an ILR file leaves no output behind.
        let bad = dir.join("bad.csv");
        let e = ilr_template(
            Input::bytes(b"<Message xmlns=\"SFA/ILR/2017-18\"/>"),
            &job,
            CsvOutput::File(&bad),
            KeyStyle::Snake,
        )
        .unwrap_err();
        assert_eq!(e.code(), "ilr_namespace_unsupported");
        assert!(!bad.exists());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }
}
