//! Survey tracking: is a destination survey pending, due a reminder, answered, a non-response or
//! unsubscribed? Non-responses and unsubscribes become OTH3 and are flagged for review.

use crate::arguments::{Arg, DateArg, Maybe, OptDate, given, opt_date};
use crate::errors::py_err;
use crate::records::PyDestinationRecord;
use crate::repr::quoted;
use chrono::NaiveDate;
use learner_destinations::tracking::{Survey, Tracking, TrackingSettings, track};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// One learner's survey: when it went out and what has happened since.
///
/// `Survey(learning_end=..., sent=..., reminders=None, answered=None, unsubscribed=None)`
/// (`reminders` not given: none yet, the core's `Survey::new`), dates
/// as `datetime.date` or `"YYYY-MM-DD"`.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Survey")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PySurvey(Survey);

#[pymethods]
impl PySurvey {
    #[new]
    #[pyo3(signature = (*, learning_end, sent, reminders = None, answered = None, unsubscribed = None))]
    fn new(
        learning_end: DateArg,
        sent: DateArg,
        reminders: Option<Maybe<u32>>,
        answered: Option<OptDate>,
        unsubscribed: Option<OptDate>,
    ) -> Self {
        // The core's survey as sent (no reminders yet), with what was given.
        let sent = Survey::new(learning_end.0, sent.0);
        PySurvey(Survey {
            reminders: given(reminders).unwrap_or(sent.reminders),
            answered: opt_date(answered),
            unsubscribed: opt_date(unsubscribed),
            ..sent
        })
    }
    /// The learning actual end date.
    #[getter]
    fn learning_end(&self) -> NaiveDate {
        self.0.learning_end
    }
    /// When the survey was sent.
    #[getter]
    fn sent(&self) -> NaiveDate {
        self.0.sent
    }
    /// Reminders sent so far.
    #[getter]
    fn reminders(&self) -> u32 {
        self.0.reminders
    }
    /// When the learner answered, or None.
    #[getter]
    fn answered(&self) -> Option<NaiveDate> {
        self.0.answered
    }
    /// When the learner unsubscribed, or None.
    #[getter]
    fn unsubscribed(&self) -> Option<NaiveDate> {
        self.0.unsubscribed
    }
    fn __repr__(&self) -> String {
        let opt = |d: Option<NaiveDate>| d.map_or("None".to_string(), |d| format!("'{d}'"));
        format!(
            "Survey(learning_end='{}', sent='{}', reminders={}, answered={}, unsubscribed={})",
            self.0.learning_end,
            self.0.sent,
            self.0.reminders,
            opt(self.0.answered),
            opt(self.0.unsubscribed)
        )
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_survey")?;
        let s = &self.0;
        let args = (
            s.learning_end,
            s.sent,
            s.reminders,
            s.answered,
            s.unsubscribed,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

#[pyfunction]
fn _restore_survey(
    learning_end: NaiveDate,
    sent: NaiveDate,
    reminders: u32,
    answered: Option<NaiveDate>,
    unsubscribed: Option<NaiveDate>,
) -> PySurvey {
    PySurvey(Survey {
        learning_end,
        sent,
        reminders,
        answered,
        unsubscribed,
    })
}

/// How long to wait, in days: `TrackingSettings(reminder_interval_days=30,
/// non_response_after_days=60, stop_contact_after_days=365)` (the defaults). A setting of 0 is
/// refused when tracking (`tracking_setting_invalid`).
#[pyclass(frozen, eq, module = "learner_destinations", name = "TrackingSettings")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyTrackingSettings(TrackingSettings);

#[pymethods]
impl PyTrackingSettings {
    #[new]
    #[pyo3(signature = (*, reminder_interval_days = None, non_response_after_days = None, stop_contact_after_days = None))]
    fn new(
        reminder_interval_days: Option<Maybe<u32>>,
        non_response_after_days: Option<Maybe<u32>>,
        stop_contact_after_days: Option<Maybe<u32>>,
    ) -> Self {
        let (reminder_interval_days, non_response_after_days, stop_contact_after_days) = (
            given(reminder_interval_days),
            given(non_response_after_days),
            given(stop_contact_after_days),
        );
        let d = TrackingSettings::default();
        PyTrackingSettings(TrackingSettings {
            reminder_interval_days: reminder_interval_days.unwrap_or(d.reminder_interval_days),
            non_response_after_days: non_response_after_days.unwrap_or(d.non_response_after_days),
            stop_contact_after_days: stop_contact_after_days.unwrap_or(d.stop_contact_after_days),
        })
    }
    /// Days between the survey (or the last reminder) and the next reminder (default 30).
    #[getter]
    fn reminder_interval_days(&self) -> u32 {
        self.0.reminder_interval_days
    }
    /// Days after the survey without an answer after which it is a non-response (default 60).
    #[getter]
    fn non_response_after_days(&self) -> u32 {
        self.0.non_response_after_days
    }
    /// Days after the learning end after which the learner is not contacted again (default
    /// 365).
    #[getter]
    fn stop_contact_after_days(&self) -> u32 {
        self.0.stop_contact_after_days
    }
    fn __repr__(&self) -> String {
        format!(
            "TrackingSettings(reminder_interval_days={}, non_response_after_days={}, stop_contact_after_days={})",
            self.0.reminder_interval_days,
            self.0.non_response_after_days,
            self.0.stop_contact_after_days
        )
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_tracking_settings")?;
        let s = &self.0;
        let args = (
            s.reminder_interval_days,
            s.non_response_after_days,
            s.stop_contact_after_days,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

#[pyfunction]
fn _restore_tracking_settings(
    reminder_interval_days: u32,
    non_response_after_days: u32,
    stop_contact_after_days: u32,
) -> PyTrackingSettings {
    PyTrackingSettings(TrackingSettings {
        reminder_interval_days,
        non_response_after_days,
        stop_contact_after_days,
    })
}

/// The state of a survey on the as-of date, with what follows from it.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Tracking")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyTracking(pub Tracking);

#[pymethods]
impl PyTracking {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "Tracking", &self.0)
    }
    /// `"pending"`, `"reminder_due"`, `"answered"`, `"non_response"` or `"unsubscribed"`.
    #[getter]
    fn state(&self) -> &'static str {
        self.0.state.as_str()
    }
    /// True for a non-response or an unsubscribe (to be reviewed).
    #[getter]
    fn flagged_for_review(&self) -> bool {
        self.0.flagged_for_review
    }
    /// The OTH3 record for a non-response or an unsubscribe; otherwise None.
    #[getter]
    fn record(&self) -> Option<PyDestinationRecord> {
        self.0.record.clone().map(PyDestinationRecord)
    }
    /// Why, with the dates that decided it.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    /// When the next reminder is due, while one can still go (pending or reminder due).
    #[getter]
    fn next_reminder(&self) -> Option<NaiveDate> {
        self.0.next_reminder
    }
    /// The date from which an unanswered survey is a non-response.
    #[getter]
    fn non_response_from(&self) -> NaiveDate {
        self.0.non_response_from
    }
    /// `{"state", "flagged_for_review", "record", "reason", "next_reminder",
    /// "non_response_from"}` (the record as a dict, or None).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("state", self.0.state.as_str())?;
        d.set_item("flagged_for_review", self.0.flagged_for_review)?;
        let record = match &self.0.record {
            Some(r) => Some(crate::records::record_dict(py, r)?),
            None => None,
        };
        d.set_item("record", record)?;
        d.set_item("reason", &self.0.reason)?;
        d.set_item("next_reminder", self.0.next_reminder)?;
        d.set_item("non_response_from", self.0.non_response_from)?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Tracking(state={}, reason={})",
            quoted(py, self.0.state.as_str()),
            quoted(py, &self.0.reason)
        )
    }
}

/// The state of `survey` on `as_of` under `settings` (default `TrackingSettings()`).
///
/// Raises `InvalidArgumentError`: `date_order` when the dates are out of order (sent before the
/// learning ended, as-of before the survey was sent, an answer or unsubscribe before the survey
/// or after the as-of date), `tracking_setting_invalid` for a setting of 0 days.
#[pyfunction]
#[pyo3(signature = (survey, *, as_of, settings = None))]
fn track_survey(
    survey: Arg<PyRef<'_, PySurvey>>,
    as_of: DateArg,
    settings: Option<Arg<PyRef<'_, PyTrackingSettings>>>,
) -> PyResult<PyTracking> {
    let settings = settings.map(|s| s.0.0).unwrap_or_default();
    track(&survey.0.0, &settings, as_of.0)
        .map(PyTracking)
        .map_err(py_err)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySurvey>()?;
    m.add_class::<PyTrackingSettings>()?;
    m.add_class::<PyTracking>()?;
    m.add_function(wrap_pyfunction!(track_survey, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_survey, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_tracking_settings, m)?)?;
    Ok(())
}
