//! An upload's results as Arrow tables: `UploadResult.accepted_table`, `.rejected_table` and
//! `.findings_table` ([`ResultTables`]). Each is built the first time it is asked for, with the
//! GIL released, and kept: asking again returns the same table (the arrays are shared, not
//! copied, by every `pyarrow.table(t)`, `polars.DataFrame(t)` taken from it).
//!
//! | table | columns |
//! |---|---|
//! | `accepted_table` | `row` (uint64, as Excel numbers it) and the export's columns (string), in canonical form |
//! | `rejected_table` | `row`, `error_codes` and `warning_codes` (list of string), `errors` (the row's error messages, one per line) |
//! | `findings_table` | `row` (uint64, null for a file-level finding), `column`, `value` (string, null when none), `code`, `severity`, `message` |

use crate::arrow::PyArrowTable;
use arrow_array::builder::{ListBuilder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use learner_destinations::Finding;
use learner_destinations::template::Fields;
use pyo3::prelude::*;
use std::sync::{Arc, OnceLock};

/// The result's tables, each built once.
#[derive(Debug, Default)]
pub(crate) struct ResultTables {
    accepted: OnceLock<PyArrowTable>,
    rejected: OnceLock<PyArrowTable>,
    findings: OnceLock<PyArrowTable>,
}

/// The tables are views of the result built on demand, not part of its value: two results are
/// equal whatever tables each has built so far.
impl PartialEq for ResultTables {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The accepted rows as the run kept them: each row's number and its export cells, the rows'
/// cells one after another in one buffer.
pub(crate) struct AcceptedCells<'a> {
    pub rows: &'a [u64],
    pub cells: &'a Fields,
    pub columns: &'static [&'static str],
}

fn batch(fields: Vec<Field>, arrays: Vec<ArrayRef>) -> PyArrowTable {
    // The fields and arrays are built together below, so they agree.
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .unwrap_or_else(|e| unreachable!("the result's arrays match their fields: {e}"));
    PyArrowTable::new(batch)
}

/// One export column's values.
fn column(kept: &AcceptedCells<'_>, j: usize) -> ArrayRef {
    let width = kept.columns.len();
    let n = kept.rows.len();
    let mut bytes = 0;
    for i in 0..n.min(64) {
        bytes += kept.cells.get(i * width + j).map_or(0, str::len);
    }
    let mut out = StringBuilder::with_capacity(n, bytes / n.clamp(1, 64) * n + 16);
    for i in 0..n {
        out.append_value(kept.cells.get(i * width + j).unwrap_or_default());
    }
    Arc::new(out.finish())
}

impl ResultTables {
    /// The accepted rows (see the module's table).
    pub(crate) fn accepted(&self, py: Python<'_>, kept: AcceptedCells<'_>) -> PyArrowTable {
        if let Some(t) = self.accepted.get() {
            return t.clone();
        }
        py.detach(|| {
            self.accepted
                .get_or_init(|| {
                    let width = kept.columns.len();
                    // The columns are independent: built on as many threads as there are
                    // cores (at most four), each column once.
                    let threads = std::thread::available_parallelism()
                        .map_or(1, |n| n.get())
                        .clamp(1, 4)
                        .min(width.max(1));
                    let mut built: Vec<Option<ArrayRef>> = vec![None; width];
                    std::thread::scope(|scope| {
                        let kept = &kept;
                        let handles: Vec<_> = (0..threads)
                            .map(|t| {
                                scope.spawn(move || {
                                    (t..width)
                                        .step_by(threads)
                                        .map(|j| (j, column(kept, j)))
                                        .collect::<Vec<_>>()
                                })
                            })
                            .collect();
                        for h in handles {
                            for (j, array) in h.join().unwrap_or_default() {
                                built[j] = Some(array);
                            }
                        }
                    });
                    let mut fields = vec![Field::new("row", DataType::UInt64, false)];
                    let mut arrays: Vec<ArrayRef> =
                        vec![Arc::new(UInt64Array::from(kept.rows.to_vec()))];
                    for (j, name) in kept.columns.iter().enumerate() {
                        fields.push(Field::new(*name, DataType::Utf8, false));
                        arrays.push(built[j].take().unwrap_or_else(|| column(&kept, j)));
                    }
                    batch(fields, arrays)
                })
                .clone()
        })
    }

    /// The rejected rows (see the module's table).
    pub(crate) fn rejected(&self, py: Python<'_>, rows: &[(u64, Vec<Finding>)]) -> PyArrowTable {
        if let Some(t) = self.rejected.get() {
            return t.clone();
        }
        py.detach(|| {
            self.rejected
                .get_or_init(|| {
                    let mut row = UInt64Builder::with_capacity(rows.len());
                    let mut errors = ListBuilder::new(StringBuilder::new());
                    let mut warnings = ListBuilder::new(StringBuilder::new());
                    let mut messages = StringBuilder::new();
                    let mut text = String::new();
                    for (number, findings) in rows {
                        row.append_value(*number);
                        text.clear();
                        for f in findings {
                            if f.is_error() {
                                errors.values().append_value(f.code);
                                if !text.is_empty() {
                                    text.push('\n');
                                }
                                text.push_str(&f.message);
                            } else {
                                warnings.values().append_value(f.code);
                            }
                        }
                        errors.append(true);
                        warnings.append(true);
                        messages.append_value(&text);
                    }
                    let list = |name: &str| {
                        Field::new(
                            name,
                            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
                            false,
                        )
                    };
                    batch(
                        vec![
                            Field::new("row", DataType::UInt64, false),
                            list("error_codes"),
                            list("warning_codes"),
                            Field::new("errors", DataType::Utf8, false),
                        ],
                        vec![
                            Arc::new(row.finish()),
                            Arc::new(errors.finish()),
                            Arc::new(warnings.finish()),
                            Arc::new(messages.finish()),
                        ],
                    )
                })
                .clone()
        })
    }

    /// The findings kept (see the module's table).
    pub(crate) fn findings(&self, py: Python<'_>, findings: &[Finding]) -> PyArrowTable {
        if let Some(t) = self.findings.get() {
            return t.clone();
        }
        py.detach(|| {
            self.findings
                .get_or_init(|| {
                    let n = findings.len();
                    let mut row = UInt64Builder::with_capacity(n);
                    let mut column = StringBuilder::new();
                    let mut value = StringBuilder::new();
                    let mut code = StringBuilder::new();
                    let mut severity = StringBuilder::new();
                    let mut message = StringBuilder::new();
                    for f in findings {
                        row.append_option(f.row);
                        column.append_option(f.column.as_deref());
                        value.append_option(f.value.as_deref());
                        code.append_value(f.code);
                        severity.append_value(f.severity.as_str());
                        message.append_value(&f.message);
                    }
                    batch(
                        vec![
                            Field::new("row", DataType::UInt64, true),
                            Field::new("column", DataType::Utf8, true),
                            Field::new("value", DataType::Utf8, true),
                            Field::new("code", DataType::Utf8, false),
                            Field::new("severity", DataType::Utf8, false),
                            Field::new("message", DataType::Utf8, false),
                        ],
                        vec![
                            Arc::new(row.finish()),
                            Arc::new(column.finish()),
                            Arc::new(value.finish()),
                            Arc::new(code.finish()),
                            Arc::new(severity.finish()),
                            Arc::new(message.finish()),
                        ],
                    )
                })
                .clone()
        })
    }
}
