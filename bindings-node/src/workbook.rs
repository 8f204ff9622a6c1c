//! Excel workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods): a sheet's rows as the text a person sees,
//! with the row numbers Excel shows (`Workbook`, `readWorkbook`, `readSheet`).

use crate::conversion::argument;
use crate::errors::Result;
use crate::tasks::OffThread;
use learner_destinations::Error as CoreError;
use learner_destinations::workbook::{Sheet, Workbook};
use learner_destinations_host::input;
use napi::Either;
use napi::bindgen_prelude::{AsyncTask, Uint8Array, Unknown};
use napi_derive::napi;
use std::path::Path;

/// One used row of a sheet.
#[napi(object, js_name = "SheetRow", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSheetRow {
    /// The row number Excel shows (1-based).
    pub row: u32,
    /// The cells as text: whole numbers without `.0`, dates `YYYY-MM-DD`, booleans
    /// `TRUE`/`FALSE`, errors as Excel shows them (`#N/A`); empty cells before the first used
    /// column included, trailing empty cells left out.
    pub cells: Vec<String>,
}

/// One sheet's used rows.
#[napi(object, js_name = "Sheet", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSheet {
    /// The sheet's name.
    pub name: String,
    /// Its used rows, first to last (rows with no cell are included, with no cells).
    pub rows: Vec<BindingSheetRow>,
}

impl From<Sheet> for BindingSheet {
    fn from(sheet: Sheet) -> Self {
        BindingSheet {
            name: sheet.name().to_string(),
            rows: sheet
                .rows()
                .map(|(row, cells)| BindingSheetRow {
                    // Excel has at most 1,048,576 rows.
                    row: u32::try_from(row).unwrap_or(u32::MAX),
                    cells: cells.into_iter().map(|c| c.into_owned()).collect(),
                })
                .collect(),
        }
    }
}

/// An open Excel workbook. Open one from its bytes (`Workbook.fromBytes`) or a file
/// (`readWorkbook`, `readWorkbookSync`), then read sheets.
#[napi(js_name = "Workbook")]
#[derive(Debug)]
pub struct BindingWorkbook {
    inner: Workbook,
}

fn open(bytes: Vec<u8>) -> Result<BindingWorkbook> {
    Ok(BindingWorkbook {
        inner: Workbook::from_bytes(bytes)?,
    })
}

/// The bytes of a workbook given as a path or as bytes.
fn workbook_bytes(source: Either<String, Uint8Array>) -> WorkbookSource {
    match source {
        Either::A(path) => WorkbookSource::Path(path),
        Either::B(bytes) => WorkbookSource::Bytes(bytes.to_vec()),
    }
}

enum WorkbookSource {
    Path(String),
    Bytes(Vec<u8>),
}

impl WorkbookSource {
    fn read(self) -> Result<Vec<u8>> {
        match self {
            // Read whole by the host, within the stated limit for a workbook
            // (`input_too_large` past it, `input_unreadable` when it cannot be read).
            WorkbookSource::Path(path) => Ok(input::read(
                input::Source::Path(Path::new(&path)),
                &input::WORKBOOK,
            )?),
            WorkbookSource::Bytes(bytes) if bytes.len() as u64 > input::WORKBOOK.limit => {
                Err(CoreError::InputTooLarge {
                    what: input::WORKBOOK.what.to_string(),
                    limit: input::WORKBOOK.limit,
                }
                .into())
            }
            WorkbookSource::Bytes(bytes) => Ok(bytes),
        }
    }
}

#[napi]
impl BindingWorkbook {
    /// Opens a workbook from its bytes (a `Buffer` or `Uint8Array`).
    ///
    /// @throws {Error} `code` `'workbook_protected'` for a password-protected workbook,
    /// `'workbook_unreadable'` for a damaged file or one that is not a workbook; the message
    /// says what to do.
    #[napi(factory)]
    pub fn from_bytes(bytes: Uint8Array) -> Result<BindingWorkbook> {
        open(bytes.to_vec())
    }

    /// The sheet names, in workbook order.
    #[napi(getter)]
    pub fn sheet_names(&self) -> Vec<String> {
        self.inner.sheet_names().to_vec()
    }

    /// The sheet called `name` (case-insensitive), or the first sheet when `name` is left out.
    ///
    /// @throws {Error} `code` `'sheet_not_found'` (the message lists the sheets there are),
    /// `'workbook_unreadable'` when the sheet cannot be read.
    #[napi]
    pub fn sheet(&mut self, name: Option<String>) -> Result<BindingSheet> {
        Ok(self.inner.sheet(name.as_deref())?.into())
    }
}

/// Opens a workbook file (or bytes), blocking until done.
///
/// @throws {Error} `code` `'io'` when the file cannot be read; otherwise as
/// `Workbook.fromBytes`.
#[napi]
pub fn read_workbook_sync(
    #[napi(ts_arg_type = "string | Uint8Array")] source: Either<String, Uint8Array>,
) -> Result<BindingWorkbook> {
    open(workbook_bytes(source).read()?)
}

/// Opens a workbook file (or bytes) off the main thread. The promise rejects with the errors
/// `readWorkbookSync` throws.
#[napi(ts_return_type = "Promise<Workbook>")]
pub fn read_workbook(
    #[napi(ts_arg_type = "string | Uint8Array")] source: Unknown<'_>,
) -> AsyncTask<OffThread<BindingWorkbook>> {
    let source = workbook_argument(source);
    OffThread::task(move || open(source?.read()?))
}

/// A workbook argument of an asynchronous function (see [`crate::conversion::argument`]).
fn workbook_argument(source: Unknown<'_>) -> Result<WorkbookSource> {
    let given: Either<String, Uint8Array> = argument(
        source,
        "source",
        "a path (a string) or the file's bytes (a Uint8Array)",
    )?;
    Ok(workbook_bytes(given))
}

fn read_sheet_impl(source: WorkbookSource, name: Option<&str>) -> Result<BindingSheet> {
    let mut workbook = Workbook::from_bytes(source.read()?)?;
    Ok(workbook.sheet(name)?.into())
}

/// Reads one sheet of a workbook file (or bytes), blocking until done: the sheet called
/// `sheetName` (case-insensitive), or the first.
///
/// @throws {Error} as `readWorkbookSync`, and `code` `'sheet_not_found'`.
#[napi]
pub fn read_sheet_sync(
    #[napi(ts_arg_type = "string | Uint8Array")] source: Either<String, Uint8Array>,
    sheet_name: Option<String>,
) -> Result<BindingSheet> {
    read_sheet_impl(workbook_bytes(source), sheet_name.as_deref())
}

/// Reads one sheet of a workbook file (or bytes) off the main thread. The promise rejects with
/// the errors `readSheetSync` throws.
#[napi(ts_return_type = "Promise<Sheet>")]
pub fn read_sheet(
    #[napi(ts_arg_type = "string | Uint8Array")] source: Unknown<'_>,
    #[napi(ts_arg_type = "string | undefined | null")] sheet_name: Option<Unknown<'_>>,
) -> AsyncTask<OffThread<BindingSheet>> {
    let source = workbook_argument(source);
    let sheet_name = sheet_name
        .map(|n| argument::<Option<String>>(n, "sheetName", "a sheet's name (a string)"))
        .transpose()
        .map(Option::flatten);
    OffThread::task(move || read_sheet_impl(source?, sheet_name?.as_deref()))
}
