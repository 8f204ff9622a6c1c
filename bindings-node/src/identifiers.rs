//! Identifiers: ULN, UKPRN, learner reference number and learning aim reference.
//!
//! Each has a `parse*` function that returns the canonical value and throws the refusal, and a
//! `check*` function that returns the refusal as a finding (or `null`) and never throws.

use crate::errors::Result;
use crate::findings::BindingFinding;
use learner_destinations::{LearnAimRef, LearnRefNumber, Refusal, Ukprn, Uln};
use napi::Either;
use napi_derive::napi;

/// A well-formed Unique Learner Number.
#[napi(object, js_name = "Uln", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingUln {
    /// The ten digits, surrounding spaces removed.
    pub value: String,
    /// True for `9999999999`, the "ULN not known" placeholder: accepted, but it cannot be
    /// matched to a learner.
    pub unknown: bool,
}

fn finding(result: std::result::Result<(), Refusal>) -> Option<BindingFinding> {
    result.err().map(|r| r.into_finding().into())
}

/// Parses a ULN: 10 digits, first not 0, with the ESFA check digit (ULN_04); `9999999999` is
/// accepted as "not known". Surrounding spaces are ignored.
///
/// @throws {Error} `code` `'uln_format'` (not 10 digits, or starts with 0) or `'uln_checksum'`
/// (wrong check digit); the message echoes the value and says why.
#[napi]
pub fn parse_uln(input: String) -> Result<BindingUln> {
    let uln = Uln::parse(&input)?;
    Ok(BindingUln {
        value: uln.as_str().to_string(),
        unknown: uln.is_unknown(),
    })
}

/// Checks a ULN: `null` when it is well formed (the placeholder `9999999999` included),
/// otherwise the finding (`'uln_format'` or `'uln_checksum'`). Never throws.
#[napi]
pub fn check_uln(input: String) -> Option<BindingFinding> {
    finding(Uln::parse(&input).map(drop))
}

/// The text the core reads for a UKPRN given as a number: integers as digits, anything else
/// (fractions, negatives, NaN) as JavaScript would print it, for the core to refuse.
fn ukprn_text(input: &Either<f64, String>) -> String {
    match input {
        Either::A(n) if n.is_finite() && n.fract() == 0.0 => format!("{n:.0}"),
        Either::A(n) => n.to_string(),
        Either::B(s) => s.clone(),
    }
}

/// Parses a UKPRN (UK Provider Reference Number), given as a number or a string: 8 digits,
/// 10000000 to 99999999.
///
/// @throws {Error} `code` `'ukprn_format'`; the message echoes the value.
#[napi]
pub fn parse_ukprn(input: Either<f64, String>) -> Result<u32> {
    Ok(Ukprn::parse(&ukprn_text(&input))?.get())
}

/// Checks a UKPRN: `null` when well formed, otherwise the `'ukprn_format'` finding. Never
/// throws.
#[napi]
pub fn check_ukprn(input: Either<f64, String>) -> Option<BindingFinding> {
    finding(Ukprn::parse(&ukprn_text(&input)).map(drop))
}

/// Parses a learner reference number (ILR `LearnRefNumber`): 1 to 12 of A-Z, a-z, 0-9 and
/// space. Returns it with surrounding spaces removed (case kept: it is compared exactly).
///
/// @throws {Error} `code` `'learn_ref_format'`; the message says which character or length.
#[napi]
pub fn parse_learn_ref_number(input: String) -> Result<String> {
    Ok(LearnRefNumber::parse(&input)?.as_str().to_string())
}

/// Checks a learner reference number: `null` or the `'learn_ref_format'` finding. Never
/// throws.
#[napi]
pub fn check_learn_ref_number(input: String) -> Option<BindingFinding> {
    finding(LearnRefNumber::parse(&input).map(drop))
}

/// Parses a learning aim reference (ILR `LearnAimRef`, a LARS reference such as `ZPROG001`):
/// 1 to 8 letters and digits. Returns it upper case (references compare case-insensitively).
///
/// @throws {Error} `code` `'aim_ref_format'`; the message says which character or length.
#[napi]
pub fn parse_learn_aim_ref(input: String) -> Result<String> {
    Ok(LearnAimRef::parse(&input)?.as_str().to_string())
}

/// Checks a learning aim reference: `null` or the `'aim_ref_format'` finding. Never throws.
#[napi]
pub fn check_learn_aim_ref(input: String) -> Option<BindingFinding> {
    finding(LearnAimRef::parse(&input).map(drop))
}
