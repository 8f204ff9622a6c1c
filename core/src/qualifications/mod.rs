//! The qualification upload (UCAS Progress learner manager manual, section 9): the learner
//! qualifications sheet with up to 18 groups of type, subject, completion date, predicted and
//! actual grade; reference lists; identity columns that must not change between export and
//! re-import.
//!
//! The template itself (columns, per-row checks, the workbook of four sheets read as one
//! upload) is [`crate::template::qualifications`].

mod groups;
mod identity;
mod lists;
mod reference;

pub use groups::{
    GROUP_FIELDS, GroupField, MAX_GROUPS, QualificationGroup, check_group, group_column_name,
    parse_group_header,
};
pub use identity::{ExportedLearner, ExportedLearners, IDENTITY_COLUMNS};
pub use lists::{QualificationLists, QualificationType};
pub use reference::{
    GRADING_SHEET, LEARNER_SHEET, REFERENCE_SHEETS, SUBJECT_SHEET, TYPE_SHEET, find_sheet,
    has_reference_sheets, learner_sheet_name,
};

use crate::finding::{FindingKind, Severity};

const MANUAL_9_2: &str =
    "UCAS Progress learner manager manual 9.2 (inputting data into the spreadsheet)";

/// A group with some fields filled but not its type and subject.
pub static GROUP_INCOMPLETE: FindingKind = FindingKind {
    code: "qualification_group_incomplete",
    severity: Severity::Error,
    summary: "Once any field of a qualification group is filled, its type and subject are required.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// A qualification type not in the type list.
pub static TYPE_UNKNOWN: FindingKind = FindingKind {
    code: "qualification_type_unknown",
    severity: Severity::Error,
    summary: "The qualification type must be one on the 'Qualification type' sheet.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// A subject not listed for its type.
pub static SUBJECT_UNKNOWN: FindingKind = FindingKind {
    code: "qualification_subject_unknown",
    severity: Severity::Error,
    summary: "The subject must be one listed for its qualification type on the 'Qualification Subject' sheet.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// A grade not listed for its type.
pub static GRADE_UNKNOWN: FindingKind = FindingKind {
    code: "qualification_grade_unknown",
    severity: Severity::Error,
    summary: "A predicted or actual grade must be one listed for its qualification type on the 'Qualification Grading' sheet.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// A group with neither a predicted nor an actual grade.
pub static GRADE_MISSING: FindingKind = FindingKind {
    code: "qualification_grade_missing",
    severity: Severity::Error,
    summary: "Either a predicted grade, an actual grade or both must be filled in.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// A completion date that is not a real YYYY-MM month.
pub static COMPLETION_DATE_FORMAT: FindingKind = FindingKind {
    code: "qualification_completion_date",
    severity: Severity::Error,
    summary: "The completion date is the examination month, written YYYY-MM.",
    source: MANUAL_9_2,
    mirrors: None,
};

/// An identity column changed since the export.
pub static IDENTITY_CHANGED: FindingKind = FindingKind {
    code: "qualification_identity_changed",
    severity: Severity::Error,
    summary: "UCAS Account ID, Forename, Surname, Date of Birth, Current Provider and Current Area must not change between export and re-import.",
    source: "UCAS Progress learner manager manual 9.3 (importing learner data)",
    mirrors: None,
};

/// A UCAS Account ID that is not in the exported file.
pub static ACCOUNT_UNKNOWN: FindingKind = FindingKind {
    code: "qualification_account_unknown",
    severity: Severity::Error,
    summary: "The UCAS Account ID must be one from the exported file: it matches the row to the learner.",
    source: "UCAS Progress learner manager manual 9.2 (UCAS Account ID) and 9.3",
    mirrors: None,
};

/// The same UCAS Account ID on two rows of one upload: one learner twice.
pub static DUPLICATE_UCAS_ACCOUNT: FindingKind = FindingKind {
    code: "duplicate_ucas_account",
    severity: Severity::Error,
    summary: "A learner appears once in a qualifications upload: a row with a UCAS Account ID already on an earlier row is rejected as a duplicate learner (put all of a learner's qualifications, up to 18 groups, on one row).",
    source: "UCAS Progress learner manager manual (October 2013), section 9: one row per learner, matched by the UCAS Account ID",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &DUPLICATE_UCAS_ACCOUNT,
    &GROUP_INCOMPLETE,
    &TYPE_UNKNOWN,
    &SUBJECT_UNKNOWN,
    &GRADE_UNKNOWN,
    &GRADE_MISSING,
    &COMPLETION_DATE_FORMAT,
    &IDENTITY_CHANGED,
    &ACCOUNT_UNKNOWN,
];

#[cfg(test)]
mod tests;
