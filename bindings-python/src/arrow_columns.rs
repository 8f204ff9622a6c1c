//! Column functions: the identifier checks and the destination-code parser over a whole
//! column at once, in and out as Arrow.
//!
//! | function | returns |
//! |---|---|
//! | `check_<identifiers>(values)` (`check_ulns`, `check_ukprns`, `check_learn_ref_numbers`, `check_learn_aim_refs`, `check_upns`, `check_postcodes`, `check_uk_mobiles`, `check_uk_telephones`, `check_emails`) | an `ArrowTable` of `valid` (bool), `code` and `message` (the finding's, null when valid), one row per value |
//! | `valid_<identifiers>(values)` | an `ArrowArray` of bool: the mask of valid values |
//! | `parse_codes(values, *, schemes, as_of)` | `valid`, `code`, `message`, and the code read: `destination` (canonical), `scheme`, `ilr_code`, `title` |
//! | `map_codes(values, scheme, *, schemes, qualifiers, as_of)` | `valid`, `code`, `message`, and the code in `scheme`: `destination`, `title` |
//!
//! `values` is anything [`Text::from_py`] reads: a pyarrow array or chunked array, a polars or
//! pandas Series (Arrow dtypes or not), a list. A missing value is checked as an empty cell
//! is. The checks are the core's single-value ones, run with the GIL released.

use crate::arguments::{Arg, DateArg};
use crate::arrow::{PyArrowArray, PyArrowTable, Text};
use crate::codes::PySchemes;
use crate::records::builtin_schemes;
use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use learner_destinations::identifiers::{Postcode, Upn, check_email, check_uk_telephone};
use learner_destinations::{LearnAimRef, LearnRefNumber, Refusal, UkMobile, Ukprn, Uln};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use std::sync::Arc;

/// The refusal of one value by an identifier's rules, if any.
type Check = fn(&str) -> Option<Refusal>;

/// Findings of a column: `valid`, `code`, `message`.
struct Checked {
    valid: BooleanBuilder,
    code: StringBuilder,
    message: StringBuilder,
}

impl Checked {
    fn new(rows: usize) -> Self {
        Checked {
            valid: BooleanBuilder::with_capacity(rows),
            code: StringBuilder::with_capacity(rows, 0),
            message: StringBuilder::with_capacity(rows, 0),
        }
    }

    fn push(&mut self, refusal: Option<&Refusal>) {
        match refusal {
            None => {
                self.valid.append_value(true);
                self.code.append_null();
                self.message.append_null();
            }
            Some(r) => {
                self.valid.append_value(false);
                self.code.append_value(r.code());
                self.message.append_value(&r.message);
            }
        }
    }

    fn fields() -> Vec<Field> {
        vec![
            Field::new("valid", DataType::Boolean, false),
            Field::new("code", DataType::Utf8, true),
            Field::new("message", DataType::Utf8, true),
        ]
    }

    fn arrays(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.valid.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.message.finish()),
        ]
    }
}

/// A record batch of `fields` and `arrays` (built here, so they agree).
fn batch(fields: Vec<Field>, arrays: Vec<ArrayRef>) -> PyResult<PyArrowTable> {
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map(PyArrowTable::new)
        .map_err(|e| {
            crate::errors::py_err(learner_destinations::Error::Host {
                message: format!("an Arrow table could not be built: {e}"),
            })
        })
}

fn check_table(py: Python<'_>, values: &Bound<'_, PyAny>, check: Check) -> PyResult<PyArrowTable> {
    let text = Text::from_py(values, "values")?;
    let arrays = py.detach(|| {
        let mut out = Checked::new(text.len());
        text.for_each(|v| out.push(check(v).as_ref()));
        out.arrays()
    });
    batch(Checked::fields(), arrays)
}

fn valid_mask(py: Python<'_>, values: &Bound<'_, PyAny>, check: Check) -> PyResult<PyArrowArray> {
    let text = Text::from_py(values, "values")?;
    let mask = py.detach(|| {
        let mut out = BooleanBuilder::with_capacity(text.len());
        text.for_each(|v| out.append_value(check(v).is_none()));
        out.finish()
    });
    Ok(PyArrowArray::new("valid", Arc::new(mask)))
}

/// `check_<plural>` and `valid_<plural>` for one identifier.
macro_rules! column_checks {
    ($($check:ident, $valid:ident, $what:literal, $rule:expr;)*) => {
        $(
            #[doc = concat!("Checks every value of `values` as ", $what, " (the rules of `check_",
                stringify!($check), "` one value at a time, in a column): an `ArrowTable` of ",
                "`valid`, `code` and `message` (null when valid), one row per value. `values` is a ",
                "pyarrow array or chunked array, a polars or pandas Series, or a list; a missing ",
                "value is checked as an empty cell. The GIL is released while checking.")]
            #[pyfunction]
            fn $check(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<PyArrowTable> {
                check_table(py, values, $rule)
            }
            #[doc = concat!("The mask of the values of `values` that are ", $what,
                ": an `ArrowArray` of bool (`numpy.asarray(mask)`, `frame[mask]`, ",
                "`polars.Series(mask)`). The GIL is released while checking.")]
            #[pyfunction]
            fn $valid(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<PyArrowArray> {
                valid_mask(py, values, $rule)
            }
        )*
        fn register_checks(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(
                m.add_function(wrap_pyfunction!($check, m)?)?;
                m.add_function(wrap_pyfunction!($valid, m)?)?;
            )*
            Ok(())
        }
    };
}

column_checks! {
    check_ulns, valid_ulns, "ULNs", |v| Uln::parse(v).err();
    check_ukprns, valid_ukprns, "UKPRNs", |v| Ukprn::parse(v).err();
    check_learn_ref_numbers, valid_learn_ref_numbers, "learner reference numbers", |v| LearnRefNumber::parse(v).err();
    check_learn_aim_refs, valid_learn_aim_refs, "learning aim references", |v| LearnAimRef::parse(v).err();
    check_upns, valid_upns, "UPNs", |v| Upn::parse(v).err();
    check_postcodes, valid_postcodes, "postcodes", |v| Postcode::parse(v).err();
    check_uk_mobiles, valid_uk_mobiles, "UK mobile numbers", |v| UkMobile::parse(v).err();
    check_uk_telephones, valid_uk_telephones, "UK telephone numbers", |v| check_uk_telephone(v).err();
    check_emails, valid_emails, "email addresses", |v| check_email(v).err();
}

/// Reads every value of `values` as a destination code (the portal's merged "Destination
/// Code" field: `EMP1`, `EMP 1`, `wmca1.1`...) against `schemes` (default: the built-in ILR
/// and WMCA tables), and, with `as_of`, checks the code is valid on that date. An
/// `ArrowTable` of `valid`, `code`, `message` (the finding's, null when valid) and the code
/// read: `destination` (canonical, e.g. `EMP1`), `scheme`, `ilr_code` and `title` (null when
/// not read). The GIL is released while reading.
#[pyfunction]
#[pyo3(signature = (values, *, schemes = None, as_of = None))]
fn parse_codes(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    schemes: Option<PyRef<'_, PySchemes>>,
    as_of: Option<DateArg>,
) -> PyResult<PyArrowTable> {
    let text = Text::from_py(values, "values")?;
    let schemes = match &schemes {
        Some(s) => &s.0,
        None => builtin_schemes(),
    };
    let arrays = py.detach(|| {
        let n = text.len();
        let mut out = Checked::new(n);
        let mut destination = StringBuilder::with_capacity(n, n * 6);
        let mut scheme = StringBuilder::with_capacity(n, n * 4);
        let mut ilr = StringBuilder::with_capacity(n, n * 4);
        let mut title = StringBuilder::with_capacity(n, n * 40);
        text.for_each(|v| {
            let read = schemes.parse(v).and_then(|entry| match as_of {
                Some(DateArg(on)) => entry.check_valid_on(on, "the as-of date").map(|()| entry),
                None => Ok(entry),
            });
            match read {
                Ok(entry) => {
                    out.push(None);
                    destination.append_value(entry.code());
                    scheme.append_value(entry.scheme());
                    ilr.append_option(entry.ilr_code());
                    title.append_value(entry.title());
                }
                Err(r) => {
                    out.push(Some(&r));
                    destination.append_null();
                    scheme.append_null();
                    ilr.append_null();
                    title.append_null();
                }
            }
        });
        let mut arrays = out.arrays();
        arrays.push(Arc::new(destination.finish()));
        arrays.push(Arc::new(scheme.finish()));
        arrays.push(Arc::new(ilr.finish()));
        arrays.push(Arc::new(title.finish()));
        arrays
    });
    let mut fields = Checked::fields();
    for name in ["destination", "scheme", "ilr_code", "title"] {
        fields.push(Field::new(name, DataType::Utf8, true));
    }
    batch(fields, arrays)
}

/// Maps every value of `values` (destination codes, read as `parse_codes` reads them) to its
/// code in scheme `scheme` (`"ILR"`, `"WMCA1.0"`...: `Schemes.to_scheme`, one value at a time),
/// choosing among several by `qualifiers`; with `as_of`, the code read must be valid on that
/// date. An `ArrowTable` of `valid`, `code`, `message` (why a value has no code in `scheme`:
/// `destination_no_equivalent`, `scheme_unknown`, or why it was refused) and the code mapped
/// to: `destination` and `title`. The GIL is released while mapping.
#[pyfunction]
#[pyo3(signature = (values, scheme, *, schemes = None, qualifiers = Vec::new(), as_of = None), text_signature = "(values, scheme, *, schemes=None, qualifiers=(), as_of=None)")]
fn map_codes(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    scheme: Arg<PyBackedStr>,
    schemes: Option<PyRef<'_, PySchemes>>,
    qualifiers: Vec<PyBackedStr>,
    as_of: Option<DateArg>,
) -> PyResult<PyArrowTable> {
    let text = Text::from_py(values, "values")?;
    let schemes = match &schemes {
        Some(s) => &s.0,
        None => builtin_schemes(),
    };
    let target: &str = &scheme;
    // An unknown scheme is the caller's mistake, not a value's: refused once.
    schemes.scheme(target).map_err(crate::errors::py_err)?;
    let qualifiers: Vec<&str> = qualifiers.iter().map(|q| &**q).collect();
    let arrays = py.detach(|| {
        let n = text.len();
        let mut out = Checked::new(n);
        let mut destination = StringBuilder::with_capacity(n, n * 8);
        let mut title = StringBuilder::with_capacity(n, n * 40);
        text.for_each(|v| {
            let mapped = schemes
                .parse(v)
                .and_then(|entry| match as_of {
                    Some(DateArg(on)) => entry.check_valid_on(on, "the as-of date").map(|()| entry),
                    None => Ok(entry),
                })
                .and_then(|entry| schemes.to_scheme(entry, target, &qualifiers));
            match mapped {
                Ok(entry) => {
                    out.push(None);
                    destination.append_value(entry.code());
                    title.append_value(entry.title());
                }
                Err(r) => {
                    out.push(Some(&r));
                    destination.append_null();
                    title.append_null();
                }
            }
        });
        let mut arrays = out.arrays();
        arrays.push(Arc::new(destination.finish()));
        arrays.push(Arc::new(title.finish()));
        arrays
    });
    let mut fields = Checked::fields();
    fields.push(Field::new("destination", DataType::Utf8, true));
    fields.push(Field::new("title", DataType::Utf8, true));
    batch(fields, arrays)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    register_checks(m)?;
    m.add_function(wrap_pyfunction!(parse_codes, m)?)?;
    m.add_function(wrap_pyfunction!(map_codes, m)?)?;
    Ok(())
}
