//! Empty templates to download, as the portals' "download the template" buttons give them:
//! the header row as CSV ([`template_csv`]), or a workbook ([`template_xlsx`]) with the header,
//! a note on each header cell saying what goes in the column, every column formatted as text
//! (so Excel keeps a ULN's digits and a month as typed), and reference lists on their own
//! sheets with drop-down lists in the template's columns that take one.
//!
//! | template | workbook sheets |
//! |---|---|
//! | destinations | "Destinations" |
//! | learners | "Learners"; "Lists" (learner year groups, genders, ethnicities; drop-downs in those columns) |
//! | qualifications | "Qualification type", "Qualification Subject", "Qualification Grading" (the reference lists, laid out as [`QualificationLists::from_workbook`] reads them), "Learner Qualifications" (the template; drop-downs in the Qualification Type columns) |
//!
//! A downloaded template read back through the engine is "no … in file" (a header and no
//! data), and the qualifications workbook's reference sheets read back as the lists written.
//!
//! ```
//! use learner_destinations::template::download::{DownloadLists, TemplateKind, template_csv, template_xlsx};
//!
//! let mut csv = Vec::new();
//! template_csv(TemplateKind::Learners, &mut csv).unwrap();
//! assert!(String::from_utf8(csv).unwrap().starts_with("\u{FEFF}UKPRN,Learner year group,First name,"));
//!
//! let xlsx = template_xlsx(TemplateKind::Qualifications, &DownloadLists::builtin()).unwrap();
//! assert!(xlsx.starts_with(b"PK"));
//! ```

use super::TemplateSpec;
use crate::error::{Error, Result};
use crate::learners::LearnerLists;
use crate::qualifications::{
    GRADING_SHEET, GroupField, LEARNER_SHEET, MAX_GROUPS, QualificationLists, SUBJECT_SHEET,
    TYPE_SHEET,
};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Note, Workbook, Worksheet, XlsxError,
};
use std::io::Write;

/// The templates there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// The WMCA destinations upload ([`super::destinations`]).
    Destinations,
    /// The UCAS Progress learner import ([`super::learners`]).
    Learners,
    /// The UCAS Progress learner qualifications upload ([`super::qualifications`]).
    Qualifications,
}

impl TemplateKind {
    /// Every template.
    pub const ALL: [TemplateKind; 3] = [
        TemplateKind::Destinations,
        TemplateKind::Learners,
        TemplateKind::Qualifications,
    ];

    /// The template's columns.
    pub fn spec(self) -> &'static TemplateSpec {
        match self {
            TemplateKind::Destinations => &super::destinations::SPEC,
            TemplateKind::Learners => &super::learners::SPEC,
            TemplateKind::Qualifications => &super::qualifications::SPEC,
        }
    }

    /// The stable name: `destinations`, `learners` or `qualifications`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The template called `name` (any case).
    pub fn from_name(name: &str) -> Option<TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The name of the workbook sheet the template's rows go on.
    pub fn sheet_name(self) -> &'static str {
        match self {
            TemplateKind::Destinations => "Destinations",
            TemplateKind::Learners => "Learners",
            TemplateKind::Qualifications => LEARNER_SHEET,
        }
    }
}

/// The reference lists written into template workbooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadLists {
    /// Learner year groups, genders and ethnicities (the learners template's "Lists" sheet).
    pub learners: LearnerLists,
    /// Qualification types, subjects and grades (the qualifications template's reference
    /// sheets).
    pub qualifications: QualificationLists,
}

impl DownloadLists {
    /// This library's lists ([`LearnerLists::builtin`], [`QualificationLists::builtin`]).
    pub fn builtin() -> DownloadLists {
        DownloadLists {
            learners: LearnerLists::builtin(),
            qualifications: QualificationLists::builtin(),
        }
    }
}

impl Default for DownloadLists {
    fn default() -> Self {
        DownloadLists::builtin()
    }
}

/// Writes the empty template as CSV: the header row, UTF-8 with a byte-order mark (so Excel
/// opens it as UTF-8), CRLF line end.
pub fn template_csv<W: Write>(kind: TemplateKind, mut out: W) -> Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(kind.spec().columns.iter().map(|c| c.name))
        .map_err(|e| Error::Io(e.into()))?;
    csv.flush()?;
    Ok(())
}

/// Writes the template with `rows` under its header (a survey's derived destinations, say),
/// the same way as [`template_csv`]: UTF-8 with a byte-order mark, CRLF line ends, so that
/// every CSV the library writes for Excel opens the same way.
pub fn template_csv_with_rows<W, R, C>(kind: TemplateKind, rows: R, mut out: W) -> Result<()>
where
    W: Write,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let io = |e: csv::Error| Error::Io(e.into());
    csv.write_record(kind.spec().columns.iter().map(|c| c.name))
        .map_err(io)?;
    for row in rows {
        csv.write_record(row).map_err(io)?;
    }
    csv.flush()?;
    Ok(())
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Io(std::io::Error::other(format!(
        "the template workbook could not be written: {e}"
    )))
}

/// The last row a drop-down list covers (Excel's last row, 0-based).
const LAST_ROW: u32 = 1_048_575;

/// A column letter (0 → A, 26 → AA).
fn column_letter(mut column: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A formula for cells `row 2` to `row 1 + len` of `column` on `sheet`.
fn list_range(sheet: &str, column: u16, len: usize) -> Formula {
    let letter = column_letter(column);
    Formula::new(format!(
        "'{}'!${letter}$2:${letter}${}",
        sheet.replace('\'', "''"),
        len.max(1) + 1
    ))
}

/// A drop-down list (warning only: values the lists do not have can still be typed, and the
/// upload is what checks them).
fn drop_down(
    ws: &mut Worksheet,
    column: usize,
    list: Formula,
    what: &str,
) -> std::result::Result<(), XlsxError> {
    let validation = DataValidation::new()
        .allow_list_formula(list)
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Not in the list")?
        .set_error_message(format!(
            "This {what} is not in the list; the upload will refuse it."
        ))?;
    let column = column as u16;
    ws.add_data_validation(1, column, LAST_ROW, column, &validation)?;
    Ok(())
}

/// The template sheet: bold frozen header, notes, text-formatted columns.
fn template_sheet(ws: &mut Worksheet, spec: &TemplateSpec) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_num_format("@");
    let text = Format::new().set_num_format("@");
    for (i, column) in spec.columns.iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, column.name, &bold)?;
        ws.set_column_format(c, &text)?;
        ws.set_column_width(c, (column.name.chars().count() as f64 + 3.0).max(12.0))?;
        let mut note = column.description.to_string();
        if column.required {
            note.push_str(" Required.");
        }
        ws.insert_note(0, c, &Note::new(note).add_author_prefix(false))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A sheet of columns of lists, each under a bold heading.
fn lists_sheet(
    ws: &mut Worksheet,
    columns: &[(&str, Vec<&str>)],
) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (c, (heading, values)) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *heading, &bold)?;
        for (r, v) in values.iter().enumerate() {
            ws.write_string(r as u32 + 1, c, *v)?;
        }
        let widest = values
            .iter()
            .map(|v| v.chars().count())
            .chain([heading.chars().count()])
            .max()
            .unwrap_or(10);
        ws.set_column_width(c, (widest as f64 + 2.0).min(80.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(
    workbook: &mut Workbook,
    kind: TemplateKind,
    lists: &DownloadLists,
) -> std::result::Result<(), XlsxError> {
    let spec = kind.spec();
    match kind {
        TemplateKind::Destinations => {
            let ws = workbook.add_worksheet().set_name(kind.sheet_name())?;
            template_sheet(ws, spec)?;
        }
        TemplateKind::Learners => {
            use super::learners::{ETHNICITY, GENDER, YEAR_GROUP};
            let l = &lists.learners;
            let ws = workbook.add_worksheet().set_name(kind.sheet_name())?;
            template_sheet(ws, spec)?;
            for (column, list_column, len, what) in [
                (YEAR_GROUP, 0, l.year_groups.len(), "year group"),
                (GENDER, 1, l.genders.len(), "gender"),
                (ETHNICITY, 2, l.ethnicities.len(), "ethnicity"),
            ] {
                drop_down(ws, column, list_range("Lists", list_column, len), what)?;
            }
            let ws = workbook.add_worksheet().set_name("Lists")?;
            lists_sheet(
                ws,
                &[
                    (spec.columns[YEAR_GROUP].name, strs(&l.year_groups)),
                    (spec.columns[GENDER].name, strs(&l.genders)),
                    (spec.columns[ETHNICITY].name, strs(&l.ethnicities)),
                ],
            )?;
        }
        TemplateKind::Qualifications => {
            use super::qualifications::group_column;
            let q = &lists.qualifications;
            let types: Vec<&str> = q.types.iter().map(|t| t.name.as_str()).collect();
            let ws = workbook.add_worksheet().set_name(TYPE_SHEET)?;
            lists_sheet(ws, &[("Qualification Type", types.clone())])?;
            for (sheet, heading, values) in [
                (
                    SUBJECT_SHEET,
                    "Qualification Subject",
                    q.types
                        .iter()
                        .flat_map(|t| {
                            t.subjects
                                .iter()
                                .map(move |s| (t.name.as_str(), s.as_str()))
                        })
                        .collect::<Vec<_>>(),
                ),
                (
                    GRADING_SHEET,
                    "Qualification Grade",
                    q.types
                        .iter()
                        .flat_map(|t| t.grades.iter().map(move |g| (t.name.as_str(), g.as_str())))
                        .collect::<Vec<_>>(),
                ),
            ] {
                let ws = workbook.add_worksheet().set_name(sheet)?;
                lists_sheet(
                    ws,
                    &[
                        (
                            "Qualification Type",
                            values.iter().map(|(t, _)| *t).collect(),
                        ),
                        (heading, values.iter().map(|(_, v)| *v).collect()),
                    ],
                )?;
            }
            let ws = workbook.add_worksheet().set_name(kind.sheet_name())?;
            template_sheet(ws, spec)?;
            for n in 1..=MAX_GROUPS {
                drop_down(
                    ws,
                    group_column(GroupField::Type, n),
                    list_range(TYPE_SHEET, 0, types.len()),
                    "qualification type",
                )?;
            }
            ws.set_active(true);
        }
    }
    Ok(())
}

/// The empty template as an .xlsx workbook (see the module documentation for its sheets).
pub fn template_xlsx(kind: TemplateKind, lists: &DownloadLists) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    build(&mut workbook, kind, lists).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(97), "CT");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn names() {
        assert_eq!(
            TemplateKind::from_name(" Qualifications "),
            Some(TemplateKind::Qualifications)
        );
        assert_eq!(TemplateKind::from_name("quals"), None);
        for k in TemplateKind::ALL {
            assert_eq!(TemplateKind::from_name(k.name()), Some(k));
        }
    }
}
