//! The UCAS Progress learner qualifications upload (bulk qualification upload).
//!
//! Source: UCAS Progress learner manager manual (October 2013), section 9: a learner manager
//! exports a workbook of the provider's learners (9.1), fills in their qualifications on its
//! "Learner Qualifications" sheet (9.2) and imports it again (9.3).
//!
//! | column | rule |
//! |---|---|
//! | UCAS Account ID | required: it matches the row to the learner; given the exported file, one of its accounts |
//! | UPN | optional; 13 characters with the DfE check letter |
//! | ULN | optional; 10 digits with the ESFA check digit (a ULN a spreadsheet turned into a number has its own finding) |
//! | Forename, Surname, Date of Birth, Current Provider, Current Area | as exported: given the exported file, a changed value is an error naming both values (9.3) |
//! | Qualification Type N, Qualification Subject N, Qualification Completion Date N, Qualification Predicted Grade N, Qualification Actual Grade N (N = 1 to 18) | per group, [`check_group`]: type and subject required once any field of the group is filled; type, subject and grades from the reference lists; completion date `YYYY-MM`; at least one grade |
//!
//! Header names are matched ignoring case and spacing, and a trailing `*` (the manual marks
//! mandatory fields with one) is ignored. File-level errors, besides the engine's: a group
//! beyond the 18th ("Qualification Type 19") is [`Error::TooManyGroups`]; a header with no
//! qualification group, or a group without its type or subject column, is
//! [`Error::MissingColumns`]; so is, when the exported file is given, a header without an
//! identity column.
//!
//! The reference lists (types, subjects by type, grades by type) are data: given by the caller,
//! read from the reference sheets of the uploaded workbook itself ([`open_upload`]: a workbook
//! with the four sheets is one upload with its own lists), or this library's defaults, which
//! say they are defaults ([`QualificationLists::builtin`]).
//!
//! Accepted rows are exported with every column, values in canonical form: types, subjects and
//! grades as the lists spell them, ULN and UPN as parsed.
//!
//! ```
//! use learner_destinations::template::qualifications::{QualificationsOptions, open_upload};
//! use learner_destinations::template::UploadOptions;
//!
//! let file = "UCAS Account ID,Forename,Surname,Qualification Type 1*,Qualification Subject 1*,Qualification Completion Date 1,Qualification Predicted Grade 1*,Qualification Actual Grade 1*\n\
//!             1234567890,Paul,Marmoshon,gcse (9-1),mathematics,2026-06,7,\n\
//!             1234567891,Ann,Lee,,,,5,\n";
//! let upload = open_upload(file.as_bytes(), None, QualificationsOptions::default(), UploadOptions::default()).unwrap();
//! assert!(upload.template().lists().is_default);
//! let report = upload.finish().unwrap();
//! assert_eq!((report.summary.accepted, report.summary.rejected), (1, 1));
//! assert_eq!(report.findings[0].code, "qualification_group_incomplete");
//! assert_eq!(report.findings[0].column.as_deref(), Some("Qualification Type 1*"));
//! assert!(report.findings[0].message.contains("qualification group 1 is half filled"));
//! ```

use super::RowSource;
use super::destinations::check_uln;
use super::fields::{Fields, Record};
use super::spec::{ColumnSpec, RowFindings, RowView, Template, TemplateSpec, template_header_key};
use super::upload::{Upload, UploadOptions};
use super::workbook_source::{AnySource, open_source_with};
use crate::error::{Error, Result};
use crate::identifiers::{Uln, Upn};
use crate::qualifications::{
    ExportedLearners, GROUP_FIELDS, GroupField, MAX_GROUPS, QualificationGroup, QualificationLists,
    check_group, has_reference_sheets, learner_sheet_name, parse_group_header,
};
use std::io::Read;

/// Template column: UCAS Account ID.
pub const UCAS_ACCOUNT_ID: usize = 0;
/// Template column: UPN.
pub const UPN: usize = 1;
/// Template column: ULN.
pub const ULN: usize = 2;
/// Template column: Forename.
pub const FORENAME: usize = 3;
/// Template column: Surname.
pub const SURNAME: usize = 4;
/// Template column: Date of Birth.
pub const DATE_OF_BIRTH: usize = 5;
/// Template column: Current Provider.
pub const CURRENT_PROVIDER: usize = 6;
/// Template column: Current Area.
pub const CURRENT_AREA: usize = 7;
/// The template column of Qualification Type 1; each group's five columns follow in
/// [`GROUP_FIELDS`] order.
pub const FIRST_GROUP_COLUMN: usize = 8;
/// How many columns the template has: 8 identity columns and 18 groups of 5.
pub const COLUMN_COUNT: usize = FIRST_GROUP_COLUMN + 5 * MAX_GROUPS;

/// The template columns compared with the export, in [`IDENTITY_COLUMNS`] order.
const IDENTITY: [usize; 5] = [
    FORENAME,
    SURNAME,
    DATE_OF_BIRTH,
    CURRENT_PROVIDER,
    CURRENT_AREA,
];

/// The template column of field `field` of group `n` (1 to [`MAX_GROUPS`]).
pub const fn group_column(field: GroupField, n: usize) -> usize {
    let index = match field {
        GroupField::Type => 0,
        GroupField::Subject => 1,
        GroupField::CompletionDate => 2,
        GroupField::PredictedGrade => 3,
        GroupField::ActualGrade => 4,
    };
    FIRST_GROUP_COLUMN + (n - 1) * 5 + index
}

macro_rules! qualification_columns {
    ($($n:literal)*) => {
        /// The columns, as one table from which both [`COLUMNS`] and [`EXPORT_COLUMNS`] are made.
        const COLUMN_TABLE: [ColumnSpec; COLUMN_COUNT] = [
            ColumnSpec { name: "UCAS Account ID", required: true, max_chars: None, description: "The learner's UCAS Progress account, as exported: it matches the row to the learner. Do not change it." },
            ColumnSpec { name: "UPN", required: false, max_chars: None, description: "Unique Pupil Number: 13 characters, as exported." },
            ColumnSpec { name: "ULN", required: false, max_chars: None, description: "Unique Learner Number: 10 digits, as exported." },
            ColumnSpec { name: "Forename", required: false, max_chars: None, description: "The learner's first name, as exported. Do not change it." },
            ColumnSpec { name: "Surname", required: false, max_chars: None, description: "The learner's surname, as exported. Do not change it." },
            ColumnSpec { name: "Date of Birth", required: false, max_chars: None, description: "The learner's date of birth, as exported. Do not change it." },
            ColumnSpec { name: "Current Provider", required: false, max_chars: None, description: "The provider the learner is linked to, as exported. Do not change it." },
            ColumnSpec { name: "Current Area", required: false, max_chars: None, description: "The local authority area the learner is linked to, as exported. Do not change it." },
            $(
                ColumnSpec { name: concat!("Qualification Type ", $n), required: false, max_chars: None, description: concat!("Qualification ", $n, ": a type from the 'Qualification type' sheet (required once any field of the group is filled).") },
                ColumnSpec { name: concat!("Qualification Subject ", $n), required: false, max_chars: None, description: concat!("Qualification ", $n, ": a subject listed for its type on the 'Qualification Subject' sheet (required once any field of the group is filled).") },
                ColumnSpec { name: concat!("Qualification Completion Date ", $n), required: false, max_chars: None, description: concat!("Qualification ", $n, ": the examination month, YYYY-MM (e.g. 2026-06).") },
                ColumnSpec { name: concat!("Qualification Predicted Grade ", $n), required: false, max_chars: None, description: concat!("Qualification ", $n, ": the predicted grade, from the grades listed for its type on the 'Qualification Grading' sheet. A predicted grade, an actual grade or both.") },
                ColumnSpec { name: concat!("Qualification Actual Grade ", $n), required: false, max_chars: None, description: concat!("Qualification ", $n, ": the actual grade, from the grades listed for its type on the 'Qualification Grading' sheet. A predicted grade, an actual grade or both.") },
            )*
        ];
    };
}

qualification_columns!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18);

const fn export_names() -> [&'static str; COLUMN_COUNT] {
    let mut out = [""; COLUMN_COUNT];
    let mut i = 0;
    while i < COLUMN_COUNT {
        out[i] = COLUMN_TABLE[i].name;
        i += 1;
    }
    out
}

/// The template's columns, in the exported workbook's order: the eight identity columns, then
/// 18 groups of Qualification Type N, Subject N, Completion Date N, Predicted Grade N and
/// Actual Grade N.
pub static COLUMNS: [ColumnSpec; COLUMN_COUNT] = COLUMN_TABLE;

/// The export's columns: the template's, with values in canonical form.
pub static EXPORT_COLUMNS: [&str; COLUMN_COUNT] = export_names();

/// The learner qualifications upload template.
pub static SPEC: TemplateSpec = TemplateSpec {
    name: "qualifications",
    title: "UCAS Progress learner qualifications upload",
    rows_are: "learner qualifications",
    columns: &COLUMNS,
    export_columns: &EXPORT_COLUMNS,
};

/// What a qualification upload is checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QualificationsOptions {
    /// The reference lists. `None`: the reference sheets of the uploaded workbook when it has
    /// them ([`open_upload`]), else [`QualificationLists::builtin`].
    pub lists: Option<QualificationLists>,
    /// The learners of the exported file: when given, the identity columns of every row are
    /// compared with it.
    pub exported: Option<ExportedLearners>,
}

impl QualificationsOptions {
    /// Checks against `lists`.
    #[must_use]
    pub fn with_lists(mut self, lists: QualificationLists) -> Self {
        self.lists = Some(lists);
        self
    }

    /// Compares identity columns with the exported file's learners.
    #[must_use]
    pub fn with_exported(mut self, exported: ExportedLearners) -> Self {
        self.exported = Some(exported);
        self
    }

    /// Uses what the exported file holds: its learners for the identity columns, and its
    /// reference sheets' lists unless lists were given already. The lists are, first found:
    /// lists given (or read from a reference file) before this; the export's reference sheets;
    /// the uploaded workbook's own ([`open_upload`]); this library's defaults.
    #[must_use]
    pub fn with_export(mut self, export: QualificationExport) -> Self {
        if self.lists.is_none() {
            self.lists = export.lists;
        }
        self.exported = Some(export.learners);
        self
    }
}

/// The learner qualifications upload template. It remembers each UCAS Account ID's first row
/// (a duplicate learner is rejected).
#[derive(Debug, Clone)]
pub struct QualificationsTemplate {
    lists: QualificationLists,
    exported: Option<ExportedLearners>,
    /// UCAS Account ID (trimmed, lower case) -> the first row that had it.
    accounts: std::collections::HashMap<String, u64>,
}

impl QualificationsTemplate {
    /// The template with `options` (without lists: [`QualificationLists::builtin`]).
    pub fn new(options: QualificationsOptions) -> Self {
        QualificationsTemplate {
            lists: options.lists.unwrap_or_else(QualificationLists::builtin),
            exported: options.exported,
            accounts: std::collections::HashMap::new(),
        }
    }

    /// The reference lists checked against (see [`QualificationLists::source`] and
    /// [`QualificationLists::is_default`]).
    pub fn lists(&self) -> &QualificationLists {
        &self.lists
    }

    /// The exported learners compared with, if any.
    pub fn exported(&self) -> Option<&ExportedLearners> {
        self.exported.as_ref()
    }
}

impl Default for QualificationsTemplate {
    fn default() -> Self {
        QualificationsTemplate::new(QualificationsOptions::default())
    }
}

fn header_has(header: &[String], column: &str) -> bool {
    let key = template_header_key(column, true);
    header.iter().any(|h| template_header_key(h, true) == key)
}

impl Template for QualificationsTemplate {
    fn spec(&self) -> &'static TemplateSpec {
        &SPEC
    }

    fn ignores_mandatory_marks(&self) -> bool {
        true
    }

    /// More than 18 groups is [`Error::TooManyGroups`]; no group at all, a group without its
    /// type or subject column, a missing UCAS Account ID, or (given the export) a missing
    /// identity column is [`Error::MissingColumns`].
    fn check_header(&self, header: &[String]) -> Result<()> {
        let mut beyond: Option<(&str, usize)> = None;
        for name in header {
            if let Some((_, n)) = parse_group_header(name) {
                if n > MAX_GROUPS {
                    beyond = match beyond {
                        Some((first, max)) => Some((first, max.max(n))),
                        None => Some((name.trim(), n)),
                    };
                }
            }
        }
        if let Some((column, group)) = beyond {
            return Err(Error::TooManyGroups {
                column: column.to_string(),
                group,
                max: MAX_GROUPS,
            });
        }
        let mut missing = Vec::new();
        let mut hints = Vec::new();
        if !header_has(header, COLUMNS[UCAS_ACCOUNT_ID].name) {
            missing.push(COLUMNS[UCAS_ACCOUNT_ID].name.to_string());
        }
        if self.exported.is_some() {
            let before = missing.len();
            missing.extend(
                IDENTITY
                    .iter()
                    .map(|c| COLUMNS[*c].name)
                    .filter(|name| !header_has(header, name))
                    .map(str::to_string),
            );
            if missing.len() > before {
                hints.push("the identity columns are compared with the exported file, so keep them as exported");
            }
        }
        let mut any_group = false;
        let before = missing.len();
        for n in 1..=MAX_GROUPS {
            let present =
                GROUP_FIELDS.map(|f| header_has(header, COLUMNS[group_column(f, n)].name));
            if present.iter().any(|p| *p) {
                any_group = true;
                for field in [GroupField::Type, GroupField::Subject] {
                    if !present[field.index()] {
                        missing.push(COLUMNS[group_column(field, n)].name.to_string());
                    }
                }
            }
        }
        if !any_group {
            missing.push(COLUMNS[group_column(GroupField::Type, 1)].name.to_string());
            missing.push(
                COLUMNS[group_column(GroupField::Subject, 1)]
                    .name
                    .to_string(),
            );
            hints.push("a qualification upload has groups of Qualification Type N, Qualification Subject N, Qualification Completion Date N, Qualification Predicted Grade N and Qualification Actual Grade N (N = 1 to 18): is this the Learner Qualifications sheet of the exported workbook?");
        } else if missing.len() > before {
            hints.push("a qualification group needs its Qualification Type and Qualification Subject columns");
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::MissingColumns {
            missing,
            found: header.to_vec(),
            hint: (!hints.is_empty()).then(|| hints.join("; ")),
        })
    }

    fn check_row(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>) {
        if let Some(v) = row.get(UPN) {
            if let Err(r) = Upn::parse(v) {
                findings.refuse(UPN, v, r);
            }
        }
        if let Some(v) = row.get(ULN) {
            check_uln(
                v,
                ULN,
                "ULN 9999999999 means 'not known'; leave the ULN as exported, or give the learner's ULN",
                findings,
            );
        }
        let account = row.get(UCAS_ACCOUNT_ID);
        // One row per learner (manual section 9): the same account on a later row is a
        // duplicate learner.
        if let Some(id) = account.map(str::trim).filter(|id| !id.is_empty()) {
            let key = id.to_lowercase();
            match self.accounts.get(&key) {
                Some(first) => findings.add_to_row(
                    &crate::qualifications::DUPLICATE_UCAS_ACCOUNT,
                    format!(
                        "duplicate of row {first}: UCAS Account ID {id} is already there, and a learner has one row (with up to 18 qualification groups); move this row's qualifications to row {first} and remove this row"
                    ),
                ),
                None => {
                    self.accounts.insert(key, row.row());
                }
            }
        }
        if let (Some(exported), Some(id)) = (&self.exported, account) {
            let values = IDENTITY.map(|c| row.raw(c).unwrap_or_default());
            for (i, refusal) in exported.check(id, values) {
                match i {
                    Some(i) => findings.refuse(IDENTITY[i], values[i], refusal),
                    None => findings.refuse(UCAS_ACCOUNT_ID, id, refusal),
                }
            }
        }
        for n in 1..=MAX_GROUPS {
            let group = group_at(row, n);
            if group.is_empty() {
                continue;
            }
            for (field, refusal) in check_group(&group, &self.lists) {
                let column = group_column(field, n);
                findings.refuse(column, row.raw(column).unwrap_or_default(), refusal);
            }
        }
    }

    /// The export of an accepted row: identity columns trimmed, UPN and ULN canonical, and each
    /// group's type, subject and grades as the lists spell them.
    fn export_row(&self, row: &RowView<'_>, export: &mut Fields) {
        let upn = row.get(UPN).and_then(|v| Upn::parse(v).ok());
        let uln = row.get(ULN).and_then(|v| Uln::parse(v).ok());
        let trimmed = |c: usize| row.raw(c).unwrap_or_default().trim();
        export.push(trimmed(UCAS_ACCOUNT_ID));
        export.push(upn.as_ref().map(Upn::as_str).unwrap_or_default());
        export.push(uln.as_ref().map(Uln::as_str).unwrap_or_default());
        for c in IDENTITY {
            export.push(trimmed(c));
        }
        for n in 1..=MAX_GROUPS {
            let group = group_at(row, n);
            let qtype = group
                .get(GroupField::Type)
                .and_then(|t| self.lists.qualification_type(t).ok());
            let canonical = |field: GroupField| -> &str {
                let value = group.get(field).unwrap_or_default();
                let listed = qtype.and_then(|t| match field {
                    GroupField::Type => Some(t.name.as_str()),
                    GroupField::Subject => t.subject(value).ok(),
                    GroupField::PredictedGrade | GroupField::ActualGrade => t.grade(value, "").ok(),
                    GroupField::CompletionDate => None,
                });
                listed.unwrap_or(value)
            };
            for field in GROUP_FIELDS {
                export.push(canonical(field));
            }
        }
    }
}

/// Group `n` of a row, as the engine hands its cells out.
fn group_at<'a>(row: &RowView<'a>, n: usize) -> QualificationGroup<'a> {
    QualificationGroup {
        n,
        qualification_type: row.get(group_column(GroupField::Type, n)),
        subject: row.get(group_column(GroupField::Subject, n)),
        completion_date: row.get(group_column(GroupField::CompletionDate, n)),
        predicted_grade: row.get(group_column(GroupField::PredictedGrade, n)),
        actual_grade: row.get(group_column(GroupField::ActualGrade, n)),
    }
}

/// A qualification upload from `reader`: CSV text, or a workbook.
///
/// For a workbook, the sheet is `sheet`, else "Learner Qualifications" (any case), else the
/// first sheet that is not a reference sheet. When `options.lists` is `None` and the workbook
/// has the reference sheets ("Qualification type", "Qualification Subject", "Qualification
/// Grading"), the lists are read from them
/// ([`QualificationLists::from_workbook`]): the exported workbook of four sheets is one upload
/// with its own lists. Otherwise the lists are `options.lists`, else the defaults.
///
/// Errors: those of [`Upload::new`], of the workbook, and of its reference sheets.
pub fn open_upload<R: Read>(
    reader: R,
    sheet: Option<&str>,
    options: QualificationsOptions,
    upload_options: UploadOptions,
) -> Result<Upload<AnySource<R>, QualificationsTemplate>> {
    let mut lists = options.lists;
    let source_name = upload_options
        .file_name
        .clone()
        .unwrap_or_else(|| "the uploaded workbook".to_string());
    let source = open_source_with(reader, |workbook| {
        if lists.is_none() && has_reference_sheets(workbook) {
            lists = Some(QualificationLists::from_workbook(workbook, &source_name)?);
        }
        let name = match sheet {
            Some(s) => Some(s.to_string()),
            None => learner_sheet_name(workbook),
        };
        workbook.sheet_reader(name.as_deref())
    })?;
    let template = QualificationsTemplate::new(QualificationsOptions {
        lists,
        exported: options.exported,
    });
    Upload::new(source, template, upload_options)
}

/// What an exported file holds: its learners' identity columns and, for the exported workbook,
/// its reference lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualificationExport {
    /// The learners by UCAS Account ID.
    pub learners: ExportedLearners,
    /// The lists of the workbook's reference sheets; `None` for CSV or a workbook without them.
    pub lists: Option<QualificationLists>,
}

/// Reads the file UCAS Progress exported (manual 9.1): the exported workbook (its "Learner
/// Qualifications" sheet, or `sheet`; and its reference sheets when it has them) or that sheet
/// saved as CSV. Rows without a UCAS Account ID are skipped. `source_name` names the file in
/// the lists' [`QualificationLists::source`].
///
/// Errors: [`Error::MissingColumns`] when the header lacks UCAS Account ID or an identity
/// column; [`Error::NoData`] when no learner is in it; the source's and workbook's errors.
pub fn read_export<R: Read>(
    reader: R,
    sheet: Option<&str>,
    source_name: &str,
) -> Result<QualificationExport> {
    let mut lists = None;
    let mut source = open_source_with(reader, |workbook| {
        if has_reference_sheets(workbook) {
            lists = Some(QualificationLists::from_workbook(workbook, source_name)?);
        }
        let name = match sheet {
            Some(s) => Some(s.to_string()),
            None => learner_sheet_name(workbook),
        };
        workbook.sheet_reader(name.as_deref())
    })?;
    let mut record = Record::new();
    let header: Vec<String> = loop {
        if !source.read_record(&mut record)? {
            return Err(no_exported_learners("the file is empty"));
        }
        if !record.is_blank() {
            break record.cells().iter().map(str::to_string).collect();
        }
    };
    let position = |name: &str| {
        let key = template_header_key(name, true);
        header
            .iter()
            .position(|h| template_header_key(h, true) == key)
    };
    let wanted: Vec<usize> = std::iter::once(UCAS_ACCOUNT_ID).chain(IDENTITY).collect();
    let found: Vec<Option<usize>> = wanted.iter().map(|c| position(COLUMNS[*c].name)).collect();
    let missing: Vec<String> = wanted
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(c, _)| COLUMNS[*c].name.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Error::MissingColumns {
            missing,
            found: header,
            hint: Some("the exported file is the one UCAS Progress gave (its Learner Qualifications sheet, or that sheet saved as CSV)".to_string()),
        });
    }
    let columns: Vec<usize> = found.into_iter().flatten().collect();
    let mut learners = ExportedLearners::new();
    while source.read_record(&mut record)? {
        let cell = |i: usize| record.cells().get(columns[i]).unwrap_or_default();
        let id = cell(0).trim();
        if id.is_empty() {
            continue;
        }
        learners.insert(id, [cell(1), cell(2), cell(3), cell(4), cell(5)]);
    }
    if learners.is_empty() {
        return Err(no_exported_learners(
            "the file has a header row and no learner with a UCAS Account ID under it",
        ));
    }
    Ok(QualificationExport { learners, lists })
}

fn no_exported_learners(detail: &str) -> Error {
    Error::NoData {
        what: "exported learners".to_string(),
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests;
