//! Empty templates to download, as the portals' "download the template" buttons give them:
//! `templateCsv` (the header row) and `templateXlsx` (a workbook with notes, text columns and
//! the reference lists).

use crate::errors::{BindingError, Result};
use crate::learners::BindingLearnerLists;
use crate::qualifications::BindingQualificationLists;
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv, template_xlsx,
};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

/// An upload template: the WMCA destinations upload, the UCAS Progress learner import, or the
/// UCAS Progress learner qualifications upload.
#[napi(string_enum = "lowercase", js_name = "TemplateKind")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingTemplateKind {
    /// The WMCA destinations upload.
    Destinations,
    /// The UCAS Progress learner import.
    Learners,
    /// The UCAS Progress learner qualifications upload.
    Qualifications,
}

/// The reference lists written into a template workbook; each defaults to the built-in lists.
#[napi(object, js_name = "TemplateLists", object_to_js = false)]
#[derive(Debug, Default)]
pub struct BindingTemplateLists {
    /// Year groups, genders and ethnicities (the learners template's "Lists" sheet).
    pub learners: Option<&'static BindingLearnerLists>,
    /// Qualification types, subjects and grades (the qualifications template's reference
    /// sheets).
    pub qualifications: Option<&'static BindingQualificationLists>,
}

pub(crate) fn template_kind(name: &str) -> Result<TemplateKind> {
    TemplateKind::from_name(name).ok_or_else(|| {
        BindingError::invalid_arg(format!(
            "template '{name}' is not one; use 'destinations', 'learners' or 'qualifications'"
        ))
    })
}

/// The empty template `kind` as CSV text: its header row, starting with a byte-order mark
/// (U+FEFF) so that Excel opens it as UTF-8, and a CRLF line end. Write it as it is.
///
/// @throws {Error} `code` `'option_invalid'` when `kind` is not a template.
#[napi(js_name = "templateCsv")]
pub fn template_csv_text(#[napi(ts_arg_type = "TemplateKind")] kind: String) -> Result<String> {
    let mut out = Vec::new();
    template_csv(template_kind(&kind)?, &mut out)?;
    // The core writes UTF-8 only: the lossy conversion never changes it.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The empty template `kind` as an Excel workbook (.xlsx bytes): the header with a note on each
/// column, every column formatted as text, and the reference lists on their own sheets with
/// drop-down lists (learners: year groups, genders, ethnicities; qualifications: the
/// "Qualification type", "Qualification Subject" and "Qualification Grading" sheets, which
/// `validateQualifications` reads back as the lists). `lists` replaces the built-in lists.
///
/// @throws {Error} `code` `'option_invalid'` when `kind` is not a template; `'io'` when the
/// workbook cannot be written.
#[napi(js_name = "templateXlsx")]
pub fn template_xlsx_bytes(
    #[napi(ts_arg_type = "TemplateKind")] kind: String,
    #[napi(ts_arg_type = "TemplateLists")] lists: Option<BindingTemplateLists>,
) -> Result<Buffer> {
    let kind = template_kind(&kind)?;
    let lists = lists.unwrap_or_default();
    let mut download = DownloadLists::builtin();
    if let Some(l) = lists.learners {
        download.learners = l.lists().clone();
    }
    if let Some(l) = lists.qualifications {
        download.qualifications = l.lists().clone();
    }
    Ok(template_xlsx(kind, &download)?.into())
}
