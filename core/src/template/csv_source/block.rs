//! The fast path of [`super::CsvSource`]: a whole line in the buffer, split at its delimiters
//! found [`BLOCK`] bytes at a time with bit masks (SSE2 compares on x86-64, plain integer
//! arithmetic elsewhere), for rows whose quoted cells are simple. Every other row goes to the
//! byte-by-byte reader in the parent module, which is the reference the tests check this
//! path against.

use super::{FIELD_BYTES_KEPT, RawRecord};
use crate::template::MAX_COLUMNS;

/// Bytes the fast path ([`RawRecord::whole_line`]) looks at together: one bit per byte in a
/// `u64` mask.
pub(super) const BLOCK: usize = 64;

/// Where one block's structural bytes are: bit `j` is set when byte `j` of the block is a
/// delimiter, a quote, or a line end (`\n` or `\r`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    delims: u64,
    quotes: u64,
    ends: u64,
}

/// The masks of the [`BLOCK`] bytes of `buf` from `start` (see [`block_masks`]), and how many
/// of them are in `buf`. The bytes are read where they are; a block that runs past the end of
/// `buf` is copied and padded with zeros ([`tail_masks`]), which match no structural byte, so
/// a line near the end of the buffer can still take the fast path.
#[inline]
fn masks_at(buf: &[u8], start: usize, delim: u8) -> (Masks, usize) {
    match buf
        .get(start..start.saturating_add(BLOCK))
        .and_then(|b| <&[u8; BLOCK]>::try_from(b).ok())
    {
        Some(block) => (block_masks(block, delim), BLOCK),
        None => tail_masks(buf, start, delim),
    }
}

/// [`masks_at`] for a block that runs past the end of `buf` (once per buffer or so).
#[cold]
#[inline(never)]
fn tail_masks(buf: &[u8], start: usize, delim: u8) -> (Masks, usize) {
    let rest = buf.get(start..).unwrap_or_default();
    let mut padded = [0u8; BLOCK];
    let real = rest.len().min(BLOCK);
    for (p, b) in padded.iter_mut().zip(rest) {
        *p = *b;
    }
    (block_masks(&padded, delim), real)
}

/// The masks of one block, eight bytes at a time in plain integer arithmetic. For each word,
/// the bytes equal to a given byte get their high bit set (exactly, with no false match: a
/// byte is zero after the XOR when its low seven bits carry nothing into the high bit and its
/// high bit is clear), then one multiplication gathers the eight high bits into the top byte,
/// in byte order.
///
/// This is the portable way; on x86-64, [`block_masks`] uses SSE2 compares instead (through
/// `safe_arch`: `std::arch` intrinsics need `unsafe` to call on stable Rust, which the crate
/// forbids; written as a loop of byte compares, the compiler builds the masks bit by bit with
/// byte shuffles, which is slower than this).
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[inline]
fn block_masks_swar(block: &[u8; BLOCK], delim: u8) -> Masks {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    /// The high bit of each byte of `word` equal to the byte repeated in `splat`.
    #[inline(always)]
    fn equal(word: u64, splat: u64) -> u64 {
        let x = word ^ splat;
        !(((x & LOW7) + LOW7) | x) & HIGH
    }
    /// The high bits of the eight bytes, as eight bits (byte 0 in bit 0): bit `8i + 7` times
    /// bit `7(7 - i)` of the multiplier lands on bit `56 + i`, and no two products meet.
    #[inline(always)]
    fn gather(high: u64) -> u64 {
        high.wrapping_mul(0x0002_0408_1020_4081) >> 56
    }
    let (d, q) = (ONES * u64::from(delim), ONES * u64::from(b'"'));
    let (lf, cr) = (ONES * u64::from(b'\n'), ONES * u64::from(b'\r'));
    let mut m = Masks::default();
    for (k, bytes) in block.chunks_exact(8).enumerate() {
        let word = &u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        let shift = 8 * k;
        m.delims |= gather(equal(*word, d)) << shift;
        m.quotes |= gather(equal(*word, q)) << shift;
        m.ends |= gather(equal(*word, lf) | equal(*word, cr)) << shift;
    }
    m
}

/// The masks of one block: on x86-64, sixteen bytes at a time with SSE2 byte compares and
/// `pmovmskb` (the same masks as [`block_masks_swar`], tested against it).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn block_masks(block: &[u8; BLOCK], delim: u8) -> Masks {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let splat = |b: u8| set_splat_i8_m128i(i8::from_le_bytes([b]));
    let (d, q, lf, cr) = (splat(delim), splat(b'"'), splat(b'\n'), splat(b'\r'));
    let mut m = Masks::default();
    for (k, lanes) in block.chunks_exact(16).enumerate() {
        let Ok(lanes) = <&[u8; 16]>::try_from(lanes) else {
            continue;
        };
        let v = load_unaligned_m128i(lanes);
        let shift = 16 * k;
        // The sixteen lane masks, byte 0 in bit 0.
        let bits = |lanes: m128i| u64::from(move_mask_i8_m128i(lanes) as u16) << shift;
        m.delims |= bits(cmp_eq_mask_i8_m128i(v, d));
        m.quotes |= bits(cmp_eq_mask_i8_m128i(v, q));
        m.ends |= bits(bitor_m128i(
            cmp_eq_mask_i8_m128i(v, lf),
            cmp_eq_mask_i8_m128i(v, cr),
        ));
    }
    m
}

/// The masks of one block (the portable way, where SSE2 is not there).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn block_masks(block: &[u8; BLOCK], delim: u8) -> Masks {
    block_masks_swar(block, delim)
}

/// Which bytes of a block are inside quotes, from its quote bits: bit `j` is the parity of the
/// quotes up to and including byte `j` (a prefix XOR, in six shift-and-XOR steps). An opening
/// quote is inside, its closing quote outside. The caller flips the result when the block
/// starts inside quotes.
#[inline]
fn inside_quotes(quotes: u64) -> u64 {
    let mut x = quotes;
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

impl RawRecord {
    /// The fast path for the common row: a whole line in `buf` whose quoted cells (if any) are
    /// simple, with no cell that could be too long, is kept in one copy and split at its
    /// delimiters. Returns the bytes used (line end included), or `None` (with nothing kept) to
    /// read the row byte by byte.
    ///
    /// A simple quoted cell starts with `"` and its next quote is followed by the delimiter or
    /// the line end: no `""`, no text after the closing quote, no line break inside. Such a
    /// cell reads as the bytes between its quotes, as the byte-by-byte reader reads it; any
    /// other quote (a `""`, a stray quote in an unquoted cell, a line break inside quotes, which
    /// makes one row of several lines) sends the row to the byte-by-byte reader, so those cases
    /// have one implementation only.
    ///
    /// The line's bytes are copied to the record's `bytes` when `copy`; otherwise the caller
    /// takes them from `buf` itself.
    #[inline]
    pub(super) fn whole_line(&mut self, buf: &[u8], delim: u8, copy: bool) -> Option<usize> {
        let used = self.split_line(buf, delim, copy);
        if used.is_none() {
            self.spans.clear();
        }
        self.whole_line = used.is_some();
        used
    }

    /// [`RawRecord::whole_line`] without the clean-up when the row is refused.
    ///
    /// The line is scanned [`BLOCK`] bytes at a time, with three bit masks per block
    /// (delimiters, quotes, line ends; see [`block_masks`]). Which bytes are inside quotes is
    /// the running parity of the quote bits ([`inside_quotes`]), carried from block to block;
    /// delimiters and line ends inside quotes are not cell or row ends. Every quote must then be
    /// in its place: one that opens must follow a delimiter or start the line, one that closes
    /// must be followed by a delimiter or the line end. Those two checks look one byte across
    /// the block edge, so the last byte's facts are carried too.
    #[inline]
    fn split_line(&mut self, buf: &[u8], delim: u8, copy: bool) -> Option<usize> {
        let mut block_start = 0;
        let mut cell_start = 0;
        // All ones when the block starts inside quotes.
        let mut in_quotes = 0u64;
        // Bit 0: the byte before the block is a delimiter, or the block starts the line.
        let mut after_delim = 1u64;
        // Bit 0: the byte before the block is a closing quote.
        let mut after_close = 0u64;
        loop {
            let (m, real) = masks_at(buf, block_start, delim);
            // Padding never matches, so a line end found is a real byte.
            let end = m.ends.trailing_zeros() as usize;
            let through_end = if end >= BLOCK {
                u64::MAX
            } else {
                u64::MAX >> (BLOCK - 1 - end)
            };
            let inside = inside_quotes(m.quotes) ^ in_quotes;
            let opening = m.quotes & inside;
            let closing = m.quotes & !inside;
            let misplaced = (opening & !((m.delims << 1) | after_delim))
                | (((closing << 1) | after_close) & !(m.delims | m.ends))
                | (m.ends & inside);
            if misplaced & through_end != 0 {
                return None;
            }
            let mut cell_ends = m.delims & !inside & through_end;
            while cell_ends != 0 {
                let at = block_start + cell_ends.trailing_zeros() as usize;
                self.push_cell(buf, cell_start, at);
                cell_start = at + 1;
                cell_ends &= cell_ends - 1;
            }
            if end < BLOCK {
                let line_end = block_start + end;
                // A line this short has no cell to cut; a wider row is counted byte by byte.
                if line_end > FIELD_BYTES_KEPT || self.spans.len() >= MAX_COLUMNS {
                    return None;
                }
                self.push_cell(buf, cell_start, line_end);
                if copy {
                    self.bytes.extend_from_slice(buf.get(..line_end)?);
                }
                return Some(line_end + 1);
            }
            if real < BLOCK {
                // The line goes on past the buffer: the byte-by-byte reader reads on.
                return None;
            }
            in_quotes = 0u64.wrapping_sub(inside >> 63);
            after_delim = m.delims >> 63;
            after_close = closing >> 63;
            block_start += BLOCK;
            if block_start > FIELD_BYTES_KEPT {
                return None;
            }
        }
    }

    /// Keeps the cell at `start..end` of a line [`RawRecord::split_line`] checked: without its
    /// quotes when it is quoted (the closing quote is then the byte before `end`).
    #[inline]
    fn push_cell(&mut self, line: &[u8], start: usize, end: usize) {
        let quoted = usize::from(line.get(start) == Some(&b'"'));
        self.spans.push((start + quoted, end - quoted));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_masks_find_every_structural_byte() {
        let bytes: Vec<u8> = (0..=255u8)
            .chain(b",\"\n\r\t,a\"".iter().copied())
            .collect();
        for start in 0..bytes.len() {
            for delim in [b',', b'\t'] {
                let (m, real) = masks_at(&bytes, start, delim);
                let mut block = [0u8; BLOCK];
                for (p, b) in block.iter_mut().zip(bytes.iter().skip(start)) {
                    *p = *b;
                }
                assert_eq!(block_masks(&block, delim), m, "start {start}");
                assert_eq!(block_masks_swar(&block, delim), m, "start {start}");
                let mut want = Masks::default();
                for (j, b) in bytes.iter().skip(start).take(BLOCK).enumerate() {
                    want.delims |= u64::from(*b == delim) << j;
                    want.quotes |= u64::from(*b == b'"') << j;
                    want.ends |= u64::from(*b == b'\n' || *b == b'\r') << j;
                }
                assert_eq!(m, want, "start {start}");
                assert_eq!(real, (bytes.len() - start).min(BLOCK));
            }
        }
    }

    #[test]
    fn inside_quotes_is_the_running_parity() {
        for quotes in [
            0u64,
            1,
            0b1001,
            u64::MAX,
            1 << 63,
            0x8000_0000_0000_0001,
            0x0F0F,
        ] {
            let mut want = 0u64;
            let mut inside = false;
            for j in 0..64 {
                inside ^= quotes >> j & 1 == 1;
                want |= u64::from(inside) << j;
            }
            assert_eq!(inside_quotes(quotes), want, "{quotes:#x}");
        }
    }
}
