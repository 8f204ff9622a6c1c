//! The ESFA ContPrefType_01 to _07 checks on a learner's contact preferences, as findings.
//!
//! Source: ESFA ILR validation service 2020-21 (`Rules/Learner/ContPrefType/*`, with
//! DerivedData_06 for the learner's first start date); messages paraphrase the rules' wording
//! on the 2025-26 validation-rule pages, where they are listed as deleted. Severities are not
//! published for these rules; all are errors here.

use super::table::{ContactCode, GdprEra, PreferenceType, codes_of, contact_code};
use super::{About, ContactPreferences};
use crate::finding::{Finding, FindingKind, Refusal, Severity};
use chrono::NaiveDate;

/// A RUI or PMC code that does not exist.
pub static PREFERENCE_UNKNOWN: FindingKind = FindingKind {
    code: "contact_preference_unknown",
    severity: Severity::Error,
    summary: "A contact preference must be a known type and code: RUI 1 to 7, PMC 1 to 6.",
    source: "ESFA ContPrefType_01 (VS2021 Learner/ContPrefType/ContPrefType_01Rule.cs); ILR ContPrefCode lookup",
    mirrors: Some("ContPrefType_01"),
};

/// RUI3, RUI4 or RUI5 recorded with another code.
pub static PREFERENCE_NOT_TO_BE_CONTACTED: FindingKind = FindingKind {
    code: "contact_preference_not_to_be_contacted",
    severity: Severity::Error,
    summary: "When RUI3, RUI4 or RUI5 (not to be contacted) is recorded, no other RUI or PMC code may be (one finding per other code).",
    source: "ESFA ContPrefType_02 (VS2021 ContPrefType_02Rule.cs); ILR 2021-22 ContPrefCode notes",
    mirrors: Some("ContPrefType_02"),
};

/// A code not valid on the learner's first learning start date.
pub static PREFERENCE_NOT_VALID: FindingKind = FindingKind {
    code: "contact_preference_not_valid",
    severity: Severity::Error,
    summary: "A contact preference code must be valid on the learner's first learning start date (e.g. PMC1-3 ended on 2018-05-25).",
    source: "ESFA ContPrefType_03 (VS2021 ContPrefType_03Rule.cs; DerivedData_06 = earliest LearnStartDate)",
    mirrors: Some("ContPrefType_03"),
};

/// Pre-GDPR RUI1/RUI2 with post-GDPR RUI6/RUI7.
pub static PREFERENCE_GDPR_MIXED_RUI: FindingKind = FindingKind {
    code: "contact_preference_rui_gdpr_mixed",
    severity: Severity::Error,
    summary: "Pre-GDPR RUI codes (RUI1, RUI2) and post-GDPR RUI codes (RUI6, RUI7) cannot be used together.",
    source: "ESFA ContPrefType_04 (VS2021 ContPrefType_04Rule.cs)",
    mirrors: Some("ContPrefType_04"),
};

/// Pre-GDPR PMC1-3 with post-GDPR PMC4-6.
pub static PREFERENCE_GDPR_MIXED_PMC: FindingKind = FindingKind {
    code: "contact_preference_pmc_gdpr_mixed",
    severity: Severity::Error,
    summary: "Pre-GDPR PMC codes (PMC1-3) and post-GDPR PMC codes (PMC4-6) cannot be used together.",
    source: "ESFA ContPrefType_05 (VS2021 ContPrefType_05Rule.cs)",
    mirrors: Some("ContPrefType_05"),
};

/// More than two RUI records.
pub static PREFERENCE_TOO_MANY_RUI: FindingKind = FindingKind {
    code: "contact_preference_too_many_rui",
    severity: Severity::Error,
    summary: "A learner must not have more than two RUI records.",
    source: "ESFA ContPrefType_06; ILR ContactPreference occurrences (RUI at most 2)",
    mirrors: Some("ContPrefType_06"),
};

/// More than three PMC records.
pub static PREFERENCE_TOO_MANY_PMC: FindingKind = FindingKind {
    code: "contact_preference_too_many_pmc",
    severity: Severity::Error,
    summary: "A learner must not have more than three PMC records.",
    source: "ESFA ContPrefType_07; ILR ContactPreference occurrences (PMC at most 3)",
    mirrors: Some("ContPrefType_07"),
};

/// ContPrefType_06 and _07 limits.
const MAX_RUI: usize = 2;
const MAX_PMC: usize = 3;

/// The ContPrefType_01 refusal of an unknown code.
pub(super) fn unknown(pref_type: PreferenceType, code: u8) -> Refusal {
    Refusal::new(
        &PREFERENCE_UNKNOWN,
        format!("{pref_type}{code}"),
        format!(
            "{pref_type}{code} is not a contact preference code; {pref_type} codes are {}",
            codes_of(pref_type)
        ),
    )
}

fn column(pref_type: PreferenceType) -> &'static str {
    match pref_type {
        PreferenceType::Rui => "rui",
        PreferenceType::Pmc => "pmc",
    }
}

impl ContactPreferences {
    /// The ESFA ContPrefType_01 to _07 checks, as findings (the column is `rui` or `pmc`, the
    /// value the code, e.g. `RUI4`). `first_start` is the learner's earliest learning start
    /// date; without it ContPrefType_03 is not checked.
    ///
    /// Findings come in rule order (_01 to _07), and within a rule in record order. An unknown
    /// code is reported once (ContPrefType_01) and takes part in no other rule.
    ///
    /// ```
    /// use learner_destinations::contact::ContactPreferences;
    /// use learner_destinations::dates::parse_date;
    /// let prefs = ContactPreferences::new(vec![4], vec![2]);
    /// let codes: Vec<&str> = prefs.check(parse_date("2019-09-01").ok()).iter().map(|f| f.code).collect();
    /// assert_eq!(codes, ["contact_preference_not_to_be_contacted", "contact_preference_not_valid"]);
    /// ```
    pub fn check(&self, first_start: Option<NaiveDate>) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut known: Vec<&'static ContactCode> = Vec::new();
        for (pref_type, codes) in [
            (PreferenceType::Rui, &self.rui),
            (PreferenceType::Pmc, &self.pmc),
        ] {
            for &c in codes {
                match contact_code(pref_type, c) {
                    Some(code) => known.push(code),
                    None => out.push(
                        unknown(pref_type, c)
                            .into_finding()
                            .in_column(column(pref_type)),
                    ),
                }
            }
        }

        // _02: RUI3/4/5 with any other code (other than RUI3/4/5), one finding per other record.
        let blockers: Vec<String> = known
            .iter()
            .filter(|c| c.about == About::AnyContact)
            .map(|c| c.name())
            .collect();
        if let Some(first) = blockers.first() {
            for other in known.iter().filter(|c| c.about != About::AnyContact) {
                let name = other.name();
                out.push(
                    PREFERENCE_NOT_TO_BE_CONTACTED
                        .finding(
                            name.clone(),
                            format!(
                                "{name} is recorded with {first} (learner not to be contacted); when RUI3, RUI4 or RUI5 is recorded no other RUI or PMC code may be"
                            ),
                        )
                        .in_column(column(other.pref_type)),
                );
            }
        }

        // _03: not valid on the first learning start date.
        if let Some(start) = first_start {
            for c in known.iter().filter(|c| !c.is_valid_on(start)) {
                let name = c.name();
                let inferred = if c.note.is_some() {
                    " (an inferred date)"
                } else {
                    ""
                };
                let window = match (c.valid_from, c.valid_to) {
                    (_, Some(to)) if start > to => format!("ended on {to}{inferred}"),
                    (Some(from), _) => format!("is valid only from {from}"),
                    _ => "is not valid".to_string(),
                };
                out.push(
                    PREFERENCE_NOT_VALID
                        .finding(
                            name.clone(),
                            format!(
                                "{name} ({}) {window}, so it is not valid for a learner whose first learning start date is {start}",
                                c.title
                            ),
                        )
                        .in_column(column(c.pref_type)),
                );
            }
        }

        // _04 and _05: pre- and post-GDPR codes of one type together.
        for (pref_type, kind) in [
            (PreferenceType::Rui, &PREFERENCE_GDPR_MIXED_RUI),
            (PreferenceType::Pmc, &PREFERENCE_GDPR_MIXED_PMC),
        ] {
            let of_era = |era: GdprEra| -> Vec<String> {
                super::names(&known, |c| c.pref_type == pref_type && c.era == Some(era))
            };
            let (pre, post) = (of_era(GdprEra::PreGdpr), of_era(GdprEra::PostGdpr));
            if !pre.is_empty() && !post.is_empty() {
                let value = format!("{}, {}", pre.join(", "), post.join(", "));
                out.push(
                    kind.finding(
                        value,
                        format!(
                            "pre-GDPR {} and post-GDPR {} cannot be used together; keep the post-GDPR (consent) codes",
                            pre.join(", "),
                            post.join(", ")
                        ),
                    )
                    .in_column(column(pref_type)),
                );
            }
        }

        // _06 and _07: too many records of one type (every record counts, known or not).
        for (pref_type, codes, max, kind) in [
            (
                PreferenceType::Rui,
                &self.rui,
                MAX_RUI,
                &PREFERENCE_TOO_MANY_RUI,
            ),
            (
                PreferenceType::Pmc,
                &self.pmc,
                MAX_PMC,
                &PREFERENCE_TOO_MANY_PMC,
            ),
        ] {
            if codes.len() > max {
                let listed: Vec<String> = codes.iter().map(|c| format!("{pref_type}{c}")).collect();
                out.push(
                    kind.finding(
                        listed.join(", "),
                        format!(
                            "{} {pref_type} records ({}); at most {max} are allowed",
                            codes.len(),
                            listed.join(", ")
                        ),
                    )
                    .in_column(column(pref_type)),
                );
            }
        }
        out
    }
}
