//! [`Error`]: work that could not be done (as opposed to a [`crate::Finding`], a rule breach in
//! data that was read).

use crate::finding::{FindingKind, Refusal};
use serde::Serialize;

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
    #[error("{what}: {}", json_problem(*.line, *.column, .message))]
    Json {
        /// What was being read (e.g. "survey answers").
        what: String,
        /// 1-based line of the problem (0: the document as a whole, e.g. an empty file).
        line: usize,
        /// 1-based column of the problem (0: at the start of the line, or the document).
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

    /// An ILR file is not well-formed XML, or not an ILR file at all (another root element, a
    /// declared encoding other than UTF-8). Names the line and column.
    #[error("ILR file, line {line}, column {column}: {message}")]
    IlrInvalid {
        /// 1-based line.
        line: u64,
        /// 1-based column (characters).
        column: u64,
        /// What is wrong and what to do.
        message: String,
    },

    /// An ILR file has a document type declaration or an entity other than XML's five: refused,
    /// so no external entity is ever fetched or expanded (ILR files have neither).
    #[error(
        "ILR file, line {line}, column {column}: {entity} refused; ILR files have no document type declaration or entities of their own (remove it)"
    )]
    IlrEntityRefused {
        /// 1-based line.
        line: u64,
        /// 1-based column (characters).
        column: u64,
        /// What was refused (`<!DOCTYPE>` or `&name;`).
        entity: String,
    },

    /// An ILR file's namespace is not one of the years read (2019-20 to 2025-26): an older
    /// year (named), a later one, or no ILR namespace.
    #[error("ILR file: {message}")]
    IlrNamespace {
        /// The root element's namespace as found (empty for none).
        namespace: String,
        /// What it is and what is read.
        message: String,
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
        /// `shared_string_bytes`, `cells`, `grid`, `cell_formats`, `sheet_cells`, `ods_cells`,
        /// `xls_cells` or `xls_text`.
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

/// What a failure is about, so a caller can decide what to do without reading every code: fix
/// the file (`input`), fix a value given (`argument`), fix the options (`option`), fix an output
/// path (`output`), look at the system (`io`), or at the host running the library (`host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorCategory {
    /// The file or document given cannot be processed (not CSV, a required column missing,
    /// invalid JSON, too large): fix the file.
    Input,
    /// A value given to a function was refused by the rule that parses it (a date that does not
    /// exist, a ULN with a wrong check digit): the code is that rule's finding code.
    Argument,
    /// The caller's options: an unknown key, a value of the wrong type or range, options that
    /// cannot be combined.
    Option,
    /// An output cannot be written where it is asked for (over the input, two outputs on one
    /// file, a folder that does not exist). Nothing of the run is left behind.
    Output,
    /// Reading or writing failed in the operating system (not found, no permission, a full
    /// disk).
    Io,
    /// The host running the library failed or stopped the run (no random source, cancelled,
    /// a callback that raised).
    Host,
}

impl ErrorCategory {
    /// Every category, in the order above.
    pub const ALL: [ErrorCategory; 6] = [
        ErrorCategory::Input,
        ErrorCategory::Argument,
        ErrorCategory::Option,
        ErrorCategory::Output,
        ErrorCategory::Io,
        ErrorCategory::Host,
    ];

    /// The category's name: `input`, `argument`, `option`, `output`, `io` or `host`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCategory::Input => "input",
            ErrorCategory::Argument => "argument",
            ErrorCategory::Option => "option",
            ErrorCategory::Output => "output",
            ErrorCategory::Io => "io",
            ErrorCategory::Host => "host",
        }
    }
}

impl std::fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind of error: its stable code, its [`ErrorCategory`] and a one-line summary that says
/// what to do. Listed by [`crate::catalogue::error_kinds`].
///
/// Every variant of [`Error`] has one (see [`Error::kind`]), except that an
/// [`Error::InvalidArgument`] takes the code and summary of the rule whose [`Refusal`] it
/// carries ([`ErrorKind::refusal`]), with category [`ErrorCategory::Argument`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ErrorKind {
    /// Stable machine-readable code, e.g. `missing_columns`.
    pub code: &'static str,
    /// What the failure is about.
    pub category: ErrorCategory,
    /// What went wrong and what to do, in one sentence.
    pub summary: &'static str,
}

impl ErrorKind {
    /// The kind of an [`Error::InvalidArgument`] carrying a refusal under `rule`: the rule's
    /// code and summary, category [`ErrorCategory::Argument`].
    pub fn refusal(rule: &'static FindingKind) -> ErrorKind {
        ErrorKind {
            code: rule.code,
            category: ErrorCategory::Argument,
            summary: rule.summary,
        }
    }
}

/// The one table from each [`Error`] variant to its code, category and summary: it builds
/// [`Error::kind`] (a `match` with an arm per variant, so a variant added to the enum and not
/// to this table does not compile) and [`VARIANT_KINDS`] (the same rows, in order).
macro_rules! error_kinds {
    ($($variant:ident $fields:tt => $code:literal, $category:ident, $summary:literal;)*) => {
        /// The kind of every [`Error`] variant with a fixed code, in declaration order (all but
        /// [`Error::InvalidArgument`], whose code is its refusal's).
        pub(crate) const VARIANT_KINDS: &[ErrorKind] = &[$(ErrorKind {
            code: $code,
            category: ErrorCategory::$category,
            summary: $summary,
        }),*];

        impl Error {
            /// The kind of this error: its stable code, category and summary.
            pub fn kind(&self) -> ErrorKind {
                match self {
                    Error::InvalidArgument(r) => ErrorKind::refusal(r.kind),
                    $(Error::$variant $fields => ErrorKind {
                        code: $code,
                        category: ErrorCategory::$category,
                        summary: $summary,
                    },)*
                }
            }
        }
    };
}

error_kinds! {
    Io(_) => "io", Io,
        "Reading or writing failed in the operating system; check the path, the permissions and the free space, and run again.";
    Scheme { .. } => "scheme_invalid", Input,
        "A code-scheme file cannot be read; fix it at the line and field the message names (columns code, title, ilr_equivalent, qualifier, valid_from, valid_to).";
    SurveyDefinition { .. } => "survey_definition_invalid", Input,
        "A survey definition is not usable (duplicate ids, unknown outcome codes, missing questions); fix the definition as the message says.";
    WorkbookUnreadable { .. } => "workbook_unreadable", Input,
        "A workbook is damaged or not a workbook; open it in Excel and save it again, or save the sheet as CSV UTF-8.";
    WorkbookProtected { .. } => "workbook_protected", Input,
        "A workbook is protected with a password; remove the protection in Excel, or save the sheet as CSV UTF-8.";
    SheetNotFound { .. } => "sheet_not_found", Input,
        "The workbook has no sheet of the name asked for; give one of the sheets the message lists.";
    Json { .. } => "json_invalid", Input,
        "A JSON document is not valid JSON, or not of the expected shape; fix it at the line and column the message gives.";
    Encoding { .. } => "encoding_unsupported", Input,
        "The upload is text in an encoding that is not read (UTF-32, UTF-16 without a byte-order mark); save it as CSV UTF-8.";
    NotCsv { .. } => "not_csv", Input,
        "The upload is not CSV (a workbook, a PDF, an archive or binary data); save it as CSV UTF-8, or give the workbook as a workbook.";
    MissingColumns { .. } => "missing_columns", Input,
        "The header row lacks columns the template requires; add them (names are matched ignoring case, surrounding spaces and order) or put the header row first.";
    DuplicateColumn { .. } => "duplicate_column", Input,
        "The header names one template column twice; remove or rename one of them.";
    TooManyColumns { .. } => "too_many_columns", Input,
        "The header row has more columns than any template reads; check that this is the right file, saved as CSV.";
    TooManyGroups { .. } => "too_many_groups", Input,
        "A qualification upload has a group beyond the 18 a learner row allows; move the extra qualifications to another upload, or delete the extra columns.";
    ReferenceLists { .. } => "reference_lists_invalid", Input,
        "The qualification reference lists cannot be read from the workbook's reference sheets or the lists file; fix the sheet or file the message names.";
    NoData { .. } => "no_data", Input,
        "The upload has no data rows (an empty file, or only a header and blank rows); check that this is the right file.";
    OptionUnknown { .. } => "option_unknown", Option,
        "An option key the run does not take (a typo must not turn a check off); use one of the keys the message lists.";
    OptionInvalid { .. } => "option_invalid", Option,
        "An option's value has the wrong type or is out of range; give a value of the kind the message names.";
    OptionsConflict { .. } => "options_conflict", Option,
        "Options that cannot be combined were given together; drop one of them as the message says.";
    OutputIsInput { .. } => "output_is_input", Output,
        "An output path names the input file, which writing would destroy; choose another path (nothing was read or written).";
    OutputsShareFile { .. } => "outputs_share_file", Output,
        "Two outputs of one run name the same file; give each output its own path (nothing was read or written).";
    OutputUnwritable { .. } => "output_unwritable", Output,
        "An output file cannot be created or written (a missing folder, a directory at the path, no permission, a full disk); fix the path and run again (no output was left behind).";
    InputUnreadable { .. } => "input_unreadable", Io,
        "An input file cannot be opened or read (not found, no permission, a directory); check the path.";
    InputTooLarge { .. } => "input_too_large", Input,
        "A whole-file input is larger than the most read for its kind; check that it is the right file.";
    InputTooDeep { .. } => "input_too_deep", Input,
        "A nested input (JSON, or a host's dicts and lists) is deeper than the limit, or contains itself; flatten it.";
    RandomUnavailable { .. } => "random_unavailable", Host,
        "The system's secure random generator failed, so no credentials were issued; run again, and check the system if it persists.";
    Cancelled { .. } => "cancelled", Host,
        "The run was stopped by the caller (Ctrl-C, an abort signal) and no output was written; run again to finish it.";
    Host { .. } => "host_failure", Host,
        "A failure in the host layer with no closer code (a callback raised, a value could not be converted); the message says what.";
    IlrInvalid { .. } => "ilr_invalid", Input,
        "An ILR file is not well-formed XML or not an ILR file (another root element, an encoding other than UTF-8); fix it at the line and column the message gives, or export it again from the MIS.";
    IlrEntityRefused { .. } => "ilr_entity_refused", Input,
        "An ILR file has a document type declaration or an entity of its own, which are refused so nothing external is ever fetched; remove it (ILR files have neither).";
    IlrNamespace { .. } => "ilr_namespace_unsupported", Input,
        "An ILR file's namespace is not one of the years read (2019-20 to 2025-26); export the file for a year that is read.";
    WorkbookTooLarge { .. } => "workbook_too_large", Input,
        "A workbook goes beyond a limit of what is read from one (a part's size, one cell's text, the shared strings, a sheet's cells, Excel's grid); the message names the limit: save the sheet as CSV UTF-8, or split the workbook.";
}

impl Error {
    /// The stable code of this error, for bindings and machine-readable output: its
    /// [`Error::kind`]'s code (for [`Error::InvalidArgument`], the refusal's finding code).
    pub fn code(&self) -> &'static str {
        self.kind().code
    }

    /// What the error is about (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        self.kind().category
    }

    /// An [`Error::Json`] from a serde_json error, said plainly: an empty document is "the file
    /// is empty", a value of the wrong kind says what it is and what was expected in JSON's
    /// words ("found an object ({...}) where a list ([...]) is expected"), not the parser's
    /// ("invalid type: map, expected a sequence").
    pub fn json(what: impl Into<String>, e: &serde_json::Error) -> Self {
        Error::json_of(what, None, e)
    }

    /// [`Error::json`] knowing the document's `text`, so that one of spaces only is "empty"
    /// too.
    pub fn json_in(what: impl Into<String>, text: &str, e: &serde_json::Error) -> Self {
        Error::json_of(what, Some(text), e)
    }

    fn json_of(what: impl Into<String>, text: Option<&str>, e: &serde_json::Error) -> Self {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let raw = full.strip_suffix(&suffix).unwrap_or(&full);
        let blank = text.map_or(e.line() == 1 && e.column() == 0, |t| t.trim().is_empty());
        if e.is_eof() && blank {
            return Error::Json {
                what: what.into(),
                line: 0,
                column: 0,
                message: "the file is empty (or only spaces): there is no JSON in it".to_string(),
            };
        }
        let message = match raw
            .strip_prefix("invalid type: ")
            .and_then(|r| r.split_once(", expected "))
        {
            Some((found, expected)) => format!(
                "{JSON_HOLDS}{} where {} is expected",
                json_words(found),
                json_words(expected)
            ),
            None => raw.to_string(),
        };
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

/// How a reworded wrong-kind message starts ([`Error::json`]).
const JSON_HOLDS: &str = "found ";

/// serde's names of JSON's kinds in JSON's own words: `map` is an object, `sequence` a list.
fn json_words(serde: &str) -> String {
    match serde.trim() {
        "map" | "a map" => "an object ({...})".to_string(),
        "sequence" | "a sequence" => "a list ([...])".to_string(),
        "null" => "null".to_string(),
        other => other
            .replace("a map", "an object ({...})")
            .replace("a sequence", "a list ([...])"),
    }
}

/// The problem of an [`Error::Json`] with its place: none for the document as a whole.
fn json_problem(line: usize, column: usize, message: &str) -> String {
    if line == 0 {
        message.to_string()
    } else if message.starts_with(JSON_HOLDS) {
        if column == 0 {
            format!("{message}, at the start of line {line}")
        } else {
            format!("{message}, at line {line}, column {column}")
        }
    } else {
        format!("invalid JSON at line {line}, column {column}: {message}")
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod json_message_tests {
    use super::Error;

    fn message(text: &str) -> String {
        let e = serde_json::from_str::<Vec<u32>>(text).unwrap_err();
        Error::json_in("records (r.json)", text, &e).to_string()
    }

    #[test]
    fn json_problems_are_said_in_json_words() {
        assert_eq!(
            message(""),
            "records (r.json): the file is empty (or only spaces): there is no JSON in it"
        );
        assert_eq!(message("  \n "), message(""));
        let e = serde_json::from_str::<Vec<u32>>("").unwrap_err();
        assert_eq!(Error::json("records (r.json)", &e).to_string(), message(""));
        let object = message("{not json");
        assert!(
            object.contains("found an object ({...}) where a list ([...]) is expected"),
            "{object}"
        );
        assert!(
            !object.contains("map") && !object.contains("sequence"),
            "{object}"
        );
        let syntax = message("[1, x]");
        assert!(
            syntax.contains("invalid JSON at line 1, column 5"),
            "{syntax}"
        );
    }
}
