//! The native module `learner_destinations._native` of the Python package `learner_destinations`.
//!
//! The binding only converts: Python arguments into core values, core results into frozen Python
//! objects, core failures into Python exceptions. No rule lives here.
//!
//! One file per area of the core, each with a `register` function:
//!
//! | file | what it converts |
//! |---|---|
//! | [`errors`] | every core failure into its Python exception class (`_errors.py`) |
//! | [`arguments`] | argument types shared by the areas (dates as `datetime.date` or `"YYYY-MM-DD"`) |
//! | [`source`] | file sources (path, bytes, binary file object), and the GIL-release pattern for file work |
//! | [`findings`] | `Finding`, `FindingKind`, `list_finding_codes()` |
//! | [`identifiers`] | ULN, UKPRN, learner and aim references |
//! | [`codes`] | destination codes, schemes, mapping |
//!
//! A new core capability (contact rules, survey tracking, survey derivation, upload templates)
//! adds a file here with its classes, functions and `register`, one `register` call below, its
//! names in `python/learner_destinations/__init__.py` and `_native.pyi`, and its tests under
//! `bindings-python/tests/`.

mod arguments;
mod codes;
mod errors;
mod findings;
mod identifiers;
mod repr;
mod source;

use pyo3::prelude::*;

#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for class in errors::ErrorClass::ALL {
        m.add(class.name(), class.type_object(m.py())?)?;
    }
    findings::register(m)?;
    identifiers::register(m)?;
    codes::register(m)?;
    Ok(())
}
