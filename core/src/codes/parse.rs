//! The parser for the portal's merged "Destination Code" field.
//!
//! Source: WMCA Destinations Portal Submission Guide ("merge the outcome code and outcome type
//! into a single field"): old ILR codes (`EMP1`) and new WMCA codes (`WMCA1.0`) in one field.
//! Accepted spellings: any case, and one run of space, `-` or `_` between the letters and the
//! number (`EMP 1`, `EMP-1`, `oth-3`, `wmca1.1`).

use super::{CODE_FORMAT, CODE_UNKNOWN, CodeEntry, Schemes, TYPE_UNKNOWN};
use crate::finding::Refusal;

/// Splits a code into its letters and the rest after one run of separators.
fn split(input: &str) -> (&str, &str) {
    let s = input.trim();
    let letters_end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let (letters, rest) = s.split_at(letters_end);
    let after_sep = rest.trim_start_matches([' ', '-', '_', '\t']);
    // Only drop separators that stand between letters and a number.
    let rest =
        if after_sep.len() < rest.len() && after_sep.starts_with(|c: char| c.is_ascii_digit()) {
            after_sep
        } else {
            rest
        };
    (letters, rest)
}

/// The canonical form of a code as typed: upper case, separators between letters and number
/// removed. `"emp - 1"` → `"EMP1"`, `" wmca1.1 "` → `"WMCA1.1"`.
pub fn normalise_code(input: &str) -> String {
    let (letters, rest) = split(input);
    let mut out = String::with_capacity(letters.len() + rest.len());
    out.push_str(letters);
    out.push_str(rest);
    out.make_ascii_uppercase();
    out
}

/// Length of the leading "number" of `rest`: digits, optionally `.` and more digits.
fn number_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i > 0 && i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

impl Schemes {
    /// Parses the merged "Destination Code" field: an ILR code or an authority code, in any
    /// loaded scheme. The refusal says why: no such type (`XYZ1`), no number (`EMP`), no such
    /// code (`EMP9`, with the codes of that type), characters after the code (`EMP1X`).
    ///
    /// ```
    /// use learner_destinations::codes::Schemes;
    /// let s = Schemes::builtin();
    /// for ok in ["EMP1", "EMP 1", "EMP-1", "emp1", "OTH-3", "WMCA1.0", "wmca1.1"] {
    ///     assert!(s.parse(ok).is_ok(), "{ok}");
    /// }
    /// assert_eq!(s.parse("EMP9").unwrap_err().code(), "destination_code_unknown");
    /// assert_eq!(s.parse("XYZ1").unwrap_err().code(), "destination_type_unknown");
    /// assert_eq!(s.parse("EMP").unwrap_err().code(), "destination_code_format");
    /// assert_eq!(s.parse("EMP1X").unwrap_err().code(), "destination_code_format");
    /// ```
    pub fn parse(&self, input: &str) -> Result<&CodeEntry, Refusal> {
        let trimmed = input.trim();
        if let Some(entry) = self.lookup_normalised(trimmed) {
            return Ok(entry);
        }
        let key = normalise_code(trimmed);
        if let Some(entry) = self.lookup_normalised(&key) {
            return Ok(entry);
        }
        Err(self.diagnose(input))
    }

    fn diagnose(&self, input: &str) -> Refusal {
        let shown = input.trim();
        if shown.is_empty() {
            return Refusal::new(
                &CODE_FORMAT,
                input,
                "the destination code is empty; give a code such as EMP1 or WMCA1.0",
            );
        }
        let (letters, rest) = split(shown);
        let letters = letters.to_ascii_uppercase();
        if letters.is_empty() {
            return Refusal::new(
                &CODE_FORMAT,
                input,
                format!(
                    "destination code '{shown}' does not start with a type such as EMP or WMCA; write the type and number together, e.g. EMP1"
                ),
            );
        }
        let of_type: Vec<&CodeEntry> = self
            .all_codes()
            .filter(|c| c.code_type().eq_ignore_ascii_case(&letters))
            .collect();
        if of_type.is_empty() {
            let mut types: Vec<&str> = self
                .schemes
                .iter()
                .flat_map(|s| s.types.iter().map(|t| t.code_type.as_str()))
                .collect();
            types.dedup();
            return Refusal::new(
                &TYPE_UNKNOWN,
                input,
                format!(
                    "destination code '{shown}': '{letters}' is not a destination type; known types are {}",
                    types.join(", ")
                ),
            );
        }
        let listing = of_type
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(", ");
        if rest.is_empty() {
            return Refusal::new(
                &CODE_FORMAT,
                input,
                format!("destination code '{shown}' has no number; {letters} codes are {listing}"),
            );
        }
        let n = number_len(rest);
        if n < rest.len() {
            let (number, extra) = rest.split_at(n);
            let message = if n == 0 {
                format!(
                    "destination code '{shown}': '{rest}' is not a code number; {letters} codes are {listing}"
                )
            } else {
                format!(
                    "destination code '{shown}' has '{extra}' after {letters}{number}; remove it ({letters} codes are {listing})"
                )
            };
            return Refusal::new(&CODE_FORMAT, input, message);
        }
        // One wording for a number no list has, whether the list reserves it unassigned
        // (ILR EDU7, EDU8) or never had it (EMP9).
        let canonical = format!("{letters}{rest}");
        // A list known to be partial (the built-in WMCA list): the code may be real.
        if let Some(s) = self.schemes.iter().find(|s| {
            s.partial
                && s.types
                    .iter()
                    .any(|t| t.code_type.eq_ignore_ascii_case(&letters))
        }) {
            return Refusal::new(
                &CODE_UNKNOWN,
                input,
                format!(
                    "destination code '{shown}': {canonical} is not in the built-in partial {} list, which has only the codes the public portal guide shows ({listing}); if {canonical} is a real code, load the full list as a scheme file (a CSV with code, title and ilr_equivalent columns, or the JSON scheme format: see the README) with --schemes FILE on the command line or the schemes option of the bindings",
                    s.name.to_ascii_uppercase()
                ),
            );
        }
        Refusal::new(
            &CODE_UNKNOWN,
            input,
            format!(
                "destination code '{shown}': {canonical} is not a destination code; {letters} codes are {listing}"
            ),
        )
    }
}
