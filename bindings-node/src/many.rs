//! Promise versions of the functions that take a list, for a server whose event loop must not
//! wait while thousands of enrolments, records, answers or surveys are checked: each runs the
//! same work as its synchronous twin on libuv's thread pool ([`OffThread`]) and resolves to the
//! same value, or rejects with the same error. Class instances in the options (`schemes`,
//! `definition`) are copied on the JavaScript thread, so the work can leave it.
//!
//! | asynchronous | the work of |
//! |---|---|
//! | `awaitingDestinationsAsync(enrolments, destinations?, asOf?)` | `awaitingDestinations` |
//! | `checkDestinationRecordsAsync(records, options?)` | `checkDestinationRecords` |
//! | `deriveSurveysAsync(answers[], options?)` | `deriveSurvey`, for each document |
//! | `trackSurveysAsync(surveys[], asOf, settings?)` | `trackSurvey`, for each survey |

use crate::awaiting::{
    BindingAwaiting, BindingEnrolment, BindingLearnerDestination, awaiting_destinations,
};
use crate::codes::builtin_schemes;
use crate::errors::Result;
use crate::records::{
    BindingDestinationRecordInput, BindingRecordFinding, RecordCheckOptions, check_records_with,
};
use crate::survey::{BindingDerivation, DeriveSurveyOptions, derive_with};
use crate::tasks::OffThread;
use crate::tracking::{BindingSurvey, BindingTracking, BindingTrackingSettings, track_survey};
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;

/// `awaitingDestinations` off the JavaScript thread: resolves to the same `Awaiting`, or
/// rejects with the error it would throw (`enrolments[2].uln: ...`).
#[napi(
    js_name = "awaitingDestinationsAsync",
    ts_return_type = "Promise<Awaiting>"
)]
pub fn awaiting_destinations_async(
    enrolments: Vec<BindingEnrolment>,
    destinations: Option<Vec<BindingLearnerDestination>>,
    as_of: Option<String>,
) -> AsyncTask<OffThread<BindingAwaiting>> {
    OffThread::task(move || awaiting_destinations(enrolments, destinations, as_of))
}

/// `checkDestinationRecords` off the JavaScript thread: resolves to the same findings, or
/// rejects with the error it would throw.
#[napi(
    js_name = "checkDestinationRecordsAsync",
    ts_return_type = "Promise<Array<RecordFinding>>"
)]
pub fn check_destination_records_async(
    records: Vec<BindingDestinationRecordInput>,
    options: Option<RecordCheckOptions>,
) -> AsyncTask<OffThread<Vec<BindingRecordFinding>>> {
    let options = options.unwrap_or_default();
    let schemes = options.schemes.map(|s| s.schemes().clone());
    let (file_date, year) = (options.file_preparation_date, options.year);
    OffThread::task(move || {
        check_records_with(
            &records,
            file_date.as_deref(),
            year.as_deref(),
            schemes.as_ref().unwrap_or_else(|| builtin_schemes()),
        )
    })
}

/// Many leavers' answers (each an answers document, as JSON text or the parsed object) turned
/// into records, as `deriveSurvey` turns one, off the JavaScript thread: resolves to one
/// `Derivation` a document, in order. Rejects with the first document's error that
/// `deriveSurvey` would throw, its place in front (`answers[3]: ...`, `error.at`).
#[napi(
    js_name = "deriveSurveysAsync",
    ts_args_type = "answers: Array<string | SurveyAnswersDocument>, options?: DeriveSurveyOptions",
    ts_return_type = "Promise<Array<Derivation>>"
)]
pub fn derive_surveys_async(
    answers: Vec<serde_json::Value>,
    options: Option<DeriveSurveyOptions>,
) -> AsyncTask<OffThread<Vec<BindingDerivation>>> {
    let options = options.unwrap_or_default();
    let schemes = options.schemes.map(|s| s.schemes().clone());
    let definition = options.definition.map(|d| d.inner.clone());
    let (as_of, learning_end) = (options.as_of, options.learning_end);
    OffThread::task(move || {
        let schemes = schemes.as_ref().unwrap_or_else(|| builtin_schemes());
        answers
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                derive_with(
                    a,
                    as_of.as_deref(),
                    learning_end.as_deref(),
                    definition.as_ref(),
                    schemes,
                )
                .map_err(|e| e.at(format!("answers[{i}]")))
            })
            .collect()
    })
}

/// Where many surveys stand on `asOf`, as `trackSurvey` says for one, off the JavaScript
/// thread: resolves to one `Tracking` a survey, in order. Rejects with the first survey's
/// error that `trackSurvey` would throw, its place in front (`surveys[3]: ...`, `error.at`).
#[napi(
    js_name = "trackSurveysAsync",
    ts_return_type = "Promise<Array<Tracking>>"
)]
pub fn track_surveys_async(
    surveys: Vec<BindingSurvey>,
    as_of: String,
    settings: Option<BindingTrackingSettings>,
) -> AsyncTask<OffThread<Vec<BindingTracking>>> {
    OffThread::task(move || -> Result<Vec<BindingTracking>> {
        surveys
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                track_survey(s, as_of.clone(), settings).map_err(|e| e.at(format!("surveys[{i}]")))
            })
            .collect()
    })
}
