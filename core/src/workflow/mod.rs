//! The workflow of an upload, once for every host: the options of each template as plain data
//! (every default stated here), and one pure run per template that reads the upload from a
//! `Read`, writes the errors file, the export and the credentials file to sinks the caller
//! opens, hands rows to the caller, and returns the report.
//!
//! | piece | what it is |
//! |---|---|
//! | [`DestinationsJob`], [`LearnersJob`], [`QualificationsJob`] | a template's options, from a JSON object ([`DestinationsJob::from_value`]) whose keys are spelled in the caller's [`KeyStyle`]: an unknown key is refused ([`crate::Error::OptionUnknown`]), never ignored. |
//! | [`UploadCommon`], [`Outputs`] | the options every upload takes, and the outputs asked for. |
//! | [`RunContext`] | what the host knows and the core may not look up: today, the time, the input's name and size, a random source, a cancel flag. |
//! | [`Sinks`], [`RowSink`] | where outputs go: `Write`s for the three CSV files, a callback for rows and credentials. |
//! | [`run_destinations`], [`run_learners`], [`run_qualifications`] | one run each, returning a [`RunReport`]. |
//! | [`IlrAwaitingJob`], [`IlrContactsJob`], [`IlrRecordsJob`], [`IlrTemplateJob`] | the uses of an ILR XML file: options from plain data and one run each ([`run_ilr_awaiting`], [`run_ilr_contacts`], [`run_ilr_records`], [`run_ilr_template`]). |
//! | [`QualificationResources`] | the qualification upload's reference lists and exported file, and which of them win. |
//! | [`UploadCommon::returned_outputs`], [`ResourcesGiven`] | for a host that returns its results in a report: which outputs it returns, which qualification resources go together before any is read. |
//! | decisions | [`optional_date`] (a blank date is no date), [`existing_usernames_from_text`], [`completion_status`], [`group_number`], [`teaching_year_or_default`]. |
//!
//! The core stays pure: it opens no file and reads no clock or random device. The host layer
//! opens the output files (atomically, never over the input) and hands them in as `Write`s.
//!
//! ```
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::dates::parse_date;
//! use learner_destinations::workflow::{DestinationsJob, KeyStyle, RunContext, Sinks, run_destinations};
//! use serde_json::json;
//!
//! let upload = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n\
//!               10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n\
//!               10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n";
//! let job = DestinationsJob::from_value(json!({"ukprn": "10012345", "errors_csv": "errors.csv"}), KeyStyle::Snake).unwrap();
//! let mut errors = Vec::new();
//! let sinks = Sinks { errors_csv: Some(&mut errors), ..Sinks::default() };
//! let ctx = RunContext::new(parse_date("2025-09-01").unwrap());
//! let ran = run_destinations(upload.as_bytes(), &job, &Schemes::builtin(), ctx, sinks).unwrap();
//! assert_eq!((ran.report.summary.accepted, ran.report.summary.rejected), (1, 1));
//! assert!(String::from_utf8(errors).unwrap().contains("fails the ESFA checksum"));
//! ```

mod decisions;
mod hosted;
mod ilr;
mod options;
mod run;
#[cfg(test)]
mod tests;

pub use crate::template::destinations::EnrolmentConflicts;
pub use decisions::{
    completion_status, date_option, existing_usernames_from_text, existing_usernames_from_value,
    group_number, group_number_value, optional_date, teaching_year_or_default, trim_usernames,
};
pub use hosted::{OutputPlace, OutputPlaces, ResourcesGiven, UNNAMED_EXPORT, UNNAMED_REFERENCE};
pub use ilr::{
    DEFAULT_CONTACT_POLICY, IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplate,
    IlrTemplateJob, SOF_CODE_MAX_CHARS, run_ilr_awaiting, run_ilr_contacts, run_ilr_records,
    run_ilr_template,
};
pub use options::{
    AGE_OPTION_RANGE, COMMON_KEYS, DEFAULT_KEEP_ACCEPTED, DestinationsJob, LearnersJob, Outputs,
    QualificationsJob, SHOWN_VALUE_CHARS, UploadCommon,
};
pub use run::{
    CANCEL_EVERY_ROWS, ListsUsed, NamedInput, QualificationResources, RowSink, RunContext,
    RunReport, Sinks, run_destinations, run_destinations_again, run_destinations_cells,
    run_destinations_cells_again, run_learners, run_learners_cells, run_qualifications,
    run_qualifications_cells,
};

pub use crate::template::CredentialsCsvWriter;

/// How many findings a host shows a person at once (a terminal, a notebook's summary) before it
/// says how many more there are and how to get them all: enough to see what is wrong and
/// where, few enough to read. Scripts and files get every finding.
pub const SAMPLE_FINDINGS: usize = 50;

/// How the caller spells option keys: snake_case (Rust, Python), camelCase (JavaScript) or as
/// command-line flags (`--errors-csv`, the `destinations` command). Error messages name options
/// in the caller's spelling, so a person is told the name they typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KeyStyle {
    /// `max_findings`.
    #[default]
    Snake,
    /// `maxFindings`.
    Camel,
    /// `--max-findings`: the command line's long options.
    Flag,
}

impl KeyStyle {
    /// `key` (snake_case) in this style: `max_findings` is `maxFindings` in camelCase.
    ///
    /// ```
    /// use learner_destinations::workflow::KeyStyle;
    /// assert_eq!(KeyStyle::Camel.key("existing_usernames"), "existingUsernames");
    /// assert_eq!(KeyStyle::Snake.key("existing_usernames"), "existing_usernames");
    /// assert_eq!(KeyStyle::Flag.key("existing_usernames"), "--existing-usernames");
    /// ```
    pub fn key(self, key: &str) -> String {
        match self {
            KeyStyle::Snake => key.to_string(),
            KeyStyle::Flag => format!("--{}", key.replace('_', "-")),
            KeyStyle::Camel => {
                let mut out = String::with_capacity(key.len());
                let mut upper = false;
                for c in key.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}
