//! The ILR contact-preference codes (ContPrefType + ContPrefCode) as a documented table, with
//! validity dates and what each code says, so the contact rules read meanings, not numbers.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// Where [`CONTACT_CODES`] comes from.
pub const CONTACT_CODES_SOURCE: &str = "ESFA ILR lookups (DC-ILR-1819-ValidationService Lookups.xml, contact preference typed codes added 2018-12-31) and the ILR specification 2020-21 ContPrefCode page; 2022-23 ContactPreference entity notes for the later end dates. The ILR had the entity up to 2024-25 (ContPrefType_01 to _07 are deleted from 2025-26).";

/// The version of [`CONTACT_CODES`]: the last ILR year whose codes it describes.
pub const CONTACT_CODES_VERSION: &str = "2023-24";

/// ILR ContPrefType.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum PreferenceType {
    /// Restricted use indicator: whether, and for what, the learner may be contacted.
    #[serde(rename = "RUI")]
    Rui,
    /// Preferred method of contact: by which means.
    #[serde(rename = "PMC")]
    Pmc,
}

impl PreferenceType {
    /// `RUI` or `PMC`.
    pub fn as_str(self) -> &'static str {
        match self {
            PreferenceType::Rui => "RUI",
            PreferenceType::Pmc => "PMC",
        }
    }
}

impl fmt::Display for PreferenceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a code withholds or gives consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// "Does not wish to be contacted..." / "not to be contacted".
    Refuses,
    /// "Agrees to be contacted..." (the post-GDPR codes).
    Agrees,
}

/// What a code is about: a purpose of contact (RUI) or a means of contact (PMC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum About {
    /// Courses or learning opportunities.
    Courses,
    /// Surveys and research.
    Surveys,
    /// Any contact at all (RUI3, RUI4, RUI5: the learner is not to be contacted).
    AnyContact,
    /// Post.
    Post,
    /// Telephone (the ILR has no separate code for SMS, so SMS counts as telephone).
    Telephone,
    /// E-mail.
    Email,
}

/// Which side of the GDPR change (25 May 2018) a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GdprEra {
    /// The opt-out codes that ended on 2018-05-25 (RUI1, RUI2, PMC1-3).
    #[serde(rename = "pre")]
    PreGdpr,
    /// The opt-in codes that replaced them (RUI6, RUI7, PMC4-6).
    #[serde(rename = "post")]
    PostGdpr,
}

/// One contact-preference code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactCode {
    /// RUI or PMC.
    #[serde(rename = "type")]
    pub pref_type: PreferenceType,
    /// The ContPrefCode, 1 to 7.
    pub code: u8,
    /// The definition, paraphrased from the ILR specification.
    pub title: &'static str,
    /// Refuses or agrees.
    pub consent: Consent,
    /// What it refuses or agrees to.
    pub about: About,
    /// Pre- or post-GDPR (ContPrefType_04/_05); `None` for RUI3-5, which span both.
    pub era: Option<GdprEra>,
    /// First day of validity (`None`: from the beginning).
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity, inclusive (`None`: open).
    pub valid_to: Option<NaiveDate>,
    /// How sure the validity dates are, where a source leaves doubt.
    pub note: Option<&'static str>,
}

impl ContactCode {
    /// `RUI2`, `PMC3`.
    pub fn name(&self) -> String {
        format!("{}{}", self.pref_type, self.code)
    }

    /// Valid on `date`: valid_from ≤ date ≤ valid_to, inclusive (ESFA lookup semantics).
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }
}

/// A date in the table; evaluated at compile time, so a wrong date fails the build.
const fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Some(date),
        #[allow(clippy::panic)]
        None => panic!("invalid date in the contact-preference table"),
    }
}

/// The GDPR date: the pre-GDPR codes' last day.
const GDPR: Option<NaiveDate> = ymd(2018, 5, 25);
/// The day before 2022-23 began: the inferred end of RUI6, RUI7 and PMC4-6.
const END_2021_22: Option<NaiveDate> = ymd(2022, 7, 31);
const INFERRED_2022: Option<&str> = Some(
    "the 2022-23 specification ended this code for new starts ('only RUI4 and RUI5 remain in use'); the exact end date is not published, 2022-07-31 (the day before 2022-23) is inferred",
);

/// One table row. The GDPR era follows from the meaning: the "not to be contacted" codes span
/// both eras, the other refusals are the pre-GDPR opt-outs and the consents the post-GDPR opt-ins.
const fn code(
    pref_type: PreferenceType,
    code: u8,
    title: &'static str,
    consent: Consent,
    about: About,
    valid_to: Option<NaiveDate>,
    note: Option<&'static str>,
) -> ContactCode {
    let era = match (about, consent) {
        (About::AnyContact, _) => None,
        (_, Consent::Refuses) => Some(GdprEra::PreGdpr),
        (_, Consent::Agrees) => Some(GdprEra::PostGdpr),
    };
    ContactCode {
        pref_type,
        code,
        title,
        consent,
        about,
        era,
        valid_from: None,
        valid_to,
        note,
    }
}

use About::*;
use Consent::*;
use PreferenceType::*;

/// Every ILR contact-preference code, with its validity. Source: [`CONTACT_CODES_SOURCE`].
///
/// | code | meaning | valid to |
/// |---|---|---|
/// | RUI1 | does not wish to be contacted about courses or learning opportunities | 2018-05-25 |
/// | RUI2 | does not wish to be contacted for surveys and research | 2018-05-25 |
/// | RUI3 | not to be contacted (e.g. died or severe illness) | 2013-07-31 |
/// | RUI4 | not to be contacted (e.g. severe illness or other circumstance) | open |
/// | RUI5 | not to be contacted: the learner has died | open |
/// | RUI6 | agrees to be contacted about courses or learning opportunities | 2022-07-31 (inferred) |
/// | RUI7 | agrees to be contacted for surveys and research | 2022-07-31 (inferred) |
/// | PMC1 | does not wish to be contacted by post | 2018-05-25 |
/// | PMC2 | does not wish to be contacted by telephone | 2018-05-25 |
/// | PMC3 | does not wish to be contacted by e-mail | 2018-05-25 |
/// | PMC4 | agrees to be contacted by post | 2022-07-31 (inferred) |
/// | PMC5 | agrees to be contacted by telephone | 2022-07-31 (inferred) |
/// | PMC6 | agrees to be contacted by e-mail | 2022-07-31 (inferred) |
///
/// No start dates are published (the ESFA lookup's ContPrefType_03 tests only the end date).
#[rustfmt::skip]
pub static CONTACT_CODES: &[ContactCode] = &[
    code(Rui, 1, "Learner does not wish to be contacted about courses or learning opportunities", Refuses, Courses, GDPR, None),
    code(Rui, 2, "Learner does not wish to be contacted for surveys and research", Refuses, Surveys, GDPR, None),
    code(Rui, 3, "Learner is not to be contacted, for example where a learner has died or suffered severe illness", Refuses, AnyContact, ymd(2013, 7, 31), None),
    code(Rui, 4, "Learner is not to be contacted, for example where a learner has suffered severe illness during the programme or other circumstance", Refuses, AnyContact, None, None),
    code(Rui, 5, "Learner is not to be contacted - learner has died", Refuses, AnyContact, None, None),
    code(Rui, 6, "Learner agrees to be contacted about courses or learning opportunities", Agrees, Courses, END_2021_22, INFERRED_2022),
    code(Rui, 7, "Learner agrees to be contacted for surveys and research", Agrees, Surveys, END_2021_22, INFERRED_2022),
    code(Pmc, 1, "Learner does not wish to be contacted by post", Refuses, Post, GDPR, None),
    code(Pmc, 2, "Learner does not wish to be contacted by telephone", Refuses, Telephone, GDPR, None),
    code(Pmc, 3, "Learner does not wish to be contacted by e-mail", Refuses, Email, GDPR, None),
    code(Pmc, 4, "Learner agrees to be contacted by post", Agrees, Post, END_2021_22, INFERRED_2022),
    code(Pmc, 5, "Learner agrees to be contacted by telephone", Agrees, Telephone, END_2021_22, INFERRED_2022),
    code(Pmc, 6, "Learner agrees to be contacted by e-mail", Agrees, Email, END_2021_22, INFERRED_2022),
];

/// The table entry for a type and code, if there is one.
pub fn contact_code(pref_type: PreferenceType, code: u8) -> Option<&'static ContactCode> {
    CONTACT_CODES
        .iter()
        .find(|c| c.pref_type == pref_type && c.code == code)
}

/// The codes of one type, for messages: `1 to 7` style listings.
pub(crate) fn codes_of(pref_type: PreferenceType) -> String {
    let codes: Vec<String> = CONTACT_CODES
        .iter()
        .filter(|c| c.pref_type == pref_type)
        .map(|c| c.code.to_string())
        .collect();
    codes.join(", ")
}
