//! The up-to-18 qualification groups of a row, and their rules.

use super::lists::QualificationLists;
use super::{COMPLETION_DATE_FORMAT, GRADE_MISSING, GROUP_INCOMPLETE};
use crate::finding::Refusal;

/// How many qualification groups a learner row may have (manual 9.2: "Can input up to 18").
pub const MAX_GROUPS: usize = 18;

/// The five fields of a group, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupField {
    /// Qualification Type N.
    Type,
    /// Qualification Subject N.
    Subject,
    /// Qualification Completion Date N (YYYY-MM).
    CompletionDate,
    /// Qualification Predicted Grade N.
    PredictedGrade,
    /// Qualification Actual Grade N.
    ActualGrade,
}

/// The five fields, in template order.
pub const GROUP_FIELDS: [GroupField; 5] = [
    GroupField::Type,
    GroupField::Subject,
    GroupField::CompletionDate,
    GroupField::PredictedGrade,
    GroupField::ActualGrade,
];

impl GroupField {
    /// The field's position in a group (0 for the type to 4 for the actual grade), as in
    /// [`GROUP_FIELDS`].
    pub fn index(self) -> usize {
        match self {
            GroupField::Type => 0,
            GroupField::Subject => 1,
            GroupField::CompletionDate => 2,
            GroupField::PredictedGrade => 3,
            GroupField::ActualGrade => 4,
        }
    }

    /// The header stem, e.g. "Qualification Type".
    pub fn stem(self) -> &'static str {
        match self {
            GroupField::Type => "Qualification Type",
            GroupField::Subject => "Qualification Subject",
            GroupField::CompletionDate => "Qualification Completion Date",
            GroupField::PredictedGrade => "Qualification Predicted Grade",
            GroupField::ActualGrade => "Qualification Actual Grade",
        }
    }
}

/// The header of field `field` of group `n` (1-based): "Qualification Type 3".
pub fn group_column_name(field: GroupField, n: usize) -> String {
    format!("{} {n}", field.stem())
}

/// Reads a group header ("qualification  type 12", any case and spacing; a trailing `*` for
/// mandatory fields is allowed) as its field and group number. `None` if it is not one.
pub fn parse_group_header(header: &str) -> Option<(GroupField, usize)> {
    let words: Vec<String> = header
        .trim()
        .trim_end_matches('*')
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let (last, stem) = words.split_last()?;
    let n: usize = last.trim_end_matches('*').parse().ok()?;
    let stem = stem.join(" ");
    GROUP_FIELDS
        .into_iter()
        .find(|f| f.stem().to_lowercase() == stem)
        .map(|f| (f, n))
}

/// One group's cells (trimmed; `None` or empty when blank).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QualificationGroup<'a> {
    /// Group number, 1-based.
    pub n: usize,
    /// Qualification Type N.
    pub qualification_type: Option<&'a str>,
    /// Qualification Subject N.
    pub subject: Option<&'a str>,
    /// Qualification Completion Date N.
    pub completion_date: Option<&'a str>,
    /// Qualification Predicted Grade N.
    pub predicted_grade: Option<&'a str>,
    /// Qualification Actual Grade N.
    pub actual_grade: Option<&'a str>,
}

fn filled(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

impl<'a> QualificationGroup<'a> {
    /// The cell of a field.
    pub fn get(&self, field: GroupField) -> Option<&'a str> {
        filled(match field {
            GroupField::Type => self.qualification_type,
            GroupField::Subject => self.subject,
            GroupField::CompletionDate => self.completion_date,
            GroupField::PredictedGrade => self.predicted_grade,
            GroupField::ActualGrade => self.actual_grade,
        })
    }

    /// True when no field is filled.
    pub fn is_empty(&self) -> bool {
        GROUP_FIELDS.iter().all(|f| self.get(*f).is_none())
    }
}

/// Checks a `YYYY-MM` month, explaining Excel's damage (a full date, a serial number).
fn check_month(input: &str) -> Result<(), Refusal> {
    let s = input.trim();
    let b = s.as_bytes();
    let shape = b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit());
    if shape {
        let month: u32 = s[5..7].parse().unwrap_or(0);
        if (1..=12).contains(&month) {
            return Ok(());
        }
        return Err(Refusal::new(
            &COMPLETION_DATE_FORMAT,
            input,
            format!("completion date '{s}' has month {month:02}; months run from 01 to 12"),
        ));
    }
    let hint = if crate::dates::parse_date(s).is_ok() {
        format!("; write the month only, {}", &s[..7])
    } else if s.bytes().all(|c| c.is_ascii_digit()) && s.len() == 5 {
        " (it looks like an Excel date serial number: format the column as text)".to_string()
    } else {
        String::new()
    };
    Err(Refusal::new(
        &COMPLETION_DATE_FORMAT,
        input,
        format!("completion date '{s}' is not a month written YYYY-MM (e.g. 2026-06){hint}"),
    ))
}

/// Checks one group against the lists: type and subject required once any field is filled;
/// the type in the type list; the subject listed for the type; the completion date a real
/// YYYY-MM month; at least one grade, each listed for the type. Returns each refusal with the
/// field it is about. An empty group has nothing to check.
///
/// Source: UCAS Progress learner manager manual 9.2.
pub fn check_group(
    group: &QualificationGroup<'_>,
    lists: &QualificationLists,
) -> Vec<(GroupField, Refusal)> {
    let mut out = Vec::new();
    if group.is_empty() {
        return out;
    }
    let n = group.n;
    let missing: Vec<String> = [GroupField::Type, GroupField::Subject]
        .iter()
        .filter(|f| group.get(**f).is_none())
        .map(|f| format!("{} {n}", f.stem()))
        .collect();
    if !missing.is_empty() {
        let given: Vec<String> = GROUP_FIELDS
            .iter()
            .filter_map(|f| group.get(*f).map(|v| format!("{} {n} = '{v}'", f.stem())))
            .collect();
        let field = if group.get(GroupField::Type).is_none() {
            GroupField::Type
        } else {
            GroupField::Subject
        };
        out.push((
            field,
            Refusal::new(
                &GROUP_INCOMPLETE,
                "",
                format!(
                    "qualification group {n} is half filled ({}): {} {} required; fill the group or clear it",
                    given.join(", "),
                    missing.join(" and "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            ),
        ));
    }
    if let Some(date) = group.get(GroupField::CompletionDate) {
        if let Err(r) = check_month(date) {
            out.push((GroupField::CompletionDate, r));
        }
    }
    let qtype = match group
        .get(GroupField::Type)
        .map(|t| lists.qualification_type(t))
    {
        Some(Ok(t)) => Some(t),
        Some(Err(r)) => {
            out.push((GroupField::Type, r));
            None
        }
        None => None,
    };
    if let (Some(t), Some(subject)) = (qtype, group.get(GroupField::Subject)) {
        if let Err(r) = t.subject(subject) {
            out.push((GroupField::Subject, r));
        }
    }
    let (predicted, actual) = (
        group.get(GroupField::PredictedGrade),
        group.get(GroupField::ActualGrade),
    );
    if predicted.is_none() && actual.is_none() {
        out.push((
            GroupField::PredictedGrade,
            Refusal::new(
                &GRADE_MISSING,
                "",
                format!("qualification group {n}: give a predicted grade, an actual grade or both"),
            ),
        ));
    }
    if let Some(t) = qtype {
        for (field, value, which) in [
            (GroupField::PredictedGrade, predicted, "predicted"),
            (GroupField::ActualGrade, actual, "actual"),
        ] {
            if let Some(v) = value {
                if let Err(r) = t.grade(v, which) {
                    out.push((field, r));
                }
            }
        }
    }
    out
}
