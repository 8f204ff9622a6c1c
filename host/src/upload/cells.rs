//! "Run this upload" for an upload a host holds as columns of cells (a data frame, an Arrow
//! table) rather than as a file: the same outputs, checks before the run, commits and second
//! pass as the runs over a file ([`super::run_destinations`]...), with the core's runs over
//! cells ([`workflow::run_destinations_cells`]...). There is no input file, so no output can
//! be it; two outputs on one path, a folder or a missing folder at an output path are refused
//! before any row is checked, as for a file.

use super::{Control, HostRunReport, Input, Outputs, run};
use learner_destinations::Result;
use learner_destinations::codes::Schemes;
use learner_destinations::learners::LearnerLists;
use learner_destinations::template::CellColumns;
use learner_destinations::workflow::{
    self, DestinationsJob, LearnersJob, QualificationResources, QualificationsJob, RowSink,
};

/// No bytes: the runs below read the cells, never the input's reader.
fn no_input() -> Input<'static> {
    Input::bytes(&[])
}

/// Checks a destinations upload given as cells against `schemes`.
pub fn run_destinations_cells(
    cells: &dyn CellColumns,
    job: &DestinationsJob,
    schemes: &Schemes,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    run(
        no_input(),
        outputs,
        rows,
        control,
        |_, ctx, sinks, known| match known {
            None => workflow::run_destinations_cells(cells, job, schemes, ctx, sinks),
            Some(known) => {
                workflow::run_destinations_cells_again(cells, job, schemes, known, ctx, sinks)
            }
        },
    )
}

/// Checks a learner import given as cells against `lists`, issuing credentials when the job
/// asks (passwords from the system's random source unless the job has a test `seed`).
pub fn run_learners_cells(
    cells: &dyn CellColumns,
    job: &LearnersJob,
    lists: &LearnerLists,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    run(no_input(), outputs, rows, control, |_, ctx, sinks, _| {
        workflow::run_learners_cells(cells, job, lists, ctx, sinks)
    })
}

/// Checks a qualifications upload given as cells against `resources`.
pub fn run_qualifications_cells(
    cells: &dyn CellColumns,
    job: &QualificationsJob,
    resources: QualificationResources,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    resources.check(job, control.style)?;
    let style = control.style;
    run(no_input(), outputs, rows, control, |_, ctx, sinks, _| {
        workflow::run_qualifications_cells(cells, job, resources.clone(), style, ctx, sinks)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use learner_destinations::template::CellRows;
    use learner_destinations::workflow::KeyStyle;
    use serde_json::json;

    #[test]
    fn a_table_writes_the_errors_file_a_file_would() {
        let header = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";
        let rows = [
            "10012345,9276308686,LRN1,20000008,ICT,EMP1",
            "10012345,9276308687,LRN2,20000008,ICT,EMP1",
        ];
        let table = CellRows {
            names: header.split(',').map(str::to_string).collect(),
            rows: rows
                .iter()
                .map(|r| r.split(',').map(|c| Some(c.to_string())).collect())
                .collect(),
        };
        let csv = format!("{header}\n{}\n", rows.join("\n"));
        let job =
            DestinationsJob::from_value(json!({"as_of": "2025-09-01"}), KeyStyle::Snake).unwrap();
        let outputs = Outputs {
            errors_csv: super::super::Output::Memory,
            ..Outputs::default()
        };
        let schemes = Schemes::builtin();
        let cells =
            run_destinations_cells(&table, &job, &schemes, &outputs, None, &Control::default())
                .unwrap();
        let file = super::super::run_destinations(
            Input::bytes(csv.as_bytes()),
            &job,
            &schemes,
            &outputs,
            None,
            &Control::default(),
        )
        .unwrap();
        assert_eq!(cells.errors_csv, file.errors_csv);
        assert_eq!(cells.run.report.summary.rejected, 1);
        assert_eq!(cells.run.report.summary.file, None);
        // Refused before anything is created: the path need not exist.
        let same = std::env::temp_dir().join(format!("cells-{}-out.csv", std::process::id()));
        let outputs = Outputs {
            errors_csv: super::super::Output::File(same.clone()),
            accepted_csv: super::super::Output::File(same),
            ..Outputs::default()
        };
        let err =
            run_destinations_cells(&table, &job, &schemes, &outputs, None, &Control::default())
                .unwrap_err();
        assert_eq!(err.code(), "outputs_share_file");
    }
}
