//! Destination codes: the `Schemes` and `Scheme` classes, codes as plain objects, and scheme
//! files (JSON or CSV) loaded synchronously or off the JavaScript thread.

use crate::conversion::{argument, options_argument};
use crate::dates::date_argument;
use crate::errors::Result;
use crate::findings::BindingFinding;
use crate::tasks::OffThread;
use learner_destinations::codes::{CodeEntry, CodeType, Scheme, Schemes};
use learner_destinations_host::input::{SCHEME, Source, read_text};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi_derive::napi;
use std::path::Path;
use std::sync::OnceLock;

/// One destination code of a scheme. Dates are `YYYY-MM-DD` strings.
#[napi(
    object,
    js_name = "DestinationCode",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDestinationCode {
    /// The scheme the code belongs to, e.g. `'ilr'`, `'wmca'`.
    pub scheme: String,
    /// The canonical code, e.g. `'EMP1'`, `'WMCA1.0'`.
    pub code: String,
    /// The title, e.g. `'In paid employment for 16 hours or more per week'`.
    pub title: String,
    /// The letters: the ILR OutType (`'EMP'`) or the authority prefix (`'WMCA'`).
    pub code_type: String,
    /// The number: the ILR OutCode (`'1'`) or the authority number (`'1.0'`).
    pub number: String,
    /// For an authority code, the ILR code it refines (`'EMP1'`); `null` for ILR codes.
    pub ilr_equivalent: Option<String>,
    /// The ILR OutType this code stands for (`'EMP'` for `EMP1` and for `WMCA1.0`), or `null`
    /// for an authority code without an ILR equivalent.
    pub ilr_type: Option<String>,
    /// The qualifier that picks this code among several refining one ILR code
    /// (e.g. `'increase in hours'`), or `null`.
    pub qualifier: Option<String>,
    /// First day of validity (`YYYY-MM-DD`, inclusive), or `null`: from the beginning.
    pub valid_from: Option<String>,
    /// Last day of validity (`YYYY-MM-DD`, inclusive), or `null`: open.
    pub valid_to: Option<String>,
    /// `'Title (CODE)'`, as the WMCA portal shows a destination.
    pub display_name: String,
}

impl From<&CodeEntry> for BindingDestinationCode {
    fn from(c: &CodeEntry) -> Self {
        BindingDestinationCode {
            scheme: c.scheme().to_string(),
            code: c.code().to_string(),
            title: c.title().to_string(),
            code_type: c.code_type().to_string(),
            number: c.number().to_string(),
            ilr_equivalent: c.ilr_equivalent().map(str::to_string),
            ilr_type: c.ilr_type().map(str::to_string),
            qualifier: c.qualifier().map(str::to_string),
            valid_from: c.valid_from().map(|d| d.to_string()),
            valid_to: c.valid_to().map(|d| d.to_string()),
            display_name: c.display_name(),
        }
    }
}

/// The title of one code type (an ILR OutType or an authority prefix).
#[napi(object, js_name = "CodeType", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingCodeType {
    /// The letters, e.g. `'EMP'`.
    #[napi(js_name = "type")]
    pub code_type: String,
    /// The title, e.g. `'In Paid Employment'`.
    pub title: String,
}

impl From<&CodeType> for BindingCodeType {
    fn from(t: &CodeType) -> Self {
        BindingCodeType {
            code_type: t.code_type.clone(),
            title: t.title.clone(),
        }
    }
}

/// A code scheme: a versioned table of destination codes with its source. Build one with
/// `Scheme.fromJson`, `Scheme.fromCsv` or `loadSchemeFile`, then add it to a `Schemes`.
#[napi(js_name = "Scheme")]
#[derive(Debug, Clone)]
pub struct BindingScheme {
    inner: Scheme,
}

#[napi]
impl BindingScheme {
    /// Reads a scheme from its JSON form:
    /// `{"scheme": "wmca", "source": "...", "codes": [{"code": "WMCA1.0", "title": "...",
    /// "ilr_equivalent": "EMP1", "qualifier": null, "valid_from": null, "valid_to": null}]}`
    /// (optional keys: `title`, `version`, `types`, `unassigned`). `sourceName` names the text in
    /// error messages (default `'scheme JSON'`).
    ///
    /// @throws {Error} `code` `'scheme_invalid'`: the message names the line, column or code.
    #[napi(factory)]
    pub fn from_json(text: String, source_name: Option<String>) -> Result<BindingScheme> {
        let name = source_name.as_deref().unwrap_or("scheme JSON");
        Ok(BindingScheme {
            inner: Scheme::from_json_str(&text, name)?,
        })
    }

    /// Reads a scheme from CSV text with the header
    /// `code,title,ilr_equivalent,qualifier,valid_from,valid_to` (any order, case-insensitive;
    /// the last four may be empty or left out; dates `YYYY-MM-DD`). A `scheme` column, if
    /// present, names the scheme; otherwise `name` does. `source` says where the list comes
    /// from.
    ///
    /// @throws {Error} `code` `'scheme_invalid'`: the message names the line and field.
    #[napi(factory)]
    pub fn from_csv(text: String, name: String, source: String) -> Result<BindingScheme> {
        Ok(BindingScheme {
            inner: Scheme::from_csv_reader(text.as_bytes(), &name, &source)?,
        })
    }

    /// The scheme's name, lower case (`'ilr'`, `'wmca'`).
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// A title for people.
    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_string()
    }

    /// Where the table comes from.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source().to_string()
    }

    /// The table's version (may be empty).
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// The code types (ILR OutTypes or authority prefixes) with their titles.
    #[napi(getter)]
    pub fn types(&self) -> Vec<BindingCodeType> {
        self.inner.types().iter().map(Into::into).collect()
    }

    /// Codes reserved but unassigned (ILR `EDU7`, `EDU8`): refused as not a destination code, like a number no list has.
    #[napi(getter)]
    pub fn unassigned(&self) -> Vec<String> {
        self.inner.unassigned().to_vec()
    }

    /// The codes, in table order.
    #[napi(getter)]
    pub fn codes(&self) -> Vec<BindingDestinationCode> {
        self.inner.codes().iter().map(Into::into).collect()
    }
}

/// The loaded code schemes: reads the portal's merged "Destination Code" field (`EMP1`,
/// `EMP 1`, `oth-3`, `WMCA1.0`), says whether a code is valid on a date, and maps codes
/// between schemes. `new Schemes()` holds the built-in ILR and WMCA schemes.
///
/// Methods taking a code accept any spelling `parse` accepts and throw what `parse` throws
/// when it is not a code.
#[napi(js_name = "Schemes")]
#[derive(Debug, Clone)]
pub struct BindingSchemes {
    inner: Schemes,
}

impl BindingSchemes {
    fn entry(&self, code: &str) -> Result<&CodeEntry> {
        Ok(self.inner.parse(code)?)
    }

    /// The core's schemes, for the other areas (records, survey, templates).
    pub(crate) fn schemes(&self) -> &Schemes {
        &self.inner
    }
}

/// The built-in ILR and WMCA schemes, read once.
pub(crate) fn builtin_schemes() -> &'static Schemes {
    static BUILTIN: OnceLock<Schemes> = OnceLock::new();
    BUILTIN.get_or_init(Schemes::builtin)
}

/// The schemes a function was given (an optional `schemes` option), else the built-in ones.
pub(crate) fn given_or_builtin(given: Option<&BindingSchemes>) -> &Schemes {
    match given {
        Some(s) => s.schemes(),
        None => builtin_schemes(),
    }
}

#[napi]
impl BindingSchemes {
    /// The built-in ILR and WMCA schemes.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        BindingSchemes {
            inner: Schemes::builtin(),
        }
    }

    /// Schemes holding only the given ones (include the ILR scheme for equivalents).
    ///
    /// @throws {Error} `code` `'scheme_invalid'` when two schemes share a code, or an ILR
    /// equivalent is not an ILR code.
    #[napi(factory)]
    pub fn from_schemes(schemes: Vec<&BindingScheme>) -> Result<BindingSchemes> {
        let inner = Schemes::from_schemes(schemes.into_iter().map(|s| s.inner.clone()))?;
        Ok(BindingSchemes { inner })
    }

    /// Adds a scheme, replacing a loaded scheme of the same name (a complete WMCA list replaces
    /// the built-in partial one). On error nothing changes.
    ///
    /// @throws {Error} `code` `'scheme_invalid'` when one of its codes is already in another
    /// scheme, or an ILR equivalent is not an ILR code.
    #[napi]
    pub fn add(&mut self, scheme: &BindingScheme) -> Result<()> {
        Ok(self.inner.add(scheme.inner.clone())?)
    }

    /// The names of the loaded schemes, e.g. `['ilr', 'wmca']`.
    #[napi(getter)]
    pub fn names(&self) -> Vec<String> {
        self.inner
            .schemes()
            .iter()
            .map(|s| s.name().to_string())
            .collect()
    }

    /// The scheme called `name` (case-insensitive).
    ///
    /// @throws {Error} `code` `'scheme_unknown'`; the message lists the loaded schemes.
    #[napi]
    pub fn scheme(&self, name: String) -> Result<BindingScheme> {
        Ok(BindingScheme {
            inner: self.inner.scheme(&name)?.clone(),
        })
    }

    /// Every code of every scheme, or of the scheme called `scheme`.
    ///
    /// @throws {Error} `code` `'scheme_unknown'` when `scheme` is given and not loaded.
    #[napi]
    pub fn codes(&self, scheme: Option<String>) -> Result<Vec<BindingDestinationCode>> {
        Ok(match scheme {
            Some(name) => self
                .inner
                .scheme(&name)?
                .codes()
                .iter()
                .map(Into::into)
                .collect(),
            None => self.inner.all_codes().map(Into::into).collect(),
        })
    }

    /// Reads a destination code as the portal's merged field does: any case, and one run of
    /// space, `-` or `_` between letters and number (`'EMP 1'`, `'oth-3'`, `'wmca1.1'`).
    ///
    /// @throws {Error} `code` `'destination_code_format'` (no number, trailing characters,
    /// empty), `'destination_type_unknown'` (`'XYZ1'`) or `'destination_code_unknown'`
    /// (`'EMP9'`); the message says why and lists the codes of a known type.
    #[napi]
    pub fn parse(&self, code: String) -> Result<BindingDestinationCode> {
        self.entry(&code).map(Into::into)
    }

    /// Looks a code up without diagnosing: the code, or `null`. Never throws.
    #[napi]
    pub fn get(&self, code: String) -> Option<BindingDestinationCode> {
        self.inner.get(&code).map(Into::into)
    }

    /// Every code in other schemes equivalent to `code`: for an ILR code, each authority code
    /// refining it (one-to-many); for an authority code, its ILR code (many-to-one).
    ///
    /// @throws {Error} as `parse` when `code` is not a code.
    #[napi]
    pub fn equivalents(&self, code: String) -> Result<Vec<BindingDestinationCode>> {
        let entry = self.entry(&code)?;
        Ok(self
            .inner
            .equivalents(entry)
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The code in scheme `scheme` for `code`. Old to new is one-to-many: the code whose
    /// qualifier is among `qualifiers` (e.g. `['increase in hours']`) is chosen, else the
    /// unqualified one. New to old is many-to-one. A code maps to itself in its own scheme.
    ///
    /// @throws {Error} as `parse` when `code` is not a code; `code` `'scheme_unknown'` when
    /// `scheme` is not loaded; `'destination_no_equivalent'` when nothing fits (the message
    /// lists the qualifiers there are).
    #[napi]
    pub fn to_scheme(
        &self,
        code: String,
        scheme: String,
        qualifiers: Option<Vec<String>>,
    ) -> Result<BindingDestinationCode> {
        let entry = self.entry(&code)?;
        let qualifiers = qualifiers.unwrap_or_default();
        let qualifiers: Vec<&str> = qualifiers.iter().map(String::as_str).collect();
        Ok(self.inner.to_scheme(entry, &scheme, &qualifiers)?.into())
    }

    /// Whether `code` is valid on `date` (`YYYY-MM-DD`): valid from <= date <= valid to, both
    /// inclusive (ESFA OutType_05).
    ///
    /// @throws {Error} as `parse` when `code` is not a code; `code` `'date_format'` or
    /// `'date_impossible'` when `date` is not a `YYYY-MM-DD` date.
    #[napi]
    pub fn is_valid_on(&self, code: String, date: String) -> Result<bool> {
        let date = date_argument(&date)?;
        Ok(self.entry(&code)?.is_valid_on(date))
    }

    /// Checks that `code` is valid on `date` (`YYYY-MM-DD`): `null` when it is, otherwise the
    /// `'destination_code_not_valid'` finding naming the code's window and the date. `what`
    /// names the date in the message (default `'the date'`, e.g. `'the outcome start date'`).
    ///
    /// @throws {Error} as `parse` when `code` is not a code; `code` `'date_format'` or
    /// `'date_impossible'` when `date` is not a `YYYY-MM-DD` date.
    #[napi]
    pub fn check_valid_on(
        &self,
        code: String,
        date: String,
        what: Option<String>,
    ) -> Result<Option<BindingFinding>> {
        let date = date_argument(&date)?;
        let entry = self.entry(&code)?;
        let what = what.as_deref().unwrap_or("the date");
        Ok(entry
            .check_valid_on(date, what)
            .err()
            .map(|r| r.into_finding().into()))
    }

    /// True when the two codes cannot both hold from the same date: one says the learner is in
    /// paid employment (EMP) and the other that they are not (NPE), in any scheme
    /// (ESFA OutType_04).
    ///
    /// @throws {Error} as `parse` when either is not a code.
    #[napi]
    pub fn contradicts(&self, code: String, other: String) -> Result<bool> {
        Ok(self.entry(&code)?.contradicts(self.entry(&other)?))
    }
}

/// How a scheme file is read.
#[napi(string_enum = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeFormat {
    /// The JSON form (see `Scheme.fromJson`).
    Json,
    /// CSV with a `code,title,...` header (see `Scheme.fromCsv`).
    Csv,
}

/// Options of `loadSchemeFile` and `loadSchemeFileSync`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
pub struct SchemeFileOptions {
    /// `'json'` or `'csv'`; by default JSON when the file name ends in `.json` or the text
    /// starts with `{`, CSV otherwise.
    pub format: Option<SchemeFormat>,
    /// For CSV without a `scheme` column: the scheme's name (default: the file name without
    /// its extension).
    pub name: Option<String>,
    /// For CSV: where the list comes from (default: `'loaded from PATH'`).
    pub source: Option<String>,
}

/// Reads a scheme file: the one function behind `loadSchemeFile` and `loadSchemeFileSync`.
fn load_scheme_file_impl(path: &str, options: &SchemeFileOptions) -> Result<BindingScheme> {
    let text = read_text(Source::Path(Path::new(path)), &SCHEME)?;
    if options.format.is_none() && options.name.is_none() && options.source.is_none() {
        // The core's reading of a scheme file, as the CLI and the Python package read it.
        let inner = Scheme::from_file_text(&text, path)?;
        return Ok(BindingScheme { inner });
    }
    // A byte-order mark (Excel's "CSV UTF-8") is not part of the scheme.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = Path::new(path);
    let format = options.format.unwrap_or_else(|| {
        let json_name = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if json_name || text.trim_start().starts_with('{') {
            SchemeFormat::Json
        } else {
            SchemeFormat::Csv
        }
    });
    let inner = match format {
        SchemeFormat::Json => Scheme::from_json_str(text, path)?,
        SchemeFormat::Csv => {
            let name = match &options.name {
                Some(name) => name.clone(),
                None => file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("user")
                    .to_string(),
            };
            let source = match &options.source {
                Some(source) => source.clone(),
                None => format!("loaded from {path}"),
            };
            Scheme::from_csv_reader(text.as_bytes(), &name, &source)?
        }
    };
    Ok(BindingScheme { inner })
}

/// Reads a scheme from a JSON or CSV file, blocking until done. See `loadSchemeFile` for the
/// options.
///
/// @throws {Error} `code` `'input_unreadable'` when the file cannot be read (the message names it),
/// `'input_too_large'` past the scheme files' size limit,
/// `'scheme_invalid'` when it is not a valid scheme.
#[napi]
pub fn load_scheme_file_sync(
    path: String,
    options: Option<SchemeFileOptions>,
) -> Result<BindingScheme> {
    load_scheme_file_impl(&path, &options.unwrap_or_default())
}

/// Reads a scheme from a JSON or CSV file off the main thread. The format is JSON when the
/// file name ends in `.json` or the text starts with `{`, CSV otherwise, unless
/// `options.format` says.
///
/// The promise rejects with an `Error` whose `code` is `'input_unreadable'` when the file cannot
/// be read, `'input_too_large'` past the scheme files' size limit, `'scheme_invalid'` when it is
/// not a valid scheme, and `'option_invalid'` for an argument of the wrong type.
#[napi(
    ts_args_type = "path: string, options?: SchemeFileOptions | undefined | null",
    ts_return_type = "Promise<Scheme>"
)]
pub fn load_scheme_file(
    path: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<OffThread<BindingScheme>> {
    let path = argument::<String>(path, "path", "a file's path (a string)");
    let options = options
        .map(|o| options_argument::<SchemeFileOptions>(o, "options"))
        .transpose()
        .map(|o| o.flatten().unwrap_or_default());
    OffThread::task(move || load_scheme_file_impl(&path?, &options?))
}
