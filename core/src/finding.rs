//! Findings: rule breaches in the data, collected and never thrown.
//!
//! A [`Finding`] says where a problem is (row as Excel shows it, column name), what value was
//! offending, which rule it breaks (a stable [`FindingKind::code`]), how serious it is
//! ([`Severity`]) and, in a message that echoes the value, what to do about it.
//!
//! Every kind of finding the library can produce is declared once as a `static` [`FindingKind`]
//! in the module that owns the rule, and listed in [`crate::catalogue`], so bindings, docs and
//! tests can enumerate them.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Reading back what this library wrote: a finding, a report or another result serialised by
/// one process and read by another (the Python package pickles them so workers can return
/// them). Their `&'static str` fields (codes, rule names, labels) are read as the library's own
/// strings, so a value read back compares equal to the one written; a string the library does
/// not produce is refused.
pub(crate) mod read_back {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer};

    /// `&'static str` under another name, for the fields read back here: serde takes a field
    /// written `&str` to borrow from its input, which a value read back must not.
    pub type Label = &'static str;

    /// `value`, if it is one of `known`, as that `&'static str`.
    fn one_of<E: serde::de::Error>(
        value: &str,
        known: impl IntoIterator<Item = &'static str>,
        what: &str,
    ) -> Result<&'static str, E> {
        known
            .into_iter()
            .find(|k| *k == value)
            .ok_or_else(|| E::custom(format!("'{value}' is not {what} of this version")))
    }

    /// Every ESFA rule a finding kind mirrors (`ULN_04`, `R108`, `OutType_04`...).
    fn rules() -> impl Iterator<Item = &'static str> {
        crate::catalogue::finding_kinds().filter_map(|k| k.mirrors)
    }

    /// A finding code of the catalogue.
    pub fn code<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let code = String::deserialize(d)?;
        crate::catalogue::finding_kind(&code)
            .map(|k| k.code)
            .ok_or_else(|| {
                D::Error::custom(format!("'{code}' is not a finding code of this version"))
            })
    }

    /// An ESFA rule a finding kind mirrors.
    pub fn rule<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        one_of(&String::deserialize(d)?, rules(), "a rule")
    }

    /// A list of ESFA rules finding kinds mirror.
    pub fn rule_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|r| one_of(r, rules(), "a rule"))
            .collect()
    }

    /// A template's name.
    pub fn template<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        use crate::template::download::TemplateKind;
        let names = TemplateKind::ALL.map(TemplateKind::name);
        one_of(&String::deserialize(d)?, names, "a template")
    }

    /// An upload's format: `csv` or a workbook's (`crate::workbook::Workbook::format`).
    pub fn format<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let formats = ["csv", "xlsx", "xls", "xlsb", "ods"];
        one_of(&String::deserialize(d)?, formats, "an upload format")
    }

    /// A text encoding's label, or none.
    pub fn encoding<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        use crate::template::TextEncoding;
        let labels = [
            TextEncoding::Utf8,
            TextEncoding::Utf8Bom,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
            TextEncoding::Windows1252,
        ]
        .map(TextEncoding::label);
        Option::<String>::deserialize(d)?
            .map(|e| one_of(&e, labels, "a text encoding"))
            .transpose()
    }

    /// A delimiter's name (`comma`, `tab`), or none.
    pub fn delimiter<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|e| one_of(&e, ["comma", "tab"], "a delimiter"))
            .transpose()
    }
}

/// How serious a finding is.
///
/// An `Error` rejects the row (or record) it is found in; a `Warning` is reported but does not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, but the row is still accepted.
    Warning,
    /// The row or record is rejected.
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind of finding: its stable code, default severity, a one-line summary and its source.
///
/// Codes are `snake_case`, stable across releases, and unique across the catalogue (a test
/// checks). Where a kind mirrors an ESFA validation rule, [`FindingKind::mirrors`] names it.
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct FindingKind {
    /// Stable machine-readable code, e.g. `uln_checksum`.
    pub code: &'static str,
    /// The severity findings of this kind carry.
    pub severity: Severity,
    /// What the rule checks, in one sentence.
    pub summary: &'static str,
    /// Where the rule comes from (seed document section, ESFA rule, specification page).
    pub source: &'static str,
    /// The ESFA rule this kind mirrors, if any (e.g. `ULN_04`).
    pub mirrors: Option<&'static str>,
}

impl FindingKind {
    /// A finding of this kind about a value, with no location yet.
    pub fn finding(&'static self, value: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            row: None,
            column: None,
            value: Some(value.into()),
            code: self.code,
            severity: self.severity,
            message: message.into(),
        }
    }

    /// A finding of this kind that is about no single value (a whole row or record).
    pub fn finding_without_value(&'static self, message: impl Into<String>) -> Finding {
        Finding {
            row: None,
            column: None,
            value: None,
            code: self.code,
            severity: self.severity,
            message: message.into(),
        }
    }
}

/// A rule breach found in the data. Serialises as `{"row", "column", "value", "code",
/// "severity", "message"}` and reads back from it (the code must be in the catalogue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Row as Excel shows it: the header is row 1, the first data row is row 2. `None` for
    /// findings about a value or record that does not come from a file.
    pub row: Option<u64>,
    /// The column (header name as found in the file), or `None` for whole-row findings.
    pub column: Option<String>,
    /// The offending value, as found.
    pub value: Option<String>,
    /// Stable code of the [`FindingKind`].
    #[serde(deserialize_with = "read_back::code")]
    pub code: read_back::Label,
    /// Error (rejects) or warning (reports only).
    pub severity: Severity,
    /// Human message that echoes the value and says what to do.
    pub message: String,
}

impl Finding {
    /// Sets the row (Excel numbering: header = 1).
    #[must_use]
    pub fn at_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// Sets the column name.
    #[must_use]
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// True for error-severity findings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}: ")?;
        }
        if let Some(column) = &self.column {
            write!(f, "{column}: ")?;
        }
        write!(f, "{} [{}] {}", self.severity, self.code, self.message)
    }
}

/// Serialises a `&'static FindingKind` as its code (used by types that hold a kind).
pub(crate) fn serialize_kind_code<S: Serializer>(
    kind: &&'static FindingKind,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.code)
}

/// A value refused by a parser: which rule it breaks and why, in words that echo the value.
///
/// Identifier, date and code parsers return this, so every layer can show the same code and
/// message, and a template can turn it into a [`Finding`] with a row and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The rule that refused the value.
    #[serde(rename = "code", serialize_with = "serialize_kind_code")]
    pub kind: &'static FindingKind,
    /// The value as given.
    pub value: String,
    /// Why it was refused and what to do, echoing the value.
    pub message: String,
}

impl Refusal {
    /// A refusal of `value` under `kind`.
    pub fn new(
        kind: &'static FindingKind,
        value: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Refusal {
            kind,
            value: value.into(),
            message: message.into(),
        }
    }

    /// The stable code of the rule.
    pub fn code(&self) -> &'static str {
        self.kind.code
    }

    /// This refusal as a finding (no location yet).
    pub fn into_finding(self) -> Finding {
        self.kind.finding(self.value, self.message)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}
