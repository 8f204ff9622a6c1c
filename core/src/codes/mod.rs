//! Destination codes: the ILR scheme (OutType + OutCode), authority schemes such as WMCA's, one
//! parser for the portal's merged "Destination Code" field, validity on a date, and mapping
//! between schemes.
//!
//! Schemes are data ([`Scheme`]): the built-in ILR and WMCA tables are embedded JSON files that
//! cite their source, and a user can load a complete WMCA list, or another authority's, from a
//! JSON or CSV file ([`Scheme::from_json_str`], [`Scheme::from_csv_reader`]).
//!
//! ```
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::dates::parse_date;
//!
//! let schemes = Schemes::builtin();
//! let emp1 = schemes.parse("emp 1").unwrap();
//! assert_eq!(emp1.code(), "EMP1");
//! // Old -> new is one-to-many; a qualifier chooses.
//! assert_eq!(schemes.to_scheme(emp1, "wmca", &[]).unwrap().code(), "WMCA1.0");
//! assert_eq!(schemes.to_scheme(emp1, "wmca", &["increase in hours"]).unwrap().code(), "WMCA1.1");
//! // New -> old is many-to-one.
//! let w = schemes.parse("WMCA1.1").unwrap();
//! assert_eq!(schemes.to_scheme(w, "ilr", &[]).unwrap().code(), "EMP1");
//! // Validity windows are inclusive at both ends (ESFA OutType_05).
//! let emp3 = schemes.parse("EMP3").unwrap();
//! assert!(emp3.is_valid_on(parse_date("2015-07-31").unwrap()));
//! assert!(!emp3.is_valid_on(parse_date("2015-08-01").unwrap()));
//! ```

mod load;
mod parse;

use crate::finding::{FindingKind, Refusal, Severity};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

pub use parse::normalise_code;

/// The scheme name of the ILR outcome codes.
pub const ILR: &str = "ilr";

/// A destination code whose shape is wrong (no number, trailing characters, empty).
pub static CODE_FORMAT: FindingKind = FindingKind {
    code: "destination_code_format",
    severity: Severity::Error,
    summary: "A destination code is a type and a number in one field, such as EMP1, EMP 1, OTH-3 or WMCA1.0.",
    source: "WMCA Destinations Portal Submission Guide: outcome type and code merged into one Destination Code field",
    mirrors: None,
};

/// A destination code whose type (letters) is not in any loaded scheme.
pub static TYPE_UNKNOWN: FindingKind = FindingKind {
    code: "destination_type_unknown",
    severity: Severity::Error,
    summary: "The letters of a destination code must be a known outcome type (EDU, EMP, GAP, NPE, OTH, SDE, VOL) or an authority's prefix (WMCA).",
    source: "ILR OutType lookup; ESFA OutType_01",
    mirrors: Some("OutType_01"),
};

/// A destination code of a known type whose number is not in the scheme.
pub static CODE_UNKNOWN: FindingKind = FindingKind {
    code: "destination_code_unknown",
    severity: Severity::Error,
    summary: "A destination code must be in the code list of its scheme.",
    source: "ILR OutTypedCode lookup; ESFA OutType_01",
    mirrors: Some("OutType_01"),
};

/// A destination code not valid on the date it is used for.
pub static CODE_NOT_VALID: FindingKind = FindingKind {
    code: "destination_code_not_valid",
    severity: Severity::Error,
    summary: "A destination code must be valid on the date it is used for (valid from <= date <= valid to, both inclusive).",
    source: "ESFA OutType_05; LookupDetailsProvider 'current' semantics",
    mirrors: Some("OutType_05"),
};

/// A code with no equivalent in the requested scheme.
pub static NO_EQUIVALENT: FindingKind = FindingKind {
    code: "destination_no_equivalent",
    severity: Severity::Error,
    summary: "The code has no equivalent in the requested scheme (or none for the given qualifiers).",
    source: "Scheme tables: ilr_equivalent and qualifier columns",
    mirrors: None,
};

/// A scheme name that is not loaded.
pub static SCHEME_UNKNOWN: FindingKind = FindingKind {
    code: "scheme_unknown",
    severity: Severity::Error,
    summary: "The scheme name must be one of the loaded schemes (built-in: ilr, wmca).",
    source: "This library",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &CODE_FORMAT,
    &TYPE_UNKNOWN,
    &CODE_UNKNOWN,
    &CODE_NOT_VALID,
    &NO_EQUIVALENT,
    &SCHEME_UNKNOWN,
];

/// One destination code of a scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeEntry {
    scheme: String,
    code: String,
    title: String,
    ilr_equivalent: Option<String>,
    qualifier: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    #[serde(skip)]
    type_len: usize,
}

/// The OutType of an ILR code (OutType + OutCode merged): the letters before the number, `EMP`
/// for `EMP1` (ILR DPOutcome: OutType is three letters, OutCode a number).
pub(crate) fn out_type(code: &str) -> &str {
    let end = code
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(code.len());
    &code[..end]
}

impl CodeEntry {
    /// The scheme this code belongs to (`ilr`, `wmca`, ...).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }
    /// The canonical code, e.g. `EMP1`, `WMCA1.0`.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The title, e.g. "In paid employment for 16 hours or more per week".
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The letters of the code: the ILR OutType (`EMP`) or the authority prefix (`WMCA`).
    pub fn code_type(&self) -> &str {
        &self.code[..self.type_len]
    }
    /// The number part: the ILR OutCode (`1`) or the authority number (`1.0`).
    pub fn number(&self) -> &str {
        &self.code[self.type_len..]
    }
    /// The ILR code this code refines, for non-ILR schemes; for ILR codes, `None`.
    pub fn ilr_equivalent(&self) -> Option<&str> {
        self.ilr_equivalent.as_deref()
    }
    /// The qualifier that picks this code among several refining one ILR code
    /// (e.g. "increase in hours" for WMCA1.1).
    pub fn qualifier(&self) -> Option<&str> {
        self.qualifier.as_deref()
    }
    /// First day of validity (`None`: from the beginning).
    pub fn valid_from(&self) -> Option<NaiveDate> {
        self.valid_from
    }
    /// Last day of validity (`None`: open).
    pub fn valid_to(&self) -> Option<NaiveDate> {
        self.valid_to
    }
    /// The ILR code this entry stands for: itself for ILR codes, its equivalent otherwise.
    pub fn ilr_code(&self) -> Option<&str> {
        if self.scheme == ILR {
            Some(&self.code)
        } else {
            self.ilr_equivalent()
        }
    }

    /// The ILR OutType this code stands for: `EMP` for `EMP1`, and for `WMCA1.0` (through its
    /// ILR equivalent). `None` for an authority code without an ILR equivalent.
    pub fn ilr_type(&self) -> Option<&str> {
        self.ilr_code().map(out_type)
    }

    /// True when the two codes cannot both hold from the same date: one says the learner is in
    /// paid employment (EMP) and the other that they are not (NPE), in any scheme.
    ///
    /// Source: ESFA OutType_04 (a learner cannot be both in paid employment and not in paid
    /// employment from the same OutStartDate).
    pub fn contradicts(&self, other: &CodeEntry) -> bool {
        matches!(
            (self.ilr_type(), other.ilr_type()),
            (Some("EMP"), Some("NPE")) | (Some("NPE"), Some("EMP"))
        )
    }

    /// "Current" on `date`: valid_from ≤ date ≤ valid_to, inclusive at both ends.
    ///
    /// Source: ESFA OutType_05 and the validation service's LookupDetailsProvider.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    /// Checks validity on `date`; the refusal names the code, its window and the date.
    /// `what` names the date in the message ("the outcome start date", "the as-of date").
    pub fn check_valid_on(&self, date: NaiveDate, what: &str) -> Result<(), Refusal> {
        if let Some(to) = self.valid_to.filter(|t| date > *t) {
            return Err(Refusal::new(
                &CODE_NOT_VALID,
                &self.code,
                format!(
                    "code '{}' ({}) ended on {to} and is not valid on {what} {date}; use a current code",
                    self.code, self.title
                ),
            ));
        }
        if let Some(from) = self.valid_from.filter(|f| date < *f) {
            return Err(Refusal::new(
                &CODE_NOT_VALID,
                &self.code,
                format!(
                    "code '{}' ({}) is valid only from {from}, not on {what} {date}",
                    self.code, self.title
                ),
            ));
        }
        Ok(())
    }

    /// "Title (CODE)", as the WMCA portal shows a destination.
    pub fn display_name(&self) -> String {
        format!("{} ({})", self.title, self.code)
    }
}

impl std::fmt::Display for CodeEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)
    }
}

/// The title of one code type (ILR OutType, or an authority prefix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CodeType {
    /// The letters, e.g. `EMP`.
    #[serde(rename = "type")]
    pub code_type: String,
    /// The title, e.g. "In Paid Employment".
    pub title: String,
}

/// A code scheme: a versioned table of codes with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scheme {
    name: String,
    title: String,
    source: String,
    version: String,
    types: Vec<CodeType>,
    unassigned: Vec<String>,
    codes: Vec<CodeEntry>,
    /// The list holds only some of the scheme's codes (the built-in WMCA list: the codes the
    /// public portal guide shows).
    partial: bool,
}

impl Scheme {
    /// True when the list is known to hold only some of the scheme's codes (`"partial": true`
    /// in its JSON): a code missing from it may still be real.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The scheme's name (`ilr`, `wmca`), lower case.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// A title for people.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Where the table comes from.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The table's version.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// The code types (ILR OutTypes or authority prefixes) with titles.
    pub fn types(&self) -> &[CodeType] {
        &self.types
    }
    /// The codes, in table order.
    pub fn codes(&self) -> &[CodeEntry] {
        &self.codes
    }
    /// Codes reserved but unassigned (ILR EDU7, EDU8): refused as not a destination code, like a number no list has.
    pub fn unassigned(&self) -> &[String] {
        &self.unassigned
    }
}

const BUILTIN_ILR: &str = include_str!("../../data/ilr-outcomes.json");
const BUILTIN_WMCA: &str = include_str!("../../data/wmca-destinations.json");

/// The loaded code schemes, indexed for parsing the merged "Destination Code" field.
///
/// Codes are unique across schemes, so any code names its scheme.
#[derive(Debug, Clone)]
pub struct Schemes {
    schemes: Vec<Scheme>,
    /// normalised code -> (scheme index, code index)
    index: HashMap<String, (usize, usize)>,
}

impl Schemes {
    /// The built-in ILR and WMCA schemes.
    pub fn builtin() -> Schemes {
        let mut s = Schemes {
            schemes: Vec::new(),
            index: HashMap::new(),
        };
        for (name, text) in [
            ("ilr-outcomes.json", BUILTIN_ILR),
            ("wmca-destinations.json", BUILTIN_WMCA),
        ] {
            // The embedded files are checked by the test suite; a failure here is a build defect.
            match Scheme::from_json_str(text, name).and_then(|scheme| s.add(scheme)) {
                Ok(()) => {}
                Err(e) => unreachable_builtin(name, &e),
            }
        }
        s
    }

    /// Schemes holding only `schemes` (the ILR scheme should be among them for equivalents).
    pub fn from_schemes(schemes: impl IntoIterator<Item = Scheme>) -> crate::Result<Schemes> {
        let mut s = Schemes {
            schemes: Vec::new(),
            index: HashMap::new(),
        };
        for scheme in schemes {
            s.add(scheme)?;
        }
        Ok(s)
    }

    /// Adds a scheme, replacing a loaded scheme of the same name (e.g. a complete WMCA list
    /// replaces the built-in partial one). Refused when one of its codes is already used by
    /// another scheme, or its ILR equivalents are not ILR codes.
    pub fn add(&mut self, scheme: Scheme) -> crate::Result<()> {
        let mut schemes: Vec<Scheme> = self
            .schemes
            .iter()
            .filter(|s| s.name != scheme.name)
            .cloned()
            .collect();
        schemes.push(scheme);
        let mut index = HashMap::new();
        for (si, s) in schemes.iter().enumerate() {
            for (ci, c) in s.codes.iter().enumerate() {
                if let Some((other, _)) = index.insert(normalise_code(&c.code), (si, ci)) {
                    return Err(crate::Error::Scheme {
                        source_name: s.name.clone(),
                        message: format!(
                            "code '{}' is also in scheme '{}'; a code must name one scheme",
                            c.code, schemes[other].name
                        ),
                    });
                }
            }
        }
        if let Some(ilr) = schemes.iter().position(|s| s.name == ILR) {
            for s in &schemes {
                for c in &s.codes {
                    if let Some(eq) = &c.ilr_equivalent {
                        let known = index
                            .get(&normalise_code(eq))
                            .is_some_and(|(si, _)| *si == ilr);
                        if !known {
                            return Err(crate::Error::Scheme {
                                source_name: s.name.clone(),
                                message: format!(
                                    "code '{}' has ILR equivalent '{eq}', which is not an ILR code",
                                    c.code
                                ),
                            });
                        }
                    }
                }
            }
        }
        self.schemes = schemes;
        self.index = index;
        Ok(())
    }

    /// The loaded schemes.
    pub fn schemes(&self) -> &[Scheme] {
        &self.schemes
    }

    /// The scheme called `name` (case-insensitive).
    pub fn scheme(&self, name: &str) -> Result<&Scheme, Refusal> {
        self.schemes
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = self.schemes.iter().map(|s| s.name.as_str()).collect();
                Refusal::new(
                    &SCHEME_UNKNOWN,
                    name,
                    format!(
                        "'{name}' is not a loaded scheme; loaded: {}",
                        names.join(", ")
                    ),
                )
            })
    }

    /// Every code of every scheme.
    pub fn all_codes(&self) -> impl Iterator<Item = &CodeEntry> {
        self.schemes.iter().flat_map(|s| s.codes.iter())
    }

    /// Looks a canonical or normalisable code up without diagnosing (fast path).
    pub fn get(&self, code: &str) -> Option<&CodeEntry> {
        self.lookup_normalised(&normalise_code(code))
    }

    fn lookup_normalised(&self, key: &str) -> Option<&CodeEntry> {
        self.index
            .get(key)
            .map(|(si, ci)| &self.schemes[*si].codes[*ci])
    }

    /// Every code in other schemes equivalent to `entry`: for an ILR code, each authority code
    /// that refines it (one-to-many); for an authority code, its ILR code (many-to-one).
    pub fn equivalents(&self, entry: &CodeEntry) -> Vec<&CodeEntry> {
        if entry.scheme == ILR {
            self.all_codes()
                .filter(|c| {
                    c.scheme != ILR && c.ilr_equivalent.as_deref() == Some(entry.code.as_str())
                })
                .collect()
        } else {
            entry
                .ilr_equivalent
                .as_deref()
                .and_then(|c| self.get(c))
                .into_iter()
                .collect()
        }
    }

    /// The code in scheme `target` for `entry`, chosen by `qualifiers`.
    ///
    /// Old → new is one-to-many: among the target codes refining the ILR code, the one whose
    /// qualifier is given is chosen; with no matching qualifier, the unqualified one. New → old
    /// is many-to-one. A code in its own scheme maps to itself. When nothing fits, the refusal
    /// lists what there is.
    pub fn to_scheme(
        &self,
        entry: &CodeEntry,
        target: &str,
        qualifiers: &[&str],
    ) -> Result<&CodeEntry, Refusal> {
        let target = self.scheme(target)?;
        if entry.scheme == target.name {
            return self
                .get(&entry.code)
                .ok_or_else(|| no_equivalent(entry, &target.name, ""));
        }
        let Some(ilr_code) = entry.ilr_code() else {
            return Err(no_equivalent(entry, &target.name, ""));
        };
        if target.name == ILR {
            return self
                .get(ilr_code)
                .ok_or_else(|| no_equivalent(entry, ILR, ""));
        }
        let candidates: Vec<&CodeEntry> = target
            .codes
            .iter()
            .filter(|c| c.ilr_equivalent.as_deref() == Some(ilr_code))
            .collect();
        if candidates.is_empty() {
            return Err(no_equivalent(entry, &target.name, ""));
        }
        let wanted: Vec<String> = if qualifiers.is_empty() {
            entry
                .qualifier
                .iter()
                .map(|q| normalise_qualifier(q))
                .collect()
        } else {
            qualifiers.iter().map(|q| normalise_qualifier(q)).collect()
        };
        let qualified = candidates.iter().find(|c| {
            c.qualifier
                .as_deref()
                .is_some_and(|q| wanted.contains(&normalise_qualifier(q)))
        });
        if let Some(c) = qualified {
            return Ok(c);
        }
        if let Some(c) = candidates.iter().find(|c| c.qualifier.is_none()) {
            return Ok(c);
        }
        let options: Vec<String> = candidates
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    c.code,
                    c.qualifier.as_deref().unwrap_or("no qualifier")
                )
            })
            .collect();
        Err(no_equivalent(
            entry,
            &target.name,
            &format!("; it needs a qualifier: {}", options.join(", ")),
        ))
    }
}

impl Default for Schemes {
    fn default() -> Self {
        Schemes::builtin()
    }
}

fn no_equivalent(entry: &CodeEntry, target: &str, extra: &str) -> Refusal {
    Refusal::new(
        &NO_EQUIVALENT,
        &entry.code,
        format!(
            "code '{}' ({}) has no equivalent in scheme '{target}'{extra}",
            entry.code, entry.title
        ),
    )
}

#[cold]
fn unreachable_builtin(name: &str, e: &crate::Error) -> ! {
    // Only reachable if an embedded data file is edited into an invalid state; the
    // `builtin_schemes_load` test catches that before release.
    #[allow(clippy::panic)]
    {
        panic!("embedded scheme {name} is invalid: {e}")
    }
}

/// Normalises a qualifier for comparison: lower case, runs of spaces, `_` and `-` as one space.
pub fn normalise_qualifier(q: &str) -> String {
    q.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
