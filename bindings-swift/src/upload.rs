//! The three upload templates (destinations, learners, qualifications), from a file path or
//! from bytes, through the host layer (`learner_destinations_host::upload`).
//!
//! Options are plain records: each field given (not `None`) becomes a key of a JSON object
//! read by the core's `XJob::from_value` in camelCase, so the core applies its defaults,
//! refuses wrong values and combinations, and names options in messages as Swift and Kotlin
//! spell them (`maxFindings`). An output named by path (`errorsCsv`, `acceptedCsv`,
//! `credentialsCsv`) is a file written by the host layer (atomically, never over the input,
//! the credentials file owner-only); the errors file and the export not named are returned in
//! the report as text while accepted rows are kept (`keepAccepted`).
//!
//! Every call is synchronous and reads the whole upload: call it off the main thread.

use crate::error::{Result, json_error};
use crate::values::{Finding, Schemes, findings};
use learner_destinations::learners::LearnerLists;
use learner_destinations::qualifications::QualificationLists;
use learner_destinations::template::download::TemplateKind;
use learner_destinations::template::{
    AcceptedRow as CoreAcceptedRow, RejectedRow as CoreRejectedRow,
};
use learner_destinations::workflow::{
    DestinationsJob, KeyStyle, LearnersJob, NamedInput, QualificationResources, QualificationsJob,
    ResourcesGiven, RowSink, UNNAMED_EXPORT, UNNAMED_REFERENCE, UploadCommon,
};
use learner_destinations_host::input::{self as host_input, InputKind};
use learner_destinations_host::upload::{
    self as host_upload, Control, HostRunReport, Input, Outputs,
};
use serde_json::{Map, Value, json};
use std::path::Path;

/// Where an upload (or a resource of one) is read from.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum UploadSource {
    /// A file (CSV or a workbook).
    Path { path: String },
    /// Bytes the app holds (a downloaded or picked file).
    Bytes { bytes: Vec<u8> },
}

/// Options of a destinations upload; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct DestinationsOptions {
    /// The provider every row must belong to.
    #[uniffi(default = None)]
    pub ukprn: Option<String>,
    /// The date codes are checked on (ISO); default today.
    #[uniffi(default = None)]
    pub as_of: Option<String>,
    #[uniffi(default = None)]
    pub sheet: Option<String>,
    #[uniffi(default = None)]
    pub max_findings: Option<u64>,
    #[uniffi(default = None)]
    pub file_name: Option<String>,
    #[uniffi(default = None)]
    pub processed_at: Option<String>,
    #[uniffi(default = None)]
    pub keep_accepted: Option<bool>,
    /// A path for the errors file.
    #[uniffi(default = None)]
    pub errors_csv: Option<String>,
    /// A path for the errors workbook (the errors file's rows as a workbook, every column text).
    #[uniffi(default = None)]
    pub errors_xlsx: Option<String>,
    /// A path for the export of accepted rows.
    #[uniffi(default = None)]
    pub accepted_csv: Option<String>,
}

/// Options of a learner import; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct LearnersOptions {
    #[uniffi(default = None)]
    pub ukprns: Option<Vec<String>>,
    #[uniffi(default = None)]
    pub as_of: Option<String>,
    #[uniffi(default = None)]
    pub min_age: Option<i64>,
    #[uniffi(default = None)]
    pub max_age: Option<i64>,
    /// Issue usernames and passwords.
    #[uniffi(default = None)]
    pub credentials: Option<bool>,
    #[uniffi(default = None)]
    pub existing_usernames: Option<Vec<String>>,
    /// Reproducible passwords: tests only.
    #[uniffi(default = None)]
    pub seed: Option<u64>,
    /// A path for the credentials file (owner-only).
    #[uniffi(default = None)]
    pub credentials_csv: Option<String>,
    #[uniffi(default = None)]
    pub sheet: Option<String>,
    #[uniffi(default = None)]
    pub max_findings: Option<u64>,
    #[uniffi(default = None)]
    pub file_name: Option<String>,
    #[uniffi(default = None)]
    pub processed_at: Option<String>,
    #[uniffi(default = None)]
    pub keep_accepted: Option<bool>,
    #[uniffi(default = None)]
    pub errors_csv: Option<String>,
    /// A path for the errors workbook (the errors file's rows as a workbook, every column text).
    #[uniffi(default = None)]
    pub errors_xlsx: Option<String>,
    #[uniffi(default = None)]
    pub accepted_csv: Option<String>,
}

/// Options of a qualifications upload; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct QualificationsOptions {
    /// The sheet of the exported workbook to read.
    #[uniffi(default = None)]
    pub export_sheet: Option<String>,
    #[uniffi(default = None)]
    pub sheet: Option<String>,
    #[uniffi(default = None)]
    pub max_findings: Option<u64>,
    #[uniffi(default = None)]
    pub file_name: Option<String>,
    #[uniffi(default = None)]
    pub processed_at: Option<String>,
    #[uniffi(default = None)]
    pub keep_accepted: Option<bool>,
    #[uniffi(default = None)]
    pub errors_csv: Option<String>,
    /// A path for the errors workbook (the errors file's rows as a workbook, every column text).
    #[uniffi(default = None)]
    pub errors_xlsx: Option<String>,
    #[uniffi(default = None)]
    pub accepted_csv: Option<String>,
}

/// What a qualifications upload is checked against besides its rows; the core decides which
/// win and refuses combinations that cannot go together.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct QualificationResourcesInput {
    /// Reference lists as their JSON document.
    #[uniffi(default = None)]
    pub lists_json: Option<String>,
    /// A workbook with the three reference sheets, or a JSON file of lists.
    #[uniffi(default = None)]
    pub reference: Option<UploadSource>,
    /// The file UCAS Progress exported.
    #[uniffi(default = None)]
    pub export: Option<UploadSource>,
}

/// The counts of an upload.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UploadSummary {
    pub template: String,
    pub file: Option<String>,
    pub processed_at: Option<String>,
    pub format: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub warnings: u64,
    pub errors: u64,
    pub blank_rows_skipped: u64,
    /// Rejected rows whose only errors say they repeat an earlier row (counted among
    /// `rejected`, left out of the errors file).
    pub duplicate_rows: u64,
}

/// One cell of an accepted row's export, by column.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Cell {
    pub column: String,
    pub value: String,
}

/// An accepted row (as Excel numbers it) and its export cells.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AcceptedRow {
    pub row: u64,
    pub cells: Vec<Cell>,
}

/// A rejected row: its cells as read and every finding of the row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedRow {
    pub row: u64,
    pub cells: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Credentials issued to the learner of data row `row`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IssuedCredentials {
    pub row: u64,
    pub provider: String,
    pub first_name: String,
    pub last_name: String,
    pub postcode: String,
    pub uln: String,
    pub dob: String,
    pub username: String,
    pub password: String,
    pub created_on: String,
}

/// Which reference lists a qualification upload was checked against.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListsUsed {
    pub source: String,
    pub is_default: bool,
    pub version: String,
}

/// The outcome of an upload.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UploadReport {
    pub summary: UploadSummary,
    /// The findings kept (all unless `truncated`).
    pub findings: Vec<Finding>,
    pub truncated: bool,
    /// Accepted rows, when kept (`keepAccepted`).
    pub accepted: Vec<AcceptedRow>,
    pub rejected: Vec<RejectedRow>,
    /// The errors file as text, when not written to a file and rows are kept.
    pub errors_csv: Option<String>,
    /// The export as text, when not written to a file and rows are kept.
    pub accepted_csv: Option<String>,
    /// Credentials issued (learner imports asked for them); `None` when not asked.
    pub credentials_issued: Option<u64>,
    pub credentials: Vec<IssuedCredentials>,
    pub qualification_lists: Option<ListsUsed>,
    pub exported_learners: Option<u64>,
}

/// Rows and credentials as the run hands them over.
#[derive(Debug, Default)]
struct Kept {
    accepted: Vec<AcceptedRow>,
    rejected: Vec<RejectedRow>,
    credentials: Vec<IssuedCredentials>,
}

impl RowSink for Kept {
    fn accepted(&mut self, row: &mut CoreAcceptedRow<'_>) -> learner_destinations::Result<()> {
        let number = row.row();
        let cells = row
            .iter()
            .map(|(column, value)| Cell {
                column: column.to_string(),
                value: value.to_string(),
            })
            .collect();
        self.accepted.push(AcceptedRow { row: number, cells });
        Ok(())
    }

    fn rejected(&mut self, row: &CoreRejectedRow<'_>) -> learner_destinations::Result<()> {
        self.rejected.push(RejectedRow {
            row: row.row(),
            cells: row.cells().iter().map(str::to_string).collect(),
            findings: findings(row.findings()),
        });
        Ok(())
    }

    fn restart(&mut self) -> learner_destinations::Result<()> {
        *self = Kept::default();
        Ok(())
    }

    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> learner_destinations::Result<()> {
        let [
            provider,
            first_name,
            last_name,
            postcode,
            uln,
            dob,
            username,
            password,
            created_on,
        ] = cells.clone();
        self.credentials.push(IssuedCredentials {
            row,
            provider,
            first_name,
            last_name,
            postcode,
            uln,
            dob,
            username,
            password,
            created_on,
        });
        Ok(())
    }
}

/// A JSON object of the options given, keys in camelCase.
fn options_object(pairs: Vec<(&str, Option<Value>)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (KeyStyle::Camel.key(k), v)))
        .collect();
    Value::Object(map)
}

/// The options every upload takes, as the records hold them.
struct Common<'a> {
    sheet: &'a Option<String>,
    max_findings: Option<u64>,
    file_name: &'a Option<String>,
    processed_at: &'a Option<String>,
    keep_accepted: Option<bool>,
    errors_csv: &'a Option<String>,
    errors_xlsx: &'a Option<String>,
    accepted_csv: &'a Option<String>,
}

fn common_pairs(c: Common<'_>) -> Vec<(&'static str, Option<Value>)> {
    let Common {
        sheet,
        max_findings,
        file_name,
        processed_at,
        keep_accepted,
        errors_csv,
        errors_xlsx,
        accepted_csv,
    } = c;
    vec![
        ("sheet", sheet.as_ref().map(|v| json!(v))),
        ("max_findings", max_findings.map(|v| json!(v))),
        ("file_name", file_name.as_ref().map(|v| json!(v))),
        ("processed_at", processed_at.as_ref().map(|v| json!(v))),
        ("keep_accepted", keep_accepted.map(|v| json!(v))),
        ("errors_csv", errors_csv.as_ref().map(|v| json!(v))),
        ("errors_xlsx", errors_xlsx.as_ref().map(|v| json!(v))),
        ("accepted_csv", accepted_csv.as_ref().map(|v| json!(v))),
    ]
}

/// The options given, as the plain data `DestinationsJob::from_value` reads (camelCase keys).
fn destinations_object(o: &DestinationsOptions) -> Value {
    let mut pairs = vec![
        ("ukprn", o.ukprn.as_ref().map(|v| json!(v))),
        ("as_of", o.as_of.as_ref().map(|v| json!(v))),
    ];
    pairs.extend(common_pairs(Common {
        sheet: &o.sheet,
        max_findings: o.max_findings,
        file_name: &o.file_name,
        processed_at: &o.processed_at,
        keep_accepted: o.keep_accepted,
        errors_csv: &o.errors_csv,
        errors_xlsx: &o.errors_xlsx,
        accepted_csv: &o.accepted_csv,
    }));
    options_object(pairs)
}

/// The options given, as the plain data `LearnersJob::from_value` reads (camelCase keys).
fn learners_object(o: &LearnersOptions) -> Value {
    let mut pairs = vec![
        ("ukprns", o.ukprns.as_ref().map(|v| json!(v))),
        ("as_of", o.as_of.as_ref().map(|v| json!(v))),
        ("min_age", o.min_age.map(|v| json!(v))),
        ("max_age", o.max_age.map(|v| json!(v))),
        ("credentials", o.credentials.map(|v| json!(v))),
        (
            "existing_usernames",
            o.existing_usernames.as_ref().map(|v| json!(v)),
        ),
        ("seed", o.seed.map(|v| json!(v))),
        (
            "credentials_csv",
            o.credentials_csv.as_ref().map(|v| json!(v)),
        ),
    ];
    pairs.extend(common_pairs(Common {
        sheet: &o.sheet,
        max_findings: o.max_findings,
        file_name: &o.file_name,
        processed_at: &o.processed_at,
        keep_accepted: o.keep_accepted,
        errors_csv: &o.errors_csv,
        errors_xlsx: &o.errors_xlsx,
        accepted_csv: &o.accepted_csv,
    }));
    options_object(pairs)
}

/// The options given, as the plain data `QualificationsJob::from_value` reads (camelCase keys).
fn qualifications_object(o: &QualificationsOptions) -> Value {
    let mut pairs = vec![("export_sheet", o.export_sheet.as_ref().map(|v| json!(v)))];
    pairs.extend(common_pairs(Common {
        sheet: &o.sheet,
        max_findings: o.max_findings,
        file_name: &o.file_name,
        processed_at: &o.processed_at,
        keep_accepted: o.keep_accepted,
        errors_csv: &o.errors_csv,
        errors_xlsx: &o.errors_xlsx,
        accepted_csv: &o.accepted_csv,
    }));
    options_object(pairs)
}

/// The outputs of a run, where the core places them for a host that returns unnamed outputs
/// in its report ([`UploadCommon::returned_outputs`]).
fn outputs(common: &UploadCommon) -> Outputs {
    Outputs::from_places(&common.returned_outputs())
}

fn control() -> Control<'static> {
    Control {
        style: KeyStyle::Camel,
        ..Control::default()
    }
}

fn input(source: &UploadSource) -> Input<'_> {
    match source {
        UploadSource::Path { path } => Input::path(Path::new(path)),
        UploadSource::Bytes { bytes } => Input::bytes(bytes),
    }
}

fn text(bytes: Option<Vec<u8>>) -> Option<String> {
    bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn report(ran: HostRunReport, kept: Kept) -> UploadReport {
    let r = ran.run.report;
    let s = r.summary;
    UploadReport {
        summary: UploadSummary {
            template: s.template.to_string(),
            file: s.file,
            processed_at: s.processed_at,
            format: s.format.to_string(),
            encoding: s.encoding.map(str::to_string),
            delimiter: s.delimiter.map(str::to_string),
            rows: s.rows,
            accepted: s.accepted,
            rejected: s.rejected,
            warnings: s.warnings,
            errors: s.errors,
            blank_rows_skipped: s.blank_rows_skipped,
            duplicate_rows: s.duplicate_rows,
        },
        findings: findings(&r.findings),
        truncated: r.truncated,
        accepted: kept.accepted,
        rejected: kept.rejected,
        errors_csv: text(ran.errors_csv),
        accepted_csv: text(ran.accepted_csv),
        credentials_issued: ran.run.credentials_issued,
        credentials: kept.credentials,
        qualification_lists: ran.run.qualification_lists.map(|l| ListsUsed {
            source: l.source,
            is_default: l.is_default,
            version: l.version,
        }),
        exported_learners: ran.run.exported_learners,
    }
}

/// Checks a destinations upload against `schemes`.
#[uniffi::export]
pub fn validate_destinations(
    source: UploadSource,
    options: DestinationsOptions,
    schemes: &Schemes,
) -> Result<UploadReport> {
    let job = DestinationsJob::from_value(destinations_object(&options), KeyStyle::Camel)?;
    let outs = outputs(&job.common);
    let mut kept = Kept::default();
    let ran = schemes.read(|s| {
        host_upload::run_destinations(input(&source), &job, s, &outs, Some(&mut kept), &control())
    })?;
    Ok(report(ran, kept))
}

/// Checks a learner import, issuing credentials when asked (passwords from the system's random
/// source unless `seed` is given).
#[uniffi::export]
pub fn validate_learners(source: UploadSource, options: LearnersOptions) -> Result<UploadReport> {
    let job = LearnersJob::from_value(learners_object(&options), KeyStyle::Camel)?;
    let outs = outputs(&job.common);
    let mut kept = Kept::default();
    let ran = host_upload::run_learners(
        input(&source),
        &job,
        &LearnerLists::builtin(),
        &outs,
        Some(&mut kept),
        &control(),
    )?;
    Ok(report(ran, kept))
}

fn named_input(source: &UploadSource, kind: &InputKind, unnamed: &str) -> Result<NamedInput> {
    Ok(match source {
        UploadSource::Path { path } => host_input::read_named(Path::new(path), kind)?,
        UploadSource::Bytes { bytes } => NamedInput {
            name: unnamed.to_string(),
            bytes: bytes.clone(),
        },
    })
}

/// Checks a qualifications upload against the reference lists and exported learners given in
/// `resources` (the core's rules say which win).
#[uniffi::export]
pub fn validate_qualifications(
    source: UploadSource,
    options: QualificationsOptions,
    resources: QualificationResourcesInput,
) -> Result<UploadReport> {
    let job = QualificationsJob::from_value(qualifications_object(&options), KeyStyle::Camel)?;
    // The combinations are refused before any resource file is read.
    ResourcesGiven {
        lists: resources.lists_json.is_some(),
        reference: resources.reference.is_some(),
        export: resources.export.is_some(),
        exported: false,
    }
    .check(&job, KeyStyle::Camel)?;
    let lists = resources
        .lists_json
        .as_deref()
        .map(QualificationLists::from_json_str)
        .transpose()?;
    let reference = resources
        .reference
        .as_ref()
        .map(|s| named_input(s, &host_input::QUALIFICATION_REFERENCE, UNNAMED_REFERENCE))
        .transpose()?;
    let export = resources
        .export
        .as_ref()
        .map(|s| named_input(s, &host_input::QUALIFICATION_EXPORT, UNNAMED_EXPORT))
        .transpose()?;
    let mut guarded = input(&source);
    for s in [&resources.reference, &resources.export]
        .into_iter()
        .flatten()
    {
        if let UploadSource::Path { path } = s {
            guarded = guarded.guarding(Path::new(path));
        }
    }
    let res = QualificationResources {
        lists,
        reference,
        export,
        exported: None,
    };
    let outs = outputs(&job.common);
    let mut kept = Kept::default();
    let ran =
        host_upload::run_qualifications(guarded, &job, res, &outs, Some(&mut kept), &control())?;
    Ok(report(ran, kept))
}

/// The effective options of `template` (`destinations`, `learners`, `qualifications`) read from
/// a JSON object in camelCase (for apps that keep their settings as JSON), as a JSON object
/// with every default applied; an unknown key, a wrong type or an impossible combination is
/// refused as [`LdError::Option`](crate::LdError::Option).
#[uniffi::export]
pub fn upload_options_json(template: String, options_json: String) -> Result<String> {
    let value: Value =
        serde_json::from_str(&options_json).map_err(|e| json_error("upload options", &e))?;
    let view = match TemplateKind::from_option(&template, "template")? {
        TemplateKind::Destinations => {
            DestinationsJob::from_value(value, KeyStyle::Camel)?.to_value(KeyStyle::Camel)
        }
        TemplateKind::Learners => {
            LearnersJob::from_value(value, KeyStyle::Camel)?.to_value(KeyStyle::Camel)
        }
        TemplateKind::Qualifications => {
            QualificationsJob::from_value(value, KeyStyle::Camel)?.to_value(KeyStyle::Camel)
        }
    };
    Ok(view.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    fn camel(keys: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = keys.iter().map(|k| KeyStyle::Camel.key(k)).collect();
        k.sort();
        k
    }

    /// Every option of the core's jobs has its field in the records, and every field becomes
    /// an option: compared key by key with the jobs' `KEYS`.
    #[test]
    fn every_field_is_an_option_of_the_core() {
        let s = || Some("x".to_string());
        let d = DestinationsOptions {
            ukprn: s(),
            as_of: s(),
            sheet: s(),
            max_findings: Some(1),
            file_name: s(),
            processed_at: s(),
            keep_accepted: Some(true),
            errors_csv: s(),
            errors_xlsx: s(),
            accepted_csv: s(),
        };
        assert_eq!(keys(&destinations_object(&d)), camel(DestinationsJob::KEYS));
        let l = LearnersOptions {
            ukprns: Some(vec![]),
            as_of: s(),
            min_age: Some(1),
            max_age: Some(2),
            credentials: Some(true),
            existing_usernames: Some(vec![]),
            seed: Some(1),
            credentials_csv: s(),
            sheet: s(),
            max_findings: Some(1),
            file_name: s(),
            processed_at: s(),
            keep_accepted: Some(true),
            errors_csv: s(),
            errors_xlsx: s(),
            accepted_csv: s(),
        };
        assert_eq!(keys(&learners_object(&l)), camel(LearnersJob::KEYS));
        let q = QualificationsOptions {
            export_sheet: s(),
            sheet: s(),
            max_findings: Some(1),
            file_name: s(),
            processed_at: s(),
            keep_accepted: Some(true),
            errors_csv: s(),
            errors_xlsx: s(),
            accepted_csv: s(),
        };
        assert_eq!(
            keys(&qualifications_object(&q)),
            camel(QualificationsJob::KEYS)
        );
        // Nothing given is every default.
        assert_eq!(
            keys(&destinations_object(&DestinationsOptions::default())),
            Vec::<String>::new()
        );
    }

    /// The summary carries every count of the core's.
    #[test]
    fn the_summary_has_every_count() {
        let summary = learner_destinations::template::Summary {
            template: "destinations",
            file: None,
            processed_at: None,
            format: "csv",
            encoding: None,
            delimiter: None,
            rows: 1,
            accepted: 2,
            rejected: 3,
            warnings: 4,
            errors: 5,
            blank_rows_skipped: 6,
            duplicate_rows: 7,
        };
        let core = serde_json::to_value(&summary).unwrap_or_default();
        let ran = HostRunReport {
            run: learner_destinations::workflow::RunReport {
                report: learner_destinations::template::Report {
                    summary,
                    findings: vec![],
                    truncated: false,
                },
                credentials_issued: None,
                qualification_lists: None,
                exported_learners: None,
                conflicts: None,
            },
            errors_csv: None,
            errors_xlsx: None,
            accepted_csv: None,
            credentials_csv: None,
        };
        let r = report(ran, Kept::default()).summary;
        assert_eq!(
            core.as_object().map(|m| m.len()),
            Some(13),
            "a count was added to the core's summary: add it here"
        );
        assert_eq!(
            (
                r.rows,
                r.accepted,
                r.rejected,
                r.warnings,
                r.errors,
                r.blank_rows_skipped,
                r.duplicate_rows
            ),
            (1, 2, 3, 4, 5, 6, 7)
        );
    }
}
