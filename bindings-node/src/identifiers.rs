//! Identifiers: ULN, UKPRN, learner reference number, learning aim reference, UPN, postcode,
//! UK mobile number, telephone number and email address.
//!
//! Each has a `parse*` function that returns the canonical value and throws the refusal, and a
//! `check*` function that returns the refusal as a finding (or `null`) and never throws.

use crate::errors::Result;
use crate::findings::BindingFinding;
use learner_destinations::identifiers::{Postcode, Upn, check_email, check_uk_telephone};
use learner_destinations::{LearnAimRef, LearnRefNumber, Refusal, UkMobile, Ukprn, Uln};
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
/// @throws {Error} `code` `'uln_format'` (not 10 digits, or starts with 0), `'uln_checksum'`
/// (wrong check digit), `'uln_excel_number'` (a spreadsheet turned it into a number: `4.60E+09`)
/// or `'uln_text_prefix'` (Excel's apostrophe: `'9276308686`); the message echoes the value and
/// says why.
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
pub(crate) fn ukprn_text(input: &Either<f64, String>) -> String {
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

/// A UK mobile number, in the forms an SMS service takes.
#[napi(object, js_name = "UkMobile", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingUkMobile {
    /// The national form, `'07700900123'`.
    pub national: String,
    /// The international (E.164) form, `'+447700900123'`.
    pub international: String,
}

/// Parses a UK mobile number, for SMS: `07` and nine more digits in a mobile range (071-075,
/// 077-079, 07624; Ofcom numbering plan). Spaces, dashes, dots, brackets and a `+44`, `0044`
/// or `+44 (0)` prefix are accepted.
///
/// @throws {Error} `code` `'mobile_not_uk'`; the message says why (a landline, a 070 personal
/// number, a foreign number, a stray character).
#[napi]
pub fn parse_uk_mobile(input: String) -> Result<BindingUkMobile> {
    let m = UkMobile::parse(&input)?;
    Ok(BindingUkMobile {
        national: m.as_str().to_string(),
        international: m.international(),
    })
}

/// Checks a UK mobile number: `null` or the `'mobile_not_uk'` finding. Never throws.
#[napi]
pub fn check_uk_mobile(input: String) -> Option<BindingFinding> {
    finding(UkMobile::parse(&input).map(drop))
}

/// A well-formed DfE Unique Pupil Number.
#[napi(object, js_name = "Upn", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingUpn {
    /// The 13 characters, upper case.
    pub value: String,
    /// True for a temporary UPN (its last character is a letter).
    pub temporary: bool,
}

/// Parses a UPN: a check letter then 12 digits (permanent) or 11 digits and a letter
/// (temporary), with the DfE check letter. Surrounding spaces are ignored; lower case is read
/// as upper case.
///
/// @throws {Error} `code` `'upn_format'` or `'upn_check_letter'`; the message says why.
#[napi]
pub fn parse_upn(input: String) -> Result<BindingUpn> {
    let upn = Upn::parse(&input)?;
    Ok(BindingUpn {
        value: upn.as_str().to_string(),
        temporary: upn.is_temporary(),
    })
}

/// Checks a UPN: `null` or the `'upn_format'` / `'upn_check_letter'` finding. Never throws.
#[napi]
pub fn check_upn(input: String) -> Option<BindingFinding> {
    finding(Upn::parse(&input).map(drop))
}

/// A full UK postcode in canonical form, with the warnings its spelling carries.
#[napi(object, js_name = "Postcode", object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingPostcode {
    /// The canonical postcode: upper case, one space (`'EC1A 1BB'`).
    pub value: String,
    /// True when the input differed from the canonical form (case or spacing).
    pub normalised: bool,
    /// True for `'ZZ99 9ZZ'`, the "postcode not known" placeholder.
    pub placeholder: bool,
    /// Warnings, in order: `'postcode_normalised'` when `normalised`, `'postcode_placeholder'`
    /// for the placeholder. Empty for a postcode written canonically.
    pub warnings: Vec<BindingFinding>,
}

/// Parses a full UK postcode (ESFA Postcode_15). Lower case and a missing or doubled space are
/// accepted and normalised, with a warning; a partial postcode such as `B1` is refused.
///
/// @throws {Error} `code` `'postcode_format'`; the message says which part is wrong.
#[napi]
pub fn parse_postcode(input: String) -> Result<BindingPostcode> {
    let parsed = Postcode::parse(&input)?;
    Ok(BindingPostcode {
        value: parsed.postcode.as_str().to_string(),
        normalised: parsed.normalised,
        placeholder: parsed.postcode.is_placeholder(),
        warnings: parsed
            .warnings(&input)
            .into_iter()
            .map(|r| r.into_finding().into())
            .collect(),
    })
}

/// Checks a postcode: `null` when it is a full UK postcode (warnings are only in
/// `parsePostcode`), otherwise the `'postcode_format'` finding. Never throws.
#[napi]
pub fn check_postcode(input: String) -> Option<BindingFinding> {
    finding(Postcode::parse(&input).map(drop))
}

/// Checks a UK telephone number as the UCAS Progress import takes it (digits only, no spaces,
/// starting with 0, 10 or 11 digits) and returns it without surrounding spaces.
///
/// @throws {Error} `code` `'telephone_format'`; for a number written another way
/// (`'+44 7700 900123'`) the message gives the accepted form of that very number.
#[napi]
pub fn parse_uk_telephone(input: String) -> Result<String> {
    Ok(check_uk_telephone(&input)?.to_string())
}

/// Checks a UK telephone number: `null` or the `'telephone_format'` finding. Never throws.
#[napi(js_name = "checkUkTelephone")]
pub fn check_uk_telephone_finding(input: String) -> Option<BindingFinding> {
    finding(check_uk_telephone(&input).map(drop))
}

/// Checks an email address (ILR Email: one `@`, not first; a dot after it; no spaces; at most
/// 100 characters) and returns it without surrounding spaces.
///
/// @throws {Error} `code` `'email_format'`; the message says what is wrong.
#[napi]
pub fn parse_email(input: String) -> Result<String> {
    Ok(check_email(&input)?.to_string())
}

/// Checks an email address: `null` or the `'email_format'` finding. Never throws.
#[napi(js_name = "checkEmail")]
pub fn check_email_finding(input: String) -> Option<BindingFinding> {
    finding(check_email(&input).map(drop))
}
