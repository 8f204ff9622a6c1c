//! Survey tracking: given when a destination survey went out and what has happened since, is it
//! pending, due a reminder, answered, a non-response, or unsubscribed?
//!
//! Non-response and unsubscribing produce the automatic OTH3 "unable to contact learner" record
//! (start the day after the learning end, no end, collection on the as-of date) and are flagged
//! for review. Source: Tribal Maytas Destination Tracking guide ("If a learner unsubscribes from
//! the survey or does not respond to the survey within a configurable number of days, this is
//! considered a non-response and a row with an outcome code of OTH-3 ... is inserted ... These
//! cases are also flagged ... so that they can be reviewed"); Maytas settings for the reminder
//! interval (default 30 days) and "stop contact after" N days from the learning actual end date
//! (default 365).
//!
//! The state on the as-of date, in this order:
//!
//! 1. **answered**: an answer on or before the as-of date. An answer always wins, even after an
//!    unsubscribe: it is a response.
//! 2. **unsubscribed**: the learner unsubscribed on or before the as-of date.
//! 3. **non_response**: the as-of date is on or after the non-response date, the earlier of
//!    (sent + [`TrackingSettings::non_response_after_days`]) and (learning end +
//!    [`TrackingSettings::stop_contact_after_days`], when contact stops).
//! 4. **reminder_due**: the next reminder, sent + (reminders sent + 1) ×
//!    [`TrackingSettings::reminder_interval_days`], falls on or before the as-of date and before
//!    the non-response date.
//! 5. **pending**: otherwise.
//!
//! ```
//! use learner_destinations::dates::parse_date;
//! use learner_destinations::tracking::{track, Survey, SurveyState, TrackingSettings};
//!
//! let d = |s| parse_date(s).unwrap();
//! let survey = Survey::new(d("2025-07-31"), d("2025-08-01"));
//! let settings = TrackingSettings::default();
//! assert_eq!(track(&survey, &settings, d("2025-08-20")).unwrap().state, SurveyState::Pending);
//! assert_eq!(track(&survey, &settings, d("2025-08-31")).unwrap().state, SurveyState::ReminderDue);
//! let t = track(&survey, &settings, d("2025-09-30")).unwrap();
//! assert_eq!(t.state, SurveyState::NonResponse);
//! assert!(t.flagged_for_review);
//! let oth3 = t.record.unwrap();
//! assert_eq!((oth3.code.as_str(), oth3.start, oth3.collection), ("OTH3", d("2025-08-01"), d("2025-09-30")));
//! ```

use crate::contact::oth3_record;
use crate::dates::{add_days, check_order, serde_date};
use crate::finding::{FindingKind, Refusal, Severity};
use crate::records::DestinationRecord;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A tracking setting out of range (a reminder interval of 0 days).
pub static SETTING_INVALID: FindingKind = FindingKind {
    code: "tracking_setting_invalid",
    severity: Severity::Error,
    summary: "Tracking settings count days and must be at least 1 (reminder interval, days until non-response, days until contact stops).",
    source: "This library; Maytas Destination Tracking system configs",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[&SETTING_INVALID];

/// One learner's survey: when it went out and what has happened since.
///
/// In JSON: `{"learning_end": "2025-07-31", "sent": "2025-08-01", "reminders": 0,
/// "answered": null, "unsubscribed": null}` (`reminders`, `answered` and `unsubscribed` may be
/// left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// The learning actual end date (Maytas: POT termination date).
    #[serde(with = "serde_date")]
    pub learning_end: NaiveDate,
    /// When the survey was sent.
    #[serde(with = "serde_date")]
    pub sent: NaiveDate,
    /// Reminders sent so far.
    #[serde(default)]
    pub reminders: u32,
    /// When the learner answered, if they have.
    #[serde(default, with = "serde_date::option")]
    pub answered: Option<NaiveDate>,
    /// When the learner unsubscribed, if they have.
    #[serde(default, with = "serde_date::option")]
    pub unsubscribed: Option<NaiveDate>,
}

impl Survey {
    /// A survey sent on `sent` to a learner whose learning ended on `learning_end`, with no
    /// reminders, answer or unsubscribe yet.
    pub fn new(learning_end: NaiveDate, sent: NaiveDate) -> Self {
        Survey {
            learning_end,
            sent,
            reminders: 0,
            answered: None,
            unsubscribed: None,
        }
    }
}

/// How long to wait, in days.
///
/// In JSON: `{"reminder_interval_days": 30, "non_response_after_days": 60,
/// "stop_contact_after_days": 365}`; any key may be left out for its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackingSettings {
    /// Days between the survey (or the last reminder) and the next reminder. Default 30, as
    /// Maytas.
    pub reminder_interval_days: u32,
    /// Days after the survey was sent without an answer after which it is a non-response.
    /// Maytas makes this configurable without a published default; the default here is 60
    /// (two reminder intervals, so one reminder goes out), which for a survey sent when the
    /// learner leaves lands the OTH3 record about when ESFA expects a destination: within two
    /// months of the learning end (R108).
    pub non_response_after_days: u32,
    /// Days after the learning actual end date after which the learner is not contacted again;
    /// an unanswered survey is then a non-response. Default 365, as Maytas.
    pub stop_contact_after_days: u32,
}

impl Default for TrackingSettings {
    fn default() -> Self {
        TrackingSettings {
            reminder_interval_days: 30,
            non_response_after_days: 60,
            stop_contact_after_days: 365,
        }
    }
}

impl TrackingSettings {
    /// Refuses a setting of 0 days.
    pub fn check(&self) -> Result<(), Refusal> {
        for (value, name) in [
            (self.reminder_interval_days, "the reminder interval"),
            (self.non_response_after_days, "the days until non-response"),
            (self.stop_contact_after_days, "the days until contact stops"),
        ] {
            if value == 0 {
                return Err(Refusal::new(
                    &SETTING_INVALID,
                    "0",
                    format!("{name} is 0 days; it must be at least 1"),
                ));
            }
        }
        Ok(())
    }
}

/// Where a survey stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    /// Sent, no answer yet, nothing to do today.
    Pending,
    /// Sent, no answer, and a reminder is due.
    ReminderDue,
    /// The learner answered: derive the destination from the answers.
    Answered,
    /// No answer in time: OTH3, flagged for review.
    NonResponse,
    /// The learner unsubscribed: OTH3, flagged for review.
    Unsubscribed,
}

impl SurveyState {
    /// `pending`, `reminder_due`, `answered`, `non_response`, `unsubscribed`.
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyState::Pending => "pending",
            SurveyState::ReminderDue => "reminder_due",
            SurveyState::Answered => "answered",
            SurveyState::NonResponse => "non_response",
            SurveyState::Unsubscribed => "unsubscribed",
        }
    }
}

impl fmt::Display for SurveyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of a survey on the as-of date, with what follows from it.
///
/// Serialises as `{"state": "non_response", "flagged_for_review": true, "record": {"code":
/// "OTH3", "start": ..., "end": null, "collection": ...}, "reason": "...", "next_reminder": null,
/// "non_response_from": "2025-09-30"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    /// The state.
    pub state: SurveyState,
    /// Non-response and unsubscribe are flagged for review (Maytas: the destinations tracking
    /// report).
    pub flagged_for_review: bool,
    /// The OTH3 record for a non-response or an unsubscribe; otherwise `None` (an answered
    /// survey's records come from its answers).
    pub record: Option<DestinationRecord>,
    /// Why, with the dates that decided it.
    pub reason: String,
    /// When the next reminder is due, while one can still go (pending or reminder due).
    #[serde(with = "serde_date::option")]
    pub next_reminder: Option<NaiveDate>,
    /// The date from which an unanswered survey is a non-response.
    #[serde(with = "serde_date")]
    pub non_response_from: NaiveDate,
}

/// The state of `survey` on `as_of` under `settings` (see the [module documentation](self)).
///
/// Refused when the dates are out of order (sent before the learning ended, as-of before the
/// survey was sent, an answer or unsubscribe before the survey or after the as-of date), or a
/// setting is 0.
pub fn track(
    survey: &Survey,
    settings: &TrackingSettings,
    as_of: NaiveDate,
) -> Result<Tracking, Refusal> {
    settings.check()?;
    check_order(
        survey.learning_end,
        "the learning end date",
        survey.sent,
        "the survey date",
    )?;
    check_order(survey.sent, "the survey date", as_of, "the as-of date")?;
    for (date, what) in [
        (survey.answered, "the answer date"),
        (survey.unsubscribed, "the unsubscribe date"),
    ] {
        if let Some(date) = date {
            check_order(survey.sent, "the survey date", date, what)?;
            check_order(date, what, as_of, "the as-of date")?;
        }
    }

    let no_answer_by = add_days(survey.sent, u64::from(settings.non_response_after_days));
    let contact_stops = add_days(
        survey.learning_end,
        u64::from(settings.stop_contact_after_days),
    );
    let non_response_from = no_answer_by.min(contact_stops);
    let next = add_days(
        survey.sent,
        (u64::from(survey.reminders) + 1) * u64::from(settings.reminder_interval_days),
    );
    let next_reminder = (next < non_response_from).then_some(next);

    let oth3 = || oth3_record(survey.learning_end, as_of).map(Some);
    let (state, record, reason) = if let Some(answered) = survey.answered {
        let after = survey
            .unsubscribed
            .map(|u| format!(" (after unsubscribing on {u}; an answer is a response)"))
            .unwrap_or_default();
        (
            SurveyState::Answered,
            None,
            format!("answered on {answered}{after}"),
        )
    } else if let Some(unsubscribed) = survey.unsubscribed {
        (
            SurveyState::Unsubscribed,
            oth3()?,
            format!(
                "unsubscribed on {unsubscribed}: a non-response, recorded as OTH3 (unable to contact learner) and flagged for review"
            ),
        )
    } else if as_of >= non_response_from {
        let why = if no_answer_by <= contact_stops {
            format!(
                "no answer within {} days of the survey sent on {} (non-response from {no_answer_by})",
                settings.non_response_after_days, survey.sent
            )
        } else {
            format!(
                "no answer, and contact stops {} days after the learning end on {} (from {contact_stops})",
                settings.stop_contact_after_days, survey.learning_end
            )
        };
        (
            SurveyState::NonResponse,
            oth3()?,
            format!("{why}: recorded as OTH3 (unable to contact learner) and flagged for review"),
        )
    } else if let Some(due) = next_reminder.filter(|due| *due <= as_of) {
        (
            SurveyState::ReminderDue,
            None,
            format!(
                "no answer yet; reminder {} was due on {due} ({} days after the {})",
                survey.reminders + 1,
                settings.reminder_interval_days,
                if survey.reminders == 0 {
                    "survey".to_string()
                } else {
                    format!("reminder {}", survey.reminders)
                }
            ),
        )
    } else {
        let next = next_reminder
            .map(|d| format!("next reminder on {d}"))
            .unwrap_or_else(|| "no more reminders".to_string());
        (
            SurveyState::Pending,
            None,
            format!("no answer yet; {next}; non-response from {non_response_from}"),
        )
    };
    let open = matches!(state, SurveyState::Pending | SurveyState::ReminderDue);
    Ok(Tracking {
        state,
        flagged_for_review: matches!(state, SurveyState::NonResponse | SurveyState::Unsubscribed),
        record,
        reason,
        next_reminder: next_reminder.filter(|_| open),
        non_response_from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn state(survey: &Survey, as_of: &str) -> SurveyState {
        track(survey, &TrackingSettings::default(), d(as_of))
            .unwrap()
            .state
    }

    #[test]
    fn lifecycle_with_defaults() {
        let mut s = Survey::new(d("2025-07-31"), d("2025-08-01"));
        assert_eq!(state(&s, "2025-08-01"), SurveyState::Pending);
        assert_eq!(state(&s, "2025-08-30"), SurveyState::Pending);
        assert_eq!(state(&s, "2025-08-31"), SurveyState::ReminderDue);
        s.reminders = 1;
        assert_eq!(state(&s, "2025-08-31"), SurveyState::Pending);
        // The second reminder would fall on the non-response date: none goes.
        let t = track(&s, &TrackingSettings::default(), d("2025-09-29")).unwrap();
        assert_eq!(t.next_reminder, None);
        assert_eq!(t.non_response_from, d("2025-09-30"));
        assert_eq!(state(&s, "2025-09-30"), SurveyState::NonResponse);
        s.answered = Some(d("2025-09-10"));
        let t = track(&s, &TrackingSettings::default(), d("2025-10-01")).unwrap();
        assert_eq!(t.state, SurveyState::Answered);
        assert!(!t.flagged_for_review && t.record.is_none());
    }

    #[test]
    fn unsubscribe_and_answer_precedence() {
        let mut s = Survey::new(d("2025-07-31"), d("2025-08-01"));
        s.unsubscribed = Some(d("2025-08-05"));
        let t = track(&s, &TrackingSettings::default(), d("2025-08-06")).unwrap();
        assert_eq!(t.state, SurveyState::Unsubscribed);
        assert!(t.flagged_for_review);
        let r = t.record.unwrap();
        assert_eq!(
            (r.start, r.end, r.collection),
            (d("2025-08-01"), None, d("2025-08-06"))
        );
        s.answered = Some(d("2025-08-06"));
        assert_eq!(state(&s, "2025-08-06"), SurveyState::Answered);
    }

    #[test]
    fn contact_stops_a_year_after_learning_end() {
        let s = Survey::new(d("2024-07-31"), d("2025-07-01"));
        let t = track(&s, &TrackingSettings::default(), d("2025-07-31")).unwrap();
        assert_eq!(t.state, SurveyState::NonResponse);
        assert_eq!(t.non_response_from, d("2025-07-31"));
        assert!(t.reason.contains("contact stops 365 days"), "{}", t.reason);
    }

    #[test]
    fn settings_change_the_schedule() {
        let settings = TrackingSettings {
            reminder_interval_days: 7,
            non_response_after_days: 28,
            ..Default::default()
        };
        let mut s = Survey::new(d("2025-07-31"), d("2025-08-01"));
        s.reminders = 2;
        let t = track(&s, &settings, d("2025-08-22")).unwrap();
        assert_eq!(t.state, SurveyState::ReminderDue);
        assert!(
            t.reason.contains("reminder 3 was due on 2025-08-22"),
            "{}",
            t.reason
        );
        assert_eq!(
            track(&s, &settings, d("2025-08-29")).unwrap().state,
            SurveyState::NonResponse
        );
        let zero = TrackingSettings {
            reminder_interval_days: 0,
            ..Default::default()
        };
        assert_eq!(
            track(&s, &zero, d("2025-08-22")).unwrap_err().code(),
            "tracking_setting_invalid"
        );
    }

    #[test]
    fn dates_out_of_order_are_refused() {
        let s = Survey::new(d("2025-07-31"), d("2025-07-30"));
        let e = track(&s, &TrackingSettings::default(), d("2025-08-01")).unwrap_err();
        assert_eq!(e.code(), "date_order");
        assert!(
            e.message
                .contains("the survey date 2025-07-30 is before the learning end date 2025-07-31"),
            "{}",
            e.message
        );
        let s = Survey::new(d("2025-07-31"), d("2025-08-01"));
        assert!(track(&s, &TrackingSettings::default(), d("2025-07-31")).is_err());
        let mut late = s.clone();
        late.answered = Some(d("2025-09-01"));
        assert!(track(&late, &TrackingSettings::default(), d("2025-08-15")).is_err());
        let mut early = s;
        early.unsubscribed = Some(d("2025-07-31"));
        assert!(track(&early, &TrackingSettings::default(), d("2025-08-15")).is_err());
    }

    #[test]
    fn json_shapes() {
        let s: Survey = serde_json::from_str(
            r#"{"learning_end": "2025-07-31", "sent": "2025-08-01", "answered": null}"#,
        )
        .unwrap();
        assert_eq!(s.reminders, 0);
        let settings: TrackingSettings =
            serde_json::from_str(r#"{"non_response_after_days": 90}"#).unwrap();
        assert_eq!(settings.reminder_interval_days, 30);
        let t = track(&s, &settings, d("2025-11-01")).unwrap();
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["state"], "non_response");
        assert_eq!(v["record"]["code"], "OTH3");
        assert_eq!(v["record"]["end"], serde_json::Value::Null);
        assert_eq!(v["non_response_from"], "2025-10-30");
    }

    proptest! {
        #[test]
        fn oth3_from_tracking_starts_after_learning_end(
            end_days in 0i64..40_000,
            sent_after in 0u64..800,
            as_of_after in 0u64..800,
            reminders in 0u32..5,
            unsub in any::<bool>(),
            interval in 1u32..100,
            non_response in 1u32..200,
            stop in 1u32..800,
        ) {
            let end = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days(end_days);
            let sent = add_days(end, sent_after);
            let as_of = add_days(sent, as_of_after);
            let survey = Survey {
                learning_end: end,
                sent,
                reminders,
                answered: None,
                unsubscribed: unsub.then_some(sent),
            };
            let settings = TrackingSettings {
                reminder_interval_days: interval,
                non_response_after_days: non_response,
                stop_contact_after_days: stop,
            };
            let t = track(&survey, &settings, as_of).unwrap();
            prop_assert_eq!(t.flagged_for_review, t.record.is_some());
            if let Some(r) = &t.record {
                prop_assert!(r.start > end);
                prop_assert_eq!(r.collection, as_of);
            }
            if let Some(next) = t.next_reminder {
                prop_assert!(next > sent && next < t.non_response_from);
            }
            prop_assert!(t.non_response_from > end);
        }
    }
}
