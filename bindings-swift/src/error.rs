//! Every conversion from the core's failures to the one error type that crosses to Swift and
//! Kotlin, in one place.
//!
//! A core [`Error`] crosses as the [`LdError`] variant of its catalogued category
//! (`catalogue::error_kinds`): `Input`, `Argument`, `Option`, `Output`, `Io` or `Host`, each
//! with the catalogued `code` ([`Error::code`]) and the core's message. A [`Refusal`] (a value
//! refused by the rule that parses it) is an `Argument` whose code is the rule's finding code.
//! This module decides nothing: codes, categories and messages are the core's.

use learner_destinations::limits::{capped_message, excerpt};
use learner_destinations::{Error, ErrorCategory, Refusal};

/// A failure of a call, by the area it is about. `code` is stable and catalogued
/// ([`error_kinds`](crate::catalogue::error_kinds)); `detail` (the core's message; `message` would
/// clash with Kotlin's `Throwable.message`) says what to do.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum LdError {
    /// The file or document given cannot be processed (not CSV, a column missing, invalid
    /// JSON, too large): fix the file.
    #[error("{detail}")]
    Input { code: String, detail: String },
    /// A value given was refused by the rule that parses it (`uln_checksum`, `date_invalid`);
    /// `value` is the value as given.
    #[error("{detail}")]
    Argument {
        code: String,
        detail: String,
        value: String,
    },
    /// The options: an unknown key (`accepted` lists the keys taken), a wrong type or range
    /// (`option` names it), or options that cannot be combined (`options` names them).
    #[error("{detail}")]
    Option {
        code: String,
        detail: String,
        option: Option<String>,
        accepted: Vec<String>,
        options: Vec<String>,
    },
    /// An output cannot be written where asked (over the input, two outputs on one file).
    /// `options` names the outputs concerned when there are two.
    #[error("{detail}")]
    Output {
        code: String,
        detail: String,
        options: Vec<String>,
    },
    /// The operating system failed to read or write.
    #[error("{detail}")]
    Io { code: String, detail: String },
    /// The host stopped the run or failed (no random source, cancelled).
    #[error("{detail}")]
    Host { code: String, detail: String },
}

impl LdError {
    /// The catalogued code, whatever the variant.
    pub fn code(&self) -> &str {
        match self {
            LdError::Input { code, .. }
            | LdError::Argument { code, .. }
            | LdError::Option { code, .. }
            | LdError::Output { code, .. }
            | LdError::Io { code, .. }
            | LdError::Host { code, .. } => code,
        }
    }
}

impl From<Refusal> for LdError {
    fn from(r: Refusal) -> Self {
        LdError::Argument {
            code: r.code().to_string(),
            detail: capped_message(r.message),
            value: excerpt(&r.value),
        }
    }
}

impl From<Error> for LdError {
    fn from(e: Error) -> Self {
        let kind = e.kind();
        let code = kind.code.to_string();
        let detail = capped_message(e.to_string());
        match e {
            Error::InvalidArgument(r) => LdError::Argument {
                code,
                detail,
                value: excerpt(&r.value),
            },
            Error::OptionUnknown { option, accepted } => LdError::Option {
                code,
                detail,
                option: Some(option),
                accepted,
                options: Vec::new(),
            },
            Error::OptionInvalid { option, .. } => LdError::Option {
                code,
                detail,
                option: Some(option),
                accepted: Vec::new(),
                options: Vec::new(),
            },
            Error::OptionsConflict { options, .. } => LdError::Option {
                code,
                detail,
                option: None,
                accepted: Vec::new(),
                options,
            },
            Error::OutputsShareFile { first, second, .. } => LdError::Output {
                code,
                detail,
                options: vec![first, second],
            },
            _ => match kind.category {
                ErrorCategory::Input => LdError::Input { code, detail },
                ErrorCategory::Argument => LdError::Argument {
                    code,
                    detail,
                    value: String::new(),
                },
                ErrorCategory::Option => LdError::Option {
                    code,
                    detail,
                    option: None,
                    accepted: Vec::new(),
                    options: Vec::new(),
                },
                ErrorCategory::Output => LdError::Output {
                    code,
                    detail,
                    options: Vec::new(),
                },
                ErrorCategory::Io => LdError::Io { code, detail },
                ErrorCategory::Host => LdError::Host { code, detail },
            },
        }
    }
}

/// A JSON document given as text that does not parse (`json_invalid`, naming `what`).
pub(crate) fn json_error(what: &str, e: &serde_json::Error) -> LdError {
    Error::json(what, e).into()
}

/// The result of every fallible call.
pub type Result<T> = std::result::Result<T, LdError>;
