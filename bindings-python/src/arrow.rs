//! Arrow in and out: columns of values from anything that speaks the Arrow PyCapsule interface
//! (`__arrow_c_array__` / `__arrow_c_stream__`: pyarrow arrays, chunked arrays and tables,
//! polars Series and DataFrames, pandas Series and DataFrames), from lists and plain pandas
//! Series; and results as Arrow tables ([`PyArrowTable`]) and arrays ([`PyArrowArray`]) that
//! `pyarrow.table(x)`, `polars.DataFrame(x)`,
//! `pandas.DataFrame.from_arrow(x)` take through the same interface.
//!
//! The binding only converts: every value becomes the text it would have in a CSV file (a
//! string as it is, a number in decimal, a date as `YYYY-MM-DD`, a missing value as nothing)
//! and the core checks that text. Capsules are read with pyo3-arrow and arrays built with
//! arrow-rs (no hand-built buffers).

use crate::errors::type_invalid;
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{
    Array, ArrayRef, BooleanArray, LargeStringArray, RecordBatch, StringArray, StringViewArray,
    UInt64Array,
};
use arrow_schema::{ArrowError, DataType, Field, SchemaRef};
use learner_destinations::template::CellColumns;
use pyo3::exceptions::PyIndexError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyInt, PyList, PyString};
use pyo3_arrow::ffi::{
    ArrayIterator, to_array_pycapsules, to_schema_pycapsule, to_stream_pycapsule,
};
use pyo3_arrow::input::{AnyArray, AnyRecordBatch};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One column of text cells, as Arrow holds strings (no copy of the strings read).
#[derive(Debug, Clone)]
pub(crate) enum Text {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    /// A column of nothing but missing values (Arrow's null type).
    Nulls(usize),
}

impl Text {
    pub(crate) fn len(&self) -> usize {
        match self {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Nulls(n) => *n,
        }
    }

    /// The cell at `i`; `None` for a missing value (or past the end).
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        match self {
            Text::Utf8(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Text::Large(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Text::View(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Text::Nulls(_) => None,
        }
    }

    /// Each cell in order, a missing one as `""` (as a CSV file holds it).
    pub(crate) fn for_each(&self, mut f: impl FnMut(&str)) {
        match self {
            Text::Utf8(a) => a.iter().for_each(|v| f(v.unwrap_or(""))),
            Text::Large(a) => a.iter().for_each(|v| f(v.unwrap_or(""))),
            Text::View(a) => a.iter().for_each(|v| f(v.unwrap_or(""))),
            Text::Nulls(n) => (0..*n).for_each(|_| f("")),
        }
    }

    /// The column as Arrow text cells, however Arrow held its values: strings as they are;
    /// numbers, decimals, dates and times as arrow-rs writes them as text (a timestamp at
    /// midnight as its date, as a CSV export writes a date column); dictionary-encoded values
    /// decoded. Nested values (lists, structs, maps) and binary are refused: they are not cells.
    pub(crate) fn from_array(array: &ArrayRef, what: &str) -> PyResult<Text> {
        let refused = |why: String| type_invalid(format!("{what} {why}"));
        Ok(match array.data_type() {
            DataType::Utf8 => Text::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Text::Large(array.as_string::<i64>().clone()),
            DataType::Utf8View => Text::View(array.as_string_view().clone()),
            DataType::Null => Text::Nulls(array.len()),
            DataType::Timestamp(_, _) => {
                let text = cast_text(array).map_err(|e| refused(e.to_string()))?;
                let mut out = StringBuilder::with_capacity(text.len(), text.len() * 10);
                for v in text.iter() {
                    match v {
                        Some(v) => out.append_value(midnight_as_date(v)),
                        None => out.append_null(),
                    }
                }
                Text::Utf8(out.finish())
            }
            DataType::Struct(_) => {
                return Err(refused(
                    "takes one column, not a table: give one of its columns (table[\"name\"])"
                        .to_string(),
                ));
            }
            t if t.is_nested()
                || matches!(
                    t,
                    DataType::Binary
                        | DataType::LargeBinary
                        | DataType::BinaryView
                        | DataType::FixedSizeBinary(_)
                ) =>
            {
                return Err(refused(format!(
                    "holds {t} values, which are not cells of text, numbers or dates"
                )));
            }
            _ => Text::Utf8(cast_text(array).map_err(|e| refused(e.to_string()))?),
        })
    }

    /// A column from Python values (a list, a tuple, any iterable): `str` as it is, `int` in
    /// decimal, `None`, NaN, `pandas.NA` and `NaT` missing, dates as `YYYY-MM-DD` (the
    /// package's plain-data conversion: [`crate::json::to_plain`]).
    fn from_values(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<Text> {
        let mut out = StringBuilder::new();
        for (i, item) in ob.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                out.append_null();
            } else if let Ok(s) = item.cast::<PyString>() {
                out.append_value(s.to_cow()?);
            } else if item.is_instance_of::<PyInt>() && !item.is_instance_of::<PyBool>() {
                out.append_value(item.str()?.to_cow()?);
            } else {
                match crate::json::to_plain(&item, &format!("{what}[{i}]"))? {
                    serde_json::Value::Null => out.append_null(),
                    serde_json::Value::String(s) => out.append_value(s),
                    serde_json::Value::Number(n) => out.append_value(n.to_string()),
                    serde_json::Value::Bool(b) => {
                        out.append_value(if b { "True" } else { "False" })
                    }
                    _ => {
                        return Err(type_invalid(format!(
                            "{what}[{i}] is a {}, not a value of a cell (str, int, float, date or None)",
                            crate::arguments::type_name(&item)
                        )));
                    }
                }
            }
        }
        Ok(Text::Utf8(out.finish()))
    }

    /// The column `ob`: through the Arrow PyCapsule interface when it speaks it (a pyarrow
    /// array or chunked array, a polars Series, a pandas Series, whose conversion by pyarrow
    /// may fail for mixed Python objects: it is then read value by value), else value by
    /// value (a list, a tuple, any iterable of values). A `str` or `bytes` is refused: it is
    /// one value, not a column.
    pub(crate) fn from_py(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<Text> {
        match Text::chunks_from_py(ob, what)? {
            Ok(chunks) => Text::from_array(&concat(chunks)?, what),
            Err(text) => Ok(text),
        }
    }

    /// As [`Text::from_py`], but a column that speaks Arrow as its chunks (`Ok`), unjoined;
    /// a column read value by value as one [`Text`] (`Err`).
    fn chunks_from_py(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<Result<Vec<ArrayRef>, Text>> {
        let py = ob.py();
        if ob.is_instance_of::<PyString>() || ob.is_instance_of::<PyBytes>() {
            return Err(type_invalid(format!(
                "{what} is a column of values (a list, a pyarrow array, a polars or pandas Series), not a {}; for one value use the check_* function",
                crate::arguments::type_name(ob)
            )));
        }
        if ob.hasattr(intern!(py, "__arrow_c_array__"))?
            || ob.hasattr(intern!(py, "__arrow_c_stream__"))?
        {
            let read = ob.extract::<AnyArray>().and_then(|any| {
                let chunked = any.into_chunked_array()?;
                let (chunks, _) = chunked.into_inner();
                Ok(chunks)
            });
            match read {
                Ok(chunks) => return Ok(Ok(chunks)),
                // pandas' Series of Python objects that pyarrow cannot type: value by value.
                Err(_) if is_pandas(ob) => return Text::from_values(ob, what).map(Err),
                Err(e) => return Err(e),
            }
        }
        if ob.hasattr(intern!(py, "__iter__"))? {
            return Text::from_values(ob, what).map(Err);
        }
        Err(type_invalid(format!(
            "{what} is a column of values (a list, a pyarrow array, a polars or pandas Series), not {}",
            crate::arguments::type_name(ob)
        )))
    }
}

/// `value` without a time of exactly midnight: `2008-02-03T00:00:00` is `2008-02-03`.
fn midnight_as_date(value: &str) -> &str {
    match value.split_once('T') {
        Some((date, time)) if time.trim_end_matches(['0', ':', '.']).is_empty() => date,
        _ => value,
    }
}

fn cast_text(array: &ArrayRef) -> Result<StringArray, ArrowError> {
    let text = arrow_cast::cast(array, &DataType::Utf8)?;
    Ok(text.as_string::<i32>().clone())
}

/// The chunks as one array (no copy for one chunk).
fn concat(chunks: Vec<ArrayRef>) -> PyResult<ArrayRef> {
    match chunks.len() {
        1 => Ok(chunks.into_iter().next().unwrap_or_else(|| unreachable!())),
        _ => {
            if chunks.is_empty() {
                return Ok(Arc::new(StringArray::from(Vec::<Option<&str>>::new())));
            }
            let refs: Vec<&dyn Array> = chunks.iter().map(|c| c.as_ref()).collect();
            arrow_select::concat::concat(&refs).map_err(|e| type_invalid(e.to_string()))
        }
    }
}

fn is_pandas(ob: &Bound<'_, PyAny>) -> bool {
    ob.get_type()
        .module()
        .is_ok_and(|m| m.to_cow().is_ok_and(|m| m.starts_with("pandas")))
}

/// An upload given as a table (a pandas, polars DataFrame, a pyarrow Table or RecordBatch, any
/// object with `__arrow_c_stream__` whose stream is of records): its columns' names as the
/// header and their values as cells.
#[derive(Debug)]
pub(crate) struct CellTable {
    names: Vec<String>,
    columns: Vec<Chunks>,
    rows: usize,
}

/// One column of a table as its chunks came (a pyarrow Table read from CSV has one per block
/// of the file; pandas' and polars' columns usually one), read in place: joining them into one
/// array would copy every string of the upload.
#[derive(Debug)]
struct Chunks {
    chunks: Vec<Text>,
    /// Where each chunk starts, in rows of the column, and (last) the column's length.
    starts: Vec<usize>,
    /// The chunk the last cell read was in: rows are read in order, so the next cell is
    /// almost always in the same chunk or the one after.
    last: AtomicUsize,
}

impl Chunks {
    fn new(chunks: Vec<Text>) -> Chunks {
        let mut starts = Vec::with_capacity(chunks.len() + 1);
        let mut at = 0;
        for chunk in &chunks {
            starts.push(at);
            at += chunk.len();
        }
        starts.push(at);
        Chunks {
            chunks,
            starts,
            last: AtomicUsize::new(0),
        }
    }

    /// The cell at `row`; `None` for a missing value (or past the end).
    #[inline]
    fn get(&self, row: usize) -> Option<&str> {
        let within = |k: usize| {
            self.starts
                .get(k)
                .zip(self.starts.get(k + 1))
                .is_some_and(|(&start, &end)| start <= row && row < end)
        };
        let mut k = self.last.load(Ordering::Relaxed);
        if !within(k) {
            k = if within(k + 1) {
                k + 1
            } else {
                // The last start at or before `row`.
                self.starts
                    .partition_point(|&start| start <= row)
                    .checked_sub(1)?
            };
            self.last.store(k, Ordering::Relaxed);
        }
        self.chunks.get(k)?.get(row - self.starts.get(k)?)
    }
}

impl CellColumns for CellTable {
    fn names(&self) -> &[String] {
        &self.names
    }

    fn rows(&self) -> usize {
        self.rows
    }

    #[inline]
    fn cell(&self, row: usize, column: usize) -> Option<&str> {
        self.columns.get(column)?.get(row)
    }
}

impl CellTable {
    /// The table `ob` when it is one (else `None`, for the file sources to take): a pandas
    /// DataFrame column by column (its index is not a column, as `to_csv(index=False)`
    /// writes it; names as `str(name)`), anything else through its Arrow stream.
    pub(crate) fn from_py(ob: &Bound<'_, PyAny>) -> PyResult<Option<CellTable>> {
        let py = ob.py();
        if is_pandas(ob)
            && ob.hasattr(intern!(py, "iloc"))?
            && ob.hasattr(intern!(py, "columns"))?
        {
            let names: Vec<String> = ob
                .getattr(intern!(py, "columns"))?
                .try_iter()?
                .map(|n| n.and_then(|n| Ok(n.str()?.to_cow()?.into_owned())))
                .collect::<PyResult<_>>()?;
            let iloc = ob.getattr(intern!(py, "iloc"))?;
            let all = pyo3::types::PySlice::full(py);
            let mut columns = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                let series = iloc.get_item((all.clone(), i))?;
                let what = format!("column '{name}'");
                columns.push(Chunks::new(match Text::chunks_from_py(&series, &what)? {
                    Ok(chunks) => chunks
                        .iter()
                        .map(|c| Text::from_array(c, &what))
                        .collect::<PyResult<_>>()?,
                    Err(text) => vec![text],
                }));
            }
            let rows = ob.len()?;
            return Ok(Some(CellTable {
                names,
                columns,
                rows,
            }));
        }
        if !(ob.hasattr(intern!(py, "__arrow_c_stream__"))?
            || ob.hasattr(intern!(py, "__arrow_c_array__"))?)
        {
            return Ok(None);
        }
        let not_a_table = |e: PyErr| {
            type_invalid(format!(
                "an upload given through Arrow is a table (columns named as the template's headers: a DataFrame, a pyarrow Table), and this one could not be read as one: {}",
                e.value(py)
            ))
        };
        let any = ob.extract::<AnyRecordBatch>().map_err(not_a_table)?;
        let reader = any.into_reader().map_err(not_a_table)?;
        let schema = reader.schema();
        let batches: Vec<RecordBatch> = reader.collect::<Result<_, ArrowError>>().map_err(|e| {
            type_invalid(format!("the upload's Arrow stream could not be read: {e}"))
        })?;
        let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let rows = batches.iter().map(RecordBatch::num_rows).sum();
        let mut columns = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let what = format!("column '{name}'");
            let chunks = batches
                .iter()
                .map(|b| Text::from_array(b.column(i), &what))
                .collect::<PyResult<Vec<_>>>()?;
            columns.push(Chunks::new(chunks));
        }
        Ok(Some(CellTable {
            names,
            columns,
            rows,
        }))
    }
}

/// A table of results in Arrow form: one record batch, built once. `pyarrow.table(t)`,
/// `polars.DataFrame(t)` and `pandas.DataFrame.from_arrow(t)` take it
/// through `__arrow_c_stream__` (the Arrow PyCapsule interface); `to_pandas()`, `to_polars()`
/// and `to_pyarrow()` do the same in one call. `len(t)` is its number of rows,
/// `t["valid"]` (or `t.column("valid")`) one column.
#[pyclass(frozen, module = "learner_destinations", name = "ArrowTable")]
#[derive(Debug, Clone)]
pub struct PyArrowTable {
    batch: RecordBatch,
}

impl PyArrowTable {
    pub(crate) fn new(batch: RecordBatch) -> Self {
        PyArrowTable { batch }
    }

    fn schema(&self) -> SchemaRef {
        self.batch.schema()
    }

    fn index(&self, key: &Bound<'_, PyAny>) -> PyResult<usize> {
        if let Ok(name) = key.extract::<PyBackedStr>() {
            return self.batch.schema().index_of(&name).map_err(|_| {
                crate::errors::option_invalid(
                    crate::errors::capped(format!(
                        "no column '{}'; the columns are {}",
                        &*name,
                        self.column_names().join(", ")
                    )),
                    None,
                )
            });
        }
        let i: isize = key.extract().map_err(|_| {
            crate::errors::type_invalid(format!(
                "key takes a column name (str) or position (int), not {}",
                key.get_type()
                    .name()
                    .map_or_else(|_| "that".to_string(), |n| n.to_string())
            ))
        })?;
        let n = self.batch.num_columns() as isize;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err(format!(
                "column {i} out of range: the table has {n} columns"
            )));
        }
        Ok(j as usize)
    }

    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }
}

#[pymethods]
impl PyArrowTable {
    /// The Arrow PyCapsule interface: the table as a stream of one record batch (cast to
    /// `requested_schema` when arrow-rs can).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = self.schema();
        let field = Field::new_struct("", schema.fields().clone(), false)
            .with_metadata(schema.metadata().clone());
        let array: ArrayRef = Arc::new(arrow_array::StructArray::from(self.batch.clone()));
        let reader = Box::new(ArrayIterator::new(
            std::iter::once(Ok(array)),
            Arc::new(field),
        ));
        Ok(to_stream_pycapsule(py, reader, requested_schema)?)
    }
    /// The Arrow PyCapsule interface: the table's schema.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema().as_ref())?)
    }
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }
    /// The columns' names, in order.
    #[getter(column_names)]
    fn py_column_names(&self) -> Vec<String> {
        self.column_names()
    }
    /// The column `key` (a name, or a position) as an `ArrowArray`.
    fn column(&self, key: &Bound<'_, PyAny>) -> PyResult<PyArrowArray> {
        let i = self.index(key)?;
        Ok(PyArrowArray {
            array: self.batch.column(i).clone(),
            field: Arc::new(self.batch.schema().field(i).clone()),
        })
    }
    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<PyArrowArray> {
        self.column(key)
    }
    /// The table as a dict of lists of Python values (no other package needed).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (field, array) in self
            .batch
            .schema()
            .fields()
            .iter()
            .zip(self.batch.columns())
        {
            d.set_item(field.name(), to_pylist(py, array)?)?;
        }
        Ok(d)
    }
    /// The table as a `pyarrow.Table` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("pyarrow")?.call_method1("table", (slf,))
    }
    /// The table as a `polars.DataFrame` (needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("polars")?.call_method1("DataFrame", (slf,))
    }
    /// The table as a `pandas.DataFrame` (needs pandas and pyarrow):
    /// `pandas.DataFrame.from_arrow`, or pyarrow's `to_pandas` for a pandas before 3.0.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let frame = py.import("pandas")?.getattr("DataFrame")?;
        if frame.hasattr("from_arrow")? {
            frame.call_method1("from_arrow", (slf,))
        } else {
            Self::to_pyarrow(slf)?.call_method0("to_pandas")
        }
    }
    fn __repr__(&self) -> String {
        let columns: Vec<String> = self
            .batch
            .schema()
            .fields()
            .iter()
            .map(|f| format!("{}: {}", f.name(), f.data_type()))
            .collect();
        format!(
            "<ArrowTable {} rows: {}>",
            self.batch.num_rows(),
            columns.join(", ")
        )
    }
}

/// One column of results in Arrow form (a boolean mask, say): `pyarrow.array(a)`,
/// `polars.Series(a)` take it through `__arrow_c_array__`; `numpy.asarray(a)` and
/// `a.to_numpy()` (so `frame[mask.to_numpy()]` in pandas) through pyarrow; `to_pylist()` needs
/// no other package.
#[pyclass(frozen, module = "learner_destinations", name = "ArrowArray")]
#[derive(Debug, Clone)]
pub struct PyArrowArray {
    array: ArrayRef,
    field: Arc<Field>,
}

impl PyArrowArray {
    pub(crate) fn new(name: &str, array: ArrayRef) -> Self {
        let field = Arc::new(Field::new(
            name,
            array.data_type().clone(),
            array.null_count() > 0,
        ));
        PyArrowArray { array, field }
    }
}

#[pymethods]
impl PyArrowArray {
    /// The Arrow PyCapsule interface: the array (cast to `requested_schema` when arrow-rs can).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        Ok(to_array_pycapsules(
            py,
            self.field.clone(),
            self.array.as_ref(),
            requested_schema,
        )?)
    }
    /// The Arrow PyCapsule interface: the array's type, as a field.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.field.as_ref())?)
    }
    /// numpy's array protocol, through pyarrow (`numpy.asarray(mask)`).
    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__<'py>(
        slf: &Bound<'py, Self>,
        dtype: Option<Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let _ = copy;
        let array = py.import("pyarrow")?.call_method1("array", (slf,))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("zero_copy_only", false)?;
        let out = array.call_method("to_numpy", (), Some(&kwargs))?;
        match dtype {
            Some(dtype) => out.call_method1("astype", (dtype,)),
            None => Ok(out),
        }
    }
    /// The array as a numpy array, through pyarrow (`frame[mask.to_numpy()]` in pandas).
    fn to_numpy<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::__array__(slf, None, None)
    }
    fn __len__(&self) -> usize {
        self.array.len()
    }
    /// The values as a list of Python values.
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_pylist(py, &self.array)
    }
    /// The array as a `pyarrow.Array` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("array", (slf,))
    }
    fn __repr__(&self) -> String {
        format!(
            "<ArrowArray {} {} values>",
            self.array.len(),
            self.array.data_type()
        )
    }
}

/// The Python values of an array this module built (booleans, unsigned integers, strings,
/// lists of strings).
fn to_pylist<'py>(py: Python<'py>, array: &ArrayRef) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    match array.data_type() {
        DataType::Boolean => {
            let a: &BooleanArray = array.as_boolean();
            for v in a.iter() {
                list.append(v)?;
            }
        }
        DataType::UInt64 => {
            let a: &UInt64Array = array.as_primitive();
            for v in a.iter() {
                list.append(v)?;
            }
        }
        DataType::Utf8 => {
            for v in array.as_string::<i32>().iter() {
                list.append(v)?;
            }
        }
        DataType::List(_) => {
            let a = array.as_list::<i32>();
            for i in 0..a.len() {
                if a.is_null(i) {
                    list.append(py.None())?;
                } else {
                    list.append(to_pylist(py, &a.value(i))?)?;
                }
            }
        }
        other => {
            return Err(type_invalid(format!(
                "no Python values for an array of {other}; use pyarrow.array(a).to_pylist()"
            )));
        }
    }
    Ok(list)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyArrowTable>()?;
    m.add_class::<PyArrowArray>()?;
    Ok(())
}
