//! The bounds of an .ods file, checked before calamine reads it: calamine reads every sheet of
//! an OpenDocument spreadsheet into a dense grid when the file is opened, so the grid each
//! sheet would take (from its first used cell to its last, rows and columns repeated by
//! `table:number-rows-repeated` and `table:number-columns-repeated` counted) is measured first
//! by streaming `content.xml` (within the part budget), and refused beyond
//! [`MAX_ODS_CELLS`](super::MAX_ODS_CELLS) or [`MAX_ODS_CONTENT_BYTES`](super::MAX_ODS_CONTENT_BYTES).

use super::archive::Archive;
use super::xlsx::{attr, next, open_xml};
use super::{MAX_ODS_CELLS, MAX_ODS_CONTENT_BYTES, SHEET_COLUMNS, SHEET_ROWS, too_large};
use crate::error::Result;
use quick_xml::events::Event;

fn refused() -> crate::Error {
    too_large(
        "ods_cells",
        MAX_ODS_CELLS,
        format!(
            "the spreadsheet's sheets span more than {MAX_ODS_CELLS} cells (from each sheet's first used cell to its last) or {} MiB of content, more than is read from an .ods file; save it as .xlsx (whose sheets are read as a stream) or as CSV UTF-8",
            MAX_ODS_CONTENT_BYTES >> 20
        ),
    )
}

fn repeats(value: Option<std::borrow::Cow<'_, str>>) -> u64 {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Refuses an .ods whose sheets would cost more than the limits (see the module documentation).
pub(crate) fn check(archive: &Archive) -> Result<()> {
    let Some(mut xml) = open_xml(archive, "content.xml", "the spreadsheet's content") else {
        return Ok(());
    };
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    // The sheet being read: rows so far, first and last used row, first and last used column.
    let mut row: u64 = 0;
    let mut rows_used: Option<(u64, u64)> = None;
    let mut cols_used: Option<(u64, u64)> = None;
    // The row being read: its repeats, the next column, its first and last used column.
    let mut row_repeats: u64 = 1;
    let mut col: u64 = 0;
    let mut row_cols: Option<(u64, u64)> = None;
    let end_row = |row: &mut u64,
                   repeats: u64,
                   row_cols: &mut Option<(u64, u64)>,
                   rows_used: &mut Option<(u64, u64)>,
                   cols_used: &mut Option<(u64, u64)>,
                   total: &mut u64| {
        if let Some((first, last)) = row_cols.take() {
            let used_last = *row + repeats - 1;
            *rows_used = Some(rows_used.map_or((*row, used_last), |(f, _)| (f, used_last)));
            *cols_used =
                Some(cols_used.map_or((first, last), |(f, l)| (f.min(first), l.max(last))));
            // calamine holds each row's cells up to its last used one.
            *total += last + 1;
        }
        *row = (*row + repeats).min(u64::from(SHEET_ROWS));
    };
    loop {
        if xml.buffer_position() > MAX_ODS_CONTENT_BYTES {
            return Err(refused());
        }
        let (empty, e) = match next(&mut xml, &mut buf)? {
            Event::Start(e) => (false, e),
            Event::Empty(e) => (true, e),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "table-row" => end_row(
                        &mut row,
                        row_repeats,
                        &mut row_cols,
                        &mut rows_used,
                        &mut cols_used,
                        &mut total,
                    ),
                    "table" => {
                        if let (Some((r0, r1)), Some((c0, c1))) =
                            (rows_used.take(), cols_used.take())
                        {
                            total += (r1 - r0 + 1) * (c1 - c0 + 1);
                        }
                        row = 0;
                    }
                    _ => {}
                }
                if total > MAX_ODS_CELLS {
                    return Err(refused());
                }
                continue;
            }
            Event::Eof => return Ok(()),
            _ => continue,
        };
        match e.local_name().as_ref() {
            "table" => {
                row = 0;
                rows_used = None;
                cols_used = None;
            }
            "table-row" => {
                row_repeats = repeats(attr(&e, "number-rows-repeated"))
                    .min(u64::from(SHEET_ROWS).saturating_sub(row))
                    .max(1);
                col = 0;
                row_cols = None;
                if empty {
                    end_row(
                        &mut row,
                        row_repeats,
                        &mut row_cols,
                        &mut rows_used,
                        &mut cols_used,
                        &mut total,
                    );
                }
            }
            "table-cell" | "covered-table-cell" => {
                let n = repeats(attr(&e, "number-columns-repeated"))
                    .min(u64::from(SHEET_COLUMNS).saturating_sub(col))
                    .max(1);
                if !empty || attr(&e, "value-type").is_some() {
                    let last = col + n - 1;
                    row_cols = Some(row_cols.map_or((col, last), |(f, _)| (f, last)));
                }
                col += n;
            }
            _ => {}
        }
    }
}
