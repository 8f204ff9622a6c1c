//! The learner import (UCAS Progress learner manager manual, sections 3, 5.1 and 7): field
//! rules, reference lists, and usernames and passwords for imported learners.

mod credentials;
mod fields;

pub use credentials::{
    AccountKind, CREDENTIALS_COLUMNS, CredentialsIssuer, IssuedCredentials, PASSWORD_ALPHABET,
    PASSWORD_COMPOSITION, PASSWORD_LENGTH, RandomSource, SeededRandom, USERNAME_CHARACTERS,
    USERNAME_LENGTH, UsernameGenerator, check_password, check_username, generate_password,
    transliterate_name,
};
pub use fields::{
    AGE_OUT_OF_RANGE, CCIS_FORMAT, CheckedDob, DEFAULT_AGES, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE,
    DEFAULT_TEXT_FIELD, DOB_EXCEL_FORMAT, DOB_INVALID, LearnerLists, NOT_IN_LIST,
    TEXT_FIELD_INVALID, age_on, check_ccis, check_dob, check_text_field,
};

use crate::finding::FindingKind;

/// The kinds of finding this module declares.
pub fn kinds() -> impl Iterator<Item = &'static FindingKind> {
    fields::KINDS.iter().chain(credentials::KINDS).copied()
}
