//! Excel workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods): a sheet's rows as the text a person sees
//! in the cells, with the row numbers Excel shows.

use crate::errors::py_err;
use crate::repr::quoted;
use crate::source::Source;
use learner_destinations::workbook::{Sheet, Workbook};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use std::sync::Mutex;

/// An open workbook (made by `read_workbook`). Safe to share between threads (reads are
/// serialised).
#[pyclass(frozen, module = "learner_destinations", name = "Workbook")]
#[derive(Debug)]
pub struct PyWorkbook {
    workbook: Mutex<Workbook>,
    names: Vec<String>,
}

#[pymethods]
impl PyWorkbook {
    /// The sheet names, in workbook order.
    #[getter]
    fn sheet_names(&self) -> Vec<String> {
        self.names.clone()
    }
    /// The sheet called `name` (case-insensitive), or the first sheet. Raises
    /// `InvalidArgumentError` (`sheet_not_found`, listing the sheets) for a name the workbook
    /// does not have, `FileFormatError` (`workbook_unreadable`) for a damaged sheet. The GIL is
    /// released while the sheet is read.
    #[pyo3(signature = (name = None))]
    fn sheet(
        &self,
        py: Python<'_>,
        name: Option<crate::arguments::Maybe<PyBackedStr>>,
    ) -> PyResult<PySheet> {
        let name = crate::arguments::given(name);
        py.detach(|| {
            let mut workbook = self
                .workbook
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            workbook.sheet(name.as_deref())
        })
        .map(PySheet)
        .map_err(py_err)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let names: Vec<String> = self.names.iter().map(|n| quoted(py, n)).collect();
        format!("<Workbook sheets {}>", names.join(", "))
    }
}

/// One sheet's cells as text: whole numbers without `.0` (a ULN stored as a number stays its
/// ten digits), dates as `YYYY-MM-DD`, booleans as TRUE/FALSE, errors as Excel shows them.
#[pyclass(frozen, module = "learner_destinations", name = "Sheet")]
#[derive(Debug)]
pub struct PySheet(Sheet);

#[pymethods]
impl PySheet {
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }
    /// Every used row as `(excel_row, cells)`: the row number Excel shows (1-based) and the
    /// cells as text, with empty cells before the first used column kept so positions match
    /// the sheet's columns, and trailing empty cells dropped.
    #[getter]
    fn rows(&self) -> Vec<(u64, Vec<String>)> {
        self.0
            .rows()
            .map(|(n, cells)| (n, cells.into_iter().map(|c| c.into_owned()).collect()))
            .collect()
    }
    fn __len__(&self) -> usize {
        self.0.row_count()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<Sheet {}: {} rows>",
            quoted(py, self.0.name()),
            self.0.row_count()
        )
    }
}

/// Opens a workbook: `source` is a path (`str` or `os.PathLike`), `bytes`, or a binary file
/// object. A workbook is read into memory whole (its sheets are inside a zip archive). Raises
/// `FileReadError` (`io`), or `FileFormatError`: `workbook_unreadable` (damaged, or not a
/// workbook), `workbook_protected` (saved with a password), each saying what to do. The GIL is
/// released while the file is read and opened.
#[pyfunction]
fn read_workbook(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyWorkbook> {
    let source = Source::from_py(source, None, "workbook")?;
    let workbook = py.detach(|| -> PyResult<Workbook> {
        let mut bytes = Vec::new();
        let mut reader = source.reader()?;
        let read = std::io::Read::read_to_end(&mut reader, &mut bytes);
        reader.check()?;
        read.map_err(|e| source.read_error(e))?;
        Workbook::from_bytes(bytes).map_err(py_err)
    })?;
    let names = workbook.sheet_names().to_vec();
    Ok(PyWorkbook {
        workbook: Mutex::new(workbook),
        names,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWorkbook>()?;
    m.add_class::<PySheet>()?;
    m.add_function(wrap_pyfunction!(read_workbook, m)?)?;
    Ok(())
}
