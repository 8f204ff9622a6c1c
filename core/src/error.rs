//! [`Error`]: work that could not be done (as opposed to a [`crate::Finding`], a rule breach in
//! data that was read).

use crate::finding::Refusal;

/// Work that could not be done: a file that is not CSV, a header without a required column, a
/// scheme file that does not parse, an argument out of range.
///
/// Each variant has a stable [`Error::code`] so bindings can expose it (`error.code` in
/// JavaScript, the `code` attribute of Python exceptions).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),

    /// An argument given by the caller was refused (e.g. a date that does not exist).
    #[error("{0}")]
    InvalidArgument(Refusal),

    /// A code-scheme file could not be read.
    #[error("code scheme {source_name}: {message}")]
    Scheme {
        /// The file or scheme name.
        source_name: String,
        /// What is wrong and where (line, field).
        message: String,
    },

    /// A survey definition is not usable (duplicate ids, unknown outcome codes, missing questions).
    #[error("survey definition: {message}")]
    SurveyDefinition {
        /// What is wrong.
        message: String,
    },

    /// A workbook could not be read (damaged, or not a workbook).
    #[error("{message}")]
    WorkbookUnreadable {
        /// What is wrong and what to do.
        message: String,
    },

    /// A workbook is protected with a password.
    #[error("{message}")]
    WorkbookProtected {
        /// What to do.
        message: String,
    },

    /// The requested sheet is not in the workbook.
    #[error("the workbook has no sheet '{sheet}'; its sheets are: {}", found.join(", "))]
    SheetNotFound {
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are.
        found: Vec<String>,
    },

    /// A JSON document could not be read.
    #[error("{what}: invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// What was being read (e.g. "survey answers").
        what: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's description.
        message: String,
    },

    /// An upload's bytes are text in an encoding this library does not read (UTF-32, UTF-16
    /// without a byte-order mark). The message says how to save the file instead.
    #[error("{message}")]
    Encoding {
        /// What was found and what to do.
        message: String,
    },

    /// An upload is not a CSV file at all: an Excel workbook, a PDF, a zip or other binary data.
    /// The message says what was recognised and how to save the file as CSV.
    #[error("{message}")]
    NotCsv {
        /// What was found and what to do.
        message: String,
    },

    /// An upload's header row lacks columns the template requires.
    #[error("{}", missing_columns_message(.missing, .found, .hint.as_deref()))]
    MissingColumns {
        /// The required template columns not found, by their template names.
        missing: Vec<String>,
        /// The header row as found in the file, in order.
        found: Vec<String>,
        /// A guess at the cause, when there is one (a file separated by semicolons, a file
        /// without a header row).
        hint: Option<String>,
    },

    /// An upload's header names one template column twice, so its values are ambiguous.
    #[error(
        "column '{name}' appears twice in the header (columns {first} and {second}); remove or rename one of them"
    )]
    DuplicateColumn {
        /// The template column's name.
        name: String,
        /// 1-based position of its first occurrence.
        first: usize,
        /// 1-based position of its second occurrence.
        second: usize,
    },

    /// An upload's header row has more columns than any template could use.
    #[error(
        "the header row has {found} columns; at most {max} are read. Is this the right file, saved as CSV?"
    )]
    TooManyColumns {
        /// Columns found in the header row.
        found: u64,
        /// The most that are read.
        max: usize,
    },

    /// A qualification upload's header has a group beyond the 18 the template allows
    /// (e.g. "Qualification Type 19").
    #[error(
        "column '{column}' is qualification group {group}; a learner row has at most {max} qualification groups (Qualification Type 1 to Qualification Type {max} and their Subject, Completion Date, Predicted Grade and Actual Grade columns). Move the qualifications beyond group {max} to another upload, or delete the extra columns"
    )]
    TooManyGroups {
        /// The first header cell naming a group beyond the maximum, as found.
        column: String,
        /// The highest group number in the header.
        group: usize,
        /// The most groups allowed (18).
        max: usize,
    },

    /// Qualification reference lists (types, subjects, grades) could not be read from the
    /// reference sheets of a workbook or from a lists file.
    #[error("{message}")]
    ReferenceLists {
        /// What is wrong and what to do.
        message: String,
    },

    /// An upload holds no data rows: an empty file, or a header with nothing (or only blank
    /// rows) under it.
    #[error("no {what} in file: {detail}")]
    NoData {
        /// What the rows would be ("destinations").
        what: String,
        /// What was found instead.
        detail: String,
    },

    /// An option key that the run does not take (a typo such as `ukrpn` must not silently turn
    /// a check off). Names the key as given and the keys that are accepted.
    #[error("unknown option '{option}'; the options are: {}", accepted.join(", "))]
    OptionUnknown {
        /// The key as given.
        option: String,
        /// The keys that are accepted, in the caller's spelling.
        accepted: Vec<String>,
    },

    /// An option's value has the wrong type or is out of range (e.g. `max_findings = -1`,
    /// `ukprn = true`). The message names the option and what it takes.
    #[error("option '{option}': {message}")]
    OptionInvalid {
        /// The option, in the caller's spelling.
        option: String,
        /// What it takes, and what was given (at most a few hundred characters of it).
        message: String,
    },

    /// Options that cannot be combined (e.g. existing usernames without credentials, explicit
    /// qualification lists together with a reference file).
    #[error("{message}")]
    OptionsConflict {
        /// The options involved.
        options: Vec<String>,
        /// Why they cannot be combined, and what to do.
        message: String,
    },

    /// An output path names the input file (however spelled: the same device and inode), so
    /// writing it would destroy the input. Refused before anything is read.
    #[error(
        "{option} '{path}' is the input file; writing it would destroy the upload. Choose another path"
    )]
    OutputIsInput {
        /// The output option (e.g. `errors_csv`).
        option: String,
        /// The path as given.
        path: String,
    },

    /// Two outputs of one run name the same file. Refused before anything is read.
    #[error("{first} and {second} both name '{path}'; give each output its own file")]
    OutputsShareFile {
        /// The first output option.
        first: String,
        /// The second output option.
        second: String,
        /// The path as given for the second.
        path: String,
    },

    /// An output file cannot be created or written (a missing folder, a directory at the path,
    /// no permission, a full disk). Nothing of the run's outputs is left behind.
    #[error("cannot write {option} '{path}': {message}")]
    OutputUnwritable {
        /// The output option (e.g. `credentials_csv`).
        option: String,
        /// The path as given.
        path: String,
        /// The operating system's reason.
        message: String,
    },

    /// An input file cannot be opened or read (not found, no permission, a directory).
    #[error("cannot read {what} '{path}': {message}")]
    InputUnreadable {
        /// What the file is (e.g. "survey answers", "upload").
        what: String,
        /// The path as given.
        path: String,
        /// The operating system's reason.
        message: String,
        /// The operating system's error kind, for hosts that map it (Python's `FileNotFoundError`).
        kind: std::io::ErrorKind,
    },

    /// A whole-file input (survey answers, records, a scheme, reference lists, usernames) is
    /// larger than the limit for its kind; the file is not read past the limit.
    #[error("{what} is larger than {limit} bytes, the most read for it; is this the right file?")]
    InputTooLarge {
        /// What the file is.
        what: String,
        /// The limit in bytes.
        limit: u64,
    },

    /// A nested input (JSON or a host's dicts and lists) is deeper than the limit, or contains
    /// itself.
    #[error("{what}: {message}")]
    InputTooDeep {
        /// What was being read.
        what: String,
        /// How deep it went, or that it contains itself.
        message: String,
    },

    /// The operating system's secure random generator failed; no credentials were issued.
    #[error("the system's random generator failed ({message}); no credentials were issued")]
    RandomUnavailable {
        /// The operating system's reason.
        message: String,
    },

    /// The run was stopped by the caller (Ctrl-C, an abort signal); no output was written.
    #[error("stopped before the end: {reason}; no output file was written")]
    Cancelled {
        /// Why (e.g. "interrupted").
        reason: String,
    },

    /// A host-specific failure that has no closer variant (a callback raised, a value could not
    /// be converted back). Bindings use it rather than inventing codes.
    #[error("{message}")]
    Host {
        /// What went wrong.
        message: String,
    },

    /// A workbook goes beyond a limit of what is read from one (decompressed bytes of a part,
    /// one tag or run of text, one cell's text, the shared strings, a sheet's cells, Excel's
    /// grid, a sheet read whole): refused before it costs more. The limits are listed in
    /// [`crate::workbook`]; the message says which was reached and what to do.
    #[error("{message}")]
    WorkbookTooLarge {
        /// The limit reached: `part_bytes`, `markup_run`, `cell_bytes`, `shared_strings`,
        /// `shared_string_bytes`, `cells`, `grid`, `cell_formats` or `sheet_cells`.
        limit: &'static str,
        /// Its value.
        max: u64,
        /// What was found and what to do.
        message: String,
    },
}

fn missing_columns_message(missing: &[String], found: &[String], hint: Option<&str>) -> String {
    let plural = if missing.len() == 1 { "" } else { "s" };
    let found_list = if found.iter().all(|f| f.trim().is_empty()) {
        "no column names".to_string()
    } else {
        found
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut message = format!(
        "missing required column{plural} {}; the header row has {found_list}. Column names are matched ignoring case, surrounding spaces and order",
        missing
            .iter()
            .map(|m| format!("'{m}'"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(hint) = hint {
        message.push_str("; ");
        message.push_str(hint);
    }
    message
}

impl Error {
    /// The stable code of this error, for bindings and machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::InvalidArgument(r) => r.code(),
            Error::Scheme { .. } => "scheme_invalid",
            Error::Json { .. } => "json_invalid",
            Error::WorkbookUnreadable { .. } => "workbook_unreadable",
            Error::WorkbookProtected { .. } => "workbook_protected",
            Error::SheetNotFound { .. } => "sheet_not_found",
            Error::SurveyDefinition { .. } => "survey_definition_invalid",
            Error::Encoding { .. } => "encoding_unsupported",
            Error::NotCsv { .. } => "not_csv",
            Error::MissingColumns { .. } => "missing_columns",
            Error::DuplicateColumn { .. } => "duplicate_column",
            Error::TooManyColumns { .. } => "too_many_columns",
            Error::TooManyGroups { .. } => "too_many_groups",
            Error::ReferenceLists { .. } => "reference_lists_invalid",
            Error::NoData { .. } => "no_data",
            Error::OptionUnknown { .. } => "option_unknown",
            Error::OptionInvalid { .. } => "option_invalid",
            Error::OptionsConflict { .. } => "options_conflict",
            Error::OutputIsInput { .. } => "output_is_input",
            Error::OutputsShareFile { .. } => "outputs_share_file",
            Error::OutputUnwritable { .. } => "output_unwritable",
            Error::InputUnreadable { .. } => "input_unreadable",
            Error::InputTooLarge { .. } => "input_too_large",
            Error::InputTooDeep { .. } => "input_too_deep",
            Error::RandomUnavailable { .. } => "random_unavailable",
            Error::Cancelled { .. } => "cancelled",
            Error::Host { .. } => "host_failure",
            Error::WorkbookTooLarge { .. } => "workbook_too_large",
        }
    }

    /// An [`Error::Json`] from a serde_json error.
    pub fn json(what: impl Into<String>, e: &serde_json::Error) -> Self {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Error::Json {
            what: what.into(),
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::InvalidArgument(r)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
