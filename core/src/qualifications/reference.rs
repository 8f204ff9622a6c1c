//! The reference sheets of an exported qualification workbook, read into [`QualificationLists`].
//!
//! UCAS Progress exports a workbook of four sheets (manual 9.2): "Qualification type" (the types
//! the portal accepts), "Qualification Subject" (the subjects listed by type), "Qualification
//! Grading" (the grades listed by type) and "Learner Qualifications" (the learners, with the
//! columns to fill in). Sheets are found by name, ignoring case and spacing (a plural, such as
//! "Qualification Types", is accepted too).
//!
//! Layouts accepted (blank rows are skipped everywhere; cells are read as the text a person
//! sees, so a grade stored as the number 9 is "9"):
//!
//! | sheet | layout |
//! |---|---|
//! | Qualification type | one column of types. A first row reading "Qualification Type" (or "Type", "Qualification Types", "Types", "Qualification") is a heading and is skipped; the column is the heading's, else the first filled one. |
//! | Qualification Subject, Qualification Grading | **long**: a heading row with a type column ("Qualification Type", "Type") and a value column ("Qualification Subject", "Subject"; "Qualification Grade", "Grade", "Grading"), then one (type, value) per row; a blank type cell repeats the type above (merged cells). **Wide**: a first row whose every filled cell is a type from the type sheet, each column listing that type's values below it. **Without a heading**: type in the first filled column, value in the next, as in the long layout. |
//!
//! Types named only on the subject or grading sheet are added to the type list. Lists equal to
//! this library's defaults (the sheets of a template downloaded from it) are the defaults, and
//! say so ([`QualificationLists::is_default`]). A sheet that
//! yields nothing is an error ([`crate::Error::ReferenceLists`]), as every qualification would
//! be refused against it.

use super::lists::{QualificationLists, same_words};
use crate::error::{Error, Result};
use crate::workbook::{Sheet, Workbook};

/// The name of the sheet of qualification types, as in the manual.
pub const TYPE_SHEET: &str = "Qualification type";
/// The name of the sheet of subjects by type, as in the manual.
pub const SUBJECT_SHEET: &str = "Qualification Subject";
/// The name of the sheet of grades by type, as in the manual.
pub const GRADING_SHEET: &str = "Qualification Grading";
/// The name of the sheet of learners and their qualifications, as in the manual.
pub const LEARNER_SHEET: &str = "Learner Qualifications";

/// The three reference sheets, in the manual's order.
pub const REFERENCE_SHEETS: [&str; 3] = [TYPE_SHEET, SUBJECT_SHEET, GRADING_SHEET];

const TYPE_HEADINGS: &[&str] = &[
    "qualification type",
    "qualification types",
    "type",
    "types",
    "qualification",
];
const SUBJECT_HEADINGS: &[&str] = &[
    "qualification subject",
    "qualification subjects",
    "subject",
    "subjects",
];
const GRADE_HEADINGS: &[&str] = &[
    "qualification grade",
    "qualification grades",
    "qualification grading",
    "grade",
    "grades",
    "grading",
];

fn is_heading(cell: &str, headings: &[&str]) -> bool {
    let cell = cell.trim().trim_end_matches('*');
    headings.iter().any(|h| same_words(h, cell))
}

/// True when `actual` is the sheet `wanted` (case and spacing ignored, a plural `s` allowed).
fn sheet_matches(actual: &str, wanted: &str) -> bool {
    let actual = actual.trim();
    same_words(actual, wanted)
        || actual
            .strip_suffix(['s', 'S'])
            .is_some_and(|a| same_words(a, wanted))
}

/// The workbook's name for the sheet `wanted` (see [`REFERENCE_SHEETS`], [`LEARNER_SHEET`]).
pub fn find_sheet<'w>(workbook: &'w Workbook, wanted: &str) -> Option<&'w str> {
    workbook
        .sheet_names()
        .iter()
        .find(|n| sheet_matches(n, wanted))
        .map(String::as_str)
}

/// True when the workbook has at least one of the three reference sheets (so
/// [`QualificationLists::from_workbook`] should be used, and fails if one is missing).
pub fn has_reference_sheets(workbook: &Workbook) -> bool {
    REFERENCE_SHEETS
        .iter()
        .any(|s| find_sheet(workbook, s).is_some())
}

/// The sheet a qualification upload is read from when none is named: "Learner Qualifications"
/// when the workbook has it, else the first sheet that is not a reference sheet, else the first.
pub fn learner_sheet_name(workbook: &Workbook) -> Option<String> {
    let names = workbook.sheet_names();
    find_sheet(workbook, LEARNER_SHEET)
        .or_else(|| {
            names
                .iter()
                .find(|n| !REFERENCE_SHEETS.iter().any(|r| sheet_matches(n, r)))
                .map(String::as_str)
        })
        .or_else(|| names.first().map(String::as_str))
        .map(str::to_string)
}

/// A sheet's non-blank rows as owned text cells.
fn rows_of(sheet: &Sheet) -> Vec<Vec<String>> {
    sheet
        .rows()
        .map(|(_, cells)| {
            cells
                .iter()
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.iter().any(|c| !c.is_empty()))
        .collect()
}

fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map_or("", String::as_str)
}

/// The types on the type sheet.
fn read_types(rows: &[Vec<String>]) -> Vec<String> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let (column, skip) = match first.iter().position(|c| is_heading(c, TYPE_HEADINGS)) {
        Some(c) => (c, 1),
        None => (first.iter().position(|c| !c.is_empty()).unwrap_or(0), 0),
    };
    rows.iter()
        .skip(skip)
        .map(|r| cell(r, column).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// (type, value) pairs from a subject or grading sheet, in any of the accepted layouts.
fn read_pairs(
    rows: &[Vec<String>],
    value_headings: &[&str],
    types: &[String],
) -> Vec<(String, String)> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let type_col = first.iter().position(|c| is_heading(c, TYPE_HEADINGS));
    let value_col = first.iter().position(|c| is_heading(c, value_headings));
    let long = |out: &mut Vec<(String, String)>, rows: &[Vec<String>], t: usize, v: usize| {
        let mut current = String::new();
        for r in rows {
            let ty = cell(r, t);
            if !ty.is_empty() {
                current = ty.to_string();
            }
            let value = cell(r, v);
            if !current.is_empty() && !value.is_empty() {
                out.push((current.clone(), value.to_string()));
            }
        }
    };
    if let (Some(t), Some(v)) = (type_col, value_col) {
        long(&mut out, &rows[1..], t, v);
        return out;
    }
    let filled: Vec<(usize, &String)> = first
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let wide = !filled.is_empty()
        && filled
            .iter()
            .all(|(_, c)| types.iter().any(|t| same_words(t, c)));
    if wide {
        for (column, ty) in filled {
            for r in &rows[1..] {
                let value = cell(r, column);
                if !value.is_empty() {
                    out.push((ty.clone(), value.to_string()));
                }
            }
        }
        return out;
    }
    let t = filled.first().map_or(0, |(c, _)| *c);
    long(&mut out, rows, t, t + 1);
    out
}

fn sheet_of(workbook: &mut Workbook, wanted: &str) -> Result<Sheet> {
    match find_sheet(workbook, wanted).map(str::to_string) {
        Some(name) => workbook.sheet(Some(&name)),
        None => Err(Error::SheetNotFound {
            sheet: wanted.to_string(),
            found: workbook.sheet_names().to_vec(),
        }),
    }
}

fn empty_sheet(sheet: &str, what: &str) -> Error {
    Error::ReferenceLists {
        message: format!(
            "the '{sheet}' sheet lists no {what}; it should be the sheet of the exported workbook as UCAS Progress gave it (see the accepted layouts in the documentation of the qualification reference sheets)"
        ),
    }
}

impl QualificationLists {
    /// Lists from a reference file's bytes, as `--reference` and the bindings take it: a
    /// workbook with the three reference sheets ([`Self::from_workbook`]), or JSON text of the
    /// embedded defaults' shape ([`Self::from_json_str`], a byte-order mark ignored).
    ///
    /// Errors: [`Error::ReferenceLists`] when the bytes are neither; the workbook's or the
    /// JSON's own errors.
    pub fn from_reference_bytes(bytes: Vec<u8>, source: &str) -> Result<QualificationLists> {
        if crate::workbook::looks_like_workbook(&bytes) {
            let mut workbook = Workbook::from_bytes(bytes)?;
            return QualificationLists::from_workbook(&mut workbook, source);
        }
        let text = String::from_utf8(bytes).map_err(|_| Error::ReferenceLists {
            message: "the reference file is neither a workbook nor JSON text".to_string(),
        })?;
        QualificationLists::from_json_str(text.trim_start_matches('\u{feff}'))
    }

    /// The lists on the three reference sheets of an exported workbook (see the module
    /// documentation for the layouts read). `source` says where they come from, for messages
    /// (e.g. the file name).
    ///
    /// Errors: [`Error::SheetNotFound`] when a reference sheet is missing;
    /// [`Error::ReferenceLists`] when a sheet lists nothing; the workbook's own errors.
    pub fn from_workbook(workbook: &mut Workbook, source: &str) -> Result<QualificationLists> {
        let type_sheet = sheet_of(workbook, TYPE_SHEET)?;
        let subject_sheet = sheet_of(workbook, SUBJECT_SHEET)?;
        let grading_sheet = sheet_of(workbook, GRADING_SHEET)?;
        let types = read_types(&rows_of(&type_sheet));
        if types.is_empty() {
            return Err(empty_sheet(type_sheet.name(), "qualification types"));
        }
        let subjects = read_pairs(&rows_of(&subject_sheet), SUBJECT_HEADINGS, &types);
        if subjects.is_empty() {
            return Err(empty_sheet(subject_sheet.name(), "subjects"));
        }
        let grades = read_pairs(&rows_of(&grading_sheet), GRADE_HEADINGS, &types);
        if grades.is_empty() {
            return Err(empty_sheet(grading_sheet.name(), "grades"));
        }
        let lists = QualificationLists::from_rows(
            types.iter().map(String::as_str),
            subjects.iter().map(|(t, s)| (t.as_str(), s.as_str())),
            grades.iter().map(|(t, g)| (t.as_str(), g.as_str())),
            format!(
                "the '{}', '{}' and '{}' sheets of {source}",
                type_sheet.name(),
                subject_sheet.name(),
                grading_sheet.name()
            ),
        );
        // A template downloaded from this library carries its default lists: they stay the
        // defaults, and keep saying so.
        let builtin = QualificationLists::builtin();
        if lists.types == builtin.types {
            return Ok(builtin);
        }
        Ok(lists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn type_sheet_with_and_without_heading() {
        assert_eq!(
            read_types(&rows(&[&["Qualification Type"], &["GCSE"], &["A level"]])),
            ["GCSE", "A level"]
        );
        assert_eq!(
            read_types(&rows(&[&["", "GCSE"], &["", "BTEC"]])),
            ["GCSE", "BTEC"]
        );
        assert!(read_types(&[]).is_empty());
    }

    #[test]
    fn pair_sheets_long_wide_and_merged() {
        let types = vec!["GCSE".to_string(), "A level".to_string()];
        let long = rows(&[
            &["Qualification Type", "Qualification Subject"],
            &["GCSE", "Maths"],
            &["", "English"],
            &["A level", "Physics"],
        ]);
        assert_eq!(
            read_pairs(&long, SUBJECT_HEADINGS, &types),
            [
                ("GCSE".to_string(), "Maths".to_string()),
                ("GCSE".to_string(), "English".to_string()),
                ("A level".to_string(), "Physics".to_string())
            ]
        );
        let wide = rows(&[&["GCSE", "A level"], &["9", "A*"], &["8", ""]]);
        assert_eq!(
            read_pairs(&wide, GRADE_HEADINGS, &types),
            [
                ("GCSE".to_string(), "9".to_string()),
                ("GCSE".to_string(), "8".to_string()),
                ("A level".to_string(), "A*".to_string())
            ]
        );
        let bare = rows(&[&["GCSE", "9"], &["A level", "A*"]]);
        assert_eq!(read_pairs(&bare, GRADE_HEADINGS, &types).len(), 2);
        // Headings in another order, with a mandatory mark.
        let swapped = rows(&[&["Grade", "Type*"], &["U", "GCSE"]]);
        assert_eq!(
            read_pairs(&swapped, GRADE_HEADINGS, &types),
            [("GCSE".to_string(), "U".to_string())]
        );
    }

    #[test]
    fn sheet_names() {
        assert!(sheet_matches("qualification TYPES", TYPE_SHEET));
        assert!(sheet_matches(" Qualification  Subject ", SUBJECT_SHEET));
        assert!(!sheet_matches("Qualification Subject", TYPE_SHEET));
        assert!(sheet_matches("Learner Qualifications", LEARNER_SHEET));
    }
}
