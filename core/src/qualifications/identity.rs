//! Identity columns that must not change between export and re-import (manual 9.3).

use super::{ACCOUNT_UNKNOWN, IDENTITY_CHANGED};
use crate::finding::Refusal;
use std::collections::HashMap;

/// The identity columns compared with the export, after the UCAS Account ID.
///
/// Source: UCAS Progress learner manager manual 9.3 ("you should NOT change the UCAS Account
/// Id, Forename, Surname, Date of Birth, Current Provider, and Current Area").
pub const IDENTITY_COLUMNS: [&str; 5] = [
    "Forename",
    "Surname",
    "Date of Birth",
    "Current Provider",
    "Current Area",
];

/// One learner as exported: the values of [`IDENTITY_COLUMNS`], in that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedLearner {
    /// The exported values, trimmed.
    pub values: [String; 5],
}

/// The exported file's learners by UCAS Account ID.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportedLearners {
    by_account: HashMap<String, ExportedLearner>,
}

impl ExportedLearners {
    /// An empty set.
    pub fn new() -> Self {
        ExportedLearners::default()
    }

    /// Adds the exported row of an account (values in [`IDENTITY_COLUMNS`] order).
    pub fn insert(&mut self, account_id: &str, values: [&str; 5]) {
        self.by_account.insert(
            account_id.trim().to_string(),
            ExportedLearner {
                values: values.map(|v| v.trim().to_string()),
            },
        );
    }

    /// How many accounts.
    pub fn len(&self) -> usize {
        self.by_account.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.by_account.is_empty()
    }

    /// Compares a re-imported row with the export: an unknown account, or each changed identity
    /// column (by its index in [`IDENTITY_COLUMNS`]), with both values in the message. `None`
    /// for the index means the refusal is about the UCAS Account ID itself.
    pub fn check(&self, account_id: &str, values: [&str; 5]) -> Vec<(Option<usize>, Refusal)> {
        let id = account_id.trim();
        let Some(exported) = self.by_account.get(id) else {
            return vec![(
                None,
                Refusal::new(
                    &ACCOUNT_UNKNOWN,
                    account_id,
                    format!(
                        "UCAS Account ID '{id}' is not in the exported file; keep the ID the export gave this learner"
                    ),
                ),
            )];
        };
        let mut out = Vec::new();
        for (i, (now, then)) in values.iter().zip(&exported.values).enumerate() {
            if now.trim() != then {
                out.push((
                    Some(i),
                    Refusal::new(
                        &IDENTITY_CHANGED,
                        *now,
                        format!(
                            "{} for account {id} was '{then}' in the export and is '{}' now; do not change identity columns between export and re-import",
                            IDENTITY_COLUMNS[i],
                            now.trim()
                        ),
                    ),
                ));
            }
        }
        out
    }
}
