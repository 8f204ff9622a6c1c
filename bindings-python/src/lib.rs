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
//! | [`arguments`] | argument types shared by the areas (dates as `datetime.date` or `"YYYY-MM-DD"`, UKPRNs, teaching years) |
//! | [`source`] | file sources (path, bytes, binary file object) and sinks, and the GIL-release pattern for file work |
//! | [`json`] | Python values as plain data and back, for every options object and JSON-shaped input (depth and cycles bounded) |
//! | [`pickling`] | pickling and deep-copying the result objects through their core values |
//! | [`findings`] | `Finding`, `FindingKind`, `list_finding_codes()` |
//! | [`identifiers`] | ULN, UKPRN, learner and aim references, UPN, postcode, UK mobile, telephone, email |
//! | [`codes`] | destination codes, schemes, mapping |
//! | [`dates`] | calendar-month arithmetic, teaching years |
//! | [`records`] | destination records and their rules |
//! | [`contact`] | contact preferences, the survey-channel decision, the OTH3 record, the ContPrefType checks |
//! | [`tracking`] | survey tracking |
//! | [`awaiting`] | enrolments and learners awaiting a destination |
//! | [`learners`] | learner import field rules, username and password policies and generation |
//! | [`survey`] | survey definitions and the derivation of records from answers |
//! | [`qualifications`] | qualification groups, reference lists, identity columns |
//! | [`ilr`] | the uses of an ILR XML file (`ilr_awaiting`, `ilr_contacts`, `ilr_records`, `ilr_template`): keyword arguments to the core's ILR jobs, the host's run, the reports as dicts |
//! | [`workbook`] | Excel workbooks as text |
//! | [`arrow`], [`arrow_columns`], [`arrow_results`] | Arrow in and out: columns and tables through the Arrow PyCapsule interface, the column functions, an upload's results as Arrow tables |
//! | [`templates`] | the upload templates (`validate_destinations`, `validate_learners`, `validate_qualifications`): keyword arguments to the core's job, the host's run, and their results |
//!
//! A new core capability adds a file here with its classes, functions and `register`, one
//! `register` call below, its names in `python/learner_destinations/__init__.py` and
//! `_native.pyi`, and its tests under `bindings-python/tests/` (see the README's "Adding a core
//! capability").

mod arguments;
mod arrow;
mod arrow_columns;
mod arrow_results;
mod awaiting;
mod codes;
mod contact;
mod dates;
mod errors;
mod findings;
mod identifiers;
mod ilr;
mod json;
mod learners;
mod pickling;
mod qualifications;
mod records;
mod repr;
mod source;
mod survey;
mod templates;
mod tracking;
mod workbook;

use pyo3::prelude::*;

#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for class in errors::ErrorClass::ALL {
        m.add(class.name(), class.type_object(m.py())?)?;
    }
    json::register(m)?;
    pickling::register(m)?;
    findings::register(m)?;
    errors::register(m)?;
    identifiers::register(m)?;
    codes::register(m)?;
    dates::register(m)?;
    records::register(m)?;
    contact::register(m)?;
    tracking::register(m)?;
    awaiting::register(m)?;
    learners::register(m)?;
    survey::register(m)?;
    qualifications::register(m)?;
    workbook::register(m)?;
    templates::register(m)?;
    ilr::register(m)?;
    arrow::register(m)?;
    arrow_columns::register(m)?;
    Ok(())
}
