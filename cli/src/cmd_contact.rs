//! `destinations contact`: may a survey go by email, by SMS, or not at all?

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::Finding;
use learner_destinations::contact::{ContactDetail, ContactPolicy, ContactPreferences};
use learner_destinations::records::DestinationRecord;
use serde::Serialize;

/// Decide whether a destination survey may go to a learner by email and by SMS, from their ILR
/// contact preferences (RUI and PMC codes) and contact details.
///
/// Policy seed (default), the Maytas Destination Tracking table: any of RUI2-5 means no survey;
/// otherwise PMC2 rules out SMS and PMC3 rules out email. Policy ilr, the ILR 2020-21 to 2023-24
/// guidance: only RUI3-5 block; PMC5/PMC6 consents, where recorded, name the channels. Either
/// way, email needs an email address and SMS a UK mobile number; without --email (or --mobile)
/// that detail counts as on record, so the question is about preferences only.
///
/// With --learning-end, a learner who may not be contacted also gets the automatic OTH3 record
/// (start the day after the learning end, no end date, collected on --as-of).
///
/// Exit 0 when a survey may go, 1 when it may not (or a preference check failed), 2 on bad
/// input such as RUI9.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// RUI codes recorded, separated by commas (e.g. 2,4 or RUI2,RUI4).
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = args::rui_code)]
    rui: Vec<u8>,
    /// PMC codes recorded, separated by commas (e.g. 3 or PMC3).
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = args::pmc_code)]
    pmc: Vec<u8>,
    /// The email address on record ("" for none).
    #[arg(long, value_name = "ADDR")]
    email: Option<String>,
    /// The mobile number on record ("" for none); must be a UK mobile for SMS.
    #[arg(long, value_name = "NUMBER")]
    mobile: Option<String>,
    /// seed (the Maytas table) or ilr (the ILR guidance).
    #[arg(long, value_name = "POLICY", default_value = "seed")]
    policy: ContactPolicy,
    /// The learning actual end date: adds the OTH3 record when the learner may not be contacted.
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    learning_end: Option<NaiveDate>,
    /// The OTH3 record's collection date (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// The learner's first learning start date, to check the codes were valid then
    /// (ContPrefType_03).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    first_start: Option<NaiveDate>,
    /// Print JSON: {"email", "sms", "contactable", "reason", "decided_by", "policy", "record",
    /// "findings"}.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct ContactJson {
    email: bool,
    sms: bool,
    contactable: bool,
    reason: String,
    decided_by: Vec<String>,
    policy: ContactPolicy,
    record: Option<DestinationRecord>,
    findings: Vec<Finding>,
}

fn detail(given: Option<String>) -> ContactDetail {
    given.map_or(ContactDetail::OnRecord, ContactDetail::Value)
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let prefs = ContactPreferences {
        rui: args.rui,
        pmc: args.pmc,
        email: detail(args.email),
        mobile: detail(args.mobile),
    };
    let decision = prefs.decide(args.policy)?;
    let record = match args.learning_end {
        Some(end) => decision.automatic_record(end, args::as_of(args.as_of))?,
        None => None,
    };
    let findings = prefs.check(args.first_start);
    let refused = !decision.contactable || findings.iter().any(Finding::is_error);
    let out = ContactJson {
        email: decision.email,
        sms: decision.sms,
        contactable: decision.contactable,
        reason: decision.reason,
        decided_by: decision.decided_by,
        policy: decision.policy,
        record,
        findings,
    };
    if args.json {
        print_json(&out)?;
    } else {
        let yes = |b: bool| if b { "yes" } else { "no" };
        say!("email: {}", yes(out.email));
        say!("SMS:   {}", yes(out.sms));
        say!("why:   {} (policy {})", out.reason, out.policy);
        if let Some(r) = &out.record {
            say!(
                "record: {} from {}, no end date, collected {}",
                r.code,
                r.start,
                r.collection
            );
        } else if !out.contactable {
            say!("record: OTH3 from the day after the learning end (give --learning-end)");
        }
        for f in &out.findings {
            say!("{f}");
        }
    }
    Ok(if refused {
        Outcome::Refused
    } else {
        Outcome::Ok
    })
}
