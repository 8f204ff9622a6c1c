//! The learner import's field rules (reference lists, date of birth, text fields, CCIS IDs)
//! and credentials: username and password policies, usernames and passwords for new accounts.

use crate::dates::date_argument;
use crate::errors::{BindingError, Result};
use crate::findings::BindingFinding;
use learner_destinations::Refusal;
use learner_destinations::learners::{
    AccountKind, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE, LearnerLists, UsernameGenerator, age_on,
    check_ccis, check_dob, check_password, check_text_field, check_username, generate_password,
    transliterate_name,
};
use learner_destinations_host::random::OsRandom;
use napi_derive::napi;

fn finding(result: std::result::Result<(), Refusal>) -> Option<BindingFinding> {
    result.err().map(|r| r.into_finding().into())
}

/// The lists the learner import checks values against (year groups, genders, ethnicities),
/// with their source. `new LearnerLists()` holds the built-in lists from the UCAS Progress
/// manual; `LearnerLists.fromJson` reads your own.
///
/// Methods return the list's own spelling of a value (matched ignoring case and spacing) and
/// throw `'not_in_list'` otherwise; `check*` methods return that refusal as a finding or
/// `null` and never throw.
#[napi(js_name = "LearnerLists")]
#[derive(Debug, Clone)]
pub struct BindingLearnerLists {
    inner: LearnerLists,
}

impl BindingLearnerLists {
    /// The core's lists, for the learner import.
    pub(crate) fn lists(&self) -> &LearnerLists {
        &self.inner
    }
}

#[napi]
impl BindingLearnerLists {
    /// The built-in lists.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        BindingLearnerLists {
            inner: LearnerLists::builtin(),
        }
    }

    /// Lists from JSON of the built-in shape:
    /// `{"source", "version", "year_groups": [...], "genders": [...], "ethnicities": [...]}`.
    ///
    /// @throws {Error} `code` `'json_invalid'`, naming the line and column.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<BindingLearnerLists> {
        Ok(BindingLearnerLists {
            inner: LearnerLists::from_json_str(&text)?,
        })
    }

    /// Where the lists come from.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source.clone()
    }

    /// The lists' version.
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Accepted learner year groups (built in: Year 7 to Year 14).
    #[napi(getter)]
    pub fn year_groups(&self) -> Vec<String> {
        self.inner.year_groups.clone()
    }

    /// Accepted genders.
    #[napi(getter)]
    pub fn genders(&self) -> Vec<String> {
        self.inner.genders.clone()
    }

    /// Accepted ethnicities (2011 census categories).
    #[napi(getter)]
    pub fn ethnicities(&self) -> Vec<String> {
        self.inner.ethnicities.clone()
    }

    /// The listed year group matching `input` (case-insensitive, spaces collapsed).
    ///
    /// @throws {Error} `code` `'not_in_list'`; the message lists the accepted values.
    #[napi]
    pub fn year_group(&self, input: String) -> Result<String> {
        Ok(self.inner.year_group(&input)?.to_string())
    }

    /// The listed gender matching `input` (case-insensitive).
    ///
    /// @throws {Error} `code` `'not_in_list'`.
    #[napi]
    pub fn gender(&self, input: String) -> Result<String> {
        Ok(self.inner.gender(&input)?.to_string())
    }

    /// The listed ethnicity matching `input`, ignoring case and spacing around `/`.
    ///
    /// @throws {Error} `code` `'not_in_list'`.
    #[napi]
    pub fn ethnicity(&self, input: String) -> Result<String> {
        Ok(self.inner.ethnicity(&input)?.to_string())
    }

    /// Checks a year group: `null` or the `'not_in_list'` finding. Never throws.
    #[napi]
    pub fn check_year_group(&self, input: String) -> Option<BindingFinding> {
        finding(self.inner.year_group(&input).map(drop))
    }

    /// Checks a gender: `null` or the `'not_in_list'` finding. Never throws.
    #[napi]
    pub fn check_gender(&self, input: String) -> Option<BindingFinding> {
        finding(self.inner.gender(&input).map(drop))
    }

    /// Checks an ethnicity: `null` or the `'not_in_list'` finding. Never throws.
    #[napi]
    pub fn check_ethnicity(&self, input: String) -> Option<BindingFinding> {
        finding(self.inner.ethnicity(&input).map(drop))
    }
}

/// The ages a date of birth is expected to give on the as-of date, inclusive.
#[napi(object)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeRange {
    /// The youngest expected age (default 11).
    pub min_age: Option<i32>,
    /// The oldest expected age (default 25).
    pub max_age: Option<i32>,
}

/// A date of birth that was read.
#[napi(
    object,
    js_name = "DateOfBirth",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingDateOfBirth {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The learner's age on the as-of date (whole years, as ESFA counts them).
    pub age: i32,
    /// The `'age_out_of_range'` warning when the age is outside the expected range, else
    /// `null`.
    pub warning: Option<BindingFinding>,
}

/// The ages given, each left out taking the core's default ([`DEFAULT_MIN_AGE`],
/// [`DEFAULT_MAX_AGE`]).
fn age_range(ages: Option<AgeRange>) -> std::ops::RangeInclusive<i32> {
    let (min, max) = ages.map_or((None, None), |a| (a.min_age, a.max_age));
    min.unwrap_or(DEFAULT_MIN_AGE)..=max.unwrap_or(DEFAULT_MAX_AGE)
}

/// Reads a date of birth: `YYYY-MM-DD`, a real date, not after `asOf`. An age outside `ages`
/// (default 11 to 25) on `asOf` is a warning, not a refusal.
///
/// @throws {Error} `code` `'dob_excel_format'` for a date in a form Excel produces
/// (`03/02/2008`, a serial number such as `39481`: the message says how to write it);
/// `'dob_invalid'` for anything else that is not a date of birth; `'date_format'` /
/// `'date_impossible'` when `asOf` is malformed.
#[napi]
pub fn parse_date_of_birth(
    input: String,
    as_of: String,
    ages: Option<AgeRange>,
) -> Result<BindingDateOfBirth> {
    let checked = check_dob(&input, date_argument(&as_of)?, age_range(ages))?;
    Ok(BindingDateOfBirth {
        date: checked.date.to_string(),
        age: checked.age,
        warning: checked.warning.map(|r| r.into_finding().into()),
    })
}

/// Checks a date of birth: `null` when it is one and the age is in range; the refusal
/// (`'dob_invalid'`, `'dob_excel_format'`) or else the `'age_out_of_range'` warning as a
/// finding.
///
/// @throws {Error} `code` `'date_format'` / `'date_impossible'` when `asOf` is malformed.
#[napi]
pub fn check_date_of_birth(
    input: String,
    as_of: String,
    ages: Option<AgeRange>,
) -> Result<Option<BindingFinding>> {
    Ok(
        match check_dob(&input, date_argument(&as_of)?, age_range(ages)) {
            Ok(checked) => checked.warning.map(|r| r.into_finding().into()),
            Err(refusal) => Some(refusal.into_finding().into()),
        },
    )
}

/// A learner's age in whole years on a date, as ESFA counts it (a 29 February birthday falls on
/// 28 February in common years). Both dates `YYYY-MM-DD`.
///
/// @throws {Error} `code` `'date_format'` / `'date_impossible'`.
#[napi(js_name = "ageOn")]
pub fn age_on_date(date_of_birth: String, on: String) -> Result<i32> {
    Ok(age_on(date_argument(&date_of_birth)?, date_argument(&on)?))
}

/// Checks a name or address field (at most 100 characters, no control characters) and returns
/// it without surrounding spaces. `field` names it in the message (e.g. `'Street'`).
///
/// @throws {Error} `code` `'text_field_invalid'`.
#[napi]
pub fn parse_text_field(field: String, input: String) -> Result<String> {
    Ok(check_text_field(&field, &input)?.to_string())
}

/// Checks a name or address field: `null` or the `'text_field_invalid'` finding. Never throws.
#[napi(js_name = "checkTextField")]
pub fn check_text_field_finding(field: String, input: String) -> Option<BindingFinding> {
    finding(check_text_field(&field, &input).map(drop))
}

/// Checks a CCIS young person record ID (1 to 20 letters and digits) and returns it without
/// surrounding spaces.
///
/// @throws {Error} `code` `'ccis_format'`.
#[napi]
pub fn parse_ccis(input: String) -> Result<String> {
    Ok(check_ccis(&input)?.to_string())
}

/// Checks a CCIS young person record ID: `null` or the `'ccis_format'` finding. Never throws.
#[napi(js_name = "checkCcis")]
pub fn check_ccis_finding(input: String) -> Option<BindingFinding> {
    finding(check_ccis(&input).map(drop))
}

/// Whose username is checked: `'learner'` (6 to 127 characters) or `'staff'` (6 to 256).
#[napi(string_enum = "lowercase", js_name = "AccountKind")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingAccountKind {
    /// A learner account.
    Learner,
    /// A staff account (learner manager and other roles).
    Staff,
}

/// Checks a proposed username against the UCAS Progress policy: letters, digits and
/// `@ . _ -` only; 6 to 127 characters for a learner (`kind` `'learner'`, the default), 6 to 256
/// for staff. Returns `null` or the finding (`'username_characters'`, `'username_length'`).
///
/// @throws {Error} `code` `'option_invalid'` when `kind` is neither `'learner'` nor `'staff'`.
#[napi(js_name = "checkUsername")]
pub fn check_username_finding(
    username: String,
    #[napi(ts_arg_type = "AccountKind")] kind: Option<String>,
) -> Result<Option<BindingFinding>> {
    let kind = match kind.as_deref() {
        None | Some("learner") => AccountKind::Learner,
        Some("staff") => AccountKind::Staff,
        Some(other) => {
            return Err(BindingError::invalid_arg(format!(
                "account kind '{other}' is not one; use 'learner' or 'staff'"
            )));
        }
    };
    Ok(finding(check_username(&username, kind)))
}

/// Checks a proposed password: 6 to 20 characters, at least one letter and at least one
/// number or symbol, no spaces. Returns `null` or the finding (`'password_length'`,
/// `'password_composition'`); the finding never contains the password. Never throws.
#[napi(js_name = "checkPassword")]
pub fn check_password_finding(password: String) -> Option<BindingFinding> {
    finding(check_password(&password))
}

/// Generates a password for a new learner account with the operating system's secure random
/// generator: 8 characters of letters and digits without look-alikes (no 0/O, 1/I/L), at least
/// one letter and one digit, so it always meets `checkPassword`. Learners are asked to change
/// it at first log-in.
///
/// @throws {Error} `code` `'random_unavailable'` when the operating system's random generator
/// fails.
#[napi(js_name = "generatePassword")]
pub fn generate_password_secure() -> Result<String> {
    let mut rng = OsRandom::new();
    let password = generate_password(&mut rng);
    rng.check()?;
    Ok(password)
}

/// Makes learner usernames unique within a batch and against existing usernames (compared
/// case-insensitively, as log-ins are): the first name's initial and the last name,
/// transliterated to ASCII (`Zoë Ørsted` → `ZOrsted`), padded to 6 characters, and numbered
/// (`PMarmoshon2`) when taken. Every username passes `checkUsername`.
#[napi(js_name = "UsernameGenerator")]
#[derive(Debug, Default)]
pub struct BindingUsernameGenerator {
    inner: UsernameGenerator,
}

#[napi]
impl BindingUsernameGenerator {
    /// A generator that avoids the `existing` usernames.
    #[napi(constructor)]
    pub fn new(existing: Option<Vec<String>>) -> Self {
        BindingUsernameGenerator {
            inner: UsernameGenerator::new(existing.unwrap_or_default()),
        }
    }

    /// A new unique username for a learner. Never throws.
    #[napi]
    pub fn generate(&mut self, first_name: String, last_name: String) -> String {
        self.inner.generate(&first_name, &last_name)
    }
}

/// A name transliterated to ASCII letters and digits: accents removed (`Zoë` → `Zoe`,
/// `Łukasz` → `Lukasz`), other characters dropped. Never throws.
#[napi(js_name = "transliterateName")]
pub fn transliterate(name: String) -> String {
    transliterate_name(&name)
}
