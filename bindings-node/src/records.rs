//! Destination records: the record shape shared by contact rules, tracking, survey derivation
//! and awaiting destinations, and the ESFA record rules (`checkDestinationRecords`).

use crate::codes::{BindingSchemes, given_or_builtin};
use crate::dates::{as_of_or_today, date_argument};
use crate::errors::{BindingError, Result};
use crate::findings::{BindingFinding, BindingSeverity};
use learner_destinations::dates::TeachingYear;
use learner_destinations::records::{DestinationRecord, RecordFinding, check_records};
use learner_destinations::workflow::{optional_date, teaching_year_or_default};
use napi_derive::napi;

/// One destination (outcome) of a learner. Dates are `YYYY-MM-DD` strings.
#[napi(
    object,
    js_name = "DestinationRecord",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDestinationRecord {
    /// The destination code as recorded: `'EMP1'`, `'OTH3'`, `'WMCA1.0'`...
    pub code: String,
    /// When the destination started (ILR OutStartDate).
    pub start: String,
    /// When it ended (ILR OutEndDate), or `null` while it goes on.
    pub end: Option<String>,
    /// When it was collected from the learner (ILR OutCollDate).
    pub collection: String,
}

impl From<DestinationRecord> for BindingDestinationRecord {
    fn from(r: DestinationRecord) -> Self {
        BindingDestinationRecord {
            code: r.code,
            start: r.start.to_string(),
            end: r.end.map(|d| d.to_string()),
            collection: r.collection.to_string(),
        }
    }
}

/// A destination record given to the library: as `DestinationRecord`, with `end` optional.
/// Dates are `YYYY-MM-DD` strings; an `end` of `null`, `''` or left out means no end date.
#[napi(object, js_name = "DestinationRecordInput", object_to_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDestinationRecordInput {
    /// The destination code, in any spelling the schemes read (`'EMP 1'`, `'wmca1.0'`).
    pub code: String,
    /// When the destination started.
    pub start: String,
    /// When it ended; `null`, `''` or left out while it goes on.
    #[napi(ts_type = "string | null")]
    pub end: Option<Option<String>>,
    /// When it was collected from the learner.
    pub collection: String,
}

impl BindingDestinationRecordInput {
    /// The core's record; a date that is not `YYYY-MM-DD` is refused (its code, with `place`
    /// and the field in front of the message, e.g. `records[1].start: `).
    pub(crate) fn to_core(&self, place: &str) -> Result<DestinationRecord> {
        let date = |value: &str, field: &str| {
            date_argument(value).map_err(|e| e.at(format_args!("{place}.{field}")))
        };
        // A blank end date is no end date: the core's rule for every host.
        let end = optional_date(self.end.as_ref().and_then(Option::as_deref))
            .map_err(|r| BindingError::from(r).at(format_args!("{place}.end")))?;
        Ok(DestinationRecord::new(
            self.code.clone(),
            date(&self.start, "start")?,
            end,
            date(&self.collection, "collection")?,
        ))
    }
}

/// A breach of a destination-record rule: a finding (its `column` names the record field:
/// `code`, `start`, `end` or `collection`), the ESFA rule it mirrors and the records involved.
#[napi(
    object,
    js_name = "RecordFinding",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingRecordFinding {
    /// Always `null`: records are not rows of a file.
    pub row: Option<f64>,
    /// The record field the finding is about, or `null` for a finding about several records.
    pub column: Option<String>,
    /// The offending value, or `null`.
    pub value: Option<String>,
    /// Stable code of the finding kind, e.g. `'destination_emp_and_npe'`.
    pub code: String,
    /// `'error'` or `'warning'`.
    pub severity: BindingSeverity,
    /// A message for people that echoes the value.
    pub message: String,
    /// The ESFA rule this check mirrors, e.g. `'OutType_04'`.
    pub mirrors: String,
    /// The records involved: 0-based indices into the array given, ascending.
    pub records: Vec<u32>,
}

impl From<RecordFinding> for BindingRecordFinding {
    fn from(f: RecordFinding) -> Self {
        let BindingFinding {
            row,
            column,
            value,
            code,
            severity,
            message,
        } = f.finding.into();
        BindingRecordFinding {
            row,
            column,
            value,
            code,
            severity,
            message,
            mirrors: f.mirrors.to_string(),
            // Indices into a JavaScript array fit in u32.
            records: f.records.into_iter().map(|i| i as u32).collect(),
        }
    }
}

/// Options of `checkDestinationRecords`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct RecordCheckOptions {
    /// The file preparation (as-of) date, `YYYY-MM-DD`: collection dates must not be after it.
    /// Default: today.
    pub file_preparation_date: Option<String>,
    /// The teaching year, e.g. `'2025-26'`. Default: the one containing the file preparation
    /// date.
    pub year: Option<String>,
    /// The code schemes to read codes with. Default: the built-in ILR and WMCA schemes.
    pub schemes: Option<&'static BindingSchemes>,
}

/// The records of an array argument, each converted, or the first refusal naming its index.
pub(crate) fn core_records(
    what: &str,
    records: &[BindingDestinationRecordInput],
) -> Result<Vec<DestinationRecord>> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| r.to_core(&format!("{what}[{i}]")))
        .collect()
}

/// Checks one learner's destination records against ESFA's destination rules (OutType_01 to
/// _05, OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02, R69) and returns every breach,
/// each naming the rule it mirrors and the records involved. Findings come in a stable order:
/// each record's own checks in record order, then OutCollDate_01, then the rules across
/// records by start date, then R69.
///
/// @throws {Error} `code` `'date_format'` or `'date_impossible'` when a record's date (the
/// message names the record and field, e.g. `records[1].start`) or an option's date is not a
/// `YYYY-MM-DD` date; `'teaching_year_format'` when `options.year` is not a teaching year.
#[napi]
pub fn check_destination_records(
    records: Vec<BindingDestinationRecordInput>,
    options: Option<RecordCheckOptions>,
) -> Result<Vec<BindingRecordFinding>> {
    let options = options.unwrap_or_default();
    check_records_with(
        &records,
        options.file_preparation_date.as_deref(),
        options.year.as_deref(),
        given_or_builtin(options.schemes),
    )
}

/// `checkDestinationRecords` with the options taken apart (for its asynchronous twin, which
/// copies the schemes so the work can leave the JavaScript thread).
pub(crate) fn check_records_with(
    records: &[BindingDestinationRecordInput],
    file_preparation_date: Option<&str>,
    year: Option<&str>,
    schemes: &learner_destinations::codes::Schemes,
) -> Result<Vec<BindingRecordFinding>> {
    let records = core_records("records", records)?;
    let file_date =
        as_of_or_today(file_preparation_date).map_err(|e| e.at("filePreparationDate"))?;
    let year = year
        .map(|y| TeachingYear::parse(y).map_err(|r| BindingError::from(r).at("year")))
        .transpose()?;
    let year = teaching_year_or_default(year, file_date);
    Ok(check_records(&records, schemes, year, file_date)
        .into_iter()
        .map(Into::into)
        .collect())
}
