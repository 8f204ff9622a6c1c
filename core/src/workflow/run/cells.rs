//! The runs over columns of cells a host already holds (a data frame, an Arrow table) instead
//! of a file's bytes: the same templates, options, defaults, outputs and findings as the runs
//! over a file, the rows read by [`CellsSource`].
//!
//! The cells are the host's values as text, as it would write them to CSV: checking a table
//! gives the findings, counts and errors file that checking those cells written as a CSV file
//! gives (row numbers included: the header is row 1). Such a table has no sheets: a job naming
//! one is refused ([`Error::OptionInvalid`]), as it is for a CSV file.

use super::{
    DestinationsJob, KeyStyle, LearnersJob, ListsUsed, QualificationResources, QualificationsJob,
    RunContext, RunReport, Sinks, UploadCommon, destinations_pass_from, drive, learners_from,
};
use crate::codes::Schemes;
use crate::error::{Error, Result};
use crate::learners::LearnerLists;
use crate::template::destinations::EnrolmentConflicts;
use crate::template::qualifications::QualificationsTemplate;
use crate::template::{CellColumns, CellsSource, Upload};

/// The source for `cells`, refusing a sheet named by the job: a table has none. The context's
/// input size becomes the cells' size as CSV (the templates' memory hint).
fn open<'c>(
    cells: &'c dyn CellColumns,
    common: &UploadCommon,
    ctx: &mut RunContext<'_>,
) -> Result<CellsSource<'c>> {
    if let Some(sheet) = &common.sheet {
        return Err(Error::OptionInvalid {
            option: ctx.style.key("sheet"),
            message: format!(
                "names a sheet ('{}'), but the upload is a table of columns (a data frame or an Arrow table), which has no sheets; leave {} out",
                sheet
                    .chars()
                    .take(super::super::SHOWN_VALUE_CHARS)
                    .collect::<String>(),
                ctx.style.key("sheet"),
            ),
        });
    }
    ctx.input_bytes = Some(cells.csv_bytes_hint());
    Ok(CellsSource::new(cells))
}

/// Checks a destinations upload given as columns of cells (header names as the template's
/// columns), as [`super::run_destinations`] checks a file: when rows of one enrolment
/// conflict, [`RunReport::conflicts`] is `Some` and the caller runs
/// [`run_destinations_cells_again`] over the same cells.
pub fn run_destinations_cells(
    cells: &dyn CellColumns,
    job: &DestinationsJob,
    schemes: &Schemes,
    mut ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    let source = open(cells, &job.common, &mut ctx)?;
    destinations_pass_from(|_| Ok(source), job, schemes, None, ctx, sinks)
}

/// The second pass of a destinations upload given as cells whose first pass found
/// `conflicts` (see [`super::run_destinations_again`]).
pub fn run_destinations_cells_again(
    cells: &dyn CellColumns,
    job: &DestinationsJob,
    schemes: &Schemes,
    conflicts: &EnrolmentConflicts,
    mut ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    let source = open(cells, &job.common, &mut ctx)?;
    destinations_pass_from(|_| Ok(source), job, schemes, Some(conflicts), ctx, sinks)
}

/// Checks a learner import given as columns of cells, as [`super::run_learners`] checks a file
/// (credentials included).
pub fn run_learners_cells(
    cells: &dyn CellColumns,
    job: &LearnersJob,
    lists: &LearnerLists,
    mut ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    let source = open(cells, &job.common, &mut ctx)?;
    learners_from(|_| Ok(source), job, lists, ctx, sinks)
}

/// Checks a learner qualifications upload given as columns of cells, as
/// [`super::run_qualifications`] checks a file. A table has no reference sheets: the lists are
/// `resources`' (`lists`, `reference`, the exported workbook's sheets) or this library's
/// defaults.
pub fn run_qualifications_cells(
    cells: &dyn CellColumns,
    job: &QualificationsJob,
    resources: QualificationResources,
    style: KeyStyle,
    mut ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    ctx.check_cancel()?;
    resources.check(job, style)?;
    let options = resources.resolve(job)?;
    let exported = options.exported.as_ref().map(|e| e.len() as u64);
    let source = open(cells, &job.common, &mut ctx)?;
    let upload = Upload::new(
        source,
        QualificationsTemplate::new(options),
        ctx.upload_options(&job.common),
    )?;
    let lists = upload.template().lists();
    let used = ListsUsed {
        source: lists.source.clone(),
        is_default: lists.is_default,
        version: lists.version.clone(),
    };
    let (report, _, _) = drive(upload, &job.common, &ctx, sinks, None)?;
    Ok(RunReport {
        report,
        credentials_issued: None,
        qualification_lists: Some(used),
        exported_learners: exported,
        conflicts: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::CellRows;
    use chrono::NaiveDate;
    use serde_json::json;

    const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()
    }

    /// The same cells as a table and as CSV text (no cell here needs quoting).
    fn both(rows: &[&[Option<&str>]]) -> (CellRows, String) {
        let names: Vec<String> = HEADER.split(',').map(str::to_string).collect();
        let mut csv = format!("{HEADER}\n");
        for row in rows {
            let line: Vec<&str> = row.iter().map(|c| c.unwrap_or("")).collect();
            csv.push_str(&line.join(","));
            csv.push('\n');
        }
        let table = CellRows {
            names,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_string)).collect())
                .collect(),
        };
        (table, csv)
    }

    fn destinations(job: serde_json::Value) -> DestinationsJob {
        DestinationsJob::from_value(job, KeyStyle::Snake).unwrap()
    }

    #[test]
    fn destinations_from_cells_match_the_same_cells_as_csv() {
        let rows: &[&[Option<&str>]] = &[
            &[
                Some("10012345"),
                Some("9276308686"),
                Some("LRN1"),
                Some("20000008"),
                Some("ICT"),
                Some("EMP 1"),
            ],
            &[
                Some("10012345"),
                Some("9276308687"),
                Some("LRN2"),
                Some("20000008"),
                None,
                Some("EMP1"),
            ],
            &[None, None, None, None, None, None],
            &[
                Some("10012345"),
                Some("9999999999"),
                Some("LRN3"),
                Some("z0002406"),
                Some("HSC"),
                Some("wmca1.1"),
            ],
            &[
                Some("10012346"),
                Some("1000000043"),
                None,
                Some("20000008"),
                Some("ICT"),
                Some("EMP9"),
            ],
        ];
        let (table, csv) = both(rows);
        let job = destinations(json!({"ukprn": "10012345", "processed_at": "t"}));
        let schemes = Schemes::builtin();
        let mut from_cells_errors = Vec::new();
        let cells = run_destinations_cells(
            &table,
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks {
                errors_csv: Some(&mut from_cells_errors),
                ..Sinks::default()
            },
        )
        .unwrap();
        let mut from_file_errors = Vec::new();
        let file = super::super::run_destinations(
            csv.as_bytes(),
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks {
                errors_csv: Some(&mut from_file_errors),
                ..Sinks::default()
            },
        )
        .unwrap();
        assert_eq!(cells.report.findings, file.report.findings);
        let (c, f) = (&cells.report.summary, &file.report.summary);
        assert_eq!(
            (
                c.rows,
                c.accepted,
                c.rejected,
                c.errors,
                c.warnings,
                c.blank_rows_skipped
            ),
            (
                f.rows,
                f.accepted,
                f.rejected,
                f.errors,
                f.warnings,
                f.blank_rows_skipped
            )
        );
        assert_eq!((c.rows, c.accepted, c.blank_rows_skipped), (4, 2, 1));
        assert_eq!(c.format, "table");
        assert_eq!(from_cells_errors, from_file_errors);
        assert!(cells.report.findings.iter().any(|f| f.row == Some(6)));
    }

    #[test]
    fn a_sheet_is_refused_for_a_table() {
        let (table, _) = both(&[]);
        let job = destinations(json!({"sheet": "Data"}));
        let err = run_destinations_cells(
            &table,
            &job,
            &Schemes::builtin(),
            RunContext::new(today()).with_style(KeyStyle::Camel),
            Sinks::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "option_invalid");
        assert!(err.to_string().contains("no sheets"), "{err}");
    }

    #[test]
    fn a_table_without_rows_or_columns_is_refused_as_a_file_would_be() {
        let (table, csv) = both(&[]);
        let job = destinations(json!({}));
        let schemes = Schemes::builtin();
        let cells = run_destinations_cells(
            &table,
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks::default(),
        );
        let file = super::super::run_destinations(
            csv.as_bytes(),
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks::default(),
        );
        assert_eq!(cells.unwrap_err().code(), file.unwrap_err().code());
        let missing = CellRows {
            names: vec!["UKPRN".to_string()],
            rows: vec![vec![Some("10012345".to_string())]],
        };
        let err = run_destinations_cells(
            &missing,
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "missing_columns");
    }

    #[test]
    fn conflicts_found_from_cells_are_final_on_the_second_pass() {
        // Two rows of one enrolment: EMP and NPE (OutType_04 by enrolment).
        let rows: &[&[Option<&str>]] = &[
            &[
                Some("10012345"),
                Some("9276308686"),
                Some("LRN1"),
                Some("20000008"),
                Some("ICT"),
                Some("EMP1"),
            ],
            &[
                Some("10012345"),
                Some("9276308686"),
                Some("LRN1"),
                Some("20000008"),
                Some("ICT"),
                Some("NPE1"),
            ],
        ];
        let (table, csv) = both(rows);
        let job = destinations(json!({}));
        let schemes = Schemes::builtin();
        let first = run_destinations_cells(
            &table,
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        let conflicts = first.conflicts.expect("the rows conflict");
        let second = run_destinations_cells_again(
            &table,
            &job,
            &schemes,
            &conflicts,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        let file_first = super::super::run_destinations(
            csv.as_bytes(),
            &job,
            &schemes,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        let file = super::super::run_destinations_again(
            csv.as_bytes(),
            &job,
            &schemes,
            &file_first.conflicts.unwrap(),
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        assert!(second.conflicts.is_none());
        assert_eq!(second.report.findings, file.report.findings);
        assert_eq!(second.report.summary.accepted, 0);
    }

    #[test]
    fn learners_and_qualifications_from_cells_match_csv() {
        let names = [
            "UKPRN",
            "Learner year group",
            "First name",
            "Last name",
            "Postcode",
            "Dob",
        ];
        let rows = [
            [
                "10012345",
                "year 12",
                "Zoë",
                "Learner",
                "b338th",
                "2008-02-03",
            ],
            [
                "10012345",
                "Year 99",
                "A",
                "B",
                "not a postcode",
                "2030-01-01",
            ],
        ];
        let table = CellRows {
            names: names.iter().map(|n| n.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| Some(c.to_string())).collect())
                .collect(),
        };
        let mut csv = names.join(",");
        csv.push('\n');
        for r in rows {
            csv.push_str(&r.join(","));
            csv.push('\n');
        }
        let job = LearnersJob::from_value(json!({"seed": 7, "credentials": true}), KeyStyle::Snake)
            .unwrap();
        let lists = LearnerLists::builtin();
        let cells = run_learners_cells(
            &table,
            &job,
            &lists,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        let file = super::super::run_learners(
            csv.as_bytes(),
            &job,
            &lists,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        assert_eq!(cells.report.findings, file.report.findings);
        assert_eq!(cells.credentials_issued, Some(1));
        assert_eq!(cells.credentials_issued, file.credentials_issued);

        let header = crate::template::download::TemplateKind::Qualifications
            .spec()
            .columns
            .iter()
            .map(|c| c.name.to_string())
            .collect::<Vec<_>>();
        // A qualification type that is not in the lists rejects the row.
        let typed = header
            .iter()
            .position(|h| h.starts_with("Qualification Type"))
            .unwrap();
        let mut row: Vec<Option<String>> = vec![None; header.len()];
        row[0] = Some("ucas-1".to_string());
        row[typed] = Some("Nonsense".to_string());
        let mut csv = header.join(",");
        csv.push('\n');
        csv.push_str(
            &row.iter()
                .map(|c| c.clone().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
        let table = CellRows {
            names: header.clone(),
            rows: vec![row],
        };
        let job = QualificationsJob::from_value(json!({}), KeyStyle::Snake).unwrap();
        let cells = run_qualifications_cells(
            &table,
            &job,
            QualificationResources::default(),
            KeyStyle::Snake,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        let file = super::super::run_qualifications(
            csv.as_bytes(),
            &job,
            QualificationResources::default(),
            KeyStyle::Snake,
            RunContext::new(today()),
            Sinks::default(),
        )
        .unwrap();
        assert_eq!(cells.report.summary.rejected, 1);
        assert_eq!(cells.report.summary.rejected, file.report.summary.rejected);
        assert_eq!(
            cells
                .report
                .findings
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>(),
            file.report
                .findings
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>()
        );
        assert_eq!(cells.qualification_lists, file.qualification_lists);
    }
}
