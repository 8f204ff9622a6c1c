//! [`Fields`] (a row of text cells stored in one buffer) and [`Record`] (a row as a source read
//! it, with its Excel row number). Both are reused from row to row, so reading a file does not
//! allocate per row once the buffers have grown to the widest row.

/// A row of text cells: one `String` and the span of each cell in it, reused from row to row.
/// (A source may keep a whole line, delimiters included, and point into it.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Fields {
    /// An empty row.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Removes every cell, keeping the buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: &str) {
        let start = self.text.len();
        self.text.push_str(cell);
        self.spans.push((start, self.text.len()));
    }

    /// Appends a cell made of several pieces (no intermediate `String`).
    pub fn push_pieces(&mut self, pieces: &[&str]) {
        let start = self.text.len();
        for p in pieces {
            self.text.push_str(p);
        }
        self.spans.push((start, self.text.len()));
    }

    /// Appends a cell with its ASCII letters in upper case.
    pub fn push_ascii_uppercase(&mut self, cell: &str) {
        let start = self.text.len();
        self.text.push_str(cell);
        self.text[start..].make_ascii_uppercase();
        self.spans.push((start, self.text.len()));
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there is no cell.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The cell at `index` (0-based), if there is one.
    #[inline]
    pub fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = *self.spans.get(index)?;
        self.text.get(start..end)
    }

    /// The bytes of the cell at `index` (0-based), if there is one (no character-boundary
    /// check: for byte-wise quick checks).
    #[inline]
    pub(crate) fn get_bytes(&self, index: usize) -> Option<&[u8]> {
        let (start, end) = *self.spans.get(index)?;
        self.text.as_bytes().get(start..end)
    }

    /// The text's bytes and each cell's span in them: for quick checks over every cell.
    #[inline]
    pub(crate) fn raw_parts(&self) -> (&[u8], &[(usize, usize)]) {
        (self.text.as_bytes(), &self.spans)
    }

    /// The cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|(s, e)| self.text.get(*s..*e).unwrap_or_default())
    }

    /// The text the cells are in (with whatever a source kept between them).
    pub(crate) fn as_text(&self) -> &str {
        &self.text
    }

    /// Replaces the cells with a copy of `line` and the cells' `spans` in it (swapped in, as
    /// [`Fields::replace_with`] does): for a line taken from a reader's buffer of text.
    /// Spans must lie on character boundaries of `line` (else those cells read as absent).
    #[inline]
    pub(crate) fn set_line(&mut self, line: &str, spans: &mut Vec<(usize, usize)>) {
        self.text.clear();
        self.text.push_str(line);
        std::mem::swap(&mut self.spans, spans);
    }

    /// Replaces the cells with `text` and the cells' `spans` in it, returning the previous text
    /// buffer (emptied, its capacity kept) so a reader can reuse it: no copy of the row.
    /// Spans must lie on character boundaries of `text` (else those cells read as absent). The
    /// spans are swapped in too: `spans` gets the previous ones back (to be cleared and reused).
    /// Inlined: a CSV source calls it for every row, and as a call its returned `String` went
    /// through memory and was read back before the store had completed.
    #[inline]
    pub(crate) fn replace_with(&mut self, text: String, spans: &mut Vec<(usize, usize)>) -> String {
        let mut old = std::mem::replace(&mut self.text, text);
        old.clear();
        std::mem::swap(&mut self.spans, spans);
        old
    }
}

/// What a workbook cell held, as far as the checks care: text (or a date, a boolean), a number
/// (a spreadsheet may have dropped its leading zeros), or a spreadsheet error such as `#N/A`
/// (its text is the error, not data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellKind {
    /// Text, a date or a boolean (and every CSV cell).
    #[default]
    Text,
    /// A number, shown as the spreadsheet would (`997732`).
    Number,
    /// A spreadsheet error: `#N/A`, `#DIV/0!`, `#NAME?`, `#REF!`, `#VALUE!`, `#NUM!`, `#NULL!`.
    Error,
}

/// One row as a source read it: the cells as text, and the row number as Excel shows it
/// (header = row 1; blank lines count, as Excel shows them; a quoted cell spanning several lines
/// is one row).
///
/// A CSV source fills it from bytes; a workbook source would fill it from sheet cells. The
/// engine checks it against a template.
#[derive(Debug, Clone, Default)]
pub struct Record {
    row: u64,
    cells: Fields,
    /// Cells a workbook held as something other than text (a number, a spreadsheet error):
    /// (cell index, kind), in cell order; empty for CSV and for text cells.
    kinds: Vec<(usize, CellKind)>,
    /// Cells cut short because they were longer than a source keeps: (cell index, full length
    /// in characters).
    cut: Vec<(usize, u64)>,
    /// Cells beyond the most a source keeps per row: counted, not stored.
    dropped: u64,
    /// The cell whose opening quote never closed (the rest of the file was read into it).
    unclosed_quote: Option<usize>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Record {
        Record::default()
    }

    /// Empties the record for the next row (keeps the buffers).
    pub fn clear(&mut self) {
        self.row = 0;
        self.cells.clear();
        self.kinds.clear();
        self.cut.clear();
        self.dropped = 0;
        self.unclosed_quote = None;
    }

    /// Sets the row number (Excel numbering: header = 1).
    pub fn set_row(&mut self, row: u64) {
        self.row = row;
    }

    /// Notes that cell `index` was held by a workbook as `kind` (a text cell needs no note).
    pub fn note_kind(&mut self, index: usize, kind: CellKind) {
        if kind != CellKind::Text {
            self.kinds.push((index, kind));
        }
    }

    /// What cell `index` was in the workbook: [`CellKind::Text`] for a CSV row.
    #[inline]
    pub fn cell_kind(&self, index: usize) -> CellKind {
        if self.kinds.is_empty() {
            return CellKind::Text;
        }
        self.kinds
            .iter()
            .find(|(i, _)| *i == index)
            .map_or(CellKind::Text, |(_, k)| *k)
    }

    /// True when a cell held a spreadsheet error (`#N/A`, `#DIV/0!`...).
    #[inline]
    pub fn has_error_cells(&self) -> bool {
        self.kinds.iter().any(|(_, k)| *k == CellKind::Error)
    }

    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        self.row
    }

    /// Appends a cell.
    pub fn push_cell(&mut self, cell: &str) {
        self.cells.push(cell);
    }

    /// The cells as read (a cut cell holds only its start).
    pub fn cells(&self) -> &Fields {
        &self.cells
    }

    /// Number of fields the row had in the file, including any not stored.
    pub fn field_count(&self) -> u64 {
        self.cells.len() as u64 + self.dropped
    }

    /// The full length in characters of cell `index` when the source cut it short.
    pub fn cut_length(&self, index: usize) -> Option<u64> {
        self.cut.iter().find(|(i, _)| *i == index).map(|(_, n)| *n)
    }

    /// True when a cell of the row was cut short (see [`Record::cut_length`]).
    #[inline]
    pub fn has_cuts(&self) -> bool {
        !self.cut.is_empty()
    }

    /// The cell whose opening quote never closed, if any.
    pub fn unclosed_quote(&self) -> Option<usize> {
        self.unclosed_quote
    }

    /// True when the row has no content: no cell, or only empty or blank cells.
    #[inline]
    pub fn is_blank(&self) -> bool {
        // Most rows start with a value: say so without walking the cells.
        if self.cells.get_bytes(0).is_some_and(|b| {
            b.first()
                .is_some_and(|c| crate::identifiers::is_visible_ascii(*c))
        }) {
            return false;
        }
        self.unclosed_quote.is_none()
            && self.dropped == 0
            && self
                .cells
                .iter()
                .all(|c| crate::identifiers::trimmed(c).is_empty())
    }

    pub(crate) fn cells_mut(&mut self) -> &mut Fields {
        &mut self.cells
    }

    pub(crate) fn note_cut(&mut self, index: usize, full_chars: u64) {
        self.cut.push((index, full_chars));
    }

    pub(crate) fn note_dropped(&mut self) {
        self.dropped += 1;
    }

    pub(crate) fn note_dropped_many(&mut self, cells: u64) {
        self.dropped += cells;
    }

    pub(crate) fn note_unclosed_quote(&mut self, index: usize) {
        self.unclosed_quote = Some(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_reuse_and_index() {
        let mut f = Fields::new();
        f.push("a");
        f.push("");
        f.push_pieces(&["b", "c"]);
        f.push_ascii_uppercase("z0é");
        assert_eq!(f.len(), 4);
        assert_eq!(f.get(3), Some("Z0é"));
        assert_eq!(f.get(0), Some("a"));
        assert_eq!(f.get(1), Some(""));
        assert_eq!(f.get(2), Some("bc"));
        assert_eq!(f.get(4), None);
        assert_eq!(f.iter().collect::<Vec<_>>(), ["a", "", "bc", "Z0é"]);
        f.clear();
        assert!(f.is_empty());
        assert_eq!(f.get(0), None);
    }

    #[test]
    fn blank_records() {
        let mut r = Record::new();
        assert!(r.is_blank());
        r.push_cell(" ");
        r.push_cell("");
        assert!(r.is_blank());
        r.push_cell("x");
        assert!(!r.is_blank());
        r.clear();
        r.push_cell("");
        r.note_dropped();
        assert!(!r.is_blank(), "a row with dropped cells is not blank");
        assert_eq!(r.field_count(), 2);
    }
}
