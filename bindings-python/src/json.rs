//! Python values as JSON values and back, for the core's JSON-shaped inputs (survey answers)
//! and data (a survey definition). Only converts: the core reads the values and says what is
//! wrong with them.

use crate::arguments::type_name;
use chrono::NaiveDate;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString,
    PyTuple,
};
use serde_json::{Map, Number, Value};

/// A Python value as JSON: `None`, `bool`, `int`, `float`, `str`, `datetime.date` (as
/// `"YYYY-MM-DD"`), `decimal.Decimal` (as its text, which the core reads exactly), mappings with
/// `str` keys, lists and tuples.
pub fn to_json(ob: &Bound<'_, PyAny>) -> PyResult<Value> {
    if ob.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = ob.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if ob.is_instance_of::<PyInt>() {
        if let Ok(n) = ob.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = ob.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return Err(PyValueError::new_err(format!(
            "the integer {} is too large for JSON",
            ob.str()?
        )));
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        let x = f.value();
        return Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err(format!("{x} is not a JSON number")));
    }
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if ob.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(
            "a datetime.datetime is not a date: give a datetime.date or 'YYYY-MM-DD'",
        ));
    }
    if ob.is_instance_of::<PyDate>() {
        return Ok(Value::String(ob.extract::<NaiveDate>()?.to_string()));
    }
    if ob.get_type().name()? == "Decimal" {
        return Ok(Value::String(ob.str()?.to_cow()?.into_owned()));
    }
    if let Ok(m) = ob.cast::<PyMapping>() {
        let mut out = Map::new();
        for item in m.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = key.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!("JSON keys are str, not {}", type_name(&key)))
            })?;
            out.insert(key.to_cow()?.into_owned(), to_json(&value)?);
        }
        return Ok(Value::Object(out));
    }
    if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        let seq = ob.cast::<PySequence>()?;
        let mut out = Vec::with_capacity(seq.len()?);
        for item in seq.try_iter()? {
            out.push(to_json(&item?)?);
        }
        return Ok(Value::Array(out));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a JSON value (use None, bool, int, float, str, datetime.date, dict or list)",
        type_name(ob)
    )))
}

/// A JSON value as Python: dicts, lists, `str`, `int`, `float`, `bool`, `None`.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into_pyobject(py)?.into_any(),
            (_, Some(u), _) => u.into_pyobject(py)?.into_any(),
            (_, _, Some(f)) => f.into_pyobject(py)?.into_any(),
            _ => PyString::new(py, &n.to_string()).into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, v) in map {
                d.set_item(k, to_py(py, v)?)?;
            }
            d.into_any()
        }
    })
}
