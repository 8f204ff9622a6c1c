//! The uses of a provider's ILR XML file (awaiting destinations, the survey's contacts, the D&P
//! record checks, the pre-filled upload), from a file path or bytes, through the host layer
//! (`learner_destinations_host::ilr`: the file streamed one learner at a time, the mailing list
//! written owner-only and never over the input).
//!
//! Options are plain records: each field given (not `None`) becomes a key of a JSON object
//! read by the core's ILR jobs in camelCase, so the core applies its defaults (the contact
//! policy `seed`, the file preparation date as the as-of date), refuses wrong values and names
//! options as Swift and Kotlin spell them (`asOf`). Every call is synchronous: call it off the
//! main thread.

use crate::error::Result;
use crate::upload::UploadSource;
use crate::values::{
    AwaitingEnrolment, AwaitingLearner, DestinationRecord, Finding, RecordFinding, Schemes,
    findings,
};
use learner_destinations::ilr::{self as core_ilr, IlrAwaiting};
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplateJob, KeyStyle,
};
use learner_destinations_host::ilr::{self as host_ilr, CsvOutput};
use learner_destinations_host::upload::Input;
use serde_json::{Map, Value};
use std::path::Path;

/// Where something is in the file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct IlrPosition {
    pub line: u64,
    pub column: u64,
}

/// The file's header: its namespace and collection year (`2023-24`), `Year` as given
/// (`2324`), the file preparation date, the Source and LearningProvider UKPRNs.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrHeader {
    pub namespace: String,
    pub year: String,
    pub year_code: Option<String>,
    pub file_preparation_date: Option<String>,
    pub ukprn: Option<u32>,
    pub provider_ukprn: Option<u32>,
}

/// A finding in the file (its `row` the line, its `column` the element's path), where it is,
/// and the learner reference it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrFinding {
    pub finding: Finding,
    pub at: IlrPosition,
    pub learner_ref: Option<String>,
}

/// The enrolments and learners awaiting a destination in the file.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrAwaitingReport {
    pub header: IlrHeader,
    pub as_of: String,
    pub enrolments: Vec<AwaitingEnrolment>,
    pub learners: Vec<AwaitingLearner>,
    pub findings: Vec<IlrFinding>,
    pub learners_read: u64,
    pub learners_left_out: u64,
}

/// One finished learner: may a survey go by email, by SMS, to which address, or the automatic
/// OTH3 record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrContact {
    pub learner_ref: String,
    pub uln: String,
    pub learning_end: String,
    pub email: bool,
    pub sms: bool,
    pub contactable: bool,
    pub reason: String,
    pub decided_by: Vec<String>,
    /// `seed` or `ilr`.
    pub policy: String,
    pub email_address: Option<String>,
    pub mobile: Option<String>,
    pub record: Option<DestinationRecord>,
    pub findings: Vec<Finding>,
}

/// The survey's contacts in the file.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrContactsReport {
    pub header: IlrHeader,
    pub as_of: String,
    pub policy: String,
    pub contacts: Vec<IlrContact>,
    pub findings: Vec<IlrFinding>,
    pub learners_read: u64,
    pub learners_left_out: u64,
}

/// One D&P record's rule breaches (`records` index its DPOutcomes).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrDestinationFindings {
    pub learner_ref: Option<String>,
    pub uln: Option<String>,
    pub at: IlrPosition,
    pub findings: Vec<RecordFinding>,
}

/// The D&P record checks of the file.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrRecordsReport {
    pub header: IlrHeader,
    pub year: String,
    pub file_preparation_date: String,
    pub destinations: Vec<IlrDestinationFindings>,
    pub findings: Vec<IlrFinding>,
    pub records_read: u64,
}

/// The pre-filled upload: rows written, the awaiting report they are, and the CSV's text when
/// no `output` path was given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IlrTemplateReport {
    pub rows: u64,
    pub awaiting: IlrAwaitingReport,
    pub csv: Option<String>,
}

/// Options of `ilrAwaiting`; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct IlrAwaitingOptions {
    /// The date due dates are compared with (ISO); default the file preparation date.
    #[uniffi(default = None)]
    pub as_of: Option<String>,
    /// Keep the enrolments with these sources of funding (`112`: the West Midlands CA).
    #[uniffi(default = None)]
    pub sof: Option<Vec<String>>,
}

/// Options of `ilrContacts`; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct IlrContactsOptions {
    /// `seed` (the default: the Maytas table) or `ilr` (the ILR guidance).
    #[uniffi(default = None)]
    pub policy: Option<String>,
    /// The OTH3 records' collection date (ISO); default the file preparation date.
    #[uniffi(default = None)]
    pub as_of: Option<String>,
    /// A path for the survey's mailing list (written owner-only).
    #[uniffi(default = None)]
    pub csv: Option<String>,
}

/// Options of `ilrTemplate`; `None` leaves an option to the core's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct IlrTemplateOptions {
    #[uniffi(default = None)]
    pub sof: Option<Vec<String>>,
    #[uniffi(default = None)]
    pub as_of: Option<String>,
    /// A path to write the template to (else its text is returned).
    #[uniffi(default = None)]
    pub output: Option<String>,
}

/// The options given, as the core's plain data (camelCase keys).
fn plain(given: &[(&str, Option<Value>)]) -> Value {
    let map: Map<String, Value> = given
        .iter()
        .filter_map(|(k, v)| v.clone().map(|v| (KeyStyle::Camel.key(k), v)))
        .collect();
    Value::Object(map)
}

fn with_input<T>(
    source: &UploadSource,
    work: impl for<'i> FnOnce(Input<'i>) -> learner_destinations::Result<T>,
) -> Result<T> {
    Ok(match source {
        UploadSource::Path { path } => work(Input::path(Path::new(path))),
        UploadSource::Bytes { bytes } => work(Input::bytes(bytes)),
    }?)
}

fn position(p: core_ilr::Position) -> IlrPosition {
    IlrPosition {
        line: p.line,
        column: p.column,
    }
}

fn header(h: &core_ilr::IlrHeader) -> IlrHeader {
    IlrHeader {
        namespace: h.namespace.clone(),
        year: h.year.to_string(),
        year_code: h.year_code.clone(),
        file_preparation_date: h.file_preparation_date.map(|d| d.to_string()),
        ukprn: h.ukprn.map(|u| u.get()),
        provider_ukprn: h.provider_ukprn.map(|u| u.get()),
    }
}

fn ilr_findings(list: &[core_ilr::IlrFinding]) -> Vec<IlrFinding> {
    list.iter()
        .map(|f| IlrFinding {
            finding: Finding::from(&f.finding),
            at: position(f.at),
            learner_ref: f.learner_ref.clone(),
        })
        .collect()
}

fn awaiting_report(a: &IlrAwaiting) -> IlrAwaitingReport {
    IlrAwaitingReport {
        header: header(&a.header),
        as_of: a.as_of.to_string(),
        enrolments: a
            .report
            .enrolments
            .iter()
            .map(|e| AwaitingEnrolment {
                enrolment: e.enrolment as u64,
                ukprn: e.ukprn.get(),
                uln: e.uln.as_str().to_string(),
                learner_ref: e.learner_ref.as_str().to_string(),
                aim_ref: e.aim_ref.as_str().to_string(),
                learning_end: e.learning_end.to_string(),
                due: e.due.to_string(),
                overdue: e.overdue,
            })
            .collect(),
        learners: a
            .report
            .learners
            .iter()
            .map(|l| AwaitingLearner {
                ukprn: l.ukprn.get(),
                uln: l.uln.as_str().to_string(),
                learner_ref: l.learner_ref.as_str().to_string(),
                latest_end: l.latest_end.to_string(),
                due: l.due.to_string(),
                overdue: l.overdue,
                enrolments: l.enrolments.iter().map(|&i| i as u64).collect(),
                rules: l.rules.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
        findings: ilr_findings(&a.findings),
        learners_read: a.learners_read,
        learners_left_out: a.learners_left_out,
    }
}

fn sof(codes: &Option<Vec<String>>) -> Option<Value> {
    codes.as_ref().map(|c| Value::from(c.clone()))
}

/// The enrolments awaiting a destination (the portal's view) and the learners per R107 and
/// R108, with the funding models, programme types and completion statuses taken from the file.
#[uniffi::export]
pub fn ilr_awaiting(
    source: UploadSource,
    options: IlrAwaitingOptions,
) -> Result<IlrAwaitingReport> {
    let job = IlrAwaitingJob::from_value(
        plain(&[
            ("as_of", options.as_of.map(Value::from)),
            ("sof", sof(&options.sof)),
        ]),
        KeyStyle::Camel,
    )?;
    let ran = with_input(&source, |input| {
        host_ilr::ilr_awaiting(input, &job, KeyStyle::Camel)
    })?;
    Ok(awaiting_report(&ran))
}

/// For each learner who has finished: may a survey go by email and by SMS, with the addresses
/// to use, or the automatic OTH3 record; `options.csv` writes the survey's mailing list there.
#[uniffi::export]
pub fn ilr_contacts(
    source: UploadSource,
    options: IlrContactsOptions,
) -> Result<IlrContactsReport> {
    let job = IlrContactsJob::from_value(
        plain(&[
            ("policy", options.policy.map(Value::from)),
            ("as_of", options.as_of.map(Value::from)),
        ]),
        KeyStyle::Camel,
    )?;
    let ran = with_input(&source, |input| {
        let csv = options
            .csv
            .as_deref()
            .map_or(CsvOutput::None, |p| CsvOutput::File(Path::new(p)));
        host_ilr::ilr_contacts(input, &job, csv, KeyStyle::Camel)
    })?;
    let c = ran.report;
    Ok(IlrContactsReport {
        header: header(&c.header),
        as_of: c.as_of.to_string(),
        policy: c.policy.to_string(),
        contacts: c
            .contacts
            .iter()
            .map(|x| IlrContact {
                learner_ref: x.learner_ref.as_str().to_string(),
                uln: x.uln.as_str().to_string(),
                learning_end: x.learning_end.to_string(),
                email: x.email,
                sms: x.sms,
                contactable: x.contactable,
                reason: x.reason.clone(),
                decided_by: x.decided_by.clone(),
                policy: x.policy.to_string(),
                email_address: x.email_address.clone(),
                mobile: x.mobile.clone(),
                record: x.record.as_ref().map(DestinationRecord::from),
                findings: findings(&x.findings),
            })
            .collect(),
        findings: ilr_findings(&c.findings),
        learners_read: c.learners_read,
        learners_left_out: c.learners_left_out,
    })
}

/// The D&P record checks (OutType_01–05, OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02,
/// OutULN_01, R69, R71, R85) against `schemes`, with the header's teaching year and file
/// preparation date.
#[uniffi::export]
pub fn ilr_records(source: UploadSource, schemes: &Schemes) -> Result<IlrRecordsReport> {
    let job = IlrRecordsJob::from_value(Value::Null, KeyStyle::Camel)?;
    let r = schemes.read(|s| with_input(&source, |input| host_ilr::ilr_records(input, &job, s)))?;
    Ok(IlrRecordsReport {
        header: header(&r.header),
        year: r.year.to_string(),
        file_preparation_date: r.file_preparation_date.to_string(),
        destinations: r
            .destinations
            .iter()
            .map(|d| IlrDestinationFindings {
                learner_ref: d.learner_ref.clone(),
                uln: d.uln.map(|u| u.as_str().to_string()),
                at: position(d.at),
                findings: d
                    .findings
                    .iter()
                    .map(|f| RecordFinding {
                        finding: Finding::from(&f.finding),
                        mirrors: f.mirrors.to_string(),
                        records: f.records.iter().map(|&i| i as u64).collect(),
                    })
                    .collect(),
            })
            .collect(),
        findings: ilr_findings(&r.findings),
        records_read: r.records_read,
    })
}

/// The WMCA destinations upload template pre-filled with one row per enrolment awaiting a
/// destination; its text in `csv`, or written to `options.output`.
#[uniffi::export]
pub fn ilr_template(
    source: UploadSource,
    options: IlrTemplateOptions,
) -> Result<IlrTemplateReport> {
    let job = IlrTemplateJob::from_value(
        plain(&[
            ("sof", sof(&options.sof)),
            ("as_of", options.as_of.map(Value::from)),
        ]),
        KeyStyle::Camel,
    )?;
    let ran = with_input(&source, |input| {
        let out = options
            .output
            .as_deref()
            .map_or(CsvOutput::Memory, |p| CsvOutput::File(Path::new(p)));
        host_ilr::ilr_template(input, &job, out, KeyStyle::Camel)
    })?;
    Ok(IlrTemplateReport {
        rows: ran.report.rows,
        awaiting: awaiting_report(&ran.report.awaiting),
        csv: ran
            .csv
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    })
}
