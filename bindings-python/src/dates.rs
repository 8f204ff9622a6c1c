//! Dates: calendar-month arithmetic (as ESFA's R108 counts months) and teaching years.

use crate::arguments::{Arg, DateArg};
use crate::errors::py_err;
use chrono::NaiveDate;
use learner_destinations::dates::{
    TeachingYear, add_months as core_add_months, parse_date as core_parse_date,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyTuple;

/// `date` plus `months` calendar months, clamped to the end of the month: 31 January + 1 month
/// = 28 (or 29) February. `date` is a `datetime.date` or `"YYYY-MM-DD"`.
#[pyfunction]
fn add_months(date: DateArg, months: Arg<u32>) -> NaiveDate {
    core_add_months(date.0, *months)
}

/// Reads a strict `YYYY-MM-DD` date, saying why a value is refused: `InvalidArgumentError`
/// with code `date_format` (another form, e.g. `01/08/2025`) or `date_impossible` (no such day:
/// "February 2025 has 28 days").
#[pyfunction]
fn parse_date(value: Arg<PyBackedStr>) -> PyResult<NaiveDate> {
    core_parse_date(&value).map_err(py_err)
}

/// An English further-education teaching (academic) year: 1 August to 31 July.
///
/// `TeachingYear(2025)` is the year starting on 1 August 2025; `parse_teaching_year("2025-26")`
/// reads the usual spellings; `TeachingYear.containing(date)` is the year a date falls in.
/// `str()` is `"2025-26"`. Equal, hashable, ordered and picklable.
#[pyclass(
    frozen,
    eq,
    ord,
    hash,
    module = "learner_destinations",
    name = "TeachingYear"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyTeachingYear(pub TeachingYear);

#[pymethods]
impl PyTeachingYear {
    #[new]
    fn new(start_year: Arg<i32>) -> Self {
        PyTeachingYear(TeachingYear::starting(*start_year))
    }
    /// The teaching year `date` falls in.
    #[staticmethod]
    fn containing(date: DateArg) -> Self {
        PyTeachingYear(TeachingYear::containing(date.0))
    }
    /// The calendar year it starts in.
    #[getter]
    fn start_year(&self) -> i32 {
        self.0.start_year()
    }
    /// 1 August of its first calendar year.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.0.start()
    }
    /// 31 July of its second calendar year.
    #[getter]
    fn end(&self) -> NaiveDate {
        self.0.end()
    }
    /// True when `date` falls in this teaching year.
    fn __contains__(&self, date: DateArg) -> bool {
        self.0.start() <= date.0 && date.0 <= self.0.end()
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self) -> String {
        format!("TeachingYear({})", self.0.start_year())
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = (slf.get().0.start_year(),).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// Reads a teaching year written `2025-26`, `2025/26` or as the ILR's `2526`. Raises
/// `InvalidArgumentError` with code `teaching_year_format`.
#[pyfunction]
fn parse_teaching_year(value: Arg<PyBackedStr>) -> PyResult<PyTeachingYear> {
    TeachingYear::parse(&value)
        .map(PyTeachingYear)
        .map_err(py_err)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add_months, m)?)?;
    m.add_function(wrap_pyfunction!(parse_date, m)?)?;
    m.add_class::<PyTeachingYear>()?;
    m.add_function(wrap_pyfunction!(parse_teaching_year, m)?)?;
    Ok(())
}
