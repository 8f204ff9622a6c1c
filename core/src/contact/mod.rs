//! Contact rules: may a destination survey go to a learner by email, by SMS, or not at all,
//! given their ILR contact preferences (RUI and PMC codes) and the contact details on record?
//! When not at all, the automatic OTH3 "unable to contact learner" record.
//!
//! Two policies, chosen by the caller ([`ContactPolicy`]):
//!
//! * **seed** (the default), exactly the table of Tribal's Maytas Destination Tracking guide
//!   ("ILR learners who may not be contacted"):
//!
//!   | RUI | PMC | email | SMS |
//!   |---|---|---|---|
//!   | any of 2, 3, 4, 5 | any | no | no |
//!   | none of 2-5 | 2, not 3 | yes | no |
//!   | none of 2-5 | 3, not 2 | no | yes |
//!   | none of 2-5 | 2 and 3 | no | no |
//!   | none of 2-5 | neither 2 nor 3 | yes | yes |
//!
//!   PMC2 is "no contact by telephone" (SMS goes to a telephone), PMC3 "no contact by e-mail".
//!   Other codes (RUI1, RUI6, RUI7, PMC1, PMC4-6) do not change the answer.
//! * **ilr**: the ILR guidance for destination collection, 2020-21 to 2023-24 ("contact
//!   preferences do not stop a provider contacting a learner to collect D&P data, except where
//!   RUI3, RUI4 or RUI5 is recorded"): only RUI3, 4 or 5 blocks contact; where the positive
//!   consents PMC5 (telephone) or PMC6 (e-mail) are recorded, they name the channels; otherwise
//!   both. No ILR code tells SMS from voice calls, so PMC5 allows SMS.
//!
//! Under both, a channel also needs its contact detail: no email address on record, no email;
//! no mobile number, or one that is not a UK mobile ([`UkMobile`]), no SMS. The answer says what
//! decided it ([`ContactDecision::reason`], [`ContactDecision::decided_by`]).
//!
//! The codes and their validity dates are data: [`CONTACT_CODES`]. The ESFA ContPrefType_01 to
//! _07 combination checks are [`ContactPreferences::check`].
//!
//! ```
//! use learner_destinations::contact::{ContactDetail, ContactPolicy, ContactPreferences};
//!
//! let prefs = ContactPreferences { pmc: vec![2], ..Default::default() };
//! let seed = prefs.decide(ContactPolicy::Seed).unwrap();
//! assert!(seed.email && !seed.sms);
//! assert_eq!(seed.decided_by, ["PMC2"]);
//!
//! // RUI2 blocks a survey under the Maytas table, not under the ILR guidance.
//! let prefs = ContactPreferences { rui: vec![2], ..Default::default() };
//! assert!(!prefs.decide(ContactPolicy::Seed).unwrap().contactable);
//! assert!(prefs.decide(ContactPolicy::Ilr).unwrap().contactable);
//!
//! // A landline is no use for SMS.
//! let prefs = ContactPreferences { mobile: ContactDetail::Value("0121 496 0000".into()), ..Default::default() };
//! let d = prefs.decide(ContactPolicy::Seed).unwrap();
//! assert!(d.email && !d.sms);
//! assert_eq!(d.decided_by, ["mobile_not_uk"]);
//! ```

mod checks;
mod given;
mod table;

pub use checks::{
    PREFERENCE_GDPR_MIXED_PMC, PREFERENCE_GDPR_MIXED_RUI, PREFERENCE_NOT_TO_BE_CONTACTED,
    PREFERENCE_NOT_VALID, PREFERENCE_TOO_MANY_PMC, PREFERENCE_TOO_MANY_RUI, PREFERENCE_UNKNOWN,
};
pub use given::GivenDetail;
pub use table::{
    About, CONTACT_CODES, CONTACT_CODES_SOURCE, CONTACT_CODES_VERSION, Consent, ContactCode,
    GdprEra, PreferenceType, contact_code,
};

use crate::dates::{DATE_IMPOSSIBLE, check_order};
use crate::finding::{FindingKind, Refusal};
use crate::identifiers::UkMobile;
use crate::records::DestinationRecord;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The ILR code for "unable to contact learner", used for the automatic record.
pub const OTH3: &str = "OTH3";

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &PREFERENCE_UNKNOWN,
    &PREFERENCE_NOT_TO_BE_CONTACTED,
    &PREFERENCE_NOT_VALID,
    &PREFERENCE_GDPR_MIXED_RUI,
    &PREFERENCE_GDPR_MIXED_PMC,
    &PREFERENCE_TOO_MANY_RUI,
    &PREFERENCE_TOO_MANY_PMC,
];

/// A contact detail (email address or mobile number) as far as the caller knows it.
///
/// In JSON: `true` (on record, value not given), `false` or `null` (missing), or the value as a
/// string (checked; `""` counts as missing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ContactDetail {
    /// On record; the value was not given, so only the preferences are in question.
    #[default]
    OnRecord,
    /// Nothing on record.
    Missing,
    /// This value is on record: an email address must look like one (`.+@.+`, the ILR Email
    /// pattern), a mobile number must be a UK mobile.
    Value(String),
}

impl Serialize for ContactDetail {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ContactDetail::OnRecord => s.serialize_bool(true),
            ContactDetail::Missing => s.serialize_bool(false),
            ContactDetail::Value(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for ContactDetail {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Text(String),
        }
        Ok(match Option::<Raw>::deserialize(d)? {
            Some(Raw::Flag(true)) => ContactDetail::OnRecord,
            None | Some(Raw::Flag(false)) => ContactDetail::Missing,
            Some(Raw::Text(v)) => ContactDetail::Value(v),
        })
    }
}

/// A learner's contact preferences and whether they can be reached.
///
/// `rui` and `pmc` hold the ContPrefCodes as recorded, one entry per ContactPreference record
/// (so a repeated code counts twice for ContPrefType_06/_07). In JSON:
/// `{"rui": [2, 4], "pmc": [3], "email": true, "mobile": "07700 900123"}`; every key may be
/// left out (no codes; details on record).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPreferences {
    /// Restricted use indicator codes (1-7).
    #[serde(default)]
    pub rui: Vec<u8>,
    /// Preferred method of contact codes (1-6).
    #[serde(default)]
    pub pmc: Vec<u8>,
    /// The email address on record.
    #[serde(default)]
    pub email: ContactDetail,
    /// The mobile number on record.
    #[serde(default)]
    pub mobile: ContactDetail,
}

/// Which rules decide whether a survey may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactPolicy {
    /// The Maytas Destination Tracking table: any of RUI2-5 blocks; PMC2 blocks SMS, PMC3
    /// blocks email.
    #[default]
    Seed,
    /// The ILR 2020-21 to 2023-24 guidance: only RUI3-5 block; PMC5/PMC6 consents name the
    /// channels.
    Ilr,
}

impl ContactPolicy {
    /// `seed` or `ilr`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactPolicy::Seed => "seed",
            ContactPolicy::Ilr => "ilr",
        }
    }
}

impl fmt::Display for ContactPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ContactPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "seed" => Ok(ContactPolicy::Seed),
            "ilr" => Ok(ContactPolicy::Ilr),
            _ => Err(format!(
                "'{s}' is not a contact policy; use seed (the Maytas table) or ilr (the ILR guidance)"
            )),
        }
    }
}

/// The answer to "may a survey go by email? by SMS?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDecision {
    /// A survey may go by email.
    pub email: bool,
    /// A survey may go by SMS.
    pub sms: bool,
    /// By at least one channel.
    pub contactable: bool,
    /// Why, in words that name the deciding codes and details.
    pub reason: String,
    /// What decided it, for machines: the codes that blocked a channel (`RUI2`, `PMC3`) or named
    /// the channels (`PMC5`, `PMC6` under the ILR policy), then the missing or unusable details
    /// (`email_missing`, `email_invalid`, `mobile_missing`, `mobile_not_uk`). Empty when nothing
    /// restricted the survey.
    pub decided_by: Vec<String>,
    /// The policy applied.
    pub policy: ContactPolicy,
}

impl ContactDecision {
    /// When the learner may not be contacted by either channel, the automatic OTH3 record
    /// ([`oth3_record`]); `None` when a survey may go.
    pub fn automatic_record(
        &self,
        learning_end: NaiveDate,
        as_of: NaiveDate,
    ) -> Result<Option<DestinationRecord>, Refusal> {
        if self.contactable {
            Ok(None)
        } else {
            oth3_record(learning_end, as_of).map(Some)
        }
    }
}

/// The automatic "unable to contact learner" record: code OTH3, start the day after the
/// learning actual end date (Maytas: "the day after the POT termination date"), no end date,
/// collection date `as_of` (Maytas: "the current date"; the core never reads the clock).
///
/// Refused when `as_of` is before the learning end (the learner has not left yet), or when no
/// day follows `learning_end`. The start is always after `learning_end`.
///
/// ```
/// use learner_destinations::contact::oth3_record;
/// use learner_destinations::dates::parse_date;
/// let r = oth3_record(parse_date("2025-07-31").unwrap(), parse_date("2025-09-30").unwrap()).unwrap();
/// assert_eq!((r.code.as_str(), r.start.to_string(), r.end), ("OTH3", "2025-08-01".to_string(), None));
/// assert_eq!(r.collection.to_string(), "2025-09-30");
/// ```
pub fn oth3_record(
    learning_end: NaiveDate,
    as_of: NaiveDate,
) -> Result<DestinationRecord, Refusal> {
    check_order(
        learning_end,
        "the learning actual end date",
        as_of,
        "the as-of date",
    )?;
    let start = learning_end.succ_opt().ok_or_else(|| {
        Refusal::new(
            &DATE_IMPOSSIBLE,
            learning_end.to_string(),
            format!("no date follows the learning end date {learning_end}"),
        )
    })?;
    Ok(DestinationRecord::new(OTH3, start, None, as_of))
}

/// The codes recorded, each looked up in [`CONTACT_CODES`]; the first unknown one refused.
fn lookup(prefs: &ContactPreferences) -> Result<Vec<&'static ContactCode>, Refusal> {
    let mut out = Vec::with_capacity(prefs.rui.len() + prefs.pmc.len());
    for (pref_type, codes) in [
        (PreferenceType::Rui, &prefs.rui),
        (PreferenceType::Pmc, &prefs.pmc),
    ] {
        for &c in codes {
            out.push(contact_code(pref_type, c).ok_or_else(|| checks::unknown(pref_type, c))?);
        }
    }
    Ok(out)
}

/// Sorted, de-duplicated names of the codes matching `pred`.
fn names(codes: &[&ContactCode], pred: impl Fn(&ContactCode) -> bool) -> Vec<String> {
    let mut v: Vec<String> = codes.iter().filter(|c| pred(c)).map(|c| c.name()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// "PMC2 (learner does not wish to be contacted by telephone)".
fn described(codes: &[&ContactCode], names: &[String]) -> String {
    names
        .iter()
        .map(|n| {
            let title = codes
                .iter()
                .find(|c| c.name() == *n)
                .map(|c| c.title)
                .unwrap_or_default();
            format!("{n} ({})", lower_first(title))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Why a channel's detail cannot be used: (`decided_by` token, words), or `None` when usable.
fn email_problem(detail: &ContactDetail) -> Option<(&'static str, String)> {
    match detail {
        ContactDetail::OnRecord => None,
        ContactDetail::Missing => Some(("email_missing", "no email address on record".into())),
        ContactDetail::Value(v) if v.trim().is_empty() => Some((
            "email_missing",
            "no email address on record (it is empty)".into(),
        )),
        ContactDetail::Value(v) => {
            let v = v.trim();
            // The ILR Email pattern: at least one character, an @, at least one character.
            let ok = v.find('@').is_some_and(|at| at > 0 && at + 1 < v.len());
            (!ok).then(|| {
                (
                    "email_invalid",
                    format!("'{v}' is not an email address (it needs text before and after an @)"),
                )
            })
        }
    }
}

fn mobile_problem(detail: &ContactDetail) -> Option<(&'static str, String)> {
    match detail {
        ContactDetail::OnRecord => None,
        ContactDetail::Missing => Some(("mobile_missing", "no mobile number on record".into())),
        ContactDetail::Value(v) if v.trim().is_empty() => Some((
            "mobile_missing",
            "no mobile number on record (it is empty)".into(),
        )),
        ContactDetail::Value(v) => UkMobile::parse(v)
            .err()
            .map(|r| ("mobile_not_uk", r.message)),
    }
}

impl ContactPreferences {
    /// Preferences only (contact details taken as on record).
    pub fn new(rui: Vec<u8>, pmc: Vec<u8>) -> Self {
        ContactPreferences {
            rui,
            pmc,
            ..Default::default()
        }
    }

    /// May a survey go by email, by SMS? Under `policy`, then the contact details (see the
    /// [module documentation](self)).
    ///
    /// Refused (code `contact_preference_unknown`) when a code is not an ILR contact-preference
    /// code (RUI 1-7, PMC 1-6), since the answer would be a guess.
    pub fn decide(&self, policy: ContactPolicy) -> Result<ContactDecision, Refusal> {
        let codes = lookup(self)?;
        let rui_block = |about: &[About]| {
            names(&codes, |c| {
                c.pref_type == PreferenceType::Rui
                    && c.consent == Consent::Refuses
                    && about.contains(&c.about)
            })
        };
        let blockers = match policy {
            ContactPolicy::Seed => rui_block(&[About::Surveys, About::AnyContact]),
            ContactPolicy::Ilr => rui_block(&[About::AnyContact]),
        };
        if !blockers.is_empty() {
            let rule = match policy {
                ContactPolicy::Seed => {
                    "under the Maytas table any of RUI2, RUI3, RUI4 or RUI5 means no survey by email or SMS"
                }
                ContactPolicy::Ilr => {
                    "under the ILR guidance RUI3, RUI4 or RUI5 means the learner is not to be contacted, even for destinations"
                }
            };
            return Ok(ContactDecision {
                email: false,
                sms: false,
                contactable: false,
                reason: format!("{} recorded: {rule}", described(&codes, &blockers)),
                decided_by: blockers,
                policy,
            });
        }

        // Per channel: the codes that rule it out (or, under the ILR policy, that name the
        // other channel only).
        let pmc = |consent: Consent, about: About| {
            names(&codes, |c| {
                c.pref_type == PreferenceType::Pmc && c.consent == consent && c.about == about
            })
        };
        let (email_codes, sms_codes, email_words, sms_words, named) = match policy {
            ContactPolicy::Seed => {
                let (no_email, no_phone) = (
                    pmc(Consent::Refuses, About::Email),
                    pmc(Consent::Refuses, About::Telephone),
                );
                let ew = format!("{} recorded", described(&codes, &no_email));
                let sw = format!(
                    "{} recorded; SMS goes to a telephone",
                    described(&codes, &no_phone)
                );
                (no_email, no_phone, ew, sw, Vec::new())
            }
            ContactPolicy::Ilr => {
                let (yes_email, yes_phone) = (
                    pmc(Consent::Agrees, About::Email),
                    pmc(Consent::Agrees, About::Telephone),
                );
                let mut named: Vec<String> = yes_email.iter().chain(&yes_phone).cloned().collect();
                named.sort_unstable();
                if yes_email.is_empty() == yes_phone.is_empty() {
                    // Both consents, or neither: both channels.
                    (Vec::new(), Vec::new(), String::new(), String::new(), named)
                } else {
                    let only = |n: &[String]| {
                        format!(
                            "the only channel consent recorded is {}",
                            described(&codes, n)
                        )
                    };
                    let (ew, sw) = (only(&yes_phone), only(&yes_email));
                    (yes_phone, yes_email, ew, sw, named)
                }
            }
        };

        let mut decided_by: Vec<String> = named
            .iter()
            .chain(&email_codes)
            .chain(&sms_codes)
            .cloned()
            .collect();
        decided_by.sort_unstable();
        decided_by.dedup();
        let mut channel =
            |blocked_by: &[String], words: String, problem: Option<(&str, String)>| {
                if !blocked_by.is_empty() {
                    (false, words)
                } else if let Some((token, why)) = problem {
                    decided_by.push(token.to_string());
                    (false, why)
                } else {
                    (true, String::new())
                }
            };
        let (email, email_why) = channel(&email_codes, email_words, email_problem(&self.email));
        let (sms, sms_why) = channel(&sms_codes, sms_words, mobile_problem(&self.mobile));

        let reason = match (email, sms) {
            (true, true) if named.is_empty() => {
                "no contact preference or missing detail stops a survey: email and SMS allowed"
                    .to_string()
            }
            (true, true) => format!(
                "{} recorded: email and SMS allowed",
                described(&codes, &named)
            ),
            (true, false) => format!("email only: no SMS because {sms_why}"),
            (false, true) => format!("SMS only: no email because {email_why}"),
            (false, false) => {
                format!("not contactable: no email because {email_why}; no SMS because {sms_why}")
            }
        };
        Ok(ContactDecision {
            email,
            sms,
            contactable: email || sms,
            reason,
            decided_by,
            policy,
        })
    }
}

#[cfg(test)]
mod tests;
