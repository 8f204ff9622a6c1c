//! Characters a cell should not carry into the errors file as they are: C0 controls (but tab,
//! line feed and carriage return, which CSV quotes), delete, C1 controls and the Unicode
//! bidirectional overrides and isolates. A NUL, or many control bytes, make the CSV reader
//! refuse a file as binary data, so an errors file holding them could not be uploaded again;
//! a bidirectional override makes a spreadsheet show a value reordered (Trojan Source,
//! CVE-2021-42574). The errors file shows each such character as a visible symbol instead
//! ([`shown`]) and the row carries a [`CONTROL_CHARACTERS`] finding naming the column, so
//! nothing is lost silently and the file stays loadable.

use crate::finding::{FindingKind, Severity};
use std::borrow::Cow;
use std::fmt::Write as _;

/// A cell of a rejected row holds control characters or bidirectional overrides.
pub static CONTROL_CHARACTERS: FindingKind = FindingKind {
    code: "control_characters",
    severity: Severity::Warning,
    summary: "A cell of a rejected row holds control characters (NUL, escape, C1 controls) or bidirectional overrides; the errors file shows each as a visible symbol (␀, ␛, [U+202E]) so that it can be opened and uploaded again: delete them.",
    source: "The CSV reader's binary-data check (a NUL or many control bytes refuse a file as not CSV, so an errors file carrying them could not be uploaded again); Unicode Control Pictures (U+2400 to U+2421); Trojan Source, CVE-2021-42574 (bidirectional overrides)",
    mirrors: None,
};

/// True for a character the errors file shows as a symbol (see the module documentation).
pub(crate) fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when `text` may hold such a character: a byte below space other than tab, line feed
/// and carriage return, delete, or the first byte of a C1 control (0xC2) or of a bidirectional
/// control (0xE2) in UTF-8. A quick test before the exact one.
#[inline]
fn may_hold(text: &str) -> bool {
    text.bytes().any(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7f | 0xc2 | 0xe2)
    })
}

/// True when `text` holds a character [`is_control`] names.
pub(crate) fn has_controls(text: &str) -> bool {
    may_hold(text) && text.chars().any(is_control)
}

/// `text` with each such character shown as a symbol: C0 controls as their Unicode control
/// pictures (NUL as ␀, escape as ␛), delete as ␡, the others as `[U+202E]`.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    if !has_controls(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' if is_control(c) => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if is_control(c) => {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The distinct such characters of `text` as `U+0000`, in order of first appearance, at most
/// `max` of them.
pub(crate) fn named(text: &str, max: usize) -> Vec<String> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| is_control(*c)) {
        if !found.contains(&c) {
            found.push(c);
            if found.len() == max {
                break;
            }
        }
    }
    found
        .into_iter()
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_as_symbols() {
        assert!(matches!(
            shown("plain, \"quoted\"\r\n\ttext é – ’"),
            Cow::Borrowed(_)
        ));
        assert_eq!(shown("a\u{0}b\u{1b}[2J\u{7f}"), "a␀b␛[2J␡");
        assert_eq!(shown("x\u{85}y\u{9b}z"), "x[U+0085]y[U+009B]z");
        assert_eq!(shown("\u{202e}fdp.exe\u{2069}"), "[U+202E]fdp.exe[U+2069]");
        assert_eq!(named("\u{0}\u{0}\u{1b}\u{202e}", 2), ["U+0000", "U+001B"]);
        // Right-to-left marks are ordinary in Arabic and Hebrew names: kept.
        assert!(!has_controls("\u{200f}שלום"));
    }

    #[test]
    fn the_quick_test_misses_none() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            if is_control(c) {
                assert!(may_hold(&c.to_string()), "U+{:04X}", c as u32);
            }
        }
    }
}
