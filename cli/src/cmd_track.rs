//! `destinations track`: where a destination survey stands.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::tracking::{Survey, TrackingSettings, track};

/// Say whether a survey is pending, due a reminder, answered, a non-response or unsubscribed on
/// the as-of date.
///
/// A non-response (no answer within --non-response-after days of sending, or once contact stops
/// --stop-contact-after days after the learning end) and an unsubscribe become the OTH3 record
/// "unable to contact learner" (start the day after the learning end, no end date, collected on
/// the as-of date) and are flagged for review. An answer always wins.
///
/// Exit 0 with the state, 2 when dates are out of order (e.g. answered before sent).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// When the survey was sent (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    sent: NaiveDate,
    /// The learning actual end date (POT termination date).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    learning_end: NaiveDate,
    /// The date to evaluate on (the OTH3 record's collection date).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: NaiveDate,
    /// When the learner answered.
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    answered: Option<NaiveDate>,
    /// When the learner unsubscribed.
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    unsubscribed: Option<NaiveDate>,
    /// Reminders sent so far.
    #[arg(long, value_name = "N", default_value_t = 0)]
    reminders: u32,
    /// Days between reminders.
    #[arg(long, value_name = "DAYS", default_value_t = TrackingSettings::default().reminder_interval_days)]
    reminder_interval: u32,
    /// Days without an answer after which the survey is a non-response.
    #[arg(long, value_name = "DAYS", default_value_t = TrackingSettings::default().non_response_after_days)]
    non_response_after: u32,
    /// Days after the learning end after which the learner is not contacted again.
    #[arg(long, value_name = "DAYS", default_value_t = TrackingSettings::default().stop_contact_after_days)]
    stop_contact_after: u32,
    /// Print JSON: {"state", "flagged_for_review", "record", "reason", "next_reminder",
    /// "non_response_from"}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let survey = Survey {
        learning_end: args.learning_end,
        sent: args.sent,
        reminders: args.reminders,
        answered: args.answered,
        unsubscribed: args.unsubscribed,
    };
    let settings = TrackingSettings {
        reminder_interval_days: args.reminder_interval,
        non_response_after_days: args.non_response_after,
        stop_contact_after_days: args.stop_contact_after,
    };
    let t = track(&survey, &settings, args.as_of)?;
    if args.json {
        print_json(&t)?;
    } else {
        let flag = if t.flagged_for_review {
            " (flagged for review)"
        } else {
            ""
        };
        say!("{}{flag}: {}", t.state, t.reason);
        if let Some(r) = &t.record {
            say!(
                "record: {} from {}, no end date, collected {}",
                r.code,
                r.start,
                r.collection
            );
        }
    }
    Ok(Outcome::Ok)
}
