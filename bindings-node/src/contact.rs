//! Contact rules: may a survey go by email, by SMS, or not at all (`decideContact`); the
//! automatic OTH3 record (`oth3Record`); the ESFA ContPrefType checks
//! (`checkContactPreferences`); the contact-preference code table (`contactCodes`).

use crate::dates::{as_of_or_today, date_argument, optional_date};
use crate::errors::{BindingError, Result};
use crate::findings::BindingFinding;
use crate::records::BindingDestinationRecord;
use learner_destinations::contact::{
    About, CONTACT_CODES, CONTACT_CODES_SOURCE, CONTACT_CODES_VERSION, Consent, ContactCode,
    ContactDetail, ContactPolicy, ContactPreferences, GdprEra, GivenDetail, PreferenceType,
    oth3_record,
};
use napi::Either;
use napi_derive::napi;

/// Which rules decide whether a survey may go: `'seed'` (the Maytas Destination Tracking
/// table: any of RUI2-5 blocks; PMC2 blocks SMS, PMC3 blocks email) or `'ilr'` (the ILR
/// 2020-21 to 2023-24 guidance: only RUI3-5 block; PMC5/PMC6 consents name the channels).
#[napi(string_enum = "lowercase", js_name = "ContactPolicy")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingContactPolicy {
    /// The Maytas Destination Tracking table (the default).
    Seed,
    /// The ILR guidance for destination collection.
    Ilr,
}

impl From<ContactPolicy> for BindingContactPolicy {
    fn from(p: ContactPolicy) -> Self {
        match p {
            ContactPolicy::Seed => BindingContactPolicy::Seed,
            ContactPolicy::Ilr => BindingContactPolicy::Ilr,
        }
    }
}

/// A learner's contact preferences (ILR ContactPreference records) and contact details.
#[napi(object, js_name = "ContactPreferences", object_to_js = false)]
#[derive(Debug, Clone)]
pub struct BindingContactPreferences {
    /// Restricted use indicator codes (RUI 1-7), one per record: `[2, 4]`. Default: none.
    pub rui: Option<Vec<f64>>,
    /// Preferred method of contact codes (PMC 1-6), one per record: `[3]`. Default: none.
    pub pmc: Option<Vec<f64>>,
    /// The email address on record: the address (checked: it needs text before and after an
    /// `@`), `true` (on record, not given), or `false` / `null` / `''` (none). Default `true`.
    #[napi(ts_type = "string | boolean | null")]
    pub email: Option<Option<Either<String, bool>>>,
    /// The mobile number on record: the number (it must be a UK mobile for SMS), `true` (on
    /// record, not given), or `false` / `null` / `''` (none). Default `true`.
    #[napi(ts_type = "string | boolean | null")]
    pub mobile: Option<Option<Either<String, bool>>>,
}

/// A contact-preference code given from JavaScript: a whole number the core can hold.
fn preference_codes(what: &str, codes: Option<&Vec<f64>>) -> Result<Vec<u8>> {
    codes
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, &c)| {
            if c.fract() == 0.0 && (0.0..=255.0).contains(&c) {
                Ok(c as u8)
            } else {
                Err(BindingError::invalid_arg(format!(
                    "{what}[{i}] is {c}, which is not a contact-preference code number (a whole number, such as 2 for {}2)",
                    what.to_uppercase()
                )))
            }
        })
        .collect()
}

/// The detail as given, read by the core (`ContactDetail::from_given`: what a blank, `null` or
/// `false` means is the core's decision).
fn detail(given: Option<&Option<Either<String, bool>>>) -> ContactDetail {
    ContactDetail::from_given(match given {
        None => GivenDetail::Absent,
        Some(None) => GivenDetail::Null,
        Some(Some(Either::B(flag))) => GivenDetail::Flag(*flag),
        Some(Some(Either::A(value))) => GivenDetail::Text(value),
    })
}

impl BindingContactPreferences {
    fn to_core(&self) -> Result<ContactPreferences> {
        Ok(ContactPreferences {
            rui: preference_codes("rui", self.rui.as_ref())?,
            pmc: preference_codes("pmc", self.pmc.as_ref())?,
            email: detail(self.email.as_ref()),
            mobile: detail(self.mobile.as_ref()),
        })
    }
}

/// Options of `decideContact`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
pub struct ContactOptions {
    /// `'seed'` (default) or `'ilr'`.
    #[napi(ts_type = "ContactPolicy")]
    pub policy: Option<String>,
    /// The learning actual end date (`YYYY-MM-DD`): when given, a learner who may not be
    /// contacted gets the automatic OTH3 record in `record`.
    pub learning_end: Option<String>,
    /// The OTH3 record's collection date (`YYYY-MM-DD`). Default: today.
    pub as_of: Option<String>,
}

/// The answer to "may a survey go by email? by SMS?".
#[napi(
    object,
    js_name = "ContactDecision",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingContactDecision {
    /// A survey may go by email.
    pub email: bool,
    /// A survey may go by SMS.
    pub sms: bool,
    /// By at least one channel.
    pub contactable: bool,
    /// Why, in words that name the deciding codes and details.
    pub reason: String,
    /// What decided it, for machines: blocking or naming codes (`'RUI2'`, `'PMC3'`), then
    /// unusable details (`'email_missing'`, `'email_invalid'`, `'mobile_missing'`,
    /// `'mobile_not_uk'`). Empty when nothing restricted the survey.
    pub decided_by: Vec<String>,
    /// The policy applied.
    pub policy: BindingContactPolicy,
    /// The automatic OTH3 record ("unable to contact learner") when the learner may not be
    /// contacted and `options.learningEnd` was given; otherwise `null`.
    pub record: Option<BindingDestinationRecord>,
}

/// Decides whether a destination survey may go to a learner by email and by SMS, from their
/// ILR contact preferences and contact details, under `options.policy` (`'seed'` by default).
/// With `options.learningEnd`, a learner who may not be contacted also gets the automatic OTH3
/// record (start the day after the learning end, no end date, collected on `options.asOf`).
///
/// @throws {Error} `code` `'contact_preference_unknown'` when a code is not an ILR code (RUI
/// 1-7, PMC 1-6); `'option_invalid'` when a code is not a whole number from 0 to 255;
/// `'date_format'` / `'date_impossible'` for a malformed date; `'date_order'` when `asOf` is
/// before `learningEnd`; `'option_invalid'` for a policy other than `'seed'` and `'ilr'`.
#[napi]
pub fn decide_contact(
    preferences: BindingContactPreferences,
    options: Option<ContactOptions>,
) -> Result<BindingContactDecision> {
    let options = options.unwrap_or_default();
    let prefs = preferences.to_core()?;
    let policy = match options.policy.as_deref() {
        None => ContactPolicy::Seed,
        Some(p) => p
            .parse::<ContactPolicy>()
            .map_err(|why| BindingError::invalid_arg(why).at("policy"))?,
    };
    let decision = prefs.decide(policy)?;
    let record = match optional_date(options.learning_end.as_deref())? {
        Some(end) => decision
            .automatic_record(end, as_of_or_today(options.as_of.as_deref())?)?
            .map(Into::into),
        None => None,
    };
    Ok(BindingContactDecision {
        email: decision.email,
        sms: decision.sms,
        contactable: decision.contactable,
        reason: decision.reason,
        decided_by: decision.decided_by,
        policy: decision.policy.into(),
        record,
    })
}

/// The automatic "unable to contact learner" record: code OTH3, start the day after
/// `learningEnd`, no end date, collected on `asOf` (both `YYYY-MM-DD`).
///
/// @throws {Error} `code` `'date_order'` when `asOf` is before `learningEnd` (the learner has
/// not left yet); `'date_format'` / `'date_impossible'` for a malformed date.
#[napi(js_name = "oth3Record")]
pub fn oth3_record_for(learning_end: String, as_of: String) -> Result<BindingDestinationRecord> {
    let record = oth3_record(date_argument(&learning_end)?, date_argument(&as_of)?)?;
    Ok(record.into())
}

/// The ESFA ContPrefType_01 to _07 checks on a learner's contact preferences (`email` and
/// `mobile` are not used), as findings in rule order: the `column` is `'rui'` or `'pmc'`, the
/// `value` the code (`'RUI4'`). `firstStart` (`YYYY-MM-DD`), the learner's earliest learning
/// start date, enables ContPrefType_03 (codes valid on that date).
///
/// @throws {Error} `code` `'option_invalid'` when a code is not a whole number from 0 to 255;
/// `'date_format'` / `'date_impossible'` when `firstStart` is malformed.
#[napi]
pub fn check_contact_preferences(
    preferences: BindingContactPreferences,
    first_start: Option<String>,
) -> Result<Vec<BindingFinding>> {
    let prefs = preferences.to_core()?;
    let first_start = optional_date(first_start.as_deref())?;
    Ok(prefs
        .check(first_start)
        .into_iter()
        .map(Into::into)
        .collect())
}

/// ILR ContPrefType: `'RUI'` (restricted use indicator) or `'PMC'` (preferred method of
/// contact).
#[napi(string_enum = "UPPERCASE", js_name = "PreferenceType")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingPreferenceType {
    /// Restricted use indicator: whether, and for what, the learner may be contacted.
    Rui,
    /// Preferred method of contact: by which means.
    Pmc,
}

/// Whether a code withholds (`'refuses'`) or gives (`'agrees'`) consent.
#[napi(string_enum = "lowercase", js_name = "Consent")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingConsent {
    /// "Does not wish to be contacted..." / "not to be contacted".
    Refuses,
    /// "Agrees to be contacted..." (the post-GDPR codes).
    Agrees,
}

/// What a code is about: a purpose of contact (RUI) or a means of contact (PMC).
#[napi(string_enum = "snake_case", js_name = "ContactAbout")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingAbout {
    /// Courses or learning opportunities.
    Courses,
    /// Surveys and research.
    Surveys,
    /// Any contact at all (RUI3, RUI4, RUI5).
    AnyContact,
    /// Post.
    Post,
    /// Telephone (SMS counts as telephone).
    Telephone,
    /// E-mail.
    Email,
}

/// Which side of the GDPR change (25 May 2018) a code belongs to.
#[napi(string_enum = "lowercase", js_name = "GdprEra")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingGdprEra {
    /// The opt-out codes that ended on 2018-05-25 (RUI1, RUI2, PMC1-3).
    Pre,
    /// The opt-in codes that replaced them (RUI6, RUI7, PMC4-6).
    Post,
}

/// One ILR contact-preference code. Dates are `YYYY-MM-DD` strings.
#[napi(
    object,
    js_name = "ContactCode",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingContactCode {
    /// `'RUI'` or `'PMC'`.
    #[napi(js_name = "type")]
    pub pref_type: BindingPreferenceType,
    /// The ContPrefCode, 1 to 7.
    pub code: u32,
    /// `'RUI2'`, `'PMC3'`.
    pub name: String,
    /// The definition, paraphrased from the ILR specification.
    pub title: String,
    /// `'refuses'` or `'agrees'`.
    pub consent: BindingConsent,
    /// What it refuses or agrees to.
    pub about: BindingAbout,
    /// `'pre'` or `'post'` GDPR; `null` for RUI3-5, which span both.
    pub era: Option<BindingGdprEra>,
    /// First day of validity, or `null`: from the beginning.
    pub valid_from: Option<String>,
    /// Last day of validity (inclusive), or `null`: open.
    pub valid_to: Option<String>,
    /// How sure the validity dates are, where a source leaves doubt; or `null`.
    pub note: Option<String>,
}

impl From<&ContactCode> for BindingContactCode {
    fn from(c: &ContactCode) -> Self {
        BindingContactCode {
            pref_type: match c.pref_type {
                PreferenceType::Rui => BindingPreferenceType::Rui,
                PreferenceType::Pmc => BindingPreferenceType::Pmc,
            },
            code: u32::from(c.code),
            name: c.name(),
            title: c.title.to_string(),
            consent: match c.consent {
                Consent::Refuses => BindingConsent::Refuses,
                Consent::Agrees => BindingConsent::Agrees,
            },
            about: match c.about {
                About::Courses => BindingAbout::Courses,
                About::Surveys => BindingAbout::Surveys,
                About::AnyContact => BindingAbout::AnyContact,
                About::Post => BindingAbout::Post,
                About::Telephone => BindingAbout::Telephone,
                About::Email => BindingAbout::Email,
            },
            era: c.era.map(|e| match e {
                GdprEra::PreGdpr => BindingGdprEra::Pre,
                GdprEra::PostGdpr => BindingGdprEra::Post,
            }),
            valid_from: c.valid_from.map(|d| d.to_string()),
            valid_to: c.valid_to.map(|d| d.to_string()),
            note: c.note.map(str::to_string),
        }
    }
}

/// The contact-preference code table with where it comes from.
#[napi(object, js_name = "ContactCodeTable", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingContactCodeTable {
    /// The sources (ESFA lookups, ILR specification pages).
    pub source: String,
    /// The last ILR year whose codes it describes, e.g. `'2023-24'`.
    pub version: String,
    /// Every RUI and PMC code, RUI first.
    pub codes: Vec<BindingContactCode>,
}

/// Every ILR contact-preference code (RUI 1-7, PMC 1-6) with its meaning and validity, as the
/// contact rules read them. Never throws.
#[napi]
pub fn contact_codes() -> BindingContactCodeTable {
    BindingContactCodeTable {
        source: CONTACT_CODES_SOURCE.to_string(),
        version: CONTACT_CODES_VERSION.to_string(),
        codes: CONTACT_CODES.iter().map(Into::into).collect(),
    }
}
