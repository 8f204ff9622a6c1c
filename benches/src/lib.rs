//! A seeded generator of realistic destinations uploads, for benchmarks.
//!
//! The same seed always gives the same file. Rows look like a provider's MIS export: one
//! provider's UKPRN, learners with valid ULNs (ESFA check digit) and 12-digit learner
//! references, one to four aims each with LARS references and titles (many with commas, so
//! quoted), destination codes in both schemes and in the spellings people type (`EMP 1`,
//! `wmca1.1`). About 5% of rows are bad, spread over every kind of row finding the template
//! has; a few more carry warnings (ULN 9999999999) or are blank lines.

pub mod ilr;

use std::io::{self, Write};

/// The header of the destinations upload template.
pub const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

/// The provider the generated uploads belong to.
pub const UKPRN: &str = "10012345";

/// SplitMix64: a small, fast, seeded generator (the benches must not depend on a random seed).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `per_10000` / 10,000.
    pub fn chance(&mut self, per_10000: u64) -> bool {
        self.below(10_000) < per_10000
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// LARS-style aims: reference and title.
const AIMS: &[(&str, &str)] = &[
    (
        "20000008",
        "Non regulated SFA formula funded provision, Entry Level, ICT for Users, 21 to 44 hrs, PW A",
    ),
    (
        "20000010",
        "Non regulated Adult skills formula funded provision, Entry Level, ICT for Users, 7 to 12 hrs, PW A",
    ),
    (
        "20007972",
        "Non regulated Adult skills formula funded provision, Level 1, Health and Social Care, 9 to 4 hrs, PW B",
    ),
    (
        "20000406",
        "Non regulated SFA formula funded provision, Level 1, Health and Social Care, 21 to 44 hrs, PW B",
    ),
    ("40000718", "Options in Core Skills"),
    (
        "Z0002406",
        "Certificate in Supporting Teaching and Learning",
    ),
    (
        "20000109",
        "Non regulated Tailored Learning, Essential Skills, Pre-Entry Level, Essential Digital Skills",
    ),
    ("60322530", "Level 2 Diploma in Hair and Beauty"),
    ("60183678", "Level 1 Award in Employability"),
    ("50089638", "GCSE English Language"),
    ("50091876", "GCSE Mathematics"),
    ("60301261", "Level 3 Extended Diploma in Business"),
    ("ZPROG001", "Apprenticeship programme"),
    ("60145887", "Level 2 Certificate in Préparation culinaire"),
    (
        "60066173",
        "Functional Skills qualification in English at Level 1",
    ),
];

/// Destination codes as people type them, weighted by how often they appear.
const CODES: &[(&str, u64)] = &[
    ("EMP1", 26),
    ("EMP 1", 4),
    ("EMP2", 8),
    ("EMP4", 3),
    ("EDU2", 6),
    ("EDU4", 8),
    ("EDU5", 9),
    ("EDU6", 3),
    ("WMCA1.0", 10),
    ("wmca1.1", 3),
    ("NPE1", 8),
    ("NPE2", 3),
    ("OTH3", 5),
    ("OTH4", 2),
    ("VOL1", 1),
    ("GAP1", 1),
];

/// The kinds of bad row the generator writes, one per kind of row finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadKind {
    /// A required cell left empty.
    RequiredEmpty,
    /// A title over 254 characters.
    TitleTooLong,
    /// A cell over 10,000 characters.
    FieldTooLong,
    /// Too many or too few fields.
    Ragged,
    /// A UKPRN that is not 8 digits.
    UkprnFormat,
    /// Another provider's UKPRN.
    UkprnNotUploader,
    /// A ULN of the wrong length or with letters.
    UlnFormat,
    /// A ULN with a wrong check digit.
    UlnChecksum,
    /// A ULN turned into a number by a spreadsheet.
    UlnExcel,
    /// A learner reference out of format.
    LearnRef,
    /// An aim reference out of format.
    AimRef,
    /// A code without a number.
    CodeFormat,
    /// A code of an unknown type.
    CodeType,
    /// A code number not in the list.
    CodeUnknown,
    /// EMP3 or OTH2, which ended in 2015.
    CodeEnded,
    /// The previous row again.
    Duplicate,
    /// The previous row's enrolment with EMP against NPE (or the previous row again when its
    /// code is of neither type).
    Contradiction,
}

/// Every bad kind, in the order the generator cycles through them.
pub const BAD_KINDS: &[BadKind] = &[
    BadKind::RequiredEmpty,
    BadKind::TitleTooLong,
    BadKind::Ragged,
    BadKind::UkprnFormat,
    BadKind::UkprnNotUploader,
    BadKind::UlnFormat,
    BadKind::UlnChecksum,
    BadKind::UlnExcel,
    BadKind::LearnRef,
    BadKind::AimRef,
    BadKind::CodeFormat,
    BadKind::CodeType,
    BadKind::CodeUnknown,
    BadKind::CodeEnded,
    BadKind::Duplicate,
    BadKind::Contradiction,
    BadKind::FieldTooLong,
];

/// What a generated file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Data rows written (blank lines excluded).
    pub rows: u64,
    /// Rows written bad on purpose.
    pub bad: u64,
    /// Blank lines written.
    pub blank: u64,
    /// Rows with ULN 9999999999 (a warning).
    pub unknown_uln: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// The ESFA check digit of a nine-digit stem, if one exists.
fn check_digit(stem: u64) -> Option<u64> {
    let mut sum = 0;
    let mut n = stem;
    for weight in 2..=10 {
        sum += (n % 10) * weight;
        n /= 10;
    }
    match sum % 11 {
        0 => None,
        r => Some(10 - r),
    }
}

/// A valid ULN (not 9999999999).
pub(crate) fn valid_uln(rng: &mut SplitMix64) -> u64 {
    loop {
        let stem = 100_000_000 + rng.below(899_999_999);
        if let Some(d) = check_digit(stem) {
            let uln = stem * 10 + d;
            if uln != 9_999_999_999 {
                return uln;
            }
        }
    }
}

fn weighted_code(rng: &mut SplitMix64) -> &'static str {
    let total: u64 = CODES.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (code, w) in CODES {
        if n < *w {
            return code;
        }
        n -= w;
    }
    "EMP1"
}

/// One row's cells before writing.
#[derive(Debug, Clone, Default)]
struct Row {
    cells: Vec<String>,
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// A learner: ULN, reference and their aims.
#[derive(Debug, Clone)]
struct Learner {
    uln: String,
    learn_ref: String,
    aims_left: u64,
    used_aims: Vec<usize>,
}

/// Writes an upload of `rows` data rows generated from `seed` to `out` (header included, CRLF
/// line ends as Excel writes them). About `bad_per_10000` / 10,000 of the rows are bad, cycling
/// through [`BAD_KINDS`]; one in 2,000 is a blank line.
pub fn write_upload<W: Write>(
    out: W,
    rows: u64,
    seed: u64,
    bad_per_10000: u64,
) -> io::Result<Generated> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut rng = SplitMix64::new(seed);
    let mut stats = Generated::default();
    let mut line = String::with_capacity(256);
    let write_line = |line: &str, stats: &mut Generated, out: &mut io::BufWriter<W>| {
        stats.bytes += line.len() as u64 + 2;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\r\n")
    };
    write_line(HEADER, &mut stats, &mut out)?;
    let mut learner_no: u64 = 997_000;
    let mut learner: Option<Learner> = None;
    let mut previous: Option<Row> = None;
    let mut bad_cycle = 0usize;
    while stats.rows < rows {
        if rng.chance(5) {
            write_line("", &mut stats, &mut out)?;
            stats.blank += 1;
        }
        let current = match learner.take() {
            Some(l) if l.aims_left > 0 => l,
            _ => {
                learner_no += 1 + rng.below(3);
                let uln = if rng.chance(100) {
                    stats.unknown_uln += 1;
                    "9999999999".to_string()
                } else {
                    valid_uln(&mut rng).to_string()
                };
                Learner {
                    uln,
                    learn_ref: format!("{learner_no:012}"),
                    aims_left: 1 + rng.below(4),
                    used_aims: Vec::new(),
                }
            }
        };
        let mut current = current;
        current.aims_left -= 1;
        // A new aim for this learner (enrolments are distinct unless a duplicate is wanted).
        let aim = loop {
            let i = rng.below(AIMS.len() as u64) as usize;
            if !current.used_aims.contains(&i) || current.used_aims.len() >= AIMS.len() {
                break i;
            }
        };
        current.used_aims.push(aim);
        let (aim_ref, title) = AIMS[aim];
        let mut row = Row {
            cells: vec![
                UKPRN.to_string(),
                current.uln.clone(),
                current.learn_ref.clone(),
                aim_ref.to_string(),
                title.to_string(),
                weighted_code(&mut rng).to_string(),
            ],
        };
        if rng.chance(bad_per_10000) {
            let kind = BAD_KINDS[bad_cycle % BAD_KINDS.len()];
            bad_cycle += 1;
            // The over-long cell is rarer than the other kinds (it makes the file bigger).
            let kind = if kind == BadKind::FieldTooLong && bad_cycle % (BAD_KINDS.len() * 20) != 0 {
                BadKind::CodeUnknown
            } else {
                kind
            };
            spoil(&mut row, kind, previous.as_ref(), &mut rng);
            stats.bad += 1;
        }
        line.clear();
        for (i, cell) in row.cells.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(&quote(cell));
        }
        write_line(&line, &mut stats, &mut out)?;
        stats.rows += 1;
        previous = Some(row);
        learner = Some(current);
    }
    out.flush()?;
    Ok(stats)
}

/// Makes `row` bad in the way `kind` says.
fn spoil(row: &mut Row, kind: BadKind, previous: Option<&Row>, rng: &mut SplitMix64) {
    let c = &mut row.cells;
    match kind {
        BadKind::RequiredEmpty => {
            let i = *rng.pick(&[0usize, 1, 2, 3, 5]);
            c[i].clear();
        }
        BadKind::TitleTooLong => {
            c[4] = "Level 3 Extended Diploma in Business, including the optional units ".repeat(5);
        }
        BadKind::FieldTooLong => {
            c[4] = "A description pasted into the title column by mistake. ".repeat(200);
        }
        BadKind::Ragged => {
            if rng.chance(5_000) {
                c.push("extra note".to_string());
            } else {
                c.truncate(4);
            }
        }
        BadKind::UkprnFormat => c[0] = rng.pick(&["335", "1001234", "1001234X"]).to_string(),
        BadKind::UkprnNotUploader => c[0] = "10099999".to_string(),
        BadKind::UlnFormat => {
            c[1] = rng
                .pick(&["191984502", "46030011O7", "0123456789", "460300110712"])
                .to_string();
        }
        BadKind::UlnChecksum => {
            let stem = 100_000_000 + rng.below(899_999_999);
            let right = check_digit(stem);
            let wrong = (right.unwrap_or(0) + 1 + rng.below(8)) % 10;
            c[1] = format!("{stem}{wrong}");
        }
        BadKind::UlnExcel => {
            c[1] = rng
                .pick(&["4.60E+09", "1.94E+09", "4603001109.0", "6.84E+09"])
                .to_string();
        }
        BadKind::LearnRef => c[2] = rng.pick(&["LRN-1", "0000009977421", "A/B 12"]).to_string(),
        BadKind::AimRef => {
            c[3] = rng
                .pick(&["000000997957", "Z000 2406", "6032253O9"])
                .to_string()
        }
        BadKind::CodeFormat => c[5] = rng.pick(&["EMP", "EMP1X", "1"]).to_string(),
        BadKind::CodeType => c[5] = rng.pick(&["XYZ1", "SELF1", "JOB1"]).to_string(),
        BadKind::CodeUnknown => c[5] = rng.pick(&["EMP9", "EDU7", "WMCA9.9"]).to_string(),
        BadKind::CodeEnded => c[5] = rng.pick(&["EMP3", "OTH2"]).to_string(),
        BadKind::Duplicate => {
            if let Some(p) = previous {
                *c = p.cells.clone();
            }
        }
        BadKind::Contradiction => {
            if let Some(p) = previous {
                *c = p.cells.clone();
                let code = c[5].to_ascii_uppercase();
                // EMP against NPE; a code of another type contradicts nothing, so the row is
                // repeated as it is (a duplicate) instead.
                if code.starts_with("NPE") {
                    c[5] = "EMP1".to_string();
                } else if code.starts_with("EMP") || code.starts_with("WMCA") {
                    c[5] = "NPE1".to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_file() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let sa = write_upload(&mut a, 500, 7, 500).unwrap();
        let sb = write_upload(&mut b, 500, 7, 500).unwrap();
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        assert_eq!(sa.bytes, a.len() as u64);
        let mut c = Vec::new();
        write_upload(&mut c, 500, 8, 500).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn check_digits_agree_with_the_library() {
        let mut rng = SplitMix64::new(1);
        for _ in 0..1_000 {
            let uln = valid_uln(&mut rng).to_string();
            assert!(learner_destinations::Uln::parse(&uln).is_ok(), "{uln}");
        }
    }
}
