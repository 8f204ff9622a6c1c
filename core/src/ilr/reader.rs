//! The streaming ILR reader: quick-xml's event loop, one learner at a time.
//!
//! Namespaces are resolved here, not by quick-xml's `NsReader`: an ILR file declares its one
//! default namespace on the root (and perhaps unused prefixes), so the reader keeps the few
//! declarations it meets in [`Scopes`], looks at an element's attributes only when it has
//! some, and knows whether the default namespace is the file's without comparing names again.
//! Element names are matched as bytes where quick-xml left them, never copied.

use super::{
    ELEMENT_CASE, ELEMENT_NAMESPACE, ELEMENT_UNKNOWN, IlrContactPreference, IlrDelivery,
    IlrDeliveryFam, IlrDestination, IlrFinding, IlrHeader, IlrItem, IlrLearner, IlrOutcome,
    Position, UKPRN_MISMATCH, VALUE_INVALID, VALUE_MISSING, YEAR_MISMATCH,
};
use crate::dates::{TeachingYear, parse_date};
use crate::error::{Error, Result};
use crate::finding::{FindingKind, Refusal};
use crate::identifiers::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// The most bytes one XML event (a tag, a text, a comment) may take: a longer one is refused
/// ([`Error::InputTooLarge`]) rather than held in memory. No ILR value is longer than 1,000
/// characters (ESFA's loose schema).
pub const MAX_EVENT_BYTES: u64 = 1 << 20;

/// The deepest element nesting read ([`Error::InputTooDeep`] beyond). The ILR nests six deep.
pub const MAX_DEPTH: usize = 64;

/// How many bytes [`Counting`] reads from its input at a time.
const CHUNK: usize = 64 * 1024;

/// A `BufRead` over its own buffer that knows the byte offset of what quick-xml consumes,
/// turns an offset into a line and column only when asked ([`Counting::position_of`]), and
/// stops an event that grows past [`MAX_EVENT_BYTES`].
///
/// Lines and columns are counted lazily, in runs over the buffer (from the last position asked
/// for to the one asked for now, or to the buffer's end before it is refilled), so a position
/// costs nothing until a learner, a delivery or a finding needs one. Positions are asked for in
/// file order, with two exceptions the reader pins: the start of the current event and the
/// start of the current value, which may be asked for after the buffer moved past them.
#[derive(Debug)]
struct Counting<R> {
    inner: R,
    buf: Vec<u8>,
    /// Next byte to hand out.
    pos: usize,
    /// Bytes of `buf` filled.
    filled: usize,
    /// The offset of `buf[0]` in the input (the byte-order mark not counted).
    base: u64,
    /// 0-based line and characters-before on that line at `buf[0]`.
    base_line: u64,
    base_column: u64,
    /// Lines and columns are counted up to `buf[counted]`, where they are `line`, `column`.
    counted: usize,
    line: u64,
    column: u64,
    /// Offsets whose position is kept across a refill: the current event's start and the
    /// current value's start.
    pins: [(u64, Option<Position>); 2],
    /// Bytes consumed since the last [`Counting::mark`].
    since_mark: u64,
    /// The event limit was hit.
    overflow: bool,
    /// At the start of the input (a byte-order mark is dropped there).
    at_start: bool,
}

/// How many bytes of `bytes` `keep` accepts: in blocks of 64 summed in a byte, a loop the
/// compiler turns into vector code (a plain filter-and-count stays one byte at a time).
fn count(bytes: &[u8], keep: impl Fn(u8) -> bool) -> u64 {
    let blocks = bytes.chunks_exact(64);
    let rest = blocks.remainder();
    let mut total = 0u64;
    for block in blocks {
        let mut n = 0u8;
        for &b in block {
            n += u8::from(keep(b));
        }
        total += u64::from(n);
    }
    total + rest.iter().filter(|&&b| keep(b)).count() as u64
}

/// Lines and columns after `bytes`, from `(line, column)`.
fn advance(bytes: &[u8], line: u64, column: u64) -> (u64, u64) {
    let chars = |b: &[u8]| count(b, |b| (b & 0xC0) != 0x80);
    let newlines = count(bytes, |b| b == b'\n');
    if newlines == 0 {
        return (line, column + chars(bytes));
    }
    let last = memchr::memrchr(b'\n', bytes).unwrap_or(0);
    (line + newlines, chars(&bytes[last + 1..]))
}

impl<R: BufRead> Counting<R> {
    fn new(inner: R) -> Self {
        Counting {
            inner,
            buf: vec![0; CHUNK],
            pos: 0,
            filled: 0,
            base: 0,
            base_line: 0,
            base_column: 0,
            counted: 0,
            line: 0,
            column: 0,
            pins: [(u64::MAX, None); 2],
            since_mark: 0,
            overflow: false,
            at_start: true,
        }
    }

    /// The offset of the next byte.
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The position of the next byte.
    fn position(&mut self) -> Position {
        self.position_of(self.offset())
    }

    /// The position of the byte at `offset`.
    fn position_of(&mut self, offset: u64) -> Position {
        let at = |line: u64, column: u64| Position {
            line: line + 1,
            column: column + 1,
        };
        if offset < self.base {
            // Before the buffer: only a pinned offset is still known.
            return self
                .pins
                .iter()
                .find(|(o, _)| *o == offset)
                .and_then(|(_, p)| *p)
                .unwrap_or(at(self.base_line, self.base_column));
        }
        let index = usize::try_from(offset - self.base)
            .unwrap_or(usize::MAX)
            .min(self.filled);
        if index >= self.counted {
            (self.line, self.column) =
                advance(&self.buf[self.counted..index], self.line, self.column);
            self.counted = index;
            at(self.line, self.column)
        } else {
            let (line, column) = advance(&self.buf[..index], self.base_line, self.base_column);
            at(line, column)
        }
    }

    /// Keeps the position of `offset` across refills: slot 0 the event's start, 1 the value's.
    fn pin(&mut self, slot: usize, offset: u64) {
        self.pins[slot] = (offset, None);
    }

    fn mark(&mut self) {
        self.since_mark = 0;
    }

    /// Reads the next chunk into the buffer, once everything in it is consumed.
    fn refill(&mut self) -> io::Result<()> {
        let end = self.base + self.filled as u64;
        for slot in 0..self.pins.len() {
            let (offset, known) = self.pins[slot];
            if known.is_none() && offset >= self.base && offset <= end {
                self.pins[slot].1 = Some(self.position_of(offset));
            }
        }
        (self.line, self.column) =
            advance(&self.buf[self.counted..self.filled], self.line, self.column);
        self.base = end;
        (self.base_line, self.base_column) = (self.line, self.column);
        (self.pos, self.filled, self.counted) = (0, 0, 0);
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(n) => {
                    self.filled = n;
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if self.at_start {
            self.at_start = false;
            // A byte-order mark split across reads is gathered first.
            while self.filled > 0
                && self.filled < 3
                && b"\xEF\xBB\xBF".starts_with(&self.buf[..self.filled])
            {
                match self.inner.read(&mut self.buf[self.filled..]) {
                    Ok(0) => break,
                    Ok(n) => self.filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            if self.buf[..self.filled].starts_with(b"\xEF\xBB\xBF") {
                self.buf.copy_within(3..self.filled, 0);
                self.filled -= 3;
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_mark > MAX_EVENT_BYTES {
            self.overflow = true;
            return Err(io::Error::other("an XML event is too large"));
        }
        if self.pos >= self.filled {
            self.refill()?;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.filled - self.pos);
        self.pos += amount;
        self.since_mark += amount as u64;
    }
}

/// One event as the reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    /// An element opens (its local name in `IlrReader::name`); `empty` for `<X/>`;
    /// `in_namespace` when it is in the file's namespace.
    Open {
        empty: bool,
        in_namespace: bool,
        /// The byte offset of its start ([`IlrReader::pos`] gives the line and column).
        at: u64,
    },
    /// An element closes.
    Close,
    /// Text (appended to `IlrReader::text`).
    Text,
    /// The end of the input.
    Eof,
}

/// An accepted child element: its index in the parent's list of names.
#[derive(Debug, Clone, Copy)]
struct Child {
    index: usize,
    empty: bool,
    /// The byte offset of its start ([`IlrReader::pos`] gives the line and column).
    at: u64,
}

/// The namespace declarations in scope (`xmlns="…"`, `xmlns:p="…"`), innermost last.
#[derive(Debug, Default)]
struct Scopes {
    /// (the depth of the element that declared it, its prefix (empty for the default), its
    /// namespace (empty: undeclared)).
    bindings: Vec<(usize, Box<[u8]>, String)>,
    /// Whether the default namespace in scope is the file's: `None` to be worked out again
    /// (after a declaration comes or goes, or the file's namespace is learnt).
    default_is_file: Option<bool>,
}

/// What an element's prefix resolves to.
enum Resolved<'a> {
    Bound(&'a str),
    Unbound,
    Unknown,
}

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

impl Scopes {
    /// Takes the declarations among the attributes of an element at `depth`.
    fn declare(&mut self, start: &BytesStart<'_>, depth: usize) {
        for a in start.attributes().with_checks(false).flatten() {
            let key: &[u8] = a.key.as_ref().as_bytes();
            let prefix = if key == b"xmlns" {
                &[][..]
            } else if let Some(p) = key.strip_prefix(b"xmlns:") {
                p
            } else {
                continue;
            };
            let value: &str = &a.value;
            self.bindings
                .push((depth, prefix.into(), value.to_string()));
            self.default_is_file = None;
        }
    }

    /// Drops the declarations of the element at `depth`, which has closed.
    fn close(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|b| b.0 >= depth) {
            self.bindings.pop();
            self.default_is_file = None;
        }
    }

    fn resolve(&self, prefix: &[u8]) -> Resolved<'_> {
        match self.bindings.iter().rev().find(|b| *b.1 == *prefix) {
            Some((_, _, ns)) if ns.is_empty() => Resolved::Unbound,
            Some((_, _, ns)) => Resolved::Bound(ns),
            None if prefix.is_empty() => Resolved::Unbound,
            None if prefix == b"xml" => Resolved::Bound(XML_NAMESPACE),
            None => Resolved::Unknown,
        }
    }
}

const MESSAGE: &[&str] = &[
    "Header",
    "SourceFiles",
    "LearningProvider",
    "Learner",
    "LearnerDestinationandProgression",
];
const HEADER: &[&str] = &["CollectionDetails", "Source"];
const COLLECTION_DETAILS: &[&str] = &["Collection", "Year", "FilePreparationDate"];
const SOURCE: &[&str] = &[
    "UKPRN",
    "ProtectiveMarking",
    "SoftwareSupplier",
    "SoftwarePackage",
    "Release",
    "SerialNo",
    "DateTime",
    "ReferenceData",
    "ComponentSetVersion",
];
const LEARNING_PROVIDER: &[&str] = &["UKPRN"];
/// Learner's children in every year 2019-20 to 2025-26 (the first seven are read).
const LEARNER: &[&str] = &[
    "LearnRefNumber",
    "ULN",
    "Postcode",
    "TelNo",
    "Email",
    "ContactPreference",
    "LearningDelivery",
    "PrevLearnRefNumber",
    "PrevUKPRN",
    "PMUKPRN",
    "CampId",
    "FamilyName",
    "GivenNames",
    "DateOfBirth",
    "Ethnicity",
    "Sex",
    "LLDDHealthProb",
    "NINumber",
    "PriorAttain",
    "Accom",
    "ALSCost",
    "PlanLearnHours",
    "PlanEEPHours",
    "MathGrade",
    "EngGrade",
    "PostcodePrior",
    "AddLine1",
    "AddLine2",
    "AddLine3",
    "AddLine4",
    "OTJHours",
    "LLDDandHealthProblem",
    "LearnerFAM",
    "ProviderSpecLearnerMonitoring",
    "LearnerEmploymentStatus",
    "LearnerHE",
];
/// LearningDelivery's children in every year (the first eleven are read).
const DELIVERY: &[&str] = &[
    "LearnAimRef",
    "AimType",
    "AimSeqNumber",
    "LearnStartDate",
    "LearnPlanEndDate",
    "LearnActEndDate",
    "FundModel",
    "ProgType",
    "CompStatus",
    "Outcome",
    "LearningDeliveryFAM",
    "OrigLearnStartDate",
    "PHours",
    "OTJActHours",
    "FworkCode",
    "PwayCode",
    "StdCode",
    "PartnerUKPRN",
    "DelLocPostCode",
    "LSDPostcode",
    "AddHours",
    "PriorLearnFundAdj",
    "OtherFundAdj",
    "ConRefNumber",
    "EPAOrgID",
    "EmpOutcome",
    "WithdrawReason",
    "AchDate",
    "OutGrade",
    "SWSupAimId",
    "TLOut",
    "LearningDeliveryWorkPlacement",
    "AppFinRecord",
    "ProviderSpecDeliveryMonitoring",
    "LearningDeliveryHE",
];
const FAM: &[&str] = &[
    "LearnDelFAMType",
    "LearnDelFAMCode",
    "LearnDelFAMDateFrom",
    "LearnDelFAMDateTo",
];
const CONTACT_PREFERENCE: &[&str] = &["ContPrefType", "ContPrefCode"];
const DESTINATION: &[&str] = &["LearnRefNumber", "ULN", "DPOutcome"];
const OUTCOME: &[&str] = &[
    "OutType",
    "OutCode",
    "OutStartDate",
    "OutEndDate",
    "OutCollDate",
];

/// Where the reader is among the Message's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// A Learner element has been opened and not read yet.
    Learner(Position, bool),
    /// A D&P element has been opened and not read yet.
    Destination(Position, bool),
}

/// Reads an ILR XML file one learner at a time (see the [module documentation](super)).
///
/// [`IlrReader::new`] reads the header; [`IlrReader::next_item`] (or the iterator) then yields
/// the learners, the D&P records and any finding outside them, in file order. Malformed XML,
/// a document type declaration, a namespace that is not an ILR year this library reads, an
/// over-long event or over-deep nesting end the read with an [`Error`] that names the line and
/// column.
#[derive(Debug)]
pub struct IlrReader<R: BufRead> {
    xml: Reader<Counting<R>>,
    /// The last event's bytes: for an element opened, its name is `buf[..name_len]`.
    buf: Vec<u8>,
    scopes: Scopes,
    /// The length of the last opened element's qualified name, and where its local name
    /// starts (after the prefix's colon).
    name_len: usize,
    local_start: usize,
    /// Where the name starts in `buf`.
    name_at: usize,
    /// The file's namespace.
    namespace: String,
    header: IlrHeader,
    /// The namespace of the last element opened, when it is not the file's.
    last_ns: String,
    /// Text gathered for the current leaf.
    text: String,
    /// Text is being gathered (inside a leaf that is read).
    collecting: bool,
    depth: usize,
    /// Findings for the item being read.
    sink: Vec<IlrFinding>,
    /// The learner reference of the item being read.
    current_ref: Option<String>,
    queued: VecDeque<IlrItem>,
    pending: Option<Pending>,
    done: bool,
}

impl<R: BufRead> IlrReader<R> {
    /// Opens the file and reads its header (up to the first Learner or D&P record).
    pub fn new(input: R) -> Result<Self> {
        let mut xml = Reader::from_reader(Counting::new(input));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut reader = IlrReader {
            xml,
            buf: Vec::with_capacity(256),
            scopes: Scopes::default(),
            name_len: 0,
            local_start: 0,
            name_at: 0,
            namespace: String::new(),
            header: IlrHeader {
                namespace: String::new(),
                year: TeachingYear::starting(2019),
                year_code: None,
                file_preparation_date: None,
                ukprn: None,
                provider_ukprn: None,
            },
            last_ns: String::new(),
            text: String::new(),
            collecting: false,
            depth: 0,
            sink: Vec::new(),
            current_ref: None,
            queued: VecDeque::new(),
            pending: None,
            done: false,
        };
        reader.open_root()?;
        reader.read_until_first_record()?;
        Ok(reader)
    }

    /// The file's header.
    pub fn header(&self) -> &IlrHeader {
        &self.header
    }

    /// The next learner, D&P record or finding; `None` at the end of the file.
    pub fn next_item(&mut self) -> Result<Option<IlrItem>> {
        loop {
            if let Some(item) = self.queued.pop_front() {
                return Ok(Some(item));
            }
            if let Some(p) = self.pending.take() {
                return Ok(Some(match p {
                    Pending::Learner(at, empty) => self.read_learner(at, empty)?,
                    Pending::Destination(at, empty) => self.read_destination(at, empty)?,
                }));
            }
            if self.done {
                return Ok(None);
            }
            self.message_child()?;
        }
    }

    // ----- events -------------------------------------------------------------------------

    /// The local name of the element last opened, as bytes (where quick-xml read it).
    fn name_bytes(&self) -> &[u8] {
        self.buf
            .get(self.name_at + self.local_start..self.name_at + self.name_len)
            .unwrap_or_default()
    }

    /// The local name of the element last opened, for a message.
    fn name(&self) -> String {
        String::from_utf8_lossy(self.name_bytes()).into_owned()
    }

    /// The line and column of the byte at `offset` (an event's or a child's start).
    fn pos(&mut self, offset: u64) -> Position {
        self.xml.get_mut().position_of(offset)
    }

    fn xml_error(&mut self, e: &quick_xml::Error) -> Error {
        let at = self.xml.get_mut().position();
        if self.xml.get_mut().overflow {
            return Error::InputTooLarge {
                what: format!("an XML element or text near {at} of the ILR file"),
                limit: MAX_EVENT_BYTES,
            };
        }
        Error::IlrInvalid {
            line: at.line,
            column: at.column,
            message: format!("the file is not well-formed XML: {e}"),
        }
    }

    fn next(&mut self) -> Result<Ev> {
        loop {
            self.buf.clear();
            self.xml.get_mut().mark();
            let start = self.xml.get_ref().offset();
            self.xml.get_mut().pin(0, start);
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => {
                    let e = self.xml_error(&e);
                    return Err(e);
                }
            };
            let resolved = match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let qname: &[u8] = e.name().0.as_bytes();
                    self.name_len = qname.len();
                    let colon = memchr::memchr(b':', qname);
                    self.local_start = colon.map_or(0, |c| c + 1);
                    if !e.attributes_raw().trim_ascii().is_empty() {
                        self.scopes.declare(e, self.depth + 1);
                    }
                    match colon {
                        None if self.scopes.default_is_file == Some(true) => Some(true),
                        _ => {
                            let prefix = colon.map_or(&[][..], |c| &qname[..c]);
                            let in_file = match self.scopes.resolve(prefix) {
                                Resolved::Bound(ns) => {
                                    let same = ns == self.namespace.as_str();
                                    if !same {
                                        self.last_ns.clear();
                                        self.last_ns.push_str(ns);
                                    }
                                    Some(same)
                                }
                                Resolved::Unbound => {
                                    self.last_ns.clear();
                                    Some(self.namespace.is_empty())
                                }
                                Resolved::Unknown => None,
                            };
                            // Kept only once the file's namespace is known (the root's own
                            // resolution must record it in `last_ns`).
                            if colon.is_none() && !self.namespace.is_empty() {
                                self.scopes.default_is_file = in_file;
                            }
                            in_file
                        }
                    }
                }
                _ => Some(true),
            };
            if self.xml.get_ref().since_mark > MAX_EVENT_BYTES {
                let at = self.xml.get_mut().position_of(start);
                return Err(Error::InputTooLarge {
                    what: format!("an XML element or text at {at} of the ILR file"),
                    limit: MAX_EVENT_BYTES,
                });
            }
            match event {
                Event::Start(_) | Event::Empty(_) => {
                    let empty = matches!(event, Event::Empty(_));
                    let Some(in_namespace) = resolved else {
                        let at = self.xml.get_mut().position_of(start);
                        return Err(Error::IlrInvalid {
                            line: at.line,
                            column: at.column,
                            message: "an element's prefix is not bound to any namespace (no xmlns: declaration for it)".into(),
                        });
                    };
                    // The tag's bytes start with its `<` (quick-xml 0.42), then the name.
                    self.name_at = usize::from(self.buf.first() == Some(&b'<'));
                    if empty {
                        self.scopes.close(self.depth + 1);
                    } else {
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            let at = self.xml.get_mut().position_of(start);
                            return Err(Error::InputTooDeep {
                                what: "ILR file".into(),
                                message: format!(
                                    "elements nest more than {MAX_DEPTH} deep at {at}; an ILR file nests six deep"
                                ),
                            });
                        }
                    }
                    return Ok(Ev::Open {
                        empty,
                        in_namespace,
                        at: start,
                    });
                }
                Event::End(_) => {
                    self.scopes.close(self.depth);
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Ev::Close);
                }
                Event::Text(t) => {
                    if self.collecting {
                        self.text.push_str(&t);
                    }
                    return Ok(Ev::Text);
                }
                Event::CData(c) => {
                    self.text.push_str(&c.xml10_content());
                    return Ok(Ev::Text);
                }
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            // ESFA strips the `&#13;` artefact (ilr-xml.md §10).
                            Ok(Some('\r')) => {}
                            Ok(Some(c)) => self.text.push(c),
                            _ => {
                                let at = self.xml.get_mut().position_of(start);
                                return Err(Error::IlrInvalid {
                                    line: at.line,
                                    column: at.column,
                                    message: format!("'&{};' is not a character reference", &*r),
                                });
                            }
                        }
                    } else if let Some(v) = quick_xml::escape::resolve_predefined_entity(&r) {
                        self.text.push_str(v);
                    } else {
                        let at = self.xml.get_mut().position_of(start);
                        return Err(Error::IlrEntityRefused {
                            line: at.line,
                            column: at.column,
                            entity: format!("&{};", &*r),
                        });
                    }
                    return Ok(Ev::Text);
                }
                Event::DocType(_) => {
                    let at = self.xml.get_mut().position_of(start);
                    return Err(Error::IlrEntityRefused {
                        line: at.line,
                        column: at.column,
                        entity: "<!DOCTYPE>".into(),
                    });
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.trim();
                        if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                            let at = self.xml.get_mut().position_of(start);
                            return Err(Error::IlrInvalid {
                                line: at.line,
                                column: at.column,
                                message: format!(
                                    "the file declares encoding '{enc}'; ILR files are UTF-8: save it as UTF-8"
                                ),
                            });
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => return Ok(Ev::Eof),
            }
        }
    }

    /// A finding at the element starting at byte `offset`.
    fn finding(
        &mut self,
        kind: &'static FindingKind,
        path: String,
        offset: u64,
        value: Option<String>,
        message: String,
    ) {
        let at = self.pos(offset);
        self.finding_at(kind, path, at, value, message);
    }

    fn finding_at(
        &mut self,
        kind: &'static FindingKind,
        path: String,
        at: Position,
        value: Option<String>,
        message: String,
    ) {
        let mut finding = match value {
            Some(v) => kind.finding(v, format!("{at}: {message}")),
            None => kind.finding_without_value(format!("{at}: {message}")),
        };
        finding.row = Some(at.line);
        finding.column = Some(path);
        self.sink.push(IlrFinding {
            finding,
            at,
            learner_ref: self.current_ref.clone(),
        });
    }

    fn refusal(&mut self, refusal: Refusal, path: String, at: u64) {
        let message = refusal.message.clone();
        self.finding(refusal.kind, path, at, Some(refusal.value), message);
    }

    /// Skips the rest of an element that has been opened, checking the namespace of what is
    /// inside.
    fn skip(&mut self, empty: bool, path: &str) -> Result<()> {
        if empty {
            return Ok(());
        }
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Ev::Open {
                    empty,
                    in_namespace,
                    at,
                } => {
                    if !in_namespace {
                        let name = self.name();
                        self.namespace_finding(format!("{path}/{name}"), at);
                    }
                    if !empty {
                        open += 1;
                    }
                }
                Ev::Close => open -= 1,
                Ev::Text => self.text.clear(),
                Ev::Eof => return Err(self.unexpected_end()),
            }
        }
        Ok(())
    }

    fn unexpected_end(&mut self) -> Error {
        let at = self.xml.get_mut().position();
        Error::IlrInvalid {
            line: at.line,
            column: at.column,
            message: "the file ends inside an element: is it complete?".into(),
        }
    }

    fn namespace_finding(&mut self, path: String, at: u64) {
        let ns = self.namespace.clone();
        let name = self.name();
        let found = if self.last_ns.is_empty() {
            "in no namespace".to_string()
        } else {
            format!("in namespace '{}'", self.last_ns)
        };
        self.finding(
            &ELEMENT_NAMESPACE,
            path,
            at,
            Some(name.clone()),
            format!("<{name}> is {found}, not in the file's namespace '{ns}'; ILR elements must all be in it (check the xmlns declarations), so it was not read"),
        );
    }

    /// The next accepted child of the element at `path` whose children are `known`; `None`
    /// when it closes. Elements in another namespace, in the wrong case or unknown are reported
    /// and skipped.
    fn child(&mut self, known: &[&str], path: &str) -> Result<Option<Child>> {
        loop {
            match self.next()? {
                Ev::Close => return Ok(None),
                Ev::Eof => return Err(self.unexpected_end()),
                Ev::Text => self.text.clear(),
                Ev::Open {
                    empty,
                    in_namespace,
                    at,
                } => {
                    if !in_namespace {
                        let p = format!("{path}/{}", self.name());
                        self.namespace_finding(p.clone(), at);
                        self.skip(empty, &p)?;
                        continue;
                    }
                    if let Some(index) =
                        known.iter().position(|k| k.as_bytes() == self.name_bytes())
                    {
                        return Ok(Some(Child { index, empty, at }));
                    }
                    let name = self.name();
                    let p = format!("{path}/{name}");
                    match known.iter().find(|k| k.eq_ignore_ascii_case(&name)) {
                        Some(right) => self.finding(
                            &ELEMENT_CASE,
                            p.clone(),
                            at,
                            Some(name.clone()),
                            format!("<{name}> is not an ILR element: names are case-sensitive; write <{right}>. It was not read"),
                        ),
                        None => self.finding(
                            &ELEMENT_UNKNOWN,
                            p.clone(),
                            at,
                            Some(name.clone()),
                            format!("<{name}> is not an ILR element inside <{}>; it was skipped", path.rsplit('/').next().unwrap_or(path)),
                        ),
                    }
                    self.skip(empty, &p)?;
                }
            }
        }
    }

    /// Reads a leaf's text into `self.text`, trimmed.
    fn leaf(&mut self, child: Child, path: &str) -> Result<()> {
        self.text.clear();
        // A finding on the value is placed at its start, which the buffer may have left.
        self.xml.get_mut().pin(1, child.at);
        if child.empty {
            return Ok(());
        }
        self.collecting = true;
        let read = self.leaf_text(path);
        self.collecting = false;
        read?;
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        let start = self.text.len() - self.text.trim_start().len();
        if start > 0 {
            self.text.drain(..start);
        }
        Ok(())
    }

    fn leaf_text(&mut self, path: &str) -> Result<()> {
        loop {
            match self.next()? {
                Ev::Text => {}
                Ev::Close => break,
                Ev::Eof => return Err(self.unexpected_end()),
                Ev::Open { empty, at, .. } => {
                    let name = self.name();
                    let p = format!("{path}/{name}");
                    self.finding(
                        &ELEMENT_UNKNOWN,
                        p.clone(),
                        at,
                        Some(name.clone()),
                        format!("<{name}> inside a value; it was skipped"),
                    );
                    let kept = std::mem::take(&mut self.text);
                    self.collecting = false;
                    self.skip(empty, &p)?;
                    self.collecting = true;
                    self.text = kept;
                }
            }
        }
        Ok(())
    }

    /// Reads the leaf into `self.text`; `false` (with a finding) when it is empty.
    fn present(&mut self, child: Child, path: &str, name: &str) -> Result<bool> {
        self.leaf(child, path)?;
        if self.text.is_empty() {
            self.finding(
                &VALUE_MISSING,
                format!("{path}/{name}"),
                child.at,
                None,
                format!("<{name}> is empty; give its value"),
            );
            return Ok(false);
        }
        Ok(true)
    }

    /// The leaf's trimmed text, or `None` (with a finding) when it is empty.
    fn string(&mut self, child: Child, path: &str, name: &str) -> Result<Option<String>> {
        Ok(self.present(child, path, name)?.then(|| self.text.clone()))
    }

    /// The leaf as an integer no greater than `max`.
    fn int(&mut self, child: Child, path: &str, name: &str, max: u64) -> Result<Option<u64>> {
        if !self.present(child, path, name)? {
            return Ok(None);
        }
        match parse_int(&self.text).filter(|n| *n <= max) {
            Some(n) => Ok(Some(n)),
            None => {
                let s = self.text.clone();
                self.finding(
                    &VALUE_INVALID,
                    format!("{path}/{name}"),
                    child.at,
                    Some(s.clone()),
                    format!("{name} '{s}' is not a whole number from 0 to {max}"),
                );
                Ok(None)
            }
        }
    }

    fn small(&mut self, child: Child, path: &str, name: &str) -> Result<Option<u8>> {
        Ok(self.int(child, path, name, 99)?.map(|n| n as u8))
    }

    fn date(&mut self, child: Child, path: &str, name: &str) -> Result<Option<NaiveDate>> {
        if !self.present(child, path, name)? {
            return Ok(None);
        }
        match parse_date(strip_zone(&self.text)) {
            Ok(d) => Ok(Some(d)),
            Err(r) => {
                self.refusal(r, format!("{path}/{name}"), child.at);
                Ok(None)
            }
        }
    }

    fn parsed<T>(
        &mut self,
        child: Child,
        path: &str,
        name: &str,
        parse: impl Fn(&str) -> std::result::Result<T, Refusal>,
    ) -> Result<Option<T>> {
        if !self.present(child, path, name)? {
            return Ok(None);
        }
        match parse(&self.text) {
            Ok(v) => Ok(Some(v)),
            Err(r) => {
                self.refusal(r, format!("{path}/{name}"), child.at);
                Ok(None)
            }
        }
    }

    fn missing(&mut self, path: &str, name: &str, at: Position, what: &str) {
        self.finding_at(
            &VALUE_MISSING,
            format!("{path}/{name}"),
            at,
            None,
            format!("{what} has no <{name}>; the ILR requires one"),
        );
    }

    // ----- the Message --------------------------------------------------------------------

    fn open_root(&mut self) -> Result<()> {
        loop {
            match self.next()? {
                Ev::Text => self.text.clear(),
                Ev::Eof => {
                    return Err(Error::IlrInvalid {
                        line: 1,
                        column: 1,
                        message: "the file holds no XML element: is it an ILR file?".into(),
                    });
                }
                Ev::Close => {
                    let at = self.xml.get_mut().position();
                    return Err(Error::IlrInvalid {
                        line: at.line,
                        column: at.column,
                        message: "a closing tag before any element".into(),
                    });
                }
                Ev::Open { empty, at, .. } => {
                    let at = self.pos(at);
                    if self.name_bytes() != b"Message" {
                        return Err(Error::IlrInvalid {
                            line: at.line,
                            column: at.column,
                            message: format!(
                                "the root element is <{}>, not <Message>: this is not an ILR file",
                                self.name()
                            ),
                        });
                    }
                    let namespace = self.root_namespace();
                    let year = ilr_year(&namespace)?;
                    self.header.namespace = namespace.clone();
                    self.header.year = year;
                    self.namespace = namespace;
                    if empty {
                        self.done = true;
                    }
                    return Ok(());
                }
            }
        }
    }

    /// The root element's namespace (captured by [`IlrReader::next`] while the file's
    /// namespace is still unknown).
    fn root_namespace(&mut self) -> String {
        self.last_ns.clone()
    }

    fn read_until_first_record(&mut self) -> Result<()> {
        while !self.done && self.pending.is_none() {
            self.message_child()?;
        }
        Ok(())
    }

    /// Reads one child of the Message (the header parts directly; a learner or D&P record is
    /// left pending).
    fn message_child(&mut self) -> Result<()> {
        self.current_ref = None;
        match self.child(MESSAGE, "Message")? {
            None => {
                self.done = true;
                // Anything after the root (comments, whitespace) is read to check it is
                // well-formed.
                while !matches!(self.next()?, Ev::Eof) {}
            }
            Some(c) => match c.index {
                0 => self.read_header(c)?,
                1 => self.skip(c.empty, "Message/SourceFiles")?,
                2 => self.read_provider(c)?,
                3 => self.pending = Some(Pending::Learner(self.pos(c.at), c.empty)),
                _ => self.pending = Some(Pending::Destination(self.pos(c.at), c.empty)),
            },
        }
        let findings: Vec<IlrFinding> = std::mem::take(&mut self.sink);
        self.queued
            .extend(findings.into_iter().map(IlrItem::Finding));
        Ok(())
    }

    fn read_header(&mut self, header: Child) -> Result<()> {
        let header_at = self.pos(header.at);
        if header.empty {
            self.missing(
                "Message/Header",
                "CollectionDetails",
                header_at,
                "the Header",
            );
            return Ok(());
        }
        let (mut year_seen, mut date_seen, mut ukprn_seen) = (None, false, false);
        while let Some(part) = self.child(HEADER, "Message/Header")? {
            if part.index == 0 {
                let path = "Message/Header/CollectionDetails";
                while let Some(c) = self.child(COLLECTION_DETAILS, path)? {
                    match c.index {
                        1 => {
                            let y = self.string(c, path, "Year")?;
                            year_seen = Some(self.pos(c.at));
                            self.header.year_code = y;
                        }
                        2 => {
                            date_seen = true;
                            self.header.file_preparation_date =
                                self.date(c, path, "FilePreparationDate")?;
                        }
                        _ => self.skip(c.empty, path)?,
                    }
                }
            } else {
                let path = "Message/Header/Source";
                while let Some(c) = self.child(SOURCE, path)? {
                    if c.index == 0 {
                        ukprn_seen = true;
                        self.header.ukprn = self.parsed(c, path, "UKPRN", Ukprn::parse)?;
                    } else {
                        self.skip(c.empty, path)?;
                    }
                }
            }
        }
        let path = "Message/Header/CollectionDetails";
        match year_seen {
            None => self.missing(path, "Year", header_at, "the Header"),
            Some(at) => {
                let expected = year_code(self.header.year);
                if let Some(given) = self.header.year_code.clone() {
                    if given != expected {
                        let ns = self.header.namespace.clone();
                        self.finding_at(
                            &YEAR_MISMATCH,
                            format!("{path}/Year"),
                            at,
                            Some(given.clone()),
                            format!("Year '{given}' does not match the namespace '{ns}', whose year is {expected}"),
                        );
                    }
                }
            }
        }
        if !date_seen {
            self.missing(path, "FilePreparationDate", header_at, "the Header");
        }
        if !ukprn_seen {
            self.missing("Message/Header/Source", "UKPRN", header_at, "the Header");
        }
        Ok(())
    }

    fn read_provider(&mut self, provider: Child) -> Result<()> {
        let path = "Message/LearningProvider";
        let provider_at = self.pos(provider.at);
        if provider.empty {
            self.missing(path, "UKPRN", provider_at, "LearningProvider");
            return Ok(());
        }
        let mut seen = false;
        while let Some(c) = self.child(LEARNING_PROVIDER, path)? {
            seen = true;
            let at = c.at;
            self.header.provider_ukprn = self.parsed(c, path, "UKPRN", Ukprn::parse)?;
            if let (Some(h), Some(p)) = (self.header.ukprn, self.header.provider_ukprn) {
                if h != p {
                    self.finding(
                        &UKPRN_MISMATCH,
                        format!("{path}/UKPRN"),
                        at,
                        Some(p.to_string()),
                        format!(
                            "the LearningProvider UKPRN {p} is not the UKPRN {h} in the Header"
                        ),
                    );
                }
            }
        }
        if !seen {
            self.missing(path, "UKPRN", provider_at, "LearningProvider");
        }
        Ok(())
    }

    // ----- learners -----------------------------------------------------------------------

    fn read_learner(&mut self, at: Position, empty: bool) -> Result<IlrItem> {
        const PATH: &str = "Learner";
        let mut learner = IlrLearner {
            learn_ref_number: None,
            uln: None,
            postcode: None,
            tel_no: None,
            email: None,
            contact_preferences: Vec::new(),
            deliveries: Vec::new(),
            at,
            findings: Vec::new(),
        };
        let (mut ref_seen, mut uln_seen) = (false, false);
        if !empty {
            while let Some(c) = self.child(LEARNER, PATH)? {
                match c.index {
                    0 => {
                        ref_seen = true;
                        learner.learn_ref_number =
                            self.parsed(c, PATH, "LearnRefNumber", LearnRefNumber::parse)?;
                        self.current_ref = learner
                            .learn_ref_number
                            .as_ref()
                            .map(|r| r.as_str().to_string());
                    }
                    1 => {
                        uln_seen = true;
                        learner.uln = self.parsed(c, PATH, "ULN", Uln::parse)?;
                    }
                    2 => learner.postcode = self.string(c, PATH, "Postcode")?,
                    3 => learner.tel_no = self.string(c, PATH, "TelNo")?,
                    4 => learner.email = self.string(c, PATH, "Email")?,
                    5 => {
                        if let Some(p) = self.read_contact_preference(c)? {
                            learner.contact_preferences.push(p);
                        }
                    }
                    6 => {
                        let d = self.read_delivery(c)?;
                        learner.deliveries.push(d);
                    }
                    _ => self.skip(c.empty, PATH)?,
                }
            }
        }
        if !ref_seen {
            self.missing(PATH, "LearnRefNumber", at, "this Learner");
        }
        if !uln_seen {
            self.missing(PATH, "ULN", at, "this Learner");
        }
        if learner.deliveries.is_empty() {
            self.missing(PATH, "LearningDelivery", at, "this Learner");
        }
        learner.findings = std::mem::take(&mut self.sink);
        Ok(IlrItem::Learner(Box::new(learner)))
    }

    fn read_contact_preference(&mut self, c: Child) -> Result<Option<IlrContactPreference>> {
        let at = self.pos(c.at);
        const PATH: &str = "Learner/ContactPreference";
        let (mut pref_type, mut code) = (None, None);
        let (mut type_seen, mut code_seen) = (false, false);
        if !c.empty {
            while let Some(f) = self.child(CONTACT_PREFERENCE, PATH)? {
                if f.index == 0 {
                    type_seen = true;
                    pref_type = self.string(f, PATH, "ContPrefType")?;
                } else {
                    code_seen = true;
                    code = self.int(f, PATH, "ContPrefCode", 9)?;
                }
            }
        }
        if !type_seen {
            self.missing(PATH, "ContPrefType", at, "this ContactPreference");
        }
        if !code_seen {
            self.missing(PATH, "ContPrefCode", at, "this ContactPreference");
        }
        Ok(pref_type
            .zip(code)
            .map(|(pref_type, code)| IlrContactPreference {
                pref_type,
                code: code as u8,
            }))
    }

    fn read_delivery(&mut self, c: Child) -> Result<IlrDelivery> {
        const PATH: &str = "Learner/LearningDelivery";
        let at = self.pos(c.at);
        let mut d = IlrDelivery {
            aim_ref: None,
            aim_type: None,
            aim_seq_number: None,
            start: None,
            planned_end: None,
            actual_end: None,
            fund_model: None,
            prog_type: None,
            comp_status: None,
            outcome: None,
            fams: Vec::new(),
            at,
        };
        // Mandatory fields seen: LearnAimRef, AimType, AimSeqNumber, LearnStartDate,
        // LearnPlanEndDate, FundModel, CompStatus.
        let mut seen = [false; 11];
        if !c.empty {
            while let Some(f) = self.child(DELIVERY, PATH)? {
                if f.index < seen.len() {
                    seen[f.index] = true;
                }
                match f.index {
                    0 => d.aim_ref = self.parsed(f, PATH, "LearnAimRef", LearnAimRef::parse)?,
                    1 => d.aim_type = self.small(f, PATH, "AimType")?,
                    2 => {
                        d.aim_seq_number = self.int(f, PATH, "AimSeqNumber", 98)?.map(|n| n as u16);
                    }
                    3 => d.start = self.date(f, PATH, "LearnStartDate")?,
                    4 => d.planned_end = self.date(f, PATH, "LearnPlanEndDate")?,
                    5 => d.actual_end = self.date(f, PATH, "LearnActEndDate")?,
                    6 => d.fund_model = self.small(f, PATH, "FundModel")?,
                    7 => d.prog_type = self.small(f, PATH, "ProgType")?,
                    8 => {
                        let status = self.small(f, PATH, "CompStatus")?;
                        if let Some(s) = status {
                            if !matches!(s, 1 | 2 | 3 | 6) {
                                self.finding(
                                    &VALUE_INVALID,
                                    format!("{PATH}/CompStatus"),
                                    f.at,
                                    Some(s.to_string()),
                                    format!("CompStatus '{s}' is not an ILR completion status; use 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (temporarily withdrawn)"),
                                );
                            }
                        }
                        d.comp_status = status;
                    }
                    9 => d.outcome = self.small(f, PATH, "Outcome")?,
                    10 => {
                        if let Some(fam) = self.read_fam(f)? {
                            d.fams.push(fam);
                        }
                    }
                    _ => self.skip(f.empty, PATH)?,
                }
            }
        }
        for (i, name) in [
            (0, "LearnAimRef"),
            (1, "AimType"),
            (2, "AimSeqNumber"),
            (3, "LearnStartDate"),
            (4, "LearnPlanEndDate"),
            (6, "FundModel"),
            (8, "CompStatus"),
        ] {
            if !seen[i] {
                self.missing(PATH, name, at, "this LearningDelivery");
            }
        }
        Ok(d)
    }

    fn read_fam(&mut self, c: Child) -> Result<Option<IlrDeliveryFam>> {
        const PATH: &str = "Learner/LearningDelivery/LearningDeliveryFAM";
        let at = self.pos(c.at);
        let (mut fam_type, mut code, mut from, mut to) = (None, None, None, None);
        if !c.empty {
            while let Some(f) = self.child(FAM, PATH)? {
                match f.index {
                    0 => fam_type = self.string(f, PATH, "LearnDelFAMType")?,
                    1 => code = self.string(f, PATH, "LearnDelFAMCode")?,
                    2 => from = self.date(f, PATH, "LearnDelFAMDateFrom")?,
                    _ => to = self.date(f, PATH, "LearnDelFAMDateTo")?,
                }
            }
        }
        if fam_type.is_none() && code.is_none() {
            self.missing(PATH, "LearnDelFAMType", at, "this LearningDeliveryFAM");
        }
        Ok(fam_type.zip(code).map(|(fam_type, code)| IlrDeliveryFam {
            fam_type,
            code,
            date_from: from,
            date_to: to,
        }))
    }

    // ----- D&P ----------------------------------------------------------------------------

    fn read_destination(&mut self, at: Position, empty: bool) -> Result<IlrItem> {
        const PATH: &str = "LearnerDestinationandProgression";
        let mut record = IlrDestination {
            learn_ref_number: None,
            uln: None,
            outcomes: Vec::new(),
            at,
            findings: Vec::new(),
        };
        let mut ref_seen = false;
        if !empty {
            while let Some(c) = self.child(DESTINATION, PATH)? {
                match c.index {
                    0 => {
                        ref_seen = true;
                        record.learn_ref_number =
                            self.parsed(c, PATH, "LearnRefNumber", LearnRefNumber::parse)?;
                        self.current_ref = record
                            .learn_ref_number
                            .as_ref()
                            .map(|r| r.as_str().to_string());
                    }
                    1 => record.uln = self.parsed(c, PATH, "ULN", Uln::parse)?,
                    _ => {
                        let o = self.read_outcome(c)?;
                        record.outcomes.push(o);
                    }
                }
            }
        }
        if !ref_seen {
            self.missing(PATH, "LearnRefNumber", at, "this D&P record");
        }
        if record.outcomes.is_empty() {
            self.missing(PATH, "DPOutcome", at, "this D&P record");
        }
        record.findings = std::mem::take(&mut self.sink);
        Ok(IlrItem::Destination(Box::new(record)))
    }

    fn read_outcome(&mut self, c: Child) -> Result<IlrOutcome> {
        const PATH: &str = "LearnerDestinationandProgression/DPOutcome";
        let at = self.pos(c.at);
        let mut o = IlrOutcome {
            out_type: None,
            out_code: None,
            start: None,
            end: None,
            collection: None,
            at,
        };
        let mut seen = [false; 5];
        if !c.empty {
            while let Some(f) = self.child(OUTCOME, PATH)? {
                seen[f.index] = true;
                match f.index {
                    0 => o.out_type = self.string(f, PATH, "OutType")?,
                    1 => o.out_code = self.string(f, PATH, "OutCode")?,
                    2 => o.start = self.date(f, PATH, "OutStartDate")?,
                    3 => o.end = self.date(f, PATH, "OutEndDate")?,
                    _ => o.collection = self.date(f, PATH, "OutCollDate")?,
                }
            }
        }
        for (i, name) in [
            (0, "OutType"),
            (1, "OutCode"),
            (2, "OutStartDate"),
            (4, "OutCollDate"),
        ] {
            if !seen[i] {
                self.missing(PATH, name, at, "this DPOutcome");
            }
        }
        Ok(o)
    }
}

impl<R: BufRead> Iterator for IlrReader<R> {
    type Item = Result<IlrItem>;

    /// [`IlrReader::next_item`]; after an error, `None`.
    fn next(&mut self) -> Option<Self::Item> {
        match self.next_item() {
            Ok(item) => item.map(Ok),
            Err(e) => {
                self.done = true;
                self.pending = None;
                self.queued.clear();
                Some(Err(e))
            }
        }
    }
}

/// An integer as XML Schema writes it: optional `+`, digits (leading zeros allowed).
fn parse_int(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An xs:date without its time zone (`2019-06-24Z`, `2019-06-24+01:00`).
fn strip_zone(s: &str) -> &str {
    match s.get(..10) {
        Some(date) if s.len() > 10 => {
            let zone = &s[10..];
            let is_zone = zone == "Z"
                || (zone.len() == 6
                    && matches!(zone.as_bytes()[0], b'+' | b'-')
                    && zone.as_bytes()[3] == b':');
            if is_zone { date } else { s }
        }
        _ => s,
    }
}

/// `2324` for 2023-24.
fn year_code(year: TeachingYear) -> String {
    let y = year.start_year();
    format!("{:02}{:02}", y.rem_euclid(100), (y + 1).rem_euclid(100))
}

/// The collection year of an ILR namespace this library reads (2019-20 to 2025-26).
pub(crate) fn ilr_year(namespace: &str) -> Result<TeachingYear> {
    let unsupported = |message: String| Error::IlrNamespace {
        namespace: namespace.to_string(),
        message,
    };
    let year = namespace
        .strip_prefix("ESFA/ILR/")
        .or_else(|| namespace.strip_prefix("SFA/ILR/"))
        .and_then(|y| TeachingYear::parse(y).ok().filter(|_| y.len() == 7));
    match year {
        None if namespace.is_empty() => Err(unsupported(
            "the Message element has no namespace; an ILR file binds xmlns=\"ESFA/ILR/YYYY-YY\" (SLD rule 'Namespace Mismatch')".into(),
        )),
        None => Err(unsupported(format!(
            "'{namespace}' is not an ILR namespace (ESFA/ILR/YYYY-YY, e.g. ESFA/ILR/2023-24)"
        ))),
        Some(y) => {
            let sfa = namespace.starts_with("SFA/");
            let first = y.start_year();
            if !sfa && (2019..=2025).contains(&first) {
                Ok(y)
            } else if first < 2019 {
                Err(unsupported(format!(
                    "this is an ILR file of {y} (namespace {namespace}); this library reads ILR files of 2019-20 to 2025-26"
                )))
            } else if sfa {
                Err(unsupported(format!(
                    "'{namespace}' is not an ILR namespace: from 2018-19 the ILR's namespace is ESFA/ILR/YYYY-YY"
                )))
            } else {
                Err(unsupported(format!(
                    "this is an ILR file of {y} (namespace {namespace}), a year this library does not read yet; it reads 2019-20 to 2025-26"
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests;
