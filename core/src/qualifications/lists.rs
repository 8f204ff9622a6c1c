//! The reference lists of the qualification upload: qualification types, the subjects listed
//! for each type, and the grades listed for each type.
//!
//! UCAS Progress ships them as the first three sheets of the exported workbook (manual 9.2:
//! "Qualification type", "Qualification Subject", "Qualification Grading"). Without that
//! workbook the embedded defaults are used, and they say they are defaults
//! ([`QualificationLists::is_default`]).

use crate::finding::Refusal;
use serde::{Deserialize, Serialize};

use super::{GRADE_UNKNOWN, SUBJECT_UNKNOWN, TYPE_UNKNOWN};

/// One qualification type with its subjects and grades.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationType {
    /// The type as listed, e.g. "GCSE (9-1)".
    #[serde(rename = "type")]
    pub name: String,
    /// Subjects listed for the type.
    pub subjects: Vec<String>,
    /// Grades listed for the type.
    pub grades: Vec<String>,
}

/// The three reference lists, with where they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationLists {
    /// Where the lists come from.
    pub source: String,
    /// True for this library's embedded defaults; false for lists read from a workbook or file.
    #[serde(default)]
    pub is_default: bool,
    /// Version of the lists.
    #[serde(default)]
    pub version: String,
    /// The types.
    pub types: Vec<QualificationType>,
}

const DEFAULT_LISTS: &str = include_str!("../../data/qualification-lists.json");

/// True when `a` and `b` are the same words ignoring case and spacing ("gcse  (9-1)" is
/// "GCSE (9-1)"), compared without allocating: rows are checked against the lists 18 groups at
/// a time.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<String>();
                let equal = if p.is_ascii() && q.is_ascii() {
                    p.eq_ignore_ascii_case(q)
                } else {
                    lower(p) == lower(q)
                };
                if !equal {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

fn listing(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(12).map(String::as_str).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

impl QualificationLists {
    /// The embedded defaults (they say so in [`Self::source`] and [`Self::is_default`]).
    pub fn builtin() -> QualificationLists {
        // Checked by the `default_lists_load` test; an empty list refuses every type rather
        // than panicking.
        serde_json::from_str(DEFAULT_LISTS).unwrap_or(QualificationLists {
            source: String::new(),
            is_default: true,
            version: String::new(),
            types: Vec::new(),
        })
    }

    /// Lists from a JSON document of the same shape as the embedded defaults.
    pub fn from_json_str(text: &str) -> crate::Result<QualificationLists> {
        serde_json::from_str(text).map_err(|e| crate::Error::json("qualification lists", &e))
    }

    /// Lists built from the rows of the three reference sheets: `(type)` rows, `(type,
    /// subject)` rows and `(type, grade)` rows. Types named only on the subject or grade sheet
    /// are added too.
    pub fn from_rows<'a>(
        types: impl IntoIterator<Item = &'a str>,
        subjects: impl IntoIterator<Item = (&'a str, &'a str)>,
        grades: impl IntoIterator<Item = (&'a str, &'a str)>,
        source: impl Into<String>,
    ) -> QualificationLists {
        let mut lists = QualificationLists {
            source: source.into(),
            is_default: false,
            version: String::new(),
            types: Vec::new(),
        };
        fn entry<'l>(
            l: &'l mut QualificationLists,
            name: &str,
        ) -> Option<&'l mut QualificationType> {
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            let pos = match l.types.iter().position(|t| same_words(&t.name, name)) {
                Some(p) => p,
                None => {
                    l.types.push(QualificationType {
                        name: name.to_string(),
                        subjects: Vec::new(),
                        grades: Vec::new(),
                    });
                    l.types.len() - 1
                }
            };
            l.types.get_mut(pos)
        }
        for t in types {
            entry(&mut lists, t);
        }
        for (t, s) in subjects {
            if let Some(e) = entry(&mut lists, t) {
                let s = s.trim();
                if !s.is_empty() && !e.subjects.iter().any(|x| same_words(x, s)) {
                    e.subjects.push(s.to_string());
                }
            }
        }
        for (t, g) in grades {
            if let Some(e) = entry(&mut lists, t) {
                let g = g.trim();
                if !g.is_empty() && !e.grades.iter().any(|x| same_words(x, g)) {
                    e.grades.push(g.to_string());
                }
            }
        }
        lists
    }

    /// The type matching `input` (case and spacing ignored).
    pub fn qualification_type(&self, input: &str) -> Result<&QualificationType, Refusal> {
        self.types
            .iter()
            .find(|t| same_words(&t.name, input))
            .ok_or_else(|| {
                let names: Vec<String> = self.types.iter().map(|t| t.name.clone()).collect();
                let whose = if self.is_default {
                    " (this library's default list: give the exported workbook to use the portal's)"
                } else {
                    ""
                };
                Refusal::new(
                    &TYPE_UNKNOWN,
                    input,
                    format!(
                        "qualification type '{}' is not in the list{whose}; types are {}",
                        input.trim(),
                        listing(&names)
                    ),
                )
            })
    }
}

impl QualificationType {
    /// The subject matching `input` for this type.
    pub fn subject(&self, input: &str) -> Result<&str, Refusal> {
        self.subjects
            .iter()
            .find(|s| same_words(s, input))
            .map(String::as_str)
            .ok_or_else(|| {
                Refusal::new(
                    &SUBJECT_UNKNOWN,
                    input,
                    format!(
                        "subject '{}' is not listed for {}; subjects are {}",
                        input.trim(),
                        self.name,
                        listing(&self.subjects)
                    ),
                )
            })
    }

    /// The grade matching `input` for this type.
    pub fn grade(&self, input: &str, which: &str) -> Result<&str, Refusal> {
        self.grades
            .iter()
            .find(|g| same_words(g, input))
            .map(String::as_str)
            .ok_or_else(|| {
                Refusal::new(
                    &GRADE_UNKNOWN,
                    input,
                    format!(
                        "{which} grade '{}' is not listed for {}; grades are {}",
                        input.trim(),
                        self.name,
                        listing(&self.grades)
                    ),
                )
            })
    }
}
