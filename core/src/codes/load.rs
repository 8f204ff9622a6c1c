//! Reading scheme files (JSON or CSV) into [`Scheme`]s, with errors that name the line and field.

use super::{CodeEntry, CodeType, ILR, Scheme, normalise_code, normalise_qualifier};
use crate::dates::parse_date;
use crate::error::Error;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;
use std::io::Read;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    /// The scheme's name (`name` in the export `destinations codes --json` prints).
    #[serde(alias = "name")]
    scheme: String,
    /// True for a list known to hold only some of the scheme's codes (the built-in WMCA list).
    #[serde(default)]
    partial: bool,
    #[serde(default)]
    title: Option<String>,
    source: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    types: Vec<CodeType>,
    #[serde(default)]
    unassigned: Vec<String>,
    codes: Vec<RawCode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    code: String,
    title: String,
    #[serde(default)]
    ilr_equivalent: Option<String>,
    #[serde(default)]
    qualifier: Option<String>,
    #[serde(default)]
    valid_from: Option<String>,
    #[serde(default)]
    valid_to: Option<String>,
    /// The code's letters, as `destinations codes --json` prints them: checked against the
    /// code.
    #[serde(default, rename = "type")]
    code_type: Option<String>,
    /// Whether the code is valid on the export's as-of date, as `destinations codes --json`
    /// prints it: derived from the validity window, so not read.
    #[serde(default)]
    valid: Option<bool>,
}

/// The file `destinations codes --json` prints: an as-of date and several schemes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchemesFile {
    #[serde(default)]
    #[allow(dead_code)]
    as_of: Option<String>,
    schemes: Vec<RawScheme>,
}

fn scheme_error(source_name: &str, message: String) -> Error {
    Error::Scheme {
        source_name: source_name.to_string(),
        message,
    }
}

fn optional(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn from_raw(raw: RawScheme, source_name: &str) -> crate::Result<Scheme> {
    let rows = raw
        .codes
        .into_iter()
        .enumerate()
        .map(|(i, c)| (format!("code #{}", i + 1), c));
    let mut scheme = build(
        source_name,
        raw.scheme,
        optional(raw.title),
        raw.source,
        optional(raw.version),
        raw.types,
        raw.unassigned,
        rows,
    )?;
    scheme.partial = raw.partial;
    Ok(scheme)
}

impl Scheme {
    /// The scheme in the JSON form [`Scheme::from_json_str`] reads, holding everything the scheme
    /// holds (title, source, version, types, unassigned codes, every code with its ILR
    /// equivalent, qualifier and validity window): `Scheme::from_json_str(&s.to_json(), ..)`
    /// gives `s` back. One writer for every host (the Python binding's `Scheme.to_json` had its
    /// own).
    ///
    /// ```
    /// use learner_destinations::codes::{Scheme, Schemes};
    /// let schemes = Schemes::builtin();
    /// let wmca = schemes.scheme("wmca").unwrap();
    /// let again = Scheme::from_json_str(&wmca.to_json(), "round trip").unwrap();
    /// assert_eq!(&again, wmca);
    /// ```
    pub fn to_json(&self) -> String {
        self.to_json_value().to_string()
    }

    /// [`Scheme::to_json`] as a JSON value.
    pub fn to_json_value(&self) -> serde_json::Value {
        let types: Vec<serde_json::Value> = self
            .types()
            .iter()
            .map(|t| serde_json::json!({"type": t.code_type, "title": t.title}))
            .collect();
        let codes: Vec<serde_json::Value> = self
            .codes()
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.code(),
                    "title": c.title(),
                    "ilr_equivalent": c.ilr_equivalent(),
                    "qualifier": c.qualifier(),
                    "valid_from": c.valid_from().map(|d| d.to_string()),
                    "valid_to": c.valid_to().map(|d| d.to_string()),
                })
            })
            .collect();
        serde_json::json!({
            "scheme": self.name(),
            "partial": self.is_partial(),
            "title": self.title(),
            "source": self.source(),
            "version": self.version(),
            "types": types,
            "unassigned": self.unassigned(),
            "codes": codes,
        })
    }

    /// Reads a scheme from its JSON form:
    ///
    /// ```json
    /// {"scheme": "wmca", "title": "...", "source": "where the list comes from", "version": "2025-04",
    ///  "types": [{"type": "WMCA", "title": "..."}],
    ///  "codes": [{"code": "WMCA1.0", "title": "...", "ilr_equivalent": "EMP1",
    ///             "qualifier": null, "valid_from": null, "valid_to": null}]}
    /// ```
    /// `source_name` names the file in errors.
    pub fn from_json_str(text: &str, source_name: &str) -> crate::Result<Scheme> {
        let raw: RawScheme = serde_json::from_str(text).map_err(|e| {
            scheme_error(
                source_name,
                format!("line {}, column {}: {e}", e.line(), e.column()),
            )
        })?;
        from_raw(raw, source_name)
    }

    /// Reads the schemes of a JSON file: one scheme ([`Scheme::from_json_str`]), or the table
    /// `destinations codes --json` prints, `{"as_of": "YYYY-MM-DD", "schemes": [{"name", ...,
    /// "codes": [{"code", "type", ..., "valid"}]}]}` (`type` is checked against the code,
    /// `valid` and `as_of` are derived and not read), so an exported table loads back.
    pub fn list_from_json_str(text: &str, source_name: &str) -> crate::Result<Vec<Scheme>> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            scheme_error(
                source_name,
                format!("line {}, column {}: {e}", e.line(), e.column()),
            )
        })?;
        if value.get("schemes").is_some() {
            let raw: RawSchemesFile = serde_json::from_value(value)
                .map_err(|e| scheme_error(source_name, e.to_string()))?;
            if raw.schemes.is_empty() {
                return Err(scheme_error(
                    source_name,
                    "'schemes' is empty; give at least one scheme".to_string(),
                ));
            }
            raw.schemes
                .into_iter()
                .map(|s| from_raw(s, source_name))
                .collect()
        } else {
            Ok(vec![Scheme::from_json_str(text, source_name)?])
        }
    }

    /// Reads a scheme from CSV with the header `code,title,ilr_equivalent,qualifier,valid_from,valid_to`
    /// (any order, case-insensitive; the last four may be left empty or left out). A `scheme`
    /// column, if present, must hold one name throughout; otherwise `name` is used. `source`
    /// says where the list comes from (kept with the scheme).
    pub fn from_csv_reader<R: Read>(reader: R, name: &str, source: &str) -> crate::Result<Scheme> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(reader);
        let headers = rdr
            .headers()
            .map_err(|e| scheme_error(name, format!("header: {e}")))?
            .clone();
        let col = |want: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(want))
        };
        let (Some(code_col), Some(title_col)) = (col("code"), col("title")) else {
            return Err(scheme_error(
                name,
                format!(
                    "the header must have 'code' and 'title' columns (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        let (eq_col, q_col, from_col, to_col, scheme_col) = (
            col("ilr_equivalent"),
            col("qualifier"),
            col("valid_from"),
            col("valid_to"),
            col("scheme"),
        );
        let mut scheme_name: Option<String> = None;
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(i as u64 + 2, |p| p.line());
                scheme_error(name, format!("line {line}: {e}"))
            })?;
            let line = rec.position().map_or(i as u64 + 2, |p| p.line());
            // A value over several lines is a quote that was opened and not closed: the codes
            // after it would be read into it, unseen.
            let breaks: usize = rec
                .iter()
                .map(|f| {
                    f.bytes().filter(|&b| b == b'\n').count()
                        + usize::from(f.contains('\r') && !f.contains('\n'))
                })
                .sum();
            if breaks > 0 {
                return Err(scheme_error(
                    name,
                    format!(
                        "line {line}: a value runs over {} lines, to line {} (a quote opened and not closed?); close the quote, or take the line break out of the value",
                        breaks + 1,
                        line + breaks as u64
                    ),
                ));
            }
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::to_string);
            if let Some(s) = get(scheme_col)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                match &scheme_name {
                    Some(prev) if !prev.eq_ignore_ascii_case(&s) => {
                        return Err(scheme_error(
                            name,
                            format!(
                                "line {line}: scheme '{s}' differs from '{prev}'; one file holds one scheme"
                            ),
                        ));
                    }
                    _ => scheme_name = Some(s),
                }
            }
            rows.push((
                format!("line {line}"),
                RawCode {
                    code: get(Some(code_col)).unwrap_or_default(),
                    title: get(Some(title_col)).unwrap_or_default(),
                    ilr_equivalent: get(eq_col),
                    qualifier: get(q_col),
                    valid_from: get(from_col),
                    valid_to: get(to_col),
                    code_type: None,
                    valid: None,
                },
            ));
        }
        build(
            name,
            scheme_name.unwrap_or_else(|| name.to_string()),
            None,
            source.to_string(),
            None,
            Vec::new(),
            Vec::new(),
            rows.into_iter(),
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    source_name: &str,
    name: String,
    title: Option<String>,
    source: String,
    version: Option<String>,
    mut types: Vec<CodeType>,
    unassigned: Vec<String>,
    rows: impl Iterator<Item = (String, RawCode)>,
) -> crate::Result<Scheme> {
    let name = name.trim().to_ascii_lowercase();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(scheme_error(
            source_name,
            format!("scheme name '{name}' must be letters, digits, '-' or '_'"),
        ));
    }
    let mut codes: Vec<CodeEntry> = Vec::new();
    let mut seen = HashSet::new();
    for (at, raw) in rows {
        let code = normalise_code(&raw.code);
        let type_len = code
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(code.len());
        let number = &code[type_len..];
        let number_ok = !number.is_empty()
            && number.split('.').count() <= 2
            && number
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if type_len == 0 || !number_ok {
            return Err(scheme_error(
                source_name,
                format!(
                    "{at}: code '{}' must be letters then a number (e.g. EMP1, WMCA1.0)",
                    raw.code
                ),
            ));
        }
        if let Some(t) = raw.code_type.as_deref().map(str::trim) {
            if !t.eq_ignore_ascii_case(&code[..type_len]) {
                return Err(scheme_error(
                    source_name,
                    format!(
                        "{at}: code '{code}' has type '{t}', but its letters are '{}'",
                        &code[..type_len]
                    ),
                ));
            }
        }
        let _ = raw.valid;
        if !seen.insert(code.clone()) {
            return Err(scheme_error(
                source_name,
                format!("{at}: code '{code}' appears twice"),
            ));
        }
        let title = raw.title.trim().to_string();
        if title.is_empty() {
            return Err(scheme_error(
                source_name,
                format!("{at}: code '{code}' has no title"),
            ));
        }
        let date = |v: Option<String>, field: &str| -> crate::Result<Option<NaiveDate>> {
            match optional(v) {
                None => Ok(None),
                Some(s) => parse_date(&s).map(Some).map_err(|r| {
                    scheme_error(source_name, format!("{at}: {field}: {}", r.message))
                }),
            }
        };
        let valid_from = date(raw.valid_from, "valid_from")?;
        let valid_to = date(raw.valid_to, "valid_to")?;
        if let (Some(f), Some(t)) = (valid_from, valid_to) {
            if f > t {
                return Err(scheme_error(
                    source_name,
                    format!(
                        "{at}: code '{code}' is valid from {f} to {t}: the end is before the start"
                    ),
                ));
            }
        }
        let ilr_equivalent = optional(raw.ilr_equivalent).map(|e| normalise_code(&e));
        if name == ILR && ilr_equivalent.is_some() {
            return Err(scheme_error(
                source_name,
                format!("{at}: ILR code '{code}' cannot have an ILR equivalent"),
            ));
        }
        let qualifier = optional(raw.qualifier).map(|q| normalise_qualifier(&q));
        if qualifier.is_some() && ilr_equivalent.is_none() {
            return Err(scheme_error(
                source_name,
                format!(
                    "{at}: code '{code}' has a qualifier but no ILR equivalent for it to refine"
                ),
            ));
        }
        codes.push(CodeEntry {
            scheme: name.clone(),
            code,
            title,
            ilr_equivalent,
            qualifier,
            valid_from,
            valid_to,
            type_len,
        });
    }
    if codes.is_empty() {
        return Err(scheme_error(
            source_name,
            "the scheme has no codes".to_string(),
        ));
    }
    // Two codes refining one ILR code with the same qualifier (or both without one) make the
    // old -> new choice ambiguous.
    let mut choice = HashSet::new();
    for c in &codes {
        if let Some(eq) = &c.ilr_equivalent {
            if !choice.insert((eq.clone(), c.qualifier.clone())) {
                return Err(scheme_error(
                    source_name,
                    format!(
                        "code '{}' refines {eq} with qualifier '{}' like another code; qualifiers must tell them apart",
                        c.code,
                        c.qualifier.as_deref().unwrap_or("(none)")
                    ),
                ));
            }
        }
    }
    for c in &codes {
        let t = c.code_type();
        if !types.iter().any(|ty| ty.code_type == t) {
            types.push(CodeType {
                code_type: t.to_string(),
                title: t.to_string(),
            });
        }
    }
    Ok(Scheme {
        name: name.clone(),
        title: title.unwrap_or_else(|| format!("{name} destination codes")),
        source,
        version: version.unwrap_or_default(),
        types,
        unassigned: unassigned.iter().map(|u| normalise_code(u)).collect(),
        codes,
        partial: false,
    })
}

impl Scheme {
    /// Reads the text of a scheme file, JSON or CSV, as the CLI's `--schemes FILE` and the
    /// bindings' `load_scheme` do. `file_name` names the file in messages.
    ///
    /// JSON when `file_name` ends in `.json` (any case) or the text starts with `{`; otherwise
    /// CSV (see [`Scheme::from_csv_reader`]), whose scheme is named after the file's stem unless
    /// it has a `scheme` column, with the source "loaded from FILE". A UTF-8 byte-order mark (as
    /// Excel writes "CSV UTF-8") is ignored.
    ///
    /// ```
    /// use learner_destinations::codes::Scheme;
    /// let csv = "code,title,ilr_equivalent\nLCR1.0,In paid employment,EMP1\n";
    /// let scheme = Scheme::from_file_text(csv, "exports/lcr.csv").unwrap();
    /// assert_eq!(scheme.name(), "lcr");
    /// assert_eq!(scheme.source(), "loaded from exports/lcr.csv");
    /// ```
    pub fn from_file_text(text: &str, file_name: &str) -> crate::Result<Scheme> {
        let mut schemes = Scheme::list_from_file_text(text, file_name)?;
        if schemes.len() != 1 {
            return Err(scheme_error(
                file_name,
                format!(
                    "the file holds {} schemes ({}); load it where several schemes are read (the command line's --schemes), or keep one",
                    schemes.len(),
                    schemes
                        .iter()
                        .map(Scheme::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(schemes.remove(0))
    }

    /// The schemes of a scheme file: JSON ([`Scheme::list_from_json_str`]: one scheme, or the
    /// table `destinations codes --json` prints) or CSV ([`Scheme::from_csv_reader`]). A CSV
    /// scheme is named by its content, never by the file's name: its `scheme` column, else the
    /// letters every code shares (`WMCA1.0`, `WMCA2.0` → `wmca`, so `wmca-full.csv` replaces the
    /// built-in partial WMCA list); codes with different letters and no `scheme` column are
    /// refused.
    pub fn list_from_file_text(text: &str, file_name: &str) -> crate::Result<Vec<Scheme>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let path = std::path::Path::new(file_name);
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        if is_json {
            Scheme::list_from_json_str(text, file_name)
        } else {
            let name = csv_scheme_name(text, file_name)?;
            Ok(vec![Scheme::from_csv_reader(
                text.as_bytes(),
                &name,
                &format!("loaded from {file_name}"),
            )?])
        }
    }
}

/// A CSV scheme's name when it has no `scheme` column: the letters all its codes share, lower
/// case. (With a `scheme` column, [`Scheme::from_csv_reader`] takes that name instead.)
fn csv_scheme_name(text: &str, file_name: &str) -> crate::Result<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| scheme_error(file_name, format!("header: {e}")))?
        .clone();
    let col = |want: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
    };
    if col("scheme").is_some() {
        // from_csv_reader reads the column; this name is used only if every value is blank.
        return Ok("user".to_string());
    }
    let Some(code_col) = col("code") else {
        return Ok("user".to_string());
    };
    let mut letters: Option<String> = None;
    for rec in rdr.records().flatten() {
        let code = normalise_code(rec.get(code_col).unwrap_or_default());
        let end = code
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(code.len());
        let these = code[..end].to_ascii_lowercase();
        if these.is_empty() {
            continue;
        }
        match &letters {
            None => letters = Some(these),
            Some(l) if *l != these => {
                return Err(scheme_error(
                    file_name,
                    format!(
                        "the codes have different letters ('{}' and '{these}') and there is no 'scheme' column to name the scheme; add a 'scheme' column (e.g. wmca) to every row",
                        l.to_ascii_uppercase()
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(letters.unwrap_or_else(|| "user".to_string()))
}

#[cfg(test)]
mod file_text_tests {
    use super::*;

    /// An unclosed quote would read every later code into one title: refused, naming the line.
    #[test]
    fn a_csv_value_over_several_lines_is_refused_with_its_line() {
        let text = "code,title\nOTH1,Other\nOTH2,\"Unclosed title\nOTH3,Third\nOTH4,Fourth\n";
        let e = Scheme::from_csv_reader(text.as_bytes(), "mine", "test").unwrap_err();
        assert_eq!(e.code(), "scheme_invalid");
        let message = e.to_string();
        assert!(message.contains("line 3:"), "{message}");
        assert!(message.contains("to line 6"), "{message}");
        assert!(message.contains("close the quote"), "{message}");
        // A ragged row names its line too.
        let e =
            Scheme::from_csv_reader("code,title\nOTH1,Other,extra\n".as_bytes(), "mine", "test")
                .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        // A closed quote with a comma inside is fine.
        let ok = Scheme::from_csv_reader(
            "code,title\nOTH1,\"Other, of a kind\"\n".as_bytes(),
            "mine",
            "test",
        )
        .unwrap();
        assert_eq!(ok.codes().len(), 1);
    }

    #[test]
    fn json_or_csv_by_name_or_content() {
        let json =
            r#"{"scheme": "lcr", "source": "test", "codes": [{"code": "LCR1", "title": "Job"}]}"#;
        assert_eq!(
            Scheme::from_file_text(json, "any.txt").unwrap().name(),
            "lcr"
        );
        let e = Scheme::from_file_text("code,title\nX1,Y\n", "bad.JSON").unwrap_err();
        assert_eq!(e.code(), "scheme_invalid");
        let csv = "\u{feff}code,title\nLCR1,Job\n";
        let s = Scheme::from_file_text(csv, "dir/lcr.csv").unwrap();
        assert_eq!((s.name(), s.codes().len()), ("lcr", 1));
        assert_eq!(s.source(), "loaded from dir/lcr.csv");
    }
}
