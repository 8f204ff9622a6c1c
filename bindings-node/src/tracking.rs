//! Survey tracking: is a survey pending, due a reminder, answered, a non-response or
//! unsubscribed (`trackSurvey`)?

use crate::dates::{date_argument, optional_date};
use crate::errors::{BindingError, Result, whole_u32};
use crate::records::BindingDestinationRecord;
use learner_destinations::tracking::{Survey, SurveyState, TrackingSettings, track};
use napi_derive::napi;

/// A survey sent to a leaver, and what has happened since. Dates are `YYYY-MM-DD` strings.
#[napi(object, js_name = "Survey", object_to_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingSurvey {
    /// The learning actual end date (the POT termination date).
    pub learning_end: String,
    /// When the survey was sent.
    pub sent: String,
    /// Reminders sent so far (default 0).
    pub reminders: Option<f64>,
    /// When the learner answered, if they have.
    #[napi(ts_type = "string | null")]
    pub answered: Option<Option<String>>,
    /// When the learner unsubscribed, if they have.
    #[napi(ts_type = "string | null")]
    pub unsubscribed: Option<Option<String>>,
}

/// The schedule of reminders and non-response, in days (each at least 1).
#[napi(object, js_name = "TrackingSettings")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BindingTrackingSettings {
    /// Days between reminders (default 30).
    pub reminder_interval_days: Option<f64>,
    /// Days without an answer after which the survey is a non-response (default 60).
    pub non_response_after_days: Option<f64>,
    /// Days after the learning end after which the learner is not contacted again (default
    /// 365).
    pub stop_contact_after_days: Option<f64>,
}

/// Where a survey stands.
#[napi(string_enum = "snake_case", js_name = "SurveyState")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingSurveyState {
    /// Sent, no answer yet, no reminder due.
    Pending,
    /// No answer yet and a reminder is due.
    ReminderDue,
    /// Answered.
    Answered,
    /// No answer in time: OTH3, flagged for review.
    NonResponse,
    /// Unsubscribed: OTH3, flagged for review.
    Unsubscribed,
}

/// Where a survey stands on the as-of date. Dates are `YYYY-MM-DD` strings.
#[napi(
    object,
    js_name = "Tracking",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingTracking {
    /// The state.
    pub state: BindingSurveyState,
    /// True for a non-response or an unsubscribe: someone should look at it.
    pub flagged_for_review: bool,
    /// The OTH3 record ("unable to contact learner") for a non-response or unsubscribe, else
    /// `null`.
    pub record: Option<BindingDestinationRecord>,
    /// Why, in words with the dates that decided it.
    pub reason: String,
    /// While the survey is open (pending or reminder due): when the next reminder is due, or
    /// `null` when no reminder falls before the non-response date.
    pub next_reminder: Option<String>,
    /// From when no answer makes the survey a non-response.
    pub non_response_from: String,
}

fn field_date(value: &str, field: &str) -> Result<chrono::NaiveDate> {
    date_argument(value).map_err(|e| e.at(format_args!("survey.{field}")))
}

fn optional_field_date(
    value: Option<&Option<String>>,
    field: &str,
) -> Result<Option<chrono::NaiveDate>> {
    optional_date(value.and_then(Option::as_deref))
        .map_err(|e: BindingError| e.at(format_args!("survey.{field}")))
}

/// The default tracking settings: a reminder every 30 days, non-response after 60 days,
/// contact stops 365 days after the learning end. Never throws.
#[napi]
pub fn default_tracking_settings() -> BindingTrackingSettings {
    let d = TrackingSettings::default();
    BindingTrackingSettings {
        reminder_interval_days: Some(f64::from(d.reminder_interval_days)),
        non_response_after_days: Some(f64::from(d.non_response_after_days)),
        stop_contact_after_days: Some(f64::from(d.stop_contact_after_days)),
    }
}

/// Says whether a survey is pending, due a reminder, answered, a non-response or unsubscribed
/// on `asOf` (`YYYY-MM-DD`). A non-response (no answer within `nonResponseAfterDays` of
/// sending, or once contact stops `stopContactAfterDays` after the learning end) and an
/// unsubscribe become the OTH3 record and are flagged for review; an answer always wins.
/// Settings left out take their defaults (`defaultTrackingSettings()`).
///
/// @throws {Error} `code` `'date_order'` when dates are out of order (sent before the learning
/// end, answered before sent, `asOf` before either); `'tracking_setting_invalid'` when a
/// setting is 0; `'date_format'` / `'date_impossible'` for a malformed date.
#[napi]
pub fn track_survey(
    survey: BindingSurvey,
    as_of: String,
    settings: Option<BindingTrackingSettings>,
) -> Result<BindingTracking> {
    let core_survey = Survey {
        learning_end: field_date(&survey.learning_end, "learningEnd")?,
        sent: field_date(&survey.sent, "sent")?,
        reminders: survey
            .reminders
            .map_or(Ok(0), |n| whole_u32("survey.reminders", n))?,
        answered: optional_field_date(survey.answered.as_ref(), "answered")?,
        unsubscribed: optional_field_date(survey.unsubscribed.as_ref(), "unsubscribed")?,
    };
    let defaults = TrackingSettings::default();
    let days = |given: Option<f64>, what: &str, default: u32| {
        given.map_or(Ok(default), |n| whole_u32(&format!("settings.{what}"), n))
    };
    let core_settings = match settings {
        None => defaults,
        Some(s) => TrackingSettings {
            reminder_interval_days: days(
                s.reminder_interval_days,
                "reminderIntervalDays",
                defaults.reminder_interval_days,
            )?,
            non_response_after_days: days(
                s.non_response_after_days,
                "nonResponseAfterDays",
                defaults.non_response_after_days,
            )?,
            stop_contact_after_days: days(
                s.stop_contact_after_days,
                "stopContactAfterDays",
                defaults.stop_contact_after_days,
            )?,
        },
    };
    let t = track(&core_survey, &core_settings, date_argument(&as_of)?)?;
    Ok(BindingTracking {
        state: match t.state {
            SurveyState::Pending => BindingSurveyState::Pending,
            SurveyState::ReminderDue => BindingSurveyState::ReminderDue,
            SurveyState::Answered => BindingSurveyState::Answered,
            SurveyState::NonResponse => BindingSurveyState::NonResponse,
            SurveyState::Unsubscribed => BindingSurveyState::Unsubscribed,
        },
        flagged_for_review: t.flagged_for_review,
        record: t.record.map(Into::into),
        reason: t.reason,
        next_reminder: t.next_reminder.map(|d| d.to_string()),
        non_response_from: t.non_response_from.to_string(),
    })
}
