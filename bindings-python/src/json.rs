//! Python values as plain data (`serde_json::Value`) and back: the one conversion for every
//! option object and JSON-shaped input the core reads (a template's options, survey answers, a
//! survey definition). It only converts: the core reads the plain data and says what is wrong
//! with it, in its catalogued errors.
//!
//! | Python | plain data |
//! |---|---|
//! | `None`, `float('nan')`, `pandas.NaT`, `pandas.NA`, `numpy.datetime64('NaT')`, `decimal.Decimal('NaN')` | null |
//! | `bool` (and `numpy.bool_`) | a boolean |
//! | `int`, anything with `__index__` (`numpy.int64`...) | a number (up to 64 bits) |
//! | `float` (and `numpy.float64`, `numpy.float32`) | a number; infinities are refused |
//! | `decimal.Decimal` | its text, which the core reads exactly |
//! | `str` (and `numpy.str_`), `os.PathLike` (its path), the package's `Ukprn` | a string |
//! | `datetime.date` | `"YYYY-MM-DD"` |
//! | `datetime.datetime`, `pandas.Timestamp`, `numpy.datetime64` | its `isoformat()`; at midnight without a time zone, the date alone (`"YYYY-MM-DD"`: how pandas holds a date) |
//! | a mapping with `str` keys | an object |
//! | `list`, `tuple`, `range`, `set`, `frozenset`, other sequences, anything with `tolist()` (`numpy` arrays, `pandas.Series`) | a list |
//!
//! Anything else (bytes, objects, non-`str` keys, an integer past 64 bits) is refused as
//! [`Error::OptionInvalid`] naming where it sits (`answers.answers.hours`, `ukprns[2]`). A value
//! nested deeper than [`MAX_DEPTH`] levels, or a dict or list that contains itself, is refused as
//! [`Error::InputTooDeep`] before the conversion recurses further: the interpreter's stack and
//! the core's readers are never asked to go that deep.
//!
//! Duck-typed throughout: no numpy or pandas import, and a package that follows their protocols
//! (`__index__`, `isoformat`, `tolist`) converts the same way.

use crate::arguments::type_name;
use crate::errors::py_err;
use chrono::NaiveDate;
use learner_destinations::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyFrozenSet, PyInt, PyList,
    PyMapping, PySequence, PySet, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

/// The deepest nesting converted: the core's limit for every host's values
/// (`learner_destinations::limits::MAX_DEPTH`), refused with [`Error::InputTooDeep`].
use learner_destinations::limits::MAX_DEPTH;

/// One step from the root to a value: a key of a mapping or a position in a list.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// A conversion in progress: the path to the value being converted (for messages) and the
/// containers on it (to recognise one that contains itself).
struct Converter<'a> {
    /// The argument's name: the first step of every path shown.
    root: &'a str,
    path: Vec<Step>,
    /// The identities of the dicts and lists being converted, outermost first.
    open: Vec<usize>,
}

impl Converter<'_> {
    /// The path of the value being converted, as Python would reach it: `answers.answers.hours`,
    /// `ukprns[2]`, `options["a key"]`.
    fn path(&self) -> String {
        let mut out = self.root.to_string();
        for step in &self.path {
            match step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k)
                    if !k.is_empty()
                        && k.chars().all(|c| c.is_alphanumeric() || c == '_')
                        && !k.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Key(k) => out.push_str(&format!("[{}]", serde_json::Value::from(k.as_str()))),
            }
        }
        out
    }

    fn refused(&self, message: String) -> PyErr {
        py_err(Error::OptionInvalid {
            option: self.path(),
            message,
        })
    }

    fn not_plain(&self, ob: &Bound<'_, PyAny>) -> PyErr {
        self.refused(format!(
            "takes plain data (None, bool, int, float, str, a date, a list or a dict), not {}",
            type_name(ob)
        ))
    }

    /// Enters the container `ob`: refuses it when it is already open (it contains itself) or
    /// when it would be nested deeper than [`MAX_DEPTH`].
    fn enter(&mut self, ob: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = ob.as_ptr() as usize;
        if self.open.contains(&id) {
            return Err(py_err(Error::InputTooDeep {
                what: self.root.to_string(),
                message: format!(
                    "{} contains itself (a {} holding a reference to one of the values around it); give plain data without cycles",
                    self.path(),
                    type_name(ob)
                ),
            }));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(py_err(Error::InputTooDeep {
                what: self.root.to_string(),
                message: format!(
                    "nested deeper than {MAX_DEPTH} levels of dicts and lists (at {}…); nothing this library reads is nested so deep",
                    self.path().chars().take(120).collect::<String>()
                ),
            }));
        }
        self.open.push(id);
        Ok(())
    }

    fn leave(&mut self) {
        self.open.pop();
    }

    fn convert(&mut self, ob: &Bound<'_, PyAny>) -> PyResult<Value> {
        if ob.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = ob.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if ob.is_instance_of::<PyInt>() {
            return self.integer(ob);
        }
        if let Ok(f) = ob.cast::<PyFloat>() {
            return self.float(f.value());
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return Ok(Value::String(s.to_cow()?.into_owned()));
        }
        if let Ok(ukprn) = ob.cast::<crate::identifiers::PyUkprn>() {
            // The package's own UKPRN: its digits.
            return Ok(Value::String(ukprn.get().0.to_string()));
        }
        if is_missing(ob)? {
            return Ok(Value::Null);
        }
        let class = type_name(ob);
        if ob.is_instance_of::<PyDateTime>() {
            return self.datetime(ob);
        }
        if ob.is_instance_of::<PyDate>() {
            return Ok(Value::String(ob.extract::<NaiveDate>()?.to_string()));
        }
        if class == "datetime64" && ob.hasattr("astype")? {
            // To microseconds, then to datetime.datetime (None for NaT; an int for a year past
            // 9999, which the core refuses as not a date).
            let item = ob
                .call_method1("astype", ("datetime64[us]",))?
                .call_method0("item")?;
            return self.scalar(ob, &item);
        }
        if class == "Decimal" {
            return Ok(Value::String(ob.str()?.to_cow()?.into_owned()));
        }
        if ob.hasattr("tolist")? {
            // numpy arrays and scalars, pandas Series: their values as Python lists and scalars
            // (before `__index__`, which an array has but refuses).
            let list = ob.call_method0("tolist")?;
            return self.scalar(ob, &list);
        }
        if ob.hasattr("__index__")? {
            let index = ob.py().import("operator")?.call_method1("index", (ob,))?;
            return self.integer(&index);
        }
        if ob.is_instance_of::<PyBytes>() || ob.is_instance_of::<PyByteArray>() {
            return Err(self.not_plain(ob));
        }
        if ob.hasattr("__fspath__")? {
            let path = ob.py().import("os")?.call_method1("fspath", (ob,))?;
            return match path.cast::<PyString>() {
                Ok(s) => Ok(Value::String(s.to_cow()?.into_owned())),
                Err(_) => Err(self.refused(format!(
                    "takes a path as str, not a {} path",
                    type_name(&path)
                ))),
            };
        }
        if let Ok(d) = ob.cast::<PyDict>() {
            return self.mapping(ob, d.items().into_any());
        }
        if let Ok(m) = ob.cast::<PyMapping>() {
            return self.mapping(ob, m.items()?.into_any());
        }
        if ob.is_instance_of::<PyList>()
            || ob.is_instance_of::<PyTuple>()
            || ob.is_instance_of::<PySet>()
            || ob.is_instance_of::<PyFrozenSet>()
        {
            return self.items(ob, ob);
        }
        if ob.cast::<PySequence>().is_ok() {
            return self.items(ob, ob);
        }
        Err(self.not_plain(ob))
    }

    /// `item`, which `ob` gave as its Python value, converted; refused when it is of `ob`'s own
    /// type (it would be converted again and again). Counts as a level of nesting, so a chain
    /// of objects giving other objects ends at [`MAX_DEPTH`] too.
    fn scalar(&mut self, ob: &Bound<'_, PyAny>, item: &Bound<'_, PyAny>) -> PyResult<Value> {
        if item.get_type().is(ob.get_type()) {
            return Err(self.not_plain(ob));
        }
        self.enter(ob)?;
        let value = self.convert(item)?;
        self.leave();
        Ok(value)
    }

    fn integer(&self, ob: &Bound<'_, PyAny>) -> PyResult<Value> {
        if let Ok(n) = ob.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = ob.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        let digits = ob.str()?.to_cow()?.chars().count();
        Err(self.refused(format!(
            "takes plain data, and an integer of {digits} digits is past 64 bits; give it as a str"
        )))
    }

    fn float(&self, x: f64) -> PyResult<Value> {
        if x.is_nan() {
            return Ok(Value::Null);
        }
        Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| self.refused(format!("takes a finite number, not {x}")))
    }

    fn datetime(&self, ob: &Bound<'_, PyAny>) -> PyResult<Value> {
        let text = ob.call_method0("isoformat")?.extract::<String>()?;
        // Midnight with no time zone and no fraction: a date, as pandas holds dates.
        Ok(Value::String(match text.strip_suffix("T00:00:00") {
            Some(date) if date.len() == 10 => date.to_string(),
            _ => text,
        }))
    }

    /// A mapping from its `items` (pairs): an object, keys `str`.
    fn mapping(&mut self, ob: &Bound<'_, PyAny>, items: Bound<'_, PyAny>) -> PyResult<Value> {
        self.enter(ob)?;
        let mut out = Map::new();
        for item in items.try_iter()? {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let Ok(key) = key.cast::<PyString>() else {
                return Err(self.refused(format!(
                    "takes a dict with str keys, not one with a key of type {}",
                    type_name(&key)
                )));
            };
            let key = key.to_cow()?.into_owned();
            self.path.push(Step::Key(key.clone()));
            let value = self.convert(&value)?;
            self.path.pop();
            out.insert(key, value);
        }
        self.leave();
        Ok(Value::Object(out))
    }

    /// A list from anything iterable (`ob` is the container, for cycle detection).
    fn items(&mut self, ob: &Bound<'_, PyAny>, iterable: &Bound<'_, PyAny>) -> PyResult<Value> {
        self.enter(ob)?;
        let mut out = Vec::new();
        for (i, item) in iterable.try_iter()?.enumerate() {
            self.path.push(Step::Index(i));
            let value = self.convert(&item?)?;
            self.path.pop();
            out.push(value);
        }
        self.leave();
        Ok(Value::Array(out))
    }
}

/// True for a missing value as Python, numpy and pandas give one: `None`, a float NaN
/// (`float('nan')`, `numpy.float64`, `numpy.float32`), `pandas.NaT`, `pandas.NA`,
/// `numpy.datetime64('NaT')`, `decimal.Decimal('NaN')`. Every argument that may be left out
/// takes them as left out ([`crate::arguments::Maybe`], [`crate::arguments::OptDate`]), and
/// plain data holds them as null.
pub fn is_missing(ob: &Bound<'_, PyAny>) -> PyResult<bool> {
    if ob.is_none() {
        return Ok(true);
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        return Ok(f.value().is_nan());
    }
    if ob.is_instance_of::<PyString>() || ob.is_instance_of::<PyInt>() {
        return Ok(false);
    }
    // pandas' missing values: NaT is a datetime subclass, NA refuses bool().
    match type_name(ob).as_str() {
        "NaTType" | "NAType" => Ok(true),
        "float32" | "float16" | "longdouble" | "float128" => {
            Ok(ob.call_method0("__float__")?.extract::<f64>()?.is_nan())
        }
        "datetime64" | "timedelta64" => Ok(ob.str()?.to_cow()? == "NaT"),
        "Decimal" => ob.call_method0("is_nan")?.is_truthy(),
        _ => Ok(false),
    }
}

/// `ob` as plain data (see the module's table); `root` names it in messages (the argument's
/// name, e.g. `"answers"`).
pub fn to_plain(ob: &Bound<'_, PyAny>, root: &str) -> PyResult<Value> {
    Converter {
        root,
        path: Vec::new(),
        open: Vec::new(),
    }
    .convert(ob)
}

/// `value` as plain data, as JSON text: how the conversion is tested (`_plain_data` in the
/// native module, not part of the package's interface).
#[pyfunction]
#[pyo3(signature = (value, root = "value"))]
fn _plain_data(value: &Bound<'_, PyAny>, root: &str) -> PyResult<String> {
    to_plain(value, root).map(|v| v.to_string())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_plain_data, m)?)
}

/// Keyword arguments as an options object: each value converted ([`to_plain`], named by its
/// key), `None` kept as null (the core reads null as "not given"), the keys in `skip` (the
/// arguments the binding converts itself: resources such as `schemes`) left out.
pub fn options_to_plain(
    kwargs: Option<&Bound<'_, PyDict>>,
    skip: &[&str],
) -> PyResult<Map<String, Value>> {
    let mut out = Map::new();
    let Some(kwargs) = kwargs else {
        return Ok(out);
    };
    for (key, value) in kwargs.iter() {
        let key = key.cast::<PyString>()?.to_cow()?.into_owned();
        if skip.contains(&key.as_str()) {
            continue;
        }
        let value = to_plain(&value, &key)?;
        out.insert(key, value);
    }
    Ok(out)
}

/// Plain data as Python: dicts, lists, `str`, `int`, `float`, `bool`, `None`.
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
