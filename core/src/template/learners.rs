//! The UCAS Progress learner import template.
//!
//! Source: UCAS Progress learner manager manual (October 2013), section 7.3 ("Inputting data
//! into the spreadsheet") with the field formats of section 5.1 ("Create learner"):
//!
//! | column | rule |
//! |---|---|
//! | UKPRN | required; 8 digits in range; one of the providers the uploader manages (the caller passes them) |
//! | Learner year group | required; from the year-group list (default Year 7 to Year 14), ignoring case |
//! | First name, Last name | required; at most 100 characters, no control characters |
//! | Postcode | required; a full UK postcode (ESFA Postcode_15); lower case or a missing space is normalised with a warning; a partial postcode is an error |
//! | Dob | required; YYYY-MM-DD, a real date, not in the future; an age outside the range (default 11 to 25) is a warning; Excel-style dates get their own finding |
//! | Email address | optional; one @, not first, a dot after it, at most 100 characters |
//! | House name or number, Street, Locality, Town | optional; at most 100 characters, no control characters |
//! | Telephone | optional; digits only, starting 0, 10 or 11 digits (a `+44` or spaced form is refused with its accepted form) |
//! | ULN | optional; 10 digits with the ESFA check digit |
//! | UPN | optional; 13 characters with the DfE check letter |
//! | CCIS | optional; up to 20 letters and digits |
//! | Gender | optional; Female, Male, Not known, Not specified |
//! | Ethnicity | optional; the 2011 census list of the manual, ignoring case and spacing around `/` |
//!
//! Across rows: a learner already in the file (same ULN; or same first name, last name, date of
//! birth and UKPRN) rejects the later row as a duplicate of the first.
//!
//! Accepted rows are exported with every column in its canonical form (postcode `B33 8TH`, year
//! group `Year 12`, UPN in upper case...), ready for usernames and passwords
//! ([`crate::learners::CredentialsIssuer`]).

use super::csv_source::CsvSource;
use super::destinations::check_uln;
use super::fields::Fields;
use super::spec::{ColumnSpec, RowFindings, RowView, Template, TemplateSpec};
use super::upload::{Upload, UploadOptions};
use crate::error::Result;
use crate::finding::{FindingKind, Refusal, Severity};
use crate::identifiers::{Postcode, Ukprn, Uln, Upn, check_email, check_uk_telephone};
use crate::learners::{LearnerLists, check_ccis, check_dob, check_text_field};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Read;
use std::ops::RangeInclusive;

macro_rules! columns {
    ($($idx:ident = $i:literal: $name:literal, $req:literal, $max:expr, $desc:literal;)*) => {
        $(
            #[doc = concat!("Template column: ", $name, ".")]
            pub const $idx: usize = $i;
        )*
        /// The template's columns, in the manual's order.
        pub static COLUMNS: [ColumnSpec; 17] = [
            $(ColumnSpec { name: $name, required: $req, max_chars: $max, description: $desc },)*
        ];
        /// The export's columns: the template's, with values in canonical form.
        pub static EXPORT_COLUMNS: [&str; 17] = [$($name,)*];
    };
}

columns! {
    UKPRN = 0: "UKPRN", true, None, "The UK Provider Reference Number of the provider the learner is added to: 8 digits, one of the providers you manage.";
    YEAR_GROUP = 1: "Learner year group", true, None, "The learner's current year group, e.g. Year 11.";
    FIRST_NAME = 2: "First name", true, None, "The learner's first or given name (at most 100 characters).";
    LAST_NAME = 3: "Last name", true, None, "The learner's last or family name (at most 100 characters).";
    POSTCODE = 4: "Postcode", true, None, "A full UK postcode, e.g. B33 8TH.";
    DOB = 5: "Dob", true, None, "Date of birth, YYYY-MM-DD.";
    EMAIL = 6: "Email address", false, None, "The learner's email address (school or personal).";
    HOUSE = 7: "House name or number", false, None, "First line of the address.";
    STREET = 8: "Street", false, None, "Second line of the address.";
    LOCALITY = 9: "Locality", false, None, "Third line of the address: neighbourhood or district.";
    TOWN = 10: "Town", false, None, "Fourth line of the address: town or city.";
    TELEPHONE = 11: "Telephone", false, None, "A UK telephone number, digits only with no spaces, e.g. 0123456789.";
    ULN = 12: "ULN", false, None, "Unique Learner Number: 10 digits.";
    UPN = 13: "UPN", false, None, "Unique Pupil Number: 13 characters.";
    CCIS = 14: "CCIS", false, None, "The CCIS young person record ID: up to 20 letters and digits.";
    GENDER = 15: "Gender", false, None, "Female, Male, Not known or Not specified.";
    ETHNICITY = 16: "Ethnicity", false, None, "One of the 2011 census categories listed in the manual.";
}

/// The learner import template.
pub static SPEC: TemplateSpec = TemplateSpec {
    name: "learners",
    title: "UCAS Progress learner import",
    rows_are: "learners",
    columns: &COLUMNS,
    export_columns: &EXPORT_COLUMNS,
};

/// A UKPRN that is not one of the providers the uploader manages.
pub static UKPRN_NOT_MANAGED: FindingKind = FindingKind {
    code: "ukprn_not_managed",
    severity: Severity::Error,
    summary: "The UKPRN must match a provider the uploader manages: it links the learner to that provider.",
    source: "UCAS Progress learner manager manual 7.3 ('The number has to match exactly to the UKPRN of the provider on UCAS Progress') and 6.0 (learner managers across several providers)",
    mirrors: None,
};

/// A learner already in the file.
pub static DUPLICATE_LEARNER: FindingKind = FindingKind {
    code: "duplicate_learner",
    severity: Severity::Error,
    summary: "A learner appears once: the same ULN, or the same first name, last name, date of birth and UKPRN, rejects the later row as a duplicate.",
    source: "UCAS Progress learner import (one account per learner); ESFA R71 by analogy (one record per learner reference)",
    mirrors: None,
};

/// A telephone number a spreadsheet stored as a number, losing its leading 0.
pub static TELEPHONE_EXCEL_NUMBER: FindingKind = FindingKind {
    code: "telephone_excel_number",
    severity: Severity::Error,
    summary: "A telephone number held as a number in a workbook has lost its leading 0 (01214960000 shows as 1214960000): format the column as Text and export again.",
    source: "What upload users ask for: Excel damage reported as such (as for ULNs); UK numbers per Ofcom's numbering plan start with 0",
    mirrors: None,
};

/// The kinds of finding this template declares (it also uses identifier and learner kinds).
pub static KINDS: &[&FindingKind] = &[
    &UKPRN_NOT_MANAGED,
    &DUPLICATE_LEARNER,
    &TELEPHONE_EXCEL_NUMBER,
];

/// What a learner import is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnersOptions {
    /// "Today": dates of birth may not be after it; ages are counted on it.
    pub as_of: NaiveDate,
    /// The providers the uploader manages; empty means any provider.
    pub ukprns: Vec<Ukprn>,
    /// Ages outside this range (on `as_of`) are warned about.
    pub ages: RangeInclusive<i32>,
    /// Year groups, genders and ethnicities.
    pub lists: LearnerLists,
}

impl LearnersOptions {
    /// Options with the manual's lists, ages [`crate::learners::DEFAULT_AGES`] (11 to 25), any
    /// provider.
    pub fn new(as_of: NaiveDate) -> Self {
        LearnersOptions {
            as_of,
            ukprns: Vec::new(),
            ages: crate::learners::DEFAULT_AGES,
            lists: LearnerLists::builtin(),
        }
    }

    /// Restricts UKPRNs to the providers the uploader manages.
    #[must_use]
    pub fn with_ukprns(mut self, ukprns: impl IntoIterator<Item = Ukprn>) -> Self {
        self.ukprns = ukprns.into_iter().collect();
        self
    }
}

fn fingerprint(parts: &[&str], numbers: &[u64]) -> u64 {
    // FNV-1a over the text parts, trimmed, case-folded and separated, then over the numbers'
    // bytes as they are: deterministic (the core has no randomness), and no text made of the
    // numbers on every row.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.trim().bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xFF).wrapping_mul(0x0100_0000_01b3);
    }
    for n in numbers {
        for b in n.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The learner import template.
///
/// It remembers, per accepted learner, two 64-bit fingerprints (ULN; names, date of birth and
/// UKPRN) with the row, so memory grows with accepted learners only.
#[derive(Debug)]
pub struct LearnersTemplate {
    options: LearnersOptions,
    by_uln: HashMap<u64, u64>,
    by_identity: HashMap<u64, u64>,
}

impl LearnersTemplate {
    /// The template with `options`.
    pub fn new(options: LearnersOptions) -> Self {
        LearnersTemplate {
            options,
            by_uln: HashMap::new(),
            by_identity: HashMap::new(),
        }
    }

    /// The options checked against.
    pub fn options(&self) -> &LearnersOptions {
        &self.options
    }
}

/// Runs a field check, reporting its refusal in `column`; the accepted value, or `None`.
fn field<'v, T>(
    findings: &mut RowFindings<'_>,
    column: usize,
    value: &'v str,
    check: impl FnOnce(&'v str) -> std::result::Result<T, Refusal>,
) -> Option<T> {
    match check(value) {
        Ok(v) => Some(v),
        Err(r) => {
            findings.refuse(column, value, r);
            None
        }
    }
}

impl Template for LearnersTemplate {
    fn spec(&self) -> &'static TemplateSpec {
        &SPEC
    }

    fn check_row(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>) {
        let o = &self.options;
        let ukprn = row
            .get(UKPRN)
            .and_then(|v| field(findings, UKPRN, v, Ukprn::parse));
        if let (Some(u), Some(v)) = (ukprn, row.get(UKPRN)) {
            if !o.ukprns.is_empty() && !o.ukprns.contains(&u) {
                let managed: Vec<String> = o.ukprns.iter().map(ToString::to_string).collect();
                findings.add(
                    UKPRN,
                    &UKPRN_NOT_MANAGED,
                    v,
                    format!(
                        "UKPRN {u} is not one of the providers you manage ({}); check the UKPRN or ask for access to that provider",
                        managed.join(", ")
                    ),
                );
            }
        }
        row.get(YEAR_GROUP)
            .and_then(|v| field(findings, YEAR_GROUP, v, |v| o.lists.year_group(v)));
        let first = row.get(FIRST_NAME).and_then(|v| {
            field(findings, FIRST_NAME, v, |v| {
                check_text_field("First name", v)
            })
        });
        let last = row
            .get(LAST_NAME)
            .and_then(|v| field(findings, LAST_NAME, v, |v| check_text_field("Last name", v)));
        row.get(POSTCODE).and_then(|v| {
            let parsed = field(findings, POSTCODE, v, Postcode::parse)?;
            for w in parsed.warnings(v) {
                findings.refuse(POSTCODE, v, w);
            }
            Some(parsed.postcode)
        });
        let dob = row.get(DOB).and_then(|v| {
            let d = field(findings, DOB, v, |v| check_dob(v, o.as_of, o.ages.clone()))?;
            if let Some(w) = d.warning.clone() {
                findings.refuse(DOB, v, w);
            }
            Some(d.date)
        });
        row.get(EMAIL)
            .and_then(|v| field(findings, EMAIL, v, check_email));
        for (column, name) in [
            (HOUSE, "House name or number"),
            (STREET, "Street"),
            (LOCALITY, "Locality"),
            (TOWN, "Town"),
        ] {
            if let Some(v) = row.get(column) {
                field(findings, column, v, |v| check_text_field(name, v));
            }
        }
        if let Some(v) = row.get(TELEPHONE) {
            match check_uk_telephone(v) {
                Ok(_) => {}
                // A number cell of 9 or 10 digits not starting 0: the spreadsheet dropped the
                // leading 0 (01214960000 became 1214960000), as it does to ULNs.
                Err(_)
                    if row.is_number(TELEPHONE)
                        && (9..=10).contains(&v.len())
                        && v.bytes().all(|b| b.is_ascii_digit())
                        && !v.starts_with('0') =>
                {
                    findings.add(
                        TELEPHONE,
                        &TELEPHONE_EXCEL_NUMBER,
                        v,
                        format!(
                            "telephone '{v}' was a number in the spreadsheet, which dropped its leading 0 (it was probably 0{v}); format the Telephone column as Text in the MIS export (or in Excel before the data goes in) and export again, or write the number with its 0"
                        ),
                    );
                }
                Err(r) => findings.refuse(TELEPHONE, v, r),
            }
        }
        let uln = row.get(ULN).and_then(|v| {
            check_uln(
                v,
                ULN,
                "ULN 9999999999 means 'not known'; leave the ULN empty, or give the learner's ULN",
                findings,
            )
        });
        row.get(UPN)
            .and_then(|v| field(findings, UPN, v, Upn::parse));
        row.get(CCIS)
            .and_then(|v| field(findings, CCIS, v, check_ccis));
        row.get(GENDER)
            .and_then(|v| field(findings, GENDER, v, |v| o.lists.gender(v)));
        row.get(ETHNICITY)
            .and_then(|v| field(findings, ETHNICITY, v, |v| o.lists.ethnicity(v)));

        // Duplicates of an earlier accepted learner.
        let uln_key = uln
            .filter(|u| !u.is_unknown())
            .map(|u| fingerprint(&[u.as_str()], &[]));
        let identity_key = match (first, last, dob, ukprn) {
            (Some(f), Some(l), Some(d), Some(u)) => {
                // Days since 1 January of year 1 (negative before it) as their two's complement.
                let day = u64::from_le_bytes(
                    i64::from(chrono::Datelike::num_days_from_ce(&d)).to_le_bytes(),
                );
                Some(fingerprint(&[f, l], &[day, u64::from(u.get())]))
            }
            _ => None,
        };
        if let Some(first_row) = uln_key.and_then(|k| self.by_uln.get(&k)) {
            findings.add_to_row(
                &DUPLICATE_LEARNER,
                format!("duplicate of row {first_row}: ULN {} is already there; remove this row or correct the ULN", uln.map(|u| u.to_string()).unwrap_or_default()),
            );
        } else if let Some(first_row) = identity_key.and_then(|k| self.by_identity.get(&k)) {
            findings.add_to_row(
                &DUPLICATE_LEARNER,
                format!(
                    "duplicate of row {first_row}: {} {} born {} at UKPRN {} is already there; remove this row",
                    first.unwrap_or_default(),
                    last.unwrap_or_default(),
                    dob.map(|d| d.to_string()).unwrap_or_default(),
                    ukprn.map(|u| u.to_string()).unwrap_or_default()
                ),
            );
        }
        if findings.has_errors() {
            return;
        }
        if let Some(k) = uln_key {
            self.by_uln.insert(k, row.row());
        }
        if let Some(k) = identity_key {
            self.by_identity.insert(k, row.row());
        }
    }

    /// The export of an accepted row: every column in canonical form (the checks already
    /// passed, so each value is read again in its canonical form).
    fn export_row(&self, row: &RowView<'_>, export: &mut Fields) {
        let o = &self.options;
        let text = |c: usize| row.get(c).unwrap_or_default();
        let canonical = |c: usize, f: &dyn Fn(&str) -> Option<String>| {
            row.get(c).and_then(f).unwrap_or_default()
        };
        export.push(&canonical(UKPRN, &|v| {
            Ukprn::parse(v).ok().map(|u| u.to_string())
        }));
        export.push(&canonical(YEAR_GROUP, &|v| {
            o.lists.year_group(v).ok().map(String::from)
        }));
        export.push(text(FIRST_NAME));
        export.push(text(LAST_NAME));
        export.push(&canonical(POSTCODE, &|v| {
            Postcode::parse(v).ok().map(|p| p.postcode.to_string())
        }));
        export.push(&canonical(DOB, &|v| {
            crate::dates::parse_date(v).ok().map(|d| d.to_string())
        }));
        for c in [EMAIL, HOUSE, STREET, LOCALITY, TOWN, TELEPHONE] {
            export.push(text(c));
        }
        export.push(&canonical(ULN, &|v| {
            Uln::parse(v).ok().map(|u| u.to_string())
        }));
        export.push(&canonical(UPN, &|v| {
            Upn::parse(v).ok().map(|u| u.to_string())
        }));
        export.push(text(CCIS));
        export.push(&canonical(GENDER, &|v| {
            o.lists.gender(v).ok().map(String::from)
        }));
        export.push(&canonical(ETHNICITY, &|v| {
            o.lists.ethnicity(v).ok().map(String::from)
        }));
    }
}

/// The credentials-list row of an accepted learner (columns
/// [`crate::learners::CREDENTIALS_COLUMNS`]): provider UKPRN, names, postcode, ULN and date of
/// birth from the export, then the credentials and the date they were created.
pub fn credentials_row(
    row: &mut super::AcceptedRow<'_>,
    issued: &crate::learners::IssuedCredentials,
    created_on: NaiveDate,
) -> [String; 9] {
    let export = row.export();
    let get = |c: usize| export.get(c).unwrap_or_default().to_string();
    [
        get(UKPRN),
        get(FIRST_NAME),
        get(LAST_NAME),
        get(POSTCODE),
        get(ULN),
        get(DOB),
        issued.username.clone(),
        issued.password.clone(),
        created_on.to_string(),
    ]
}

/// A learner import of CSV text from `reader`: the one-call way in for the CLI and the bindings.
pub fn upload_csv<R: Read>(
    reader: R,
    options: LearnersOptions,
    upload_options: UploadOptions,
) -> Result<Upload<CsvSource<R>, LearnersTemplate>> {
    Upload::from_csv(reader, LearnersTemplate::new(options), upload_options)
}
