//! The core's value checks in the mobile hosts' idioms: identifiers, learner fields, dates,
//! destination codes and their schemes, contact rules, survey tracking, destination records,
//! awaiting destinations, survey derivation, templates, and the finding and error catalogues.
//!
//! Every function converts its arguments to core values, calls the core, and converts the
//! result back; a refusal is [`LdError::Argument`] with the rule's code. Dates cross as ISO
//! text (`2025-07-31`), parsed and refused by the core. All calls are synchronous and may take
//! a while on large inputs: apps call them off the main thread.

use crate::error::{Result, json_error};
use learner_destinations::awaiting::{Enrolment, LearnerDestination};
use learner_destinations::catalogue;
use learner_destinations::codes::{CodeEntry, Scheme, Schemes as CoreSchemes};
use learner_destinations::contact::{ContactPolicy as CorePolicy, ContactPreferences as CorePrefs};
use learner_destinations::dates::{TeachingYear, parse_date};
use learner_destinations::identifiers::{
    Postcode as CorePostcode, Upn, check_email, check_uk_telephone,
};
use learner_destinations::learners::{
    AccountKind, LearnerLists, check_ccis, check_dob, check_password, check_text_field,
    check_username,
};
use learner_destinations::records::DestinationRecord as CoreRecord;
use learner_destinations::survey::{DerivationContext, SurveyAnswers, SurveyDefinition};
use learner_destinations::template::download::{TemplateKind, template_csv as core_template_csv};
use learner_destinations::tracking::{Survey, TrackingSettings as CoreSettings};
use learner_destinations::workflow::LearnersJob;
use learner_destinations::{Error, LearnAimRef, LearnRefNumber, UkMobile, Ukprn, Uln};
use serde_json::{Map, Value, json};
use std::sync::{Arc, RwLock};

// --- findings and catalogues ---------------------------------------------------------------

/// One rule breach: its catalogued `code`, `severity` (`error` or `warning`) and message, and
/// where it is when known.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Finding {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub row: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
}

impl From<&learner_destinations::Finding> for Finding {
    fn from(f: &learner_destinations::Finding) -> Self {
        Finding {
            code: f.code.to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message.clone(),
            row: f.row,
            column: f.column.clone(),
            value: f.value.clone(),
        }
    }
}

pub(crate) fn findings(list: &[learner_destinations::Finding]) -> Vec<Finding> {
    list.iter().map(Finding::from).collect()
}

/// A kind of finding in the catalogue: its code, severity, summary, source (the seed or the
/// ESFA rule) and the ESFA rule it mirrors, if any.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FindingKind {
    pub code: String,
    pub severity: String,
    pub summary: String,
    pub source: String,
    pub mirrors: Option<String>,
}

/// A kind of error in the catalogue: its code, category (`input`, `argument`, `option`,
/// `output`, `io`, `host`) and summary.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorKind {
    pub code: String,
    pub category: String,
    pub summary: String,
}

/// Every finding kind the library can report.
#[uniffi::export]
pub fn finding_kinds() -> Vec<FindingKind> {
    catalogue::finding_kinds()
        .map(|k| FindingKind {
            code: k.code.to_string(),
            severity: k.severity.as_str().to_string(),
            summary: k.summary.to_string(),
            source: k.source.to_string(),
            mirrors: k.mirrors.map(str::to_string),
        })
        .collect()
}

/// Every error kind a call can fail with.
#[uniffi::export]
pub fn error_kinds() -> Vec<ErrorKind> {
    catalogue::error_kinds()
        .map(|k| ErrorKind {
            code: k.code.to_string(),
            category: k.category.as_str().to_string(),
            summary: k.summary.to_string(),
        })
        .collect()
}

// --- dates ---------------------------------------------------------------------------------

fn date(text: &str) -> Result<chrono::NaiveDate> {
    Ok(parse_date(text)?)
}

fn optional_date(text: Option<&String>) -> Result<Option<chrono::NaiveDate>> {
    text.map(|t| date(t)).transpose()
}

/// `date` (ISO) plus `months` calendar months, clamped to the month's last day.
#[uniffi::export]
pub fn add_months(date_text: String, months: u32) -> Result<String> {
    Ok(learner_destinations::dates::add_months(date(&date_text)?, months).to_string())
}

// --- identifiers ---------------------------------------------------------------------------

/// A valid ULN, and whether it is the "not known" placeholder 9999999999.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParsedUln {
    pub value: String,
    pub unknown: bool,
}

/// A Unique Learner Number: ten digits, first not 0, ESFA check digit.
#[uniffi::export]
pub fn parse_uln(input: String) -> Result<ParsedUln> {
    let uln = Uln::parse(&input)?;
    Ok(ParsedUln {
        value: uln.as_str().to_string(),
        unknown: uln.is_unknown(),
    })
}

/// A UK Provider Reference Number: eight digits starting 1.
#[uniffi::export]
pub fn parse_ukprn(input: String) -> Result<u32> {
    Ok(Ukprn::parse(&input)?.get())
}

/// A learner reference number (ILR LearnRefNumber).
#[uniffi::export]
pub fn parse_learn_ref_number(input: String) -> Result<String> {
    Ok(LearnRefNumber::parse(&input)?.as_str().to_string())
}

/// A learning aim reference (ILR LearnAimRef).
#[uniffi::export]
pub fn parse_learn_aim_ref(input: String) -> Result<String> {
    Ok(LearnAimRef::parse(&input)?.as_str().to_string())
}

/// A UK mobile number in its national and international forms.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParsedUkMobile {
    pub national: String,
    pub international: String,
}

/// A UK mobile number (07..., +447...).
#[uniffi::export]
pub fn parse_uk_mobile(input: String) -> Result<ParsedUkMobile> {
    let m = UkMobile::parse(&input)?;
    Ok(ParsedUkMobile {
        national: m.as_str().to_string(),
        international: m.international(),
    })
}

/// A Unique Pupil Number with its check letter.
#[uniffi::export]
pub fn parse_upn(input: String) -> Result<String> {
    Ok(Upn::parse(&input)?.to_string())
}

/// A postcode as stored, and the warnings on how it was written.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParsedPostcode {
    pub value: String,
    pub warnings: Vec<Finding>,
}

/// A UK postcode.
#[uniffi::export]
pub fn parse_postcode(input: String) -> Result<ParsedPostcode> {
    let p = CorePostcode::parse(&input)?;
    Ok(ParsedPostcode {
        value: p.postcode.to_string(),
        warnings: p
            .warnings(&input)
            .into_iter()
            .map(|r| Finding::from(&r.into_finding()))
            .collect(),
    })
}

/// A UK telephone number, as stored.
#[uniffi::export]
pub fn parse_uk_telephone(input: String) -> Result<String> {
    Ok(check_uk_telephone(&input)?.to_string())
}

/// An email address, as stored.
#[uniffi::export]
pub fn parse_email(input: String) -> Result<String> {
    Ok(check_email(&input)?.to_string())
}

/// A date of birth and the warning on it, if any.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParsedDateOfBirth {
    pub date: String,
    pub warning: Option<Finding>,
}

/// A learner's date of birth on `as_of`, with the learner import's default ages (the core's
/// `LearnersJob` defaults).
#[uniffi::export]
pub fn parse_date_of_birth(input: String, as_of: String) -> Result<ParsedDateOfBirth> {
    let ages = LearnersJob::default().ages();
    let d = check_dob(&input, date(&as_of)?, ages)?;
    Ok(ParsedDateOfBirth {
        date: d.date.to_string(),
        warning: d.warning.map(|r| Finding::from(&r.into_finding())),
    })
}

/// A learner import's year group, as its list spells it.
#[uniffi::export]
pub fn parse_year_group(input: String) -> Result<String> {
    Ok(LearnerLists::builtin().year_group(&input)?.to_string())
}

/// A learner import's gender, as its list spells it.
#[uniffi::export]
pub fn parse_gender(input: String) -> Result<String> {
    Ok(LearnerLists::builtin().gender(&input)?.to_string())
}

/// A learner import's ethnicity, as its list spells it.
#[uniffi::export]
pub fn parse_ethnicity(input: String) -> Result<String> {
    Ok(LearnerLists::builtin().ethnicity(&input)?.to_string())
}

/// A CCIS code.
#[uniffi::export]
pub fn parse_ccis(input: String) -> Result<String> {
    Ok(check_ccis(&input)?.to_string())
}

/// A free-text field of a learner import (`field` names it in messages).
#[uniffi::export]
pub fn parse_text_field(field: String, input: String) -> Result<String> {
    Ok(check_text_field(&field, &input)?.to_string())
}

/// Whose account a username is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AccountType {
    Learner,
    Staff,
}

/// A username's breach of the username rules, if any.
#[uniffi::export]
pub fn check_username_rules(input: String, account: AccountType) -> Option<Finding> {
    let kind = match account {
        AccountType::Learner => AccountKind::Learner,
        AccountType::Staff => AccountKind::Staff,
    };
    check_username(&input, kind)
        .err()
        .map(|r| Finding::from(&r.into_finding()))
}

/// A password's breach of the password rules, if any.
#[uniffi::export]
pub fn check_password_rules(input: String) -> Option<Finding> {
    check_password(&input)
        .err()
        .map(|r| Finding::from(&r.into_finding()))
}

// --- codes and mapping ---------------------------------------------------------------------

/// A destination code in its scheme.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DestinationCode {
    pub scheme: String,
    pub code: String,
    pub title: String,
}

impl From<&CodeEntry> for DestinationCode {
    fn from(c: &CodeEntry) -> Self {
        DestinationCode {
            scheme: c.scheme().to_string(),
            code: c.code().to_string(),
            title: c.title().to_string(),
        }
    }
}

/// The destination code schemes: the built-in ILR and WMCA schemes, and any loaded.
/// Thread-safe; loading a scheme while another thread reads waits for the reads.
#[derive(Debug, uniffi::Object)]
pub struct Schemes {
    inner: RwLock<CoreSchemes>,
}

impl Schemes {
    pub(crate) fn read<T>(&self, f: impl FnOnce(&CoreSchemes) -> T) -> T {
        match self.inner.read() {
            Ok(g) => f(&g),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }
}

#[uniffi::export]
impl Schemes {
    /// The built-in schemes.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Schemes {
            inner: RwLock::new(CoreSchemes::builtin()),
        })
    }

    /// Adds a scheme read from its JSON document (`source_name` names it in messages).
    pub fn add_json(&self, text: String, source_name: String) -> Result<()> {
        let scheme = Scheme::from_json_str(&text, &source_name)?;
        let mut g = match self.inner.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        Ok(g.add(scheme)?)
    }

    /// The code as written (`EMP 1`, `emp1`), in the scheme that holds it.
    pub fn parse(&self, code: String) -> Result<DestinationCode> {
        self.read(|s| Ok(DestinationCode::from(s.parse(&code)?)))
    }

    /// Whether the code is valid on `as_of`.
    pub fn is_valid_on(&self, code: String, as_of: String) -> Result<bool> {
        let as_of = date(&as_of)?;
        self.read(|s| Ok(s.parse(&code)?.is_valid_on(as_of)))
    }

    /// The codes of other schemes equivalent to `code`.
    pub fn equivalents(&self, code: String) -> Result<Vec<DestinationCode>> {
        self.read(|s| {
            let entry = s.parse(&code)?;
            Ok(s.equivalents(entry)
                .into_iter()
                .map(DestinationCode::from)
                .collect())
        })
    }

    /// `code` mapped to the scheme `target`, choosing by `qualifiers` where one code maps to
    /// several.
    pub fn to_scheme(
        &self,
        code: String,
        target: String,
        qualifiers: Vec<String>,
    ) -> Result<DestinationCode> {
        self.read(|s| {
            let entry = s.parse(&code)?;
            let q: Vec<&str> = qualifiers.iter().map(String::as_str).collect();
            Ok(DestinationCode::from(s.to_scheme(entry, &target, &q)?))
        })
    }
}

// --- contact -------------------------------------------------------------------------------

/// An email address or mobile number as the record has it: on record (not given here),
/// missing, or the value itself (checked by the core).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ContactDetail {
    OnRecord,
    Missing,
    Given { value: String },
}

/// Which contact rules apply: the seed's, or the ILR's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ContactPolicy {
    Seed,
    Ilr,
}

/// A learner's ILR contact preferences: RUI and PMC codes, and the contact details.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContactPreferences {
    pub rui: Vec<u8>,
    pub pmc: Vec<u8>,
    pub email: ContactDetail,
    pub mobile: ContactDetail,
}

fn detail_value(d: &ContactDetail) -> Value {
    match d {
        ContactDetail::OnRecord => json!(true),
        ContactDetail::Missing => json!(false),
        ContactDetail::Given { value } => json!(value),
    }
}

fn core_prefs(p: &ContactPreferences) -> Result<CorePrefs> {
    let v = json!({
        "rui": p.rui, "pmc": p.pmc,
        "email": detail_value(&p.email), "mobile": detail_value(&p.mobile),
    });
    serde_json::from_value(v).map_err(|e| json_error("contact preferences", &e))
}

/// A destination record: its code, start, end and collection dates (ISO).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DestinationRecord {
    pub code: String,
    pub start: String,
    pub end: Option<String>,
    pub collection: String,
}

impl From<&CoreRecord> for DestinationRecord {
    fn from(r: &CoreRecord) -> Self {
        DestinationRecord {
            code: r.code.clone(),
            start: r.start.to_string(),
            end: r.end.map(|d| d.to_string()),
            collection: r.collection.to_string(),
        }
    }
}

fn core_record(r: &DestinationRecord) -> Result<CoreRecord> {
    Ok(CoreRecord::new(
        r.code.clone(),
        date(&r.start)?,
        optional_date(r.end.as_ref())?,
        date(&r.collection)?,
    ))
}

/// Whether and how a learner may be contacted, why, and the automatic record when not at all.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContactDecision {
    pub email: bool,
    pub sms: bool,
    pub contactable: bool,
    pub reason: String,
    pub decided_by: Vec<String>,
    pub policy: ContactPolicy,
    /// With `learning_end` and `as_of` given: the automatic OTH3 record when not contactable.
    pub record: Option<DestinationRecord>,
}

/// The contact decision for `preferences` under `policy`; with `learning_end` and `as_of`, the
/// automatic record too.
#[uniffi::export]
pub fn decide_contact(
    preferences: ContactPreferences,
    policy: ContactPolicy,
    learning_end: Option<String>,
    as_of: Option<String>,
) -> Result<ContactDecision> {
    let core_policy = match policy {
        ContactPolicy::Seed => CorePolicy::Seed,
        ContactPolicy::Ilr => CorePolicy::Ilr,
    };
    let d = core_prefs(&preferences)?.decide(core_policy)?;
    let record = match (
        optional_date(learning_end.as_ref())?,
        optional_date(as_of.as_ref())?,
    ) {
        (Some(end), Some(as_of)) => d
            .automatic_record(end, as_of)?
            .as_ref()
            .map(DestinationRecord::from),
        _ => None,
    };
    Ok(ContactDecision {
        email: d.email,
        sms: d.sms,
        contactable: d.contactable,
        reason: d.reason,
        decided_by: d.decided_by,
        policy,
        record,
    })
}

/// The ILR ContPrefType checks on RUI and PMC codes (`first_start`: the learner's first
/// start, for codes retired or introduced).
#[uniffi::export]
pub fn check_contact_preferences(
    rui: Vec<u8>,
    pmc: Vec<u8>,
    first_start: Option<String>,
) -> Result<Vec<Finding>> {
    let first = optional_date(first_start.as_ref())?;
    Ok(findings(&CorePrefs::new(rui, pmc).check(first)))
}

// --- tracking ------------------------------------------------------------------------------

/// A survey sent to a leaver: dates ISO, `reminders` sent so far.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SurveyProgress {
    pub learning_end: String,
    pub sent: String,
    pub reminders: u32,
    pub answered: Option<String>,
    pub unsubscribed: Option<String>,
}

/// How long to wait, in days; a field left `None` takes the core's default.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrackingSettings {
    pub reminder_interval_days: Option<u32>,
    pub non_response_after_days: Option<u32>,
    pub stop_contact_after_days: Option<u32>,
}

/// Where a survey stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Tracking {
    pub state: String,
    pub flagged_for_review: bool,
    pub record: Option<DestinationRecord>,
    pub reason: String,
    pub next_reminder: Option<String>,
    pub non_response_from: String,
}

/// Where `survey` stands on `as_of` under `settings`.
#[uniffi::export]
pub fn track_survey(
    survey: SurveyProgress,
    as_of: String,
    settings: Option<TrackingSettings>,
) -> Result<Tracking> {
    let mut s = Survey::new(date(&survey.learning_end)?, date(&survey.sent)?);
    s.reminders = survey.reminders;
    s.answered = optional_date(survey.answered.as_ref())?;
    s.unsubscribed = optional_date(survey.unsubscribed.as_ref())?;
    let mut given = Map::new();
    if let Some(t) = settings {
        for (k, v) in [
            ("reminder_interval_days", t.reminder_interval_days),
            ("non_response_after_days", t.non_response_after_days),
            ("stop_contact_after_days", t.stop_contact_after_days),
        ] {
            if let Some(v) = v {
                given.insert(k.to_string(), json!(v));
            }
        }
    }
    let settings: CoreSettings = serde_json::from_value(Value::Object(given))
        .map_err(|e| json_error("tracking settings", &e))?;
    let t = learner_destinations::tracking::track(&s, &settings, date(&as_of)?)?;
    let state = serde_json::to_value(t.state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(Tracking {
        state,
        flagged_for_review: t.flagged_for_review,
        record: t.record.as_ref().map(DestinationRecord::from),
        reason: t.reason,
        next_reminder: t.next_reminder.map(|d| d.to_string()),
        non_response_from: t.non_response_from.to_string(),
    })
}

// --- records -------------------------------------------------------------------------------

/// A breach of the destination and progression rules: the finding, the ESFA rule it mirrors
/// and the records concerned (indices into the list given).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RecordFinding {
    pub finding: Finding,
    pub mirrors: String,
    pub records: Vec<u64>,
}

/// The ILR destination and progression checks on `records` for teaching year `year`
/// (`2024-25`; `None`: the core's default from the file date) in a file prepared on
/// `file_preparation_date`, against `schemes`.
#[uniffi::export]
pub fn check_destination_records(
    schemes: &Schemes,
    records: Vec<DestinationRecord>,
    year: Option<String>,
    file_preparation_date: String,
) -> Result<Vec<RecordFinding>> {
    let records = records
        .iter()
        .map(core_record)
        .collect::<Result<Vec<_>>>()?;
    let year = year.as_deref().map(TeachingYear::parse).transpose()?;
    let file_date = date(&file_preparation_date)?;
    let year = learner_destinations::workflow::teaching_year_or_default(year, file_date);
    Ok(schemes.read(|s| {
        learner_destinations::records::check_records(&records, s, year, file_date)
            .iter()
            .map(|f| RecordFinding {
                finding: Finding::from(&f.finding),
                mirrors: f.mirrors.to_string(),
                records: f.records.iter().map(|&i| i as u64).collect(),
            })
            .collect()
    }))
}

// --- awaiting ------------------------------------------------------------------------------

/// An ILR enrolment: its learner, aim, end date and completion status code (1-6).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AwaitingEnrolmentInput {
    pub ukprn: String,
    pub uln: String,
    pub learner_ref: String,
    pub aim_ref: String,
    pub learning_end: Option<String>,
    pub completion_status: u8,
    /// The ILR funding fields, for the ESFA rules R107 and R108.
    pub funding: Option<Funding>,
}

/// An enrolment's ILR funding fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Funding {
    pub fund_model: u8,
    pub prog_type: Option<u8>,
    pub comp_status: Option<u8>,
}

/// A destination recorded for a learner.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LearnerDestinationInput {
    pub ukprn: String,
    pub learner_ref: String,
    pub uln: Option<String>,
    pub aim_ref: Option<String>,
    pub record: DestinationRecord,
}

/// An enrolment awaiting a destination.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AwaitingEnrolment {
    pub enrolment: u64,
    pub ukprn: u32,
    pub uln: String,
    pub learner_ref: String,
    pub aim_ref: String,
    pub learning_end: String,
    pub due: String,
    pub overdue: bool,
}

/// A learner awaiting a destination, with the ESFA rules (R107, R108) that fire.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AwaitingLearner {
    pub ukprn: u32,
    pub uln: String,
    pub learner_ref: String,
    pub latest_end: String,
    pub due: String,
    pub overdue: bool,
    pub enrolments: Vec<u64>,
    pub rules: Vec<String>,
}

/// The enrolments and learners awaiting a destination.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Awaiting {
    pub enrolments: Vec<AwaitingEnrolment>,
    pub learners: Vec<AwaitingLearner>,
}

/// Which enrolments and learners await a destination on `as_of`.
#[uniffi::export]
pub fn awaiting_destinations(
    enrolments: Vec<AwaitingEnrolmentInput>,
    destinations: Vec<LearnerDestinationInput>,
    as_of: String,
) -> Result<Awaiting> {
    let enrolments = enrolments
        .iter()
        .map(|e| {
            let v = json!({
                "ukprn": e.ukprn, "uln": e.uln, "learner_ref": e.learner_ref,
                "aim_ref": e.aim_ref, "learning_end": e.learning_end,
                "completion_status": e.completion_status,
                "funding": e.funding.map(|f| json!({
                    "fund_model": f.fund_model, "prog_type": f.prog_type,
                    "comp_status": f.comp_status,
                })),
            });
            serde_json::from_value::<Enrolment>(v).map_err(|e| json_error("enrolments", &e))
        })
        .collect::<Result<Vec<_>>>()?;
    let destinations = destinations
        .iter()
        .map(|d| {
            Ok(LearnerDestination {
                ukprn: Ukprn::parse(&d.ukprn)?,
                learner_ref: LearnRefNumber::parse(&d.learner_ref)?,
                uln: d.uln.as_deref().map(Uln::parse).transpose()?,
                aim_ref: d.aim_ref.as_deref().map(LearnAimRef::parse).transpose()?,
                record: core_record(&d.record)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let a = learner_destinations::awaiting::awaiting(&enrolments, &destinations, date(&as_of)?);
    Ok(Awaiting {
        enrolments: a
            .enrolments
            .iter()
            .map(|e| AwaitingEnrolment {
                enrolment: e.enrolment as u64,
                ukprn: e.ukprn.get(),
                uln: e.uln.as_str().to_string(),
                learner_ref: e.learner_ref.as_str().to_string(),
                aim_ref: e.aim_ref.as_str().to_string(),
                learning_end: e.learning_end.to_string(),
                due: e.due.to_string(),
                overdue: e.overdue,
            })
            .collect(),
        learners: a
            .learners
            .iter()
            .map(|l| AwaitingLearner {
                ukprn: l.ukprn.get(),
                uln: l.uln.as_str().to_string(),
                learner_ref: l.learner_ref.as_str().to_string(),
                latest_end: l.latest_end.to_string(),
                due: l.due.to_string(),
                overdue: l.overdue,
                enrolments: l.enrolments.iter().map(|&i| i as u64).collect(),
                rules: l.rules.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
    })
}

// --- survey --------------------------------------------------------------------------------

/// A destination record derived from survey answers, with its activity and WMCA code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DerivedRecord {
    pub activity: String,
    pub code: String,
    pub wmca_code: Option<String>,
    pub title: String,
    pub start: String,
    pub end: Option<String>,
    pub collection: String,
    pub main: bool,
}

/// The records derived from a leaver's answers, and the findings on the answers.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Derivation {
    pub records: Vec<DerivedRecord>,
    pub findings: Vec<Finding>,
}

/// The built-in survey definition as its JSON document (questions, options, rules).
#[uniffi::export]
pub fn survey_definition_json(schemes: &Schemes) -> String {
    schemes
        .read(|s| serde_json::to_string_pretty(&SurveyDefinition::builtin(s)).unwrap_or_default())
}

/// Derives destination records from a survey answers document (JSON text, as the app stores
/// it) with the built-in definition, or `definition_json` when given.
#[uniffi::export]
pub fn derive_survey(
    schemes: &Schemes,
    answers_json: String,
    as_of: String,
    learning_end: Option<String>,
    definition_json: Option<String>,
) -> Result<Derivation> {
    let answers = SurveyAnswers::from_json_str(&answers_json)?;
    let learning_end = optional_date(learning_end.as_ref())?;
    let as_of = date(&as_of)?;
    schemes.read(|s| {
        let definition = match &definition_json {
            Some(text) => SurveyDefinition::from_json_str(text, s)?,
            None => SurveyDefinition::builtin(s),
        };
        let out = learner_destinations::survey::derive(
            &definition,
            &answers,
            &DerivationContext {
                schemes: s,
                learning_end,
                as_of,
            },
        );
        Ok(Derivation {
            records: out
                .records
                .iter()
                .map(|r| DerivedRecord {
                    activity: r.activity.clone(),
                    code: r.code.clone(),
                    wmca_code: r.wmca_code.clone(),
                    title: r.title.clone(),
                    start: r.start.to_string(),
                    end: r.end.map(|d| d.to_string()),
                    collection: r.collection.to_string(),
                    main: r.main,
                })
                .collect(),
            findings: findings(&out.findings),
        })
    })
}

// --- templates -----------------------------------------------------------------------------

/// The empty upload template `template` (`destinations`, `learners`, `qualifications`) as CSV
/// text, BOM included.
#[uniffi::export]
pub fn template_csv(template: String) -> Result<String> {
    let kind = TemplateKind::from_option(&template, "template")?;
    let mut out = Vec::new();
    core_template_csv(kind, &mut out)?;
    Ok(String::from_utf8(out).map_err(|e| Error::Host {
        message: format!("the template is not UTF-8: {e}"),
    })?)
}
