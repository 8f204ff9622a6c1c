//! Awaiting destinations: which enrolments (or learners) have finished learning but have no
//! destination yet, and which of those are overdue.
//!
//! The test is ESFA's R107/R108: a destination is awaited once the learning has ended and no
//! destination starts on or after the (latest) learning actual end date; it is overdue from two
//! calendar months after that date ([`add_months`], which clamps: 31 December + 2 months =
//! 28/29 February). Source: ESFA VS2021 `CrossEntity/R107Rule.cs` and `R108Rule.cs`; DfE help
//! "How to correct the R108 data error" (last aim ends 23 July, destination due by 23
//! September); ILR PSM: "D&P data must be returned within two months of the learning being
//! completed".
//!
//! Two views of the same data:
//!
//! * **per enrolment** (an authority portal such as WMCA's, where destinations are held per
//!   enrolment): an enrolment with a learning actual end date, not on a break in learning
//!   (completion status 6), awaits a destination until one of the learner's records at that
//!   provider starts on or after its end date, for that aim or for no particular aim.
//! * **per learner** (the ILR, R107/R108): a learner whose every enrolment has ended, and whose
//!   latest-ending enrolment is not on a break in learning, awaits a destination until one of
//!   their records starts on or after the latest end date.
//!
//! Learners are matched by UKPRN and learner reference (case-insensitive, as R108); a record
//! that gives a ULN must carry the enrolment's ULN (DfE: "the LearnRefNumber and ULN must match
//! the learner record").
//!
//! **Funding conditions.** An enrolment may carry the ILR fields R107 and R108 test
//! ([`Funding`]: FundModel, ProgType, the CompStatus number). When every enrolment of a learner
//! carries them, the per-learner view applies the two rules exactly as ESFA coded them
//! (VS2021 `CrossEntity/R107Rule.cs`, `R108Rule.cs`; reference notes `ilr-destinations.md`
//! §1.4 and `ilr-xml.md` §7):
//!
//! * both need a delivery with FundModel 25, 35, 70 or 81 ([`R107_R108_FUND_MODELS`]), every
//!   delivery ended, and the latest-ending delivery (the first in input order on a tie, as
//!   .NET's stable `OrderByDescending`) not at CompStatus 6;
//! * R107 (warning) is off when any delivery has ProgType 24 (traineeship) or 25 (apprenticeship
//!   standard), and looks for an outcome starting on or after the latest end among the records
//!   whose learner reference matches **exactly**;
//! * R108 (error) needs some delivery whose ProgType is not 24 or 25 (a missing ProgType counts),
//!   the as-of (file preparation) date on or after the latest end plus two calendar months, and
//!   looks among the records matching the learner reference **case-insensitively**;
//! * neither compares ULNs (R85 reports a D&P ULN that differs).
//!
//! One difference is left: R107 reads only the first D&P record with that exact reference; here
//! every record with it counts. They differ only when a file has two D&P records for one
//! reference, which R71 reports. Without funding fields the per-learner view applies no
//! funding-model or programme-type condition: pass the enrolments that need a destination.
//!
//! ```
//! use learner_destinations::awaiting::{awaiting, CompletionStatus, Enrolment};
//! use learner_destinations::dates::parse_date;
//! use learner_destinations::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
//!
//! let enrolment = Enrolment {
//!     ukprn: Ukprn::parse("10000001").unwrap(),
//!     uln: Uln::parse("9276308686").unwrap(),
//!     learner_ref: LearnRefNumber::parse("L001").unwrap(),
//!     aim_ref: LearnAimRef::parse("60012345").unwrap(),
//!     learning_end: parse_date("2025-07-23").ok(),
//!     completion_status: CompletionStatus::Completed,
//!     funding: None,
//! };
//! let report = awaiting(&[enrolment], &[], parse_date("2025-09-23").unwrap());
//! assert_eq!(report.enrolments[0].due.to_string(), "2025-09-23");
//! assert!(report.enrolments[0].overdue);
//! assert_eq!(report.learners[0].finding().code, "destination_overdue");
//! ```

use crate::dates::{add_months, serde_date};
use crate::finding::{Finding, FindingKind, Severity};
use crate::identifiers::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use crate::records::DestinationRecord;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A learner who has finished learning and has no destination yet (not yet overdue).
pub static DESTINATION_MISSING: FindingKind = FindingKind {
    code: "destination_missing",
    severity: Severity::Warning,
    summary: "The learning has ended and no destination starts on or after the (latest) learning actual end date; it must be returned within two months of that date.",
    source: "ESFA R107 (VS2021 CrossEntity/R107Rule.cs), severity warning",
    mirrors: Some("R107"),
};

/// A learner with no destination two calendar months after the learning ended.
pub static DESTINATION_OVERDUE: FindingKind = FindingKind {
    code: "destination_overdue",
    severity: Severity::Error,
    summary: "Two calendar months after the (latest) learning actual end date there is still no destination starting on or after it.",
    source: "ESFA R108 (VS2021 CrossEntity/R108Rule.cs), severity error; DfE help article 7074794931730",
    mirrors: Some("R108"),
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[&DESTINATION_MISSING, &DESTINATION_OVERDUE];

/// Calendar months after the learning end by which a destination is due (R108).
pub const MONTHS_TO_RETURN: u32 = 2;

/// The FundModels that make R107 and R108 apply: 25 (16-19 excluding apprenticeships),
/// 35 (adult skills), 70 (ESF), 81 (other adult). Source: VS2021 `CrossEntity/R107Rule.cs`,
/// `R108Rule.cs` (`_fundModels`); no FM10 or FM36.
pub const R107_R108_FUND_MODELS: [u8; 4] = [25, 35, 70, 81];

/// ProgType 24, traineeship (VS2021 `Constants/ProgTypes.cs`).
pub const PROG_TYPE_TRAINEESHIP: u8 = 24;
/// ProgType 25, apprenticeship standard (VS2021 `Constants/ProgTypes.cs`).
pub const PROG_TYPE_APPRENTICESHIP_STANDARD: u8 = 25;
/// CompStatus 6, temporarily withdrawn (VS2021 `Constants/CompletionState.cs`).
pub const COMP_STATUS_TEMPORARILY_WITHDRAWN: u8 = 6;

/// The ILR fields of a learning delivery that R107 and R108 test.
///
/// In JSON: `{"fund_model": 35, "prog_type": null, "comp_status": 2}` (`prog_type` and
/// `comp_status` may be left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// ILR FundModel (e.g. 35).
    pub fund_model: u8,
    /// ILR ProgType, when the delivery has one (24 traineeship, 25 apprenticeship standard).
    #[serde(default)]
    pub prog_type: Option<u8>,
    /// The CompStatus number as recorded, when it is not one [`CompletionStatus`] names (ESFA's
    /// rules compare the number with 6, so a 4 is simply not a break); `None` uses the
    /// enrolment's `completion_status`.
    #[serde(default)]
    pub comp_status: Option<u8>,
}

impl Funding {
    /// FundModel 25, 35, 70 or 81.
    pub fn qualifies(&self) -> bool {
        R107_R108_FUND_MODELS.contains(&self.fund_model)
    }

    /// ProgType 24 or 25 (ESFA's `InTraining`).
    pub fn in_training(&self) -> bool {
        matches!(
            self.prog_type,
            Some(PROG_TYPE_TRAINEESHIP | PROG_TYPE_APPRENTICESHIP_STANDARD)
        )
    }
}

/// ILR CompStatus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionStatus {
    /// 1: continuing or intending to continue.
    Continuing,
    /// 2: completed.
    Completed,
    /// 3: withdrawn.
    Withdrawn,
    /// 6: temporarily withdrawn (an agreed break in learning); no destination is awaited.
    BreakInLearning,
}

impl CompletionStatus {
    /// The ILR code: 1, 2, 3 or 6.
    pub fn code(self) -> u8 {
        match self {
            CompletionStatus::Continuing => 1,
            CompletionStatus::Completed => 2,
            CompletionStatus::Withdrawn => 3,
            CompletionStatus::BreakInLearning => 6,
        }
    }

    /// The status for an ILR code.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            1 => CompletionStatus::Continuing,
            2 => CompletionStatus::Completed,
            3 => CompletionStatus::Withdrawn,
            6 => CompletionStatus::BreakInLearning,
            _ => return None,
        })
    }
}

impl Serialize for CompletionStatus {
    /// As the ILR code (a number).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

impl<'de> Deserialize<'de> for CompletionStatus {
    /// From the ILR code, as a number or a string.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        let shown = match Raw::deserialize(d)? {
            Raw::N(n) => n.to_string(),
            Raw::S(s) => s.trim().to_string(),
        };
        shown
            .parse::<u8>()
            .ok()
            .and_then(CompletionStatus::from_code)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "completion status '{shown}' is not an ILR CompStatus; use 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (break in learning)"
                ))
            })
    }
}

/// One enrolment (ILR learning delivery).
///
/// In JSON: `{"ukprn": "10000001", "uln": "9276308686", "learner_ref": "L001", "aim_ref":
/// "60012345", "learning_end": "2025-07-23", "completion_status": 2}` (`learning_end` may be
/// `null`, `""` or left out while learning continues).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The provider.
    pub ukprn: Ukprn,
    /// The learner's ULN.
    pub uln: Uln,
    /// The provider's learner reference.
    pub learner_ref: LearnRefNumber,
    /// The learning aim reference.
    pub aim_ref: LearnAimRef,
    /// The learning actual end date, once learning has ended.
    #[serde(default, with = "serde_date::option")]
    pub learning_end: Option<NaiveDate>,
    /// The completion status.
    pub completion_status: CompletionStatus,
    /// The ILR funding fields, when known: the per-learner view then applies R107/R108's
    /// funding-model and programme-type conditions (see the [module documentation](self)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<Funding>,
}

impl Enrolment {
    /// The CompStatus number R107/R108 compare: [`Funding::comp_status`] when given, else the
    /// code of `completion_status`.
    pub fn comp_status_code(&self) -> u8 {
        self.funding
            .and_then(|f| f.comp_status)
            .unwrap_or(self.completion_status.code())
    }
}

/// A destination record with the learner (and optionally the enrolment) it belongs to.
///
/// In JSON, flat: `{"ukprn": "10000001", "learner_ref": "L001", "uln": "9276308686",
/// "aim_ref": null, "code": "EMP1", "start": "2025-08-01", "end": null, "collection":
/// "2025-09-01"}`; `uln` and `aim_ref` may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerDestination {
    /// The provider.
    pub ukprn: Ukprn,
    /// The provider's learner reference.
    pub learner_ref: LearnRefNumber,
    /// The learner's ULN, when the record carries one (it must then match the enrolment's).
    #[serde(default)]
    pub uln: Option<Uln>,
    /// The enrolment's aim, for per-enrolment destinations; `None` for a learner-level record
    /// (ILR D&P), which serves every enrolment of the learner.
    #[serde(default)]
    pub aim_ref: Option<LearnAimRef>,
    /// The destination.
    #[serde(flatten)]
    pub record: DestinationRecord,
}

/// An enrolment awaiting a destination (the portal's per-enrolment view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingEnrolment {
    /// The enrolment's index (0-based) in the slice given.
    pub enrolment: usize,
    /// The provider.
    pub ukprn: Ukprn,
    /// The learner's ULN.
    pub uln: Uln,
    /// The learner reference.
    pub learner_ref: LearnRefNumber,
    /// The aim.
    pub aim_ref: LearnAimRef,
    /// The learning actual end date.
    #[serde(with = "serde_date")]
    pub learning_end: NaiveDate,
    /// When the destination is due: the end date plus two calendar months.
    #[serde(with = "serde_date")]
    pub due: NaiveDate,
    /// The as-of date is on or after `due`.
    pub overdue: bool,
}

/// A learner awaiting a destination (the ILR's per-learner view, R107/R108).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingLearner {
    /// The provider.
    pub ukprn: Ukprn,
    /// The ULN of the latest-ending enrolment.
    pub uln: Uln,
    /// The learner reference (as on the latest-ending enrolment).
    pub learner_ref: LearnRefNumber,
    /// The latest learning actual end date.
    #[serde(with = "serde_date")]
    pub latest_end: NaiveDate,
    /// The latest end date plus two calendar months.
    #[serde(with = "serde_date")]
    pub due: NaiveDate,
    /// The as-of (file preparation) date is on or after `due`: R108.
    pub overdue: bool,
    /// The learner's enrolments (0-based indices), in input order.
    pub enrolments: Vec<usize>,
    /// The ESFA rules that fire for this learner: `R107`, `R108` or both (with funding fields);
    /// without them, `R108` when overdue, else `R107`.
    #[serde(deserialize_with = "crate::finding::read_back::rule_list")]
    pub rules: Vec<&'static str>,
}

impl AwaitingLearner {
    /// The learner as a finding: R108 (error) when overdue, else R107 (warning).
    pub fn finding(&self) -> Finding {
        self.rule_finding(self.overdue)
    }

    /// One finding per rule in [`AwaitingLearner::rules`]: R107 (warning), then R108 (error).
    pub fn findings(&self) -> Vec<Finding> {
        self.rules
            .iter()
            .map(|r| self.rule_finding(*r == "R108"))
            .collect()
    }

    fn rule_finding(&self, r108: bool) -> Finding {
        let (kind, tail) = if r108 {
            (&DESTINATION_OVERDUE, format!("it was due by {}", self.due))
        } else {
            (&DESTINATION_MISSING, format!("it is due by {}", self.due))
        };
        kind.finding(
            self.learner_ref.as_str(),
            format!(
                "learner {} (ULN {}) finished learning on {} and has no destination starting on or after that date; {tail}",
                self.learner_ref, self.uln, self.latest_end
            ),
        )
        .in_column("learner_ref")
    }
}

/// Both views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Awaiting {
    /// Per enrolment, in input order.
    pub enrolments: Vec<AwaitingEnrolment>,
    /// Per learner, in order of each learner's first enrolment.
    pub learners: Vec<AwaitingLearner>,
}

impl Awaiting {
    /// True when any enrolment or learner is overdue (its destination was due more than two
    /// calendar months after its learning ended and none is recorded: ESFA R107/R108). The
    /// `destinations awaiting` command exits 1 exactly then.
    pub fn any_overdue(&self) -> bool {
        self.enrolments.iter().any(|e| e.overdue) || self.learners.iter().any(|l| l.overdue)
    }
}

/// Both views at once (see the [module documentation](self)).
pub fn awaiting(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Awaiting {
    let learners = Learners::new(enrolments);
    let index = Index::new(&learners, destinations);
    Awaiting {
        enrolments: by_enrolment(enrolments, &learners, &index, as_of),
        learners: by_learner(enrolments, &learners, &index, as_of),
    }
}

/// The per-enrolment (portal) view only.
pub fn awaiting_by_enrolment(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Vec<AwaitingEnrolment> {
    let learners = Learners::new(enrolments);
    by_enrolment(
        enrolments,
        &learners,
        &Index::new(&learners, destinations),
        as_of,
    )
}

/// The per-learner (ILR) view only.
pub fn awaiting_by_learner(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Vec<AwaitingLearner> {
    let learners = Learners::new(enrolments);
    by_learner(
        enrolments,
        &learners,
        &Index::new(&learners, destinations),
        as_of,
    )
}

/// A learner's sort key: the provider and the learner reference folded to lower case (R108
/// compares learner references case-insensitively) packed in one number, the UKPRN in the top
/// 32 bits and the reference's first 12 bytes below it. A [`LearnRefNumber`] is 1 to 12 letters,
/// digits and spaces, so the zero padding cannot collide; a longer one (which `parse` refuses)
/// would still be told apart by its folded tail ([`Keyed::tail`]).
fn sort_key(ukprn: Ukprn, learner_ref: &LearnRefNumber) -> u128 {
    let mut key = u128::from(ukprn.get()) << 96;
    for (i, b) in learner_ref.as_str().bytes().take(12).enumerate() {
        key |= u128::from(b.to_ascii_lowercase()) << (88 - 8 * i);
    }
    key
}

/// Items (enrolments or destinations) sorted by learner, then by input position: one sort of
/// a flat vector of `(key, position)`, so grouping costs no hashing and nothing per learner.
struct Keyed<'a> {
    /// `(sort key, position)`, sorted.
    sorted: Vec<(u128, u32)>,
    /// Each item's learner reference, for [`Keyed::tail`].
    refs: Vec<&'a str>,
    /// Some reference is longer than the key holds.
    long: bool,
}

impl<'a> Keyed<'a> {
    fn new(items: impl ExactSizeIterator<Item = (Ukprn, &'a LearnRefNumber)>) -> Self {
        let mut sorted = Vec::with_capacity(items.len());
        let mut refs = Vec::with_capacity(items.len());
        let mut long = false;
        for (i, (ukprn, learner_ref)) in items.enumerate() {
            long |= learner_ref.as_str().len() > 12;
            sorted.push((sort_key(ukprn, learner_ref), i as u32));
            refs.push(learner_ref.as_str());
        }
        let mut keyed = Keyed {
            sorted: Vec::new(),
            refs,
            long,
        };
        sorted.sort_unstable_by(|a, b| keyed.cmp(a, b).then(a.1.cmp(&b.1)));
        keyed.sorted = sorted;
        keyed
    }

    /// The folded bytes of item `i`'s reference beyond the first 12.
    fn tail(&self, i: u32) -> impl Iterator<Item = u8> + '_ {
        self.refs
            .get(i as usize)
            .and_then(|r| r.as_bytes().get(12..))
            .unwrap_or_default()
            .iter()
            .map(u8::to_ascii_lowercase)
    }

    /// The order of two entries' learners.
    fn cmp(&self, a: &(u128, u32), b: &(u128, u32)) -> Ordering {
        a.0.cmp(&b.0).then_with(|| {
            if self.long {
                self.tail(a.1).cmp(self.tail(b.1))
            } else {
                Ordering::Equal
            }
        })
    }

    /// The order of entry `a` of `self` and entry `b` of `other`.
    fn cmp_with(&self, a: &(u128, u32), other: &Keyed<'_>, b: &(u128, u32)) -> Ordering {
        a.0.cmp(&b.0).then_with(|| {
            if self.long || other.long {
                self.tail(a.1).cmp(other.tail(b.1))
            } else {
                Ordering::Equal
            }
        })
    }

    /// The runs of one learner in `sorted`, as `start..end` positions.
    fn runs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let first = self.sorted.get(start)?;
            let mut end = start + 1;
            while self
                .sorted
                .get(end)
                .is_some_and(|e| self.cmp(first, e) == Ordering::Equal)
            {
                end += 1;
            }
            let run = (start, end);
            start = end;
            Some(run)
        })
    }
}

/// The learners of a slice of enrolments, numbered from 0 in order of each learner's first
/// enrolment, with every learner's enrolments in one flat vector (input order within a
/// learner): one sort by learner, so the cost grows as n log n with a small constant and
/// nothing is allocated per learner.
struct Learners<'a> {
    keyed: Keyed<'a>,
    /// Each enrolment's learner number, in input order.
    learner_of: Vec<u32>,
    /// Enrolment indices, learner by learner (in key order).
    members: Vec<usize>,
    /// Learner `g`'s enrolments are `members[spans[g].0..spans[g].1]`.
    spans: Vec<(usize, usize)>,
    /// The learners in key order, for matching destinations: `(first entry in sorted, g)`.
    by_key: Vec<(usize, u32)>,
}

impl<'a> Learners<'a> {
    fn new(enrolments: &'a [Enrolment]) -> Self {
        let keyed = Keyed::new(enrolments.iter().map(|e| (e.ukprn, &e.learner_ref)));
        let members: Vec<usize> = keyed.sorted.iter().map(|&(_, i)| i as usize).collect();
        // Runs in key order; each run's first member is its learner's first enrolment.
        let runs: Vec<(usize, usize)> = keyed.runs().collect();
        let mut order: Vec<u32> = (0..runs.len() as u32).collect();
        order.sort_unstable_by_key(|&r| members[runs[r as usize].0]);
        let mut group_of_run = vec![0u32; runs.len()];
        for (g, &r) in order.iter().enumerate() {
            group_of_run[r as usize] = g as u32;
        }
        let mut learner_of = vec![0u32; enrolments.len()];
        let mut by_key = Vec::with_capacity(runs.len());
        for (r, &(start, end)) in runs.iter().enumerate() {
            let g = group_of_run[r];
            for &i in &members[start..end] {
                learner_of[i] = g;
            }
            by_key.push((start, g));
        }
        let spans = order.iter().map(|&r| runs[r as usize]).collect();
        Learners {
            keyed,
            learner_of,
            members,
            spans,
            by_key,
        }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    /// The enrolments (indices, in input order) of learner `g`.
    fn of(&self, g: usize) -> &[usize] {
        match self.spans.get(g) {
            Some(&(start, end)) => &self.members[start..end],
            None => &[],
        }
    }
}

/// A destination's portal key (ULN, aim) and the latest start among the learner's destinations
/// with that key.
type Bucket<'a> = (Option<Uln>, Option<&'a LearnAimRef>, NaiveDate);

/// The destinations by learner (only the learners that have enrolments: no other can be
/// served), and for the portal view the latest start among each learner's destinations by what
/// they name: (ULN, aim), ULN only, aim only, neither. An enrolment is served when the latest
/// start of the four that fit it is on or after its end, so each enrolment is answered by four
/// binary searches among its own learner's keys, however many destinations the learner has.
struct Index<'a> {
    /// Destinations, learner by learner, in input order within a learner.
    members: Vec<&'a LearnerDestination>,
    /// Learner `g`'s destinations are `members[spans[g].0..spans[g].1]`.
    spans: Vec<(usize, usize)>,
    /// Each learner's buckets, sorted by key.
    buckets: Vec<Bucket<'a>>,
    /// Learner `g`'s buckets are `buckets[bucket_spans[g].0..bucket_spans[g].1]`.
    bucket_spans: Vec<(usize, usize)>,
}

impl<'a> Index<'a> {
    fn new(learners: &Learners<'_>, destinations: &'a [LearnerDestination]) -> Self {
        let keyed = Keyed::new(destinations.iter().map(|d| (d.ukprn, &d.learner_ref)));
        let members: Vec<&LearnerDestination> = keyed
            .sorted
            .iter()
            .map(|&(_, i)| &destinations[i as usize])
            .collect();
        let mut spans = vec![(0, 0); learners.len()];
        let mut bucket_spans = vec![(0, 0); learners.len()];
        let mut buckets: Vec<Bucket<'a>> = Vec::new();
        // Both sides are in key order: walk them together.
        let mut learner = learners.by_key.iter().peekable();
        for (start, end) in keyed.runs() {
            let entry = &keyed.sorted[start];
            let mut found = None;
            while let Some(&&(first, g)) = learner.peek() {
                let enrolment = &learners.keyed.sorted[first];
                match learners.keyed.cmp_with(enrolment, &keyed, entry) {
                    Ordering::Less => {
                        learner.next();
                    }
                    Ordering::Equal => {
                        found = Some(g);
                        break;
                    }
                    Ordering::Greater => break,
                }
            }
            let Some(g) = found else { continue };
            spans[g as usize] = (start, end);
            let from = buckets.len();
            buckets.extend(
                members[start..end]
                    .iter()
                    .map(|d| (d.uln, d.aim_ref.as_ref(), d.record.start)),
            );
            buckets[from..].sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            let mut kept = from;
            for r in from..buckets.len() {
                let b = buckets[r];
                match kept.checked_sub(1).filter(|&k| k >= from) {
                    Some(k) if (buckets[k].0, buckets[k].1) == (b.0, b.1) => {
                        buckets[k].2 = buckets[k].2.max(b.2);
                    }
                    _ => {
                        buckets[kept] = b;
                        kept += 1;
                    }
                }
            }
            buckets.truncate(kept);
            bucket_spans[g as usize] = (from, kept);
        }
        Index {
            members,
            spans,
            buckets,
            bucket_spans,
        }
    }

    /// The destinations of learner `g`, in input order.
    fn of(&self, g: u32) -> &[&'a LearnerDestination] {
        match self.spans.get(g as usize) {
            Some(&(start, end)) => &self.members[start..end],
            None => &[],
        }
    }

    /// Some destination of learner `g` (the enrolment's) starts on or after `from` and names
    /// the enrolment's ULN or none, and its aim or none.
    fn serves_enrolment(&self, g: u32, e: &Enrolment, from: NaiveDate) -> bool {
        let Some(&(start, end)) = self.bucket_spans.get(g as usize) else {
            return false;
        };
        let buckets = &self.buckets[start..end];
        [
            (Some(e.uln), Some(&e.aim_ref)),
            (Some(e.uln), None),
            (None, Some(&e.aim_ref)),
            (None, None),
        ]
        .into_iter()
        .any(|key| {
            buckets
                .binary_search_by(|b| (b.0, b.1).cmp(&key))
                .is_ok_and(|i| buckets[i].2 >= from)
        })
    }

    /// Some destination of learner `g` starts on or after `from` and `fits`.
    fn has(&self, g: u32, from: NaiveDate, fits: impl Fn(&LearnerDestination) -> bool) -> bool {
        self.of(g).iter().any(|d| d.record.start >= from && fits(d))
    }

    /// The first destination of learner `g` (in input order) that starts on or after `from`
    /// and names one of `ulns` (sorted) or none.
    fn serving_learner(
        &self,
        g: u32,
        from: NaiveDate,
        ulns: &[Uln],
    ) -> Option<&'a LearnerDestination> {
        self.of(g).iter().copied().find(|d| {
            d.record.start >= from && d.uln.is_none_or(|u| ulns.binary_search(&u).is_ok())
        })
    }
}

/// The ULNs of some enrolments, sorted and without repeats, into `out` (a buffer reused from
/// learner to learner).
fn ulns_of(enrolments: &[Enrolment], idx: &[usize], out: &mut Vec<Uln>) {
    out.clear();
    out.extend(idx.iter().map(|&i| enrolments[i].uln));
    out.sort_unstable();
    out.dedup();
}

fn due_and_overdue(end: NaiveDate, as_of: NaiveDate) -> (NaiveDate, bool) {
    let due = add_months(end, MONTHS_TO_RETURN);
    (due, as_of >= due)
}

fn by_enrolment(
    enrolments: &[Enrolment],
    learners: &Learners<'_>,
    index: &Index<'_>,
    as_of: NaiveDate,
) -> Vec<AwaitingEnrolment> {
    enrolments
        .iter()
        .zip(&learners.learner_of)
        .enumerate()
        .filter_map(|(i, (e, &g))| {
            let end = e.learning_end?;
            if e.completion_status == CompletionStatus::BreakInLearning {
                return None;
            }
            if index.serves_enrolment(g, e, end) {
                return None;
            }
            let (due, overdue) = due_and_overdue(end, as_of);
            Some(AwaitingEnrolment {
                enrolment: i,
                ukprn: e.ukprn,
                uln: e.uln,
                learner_ref: e.learner_ref.clone(),
                aim_ref: e.aim_ref.clone(),
                learning_end: end,
                due,
                overdue,
            })
        })
        .collect()
}

/// A learner the ILR view ([`awaiting_by_learner`]) does not list, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAwaitingLearner {
    /// The provider.
    pub ukprn: Ukprn,
    /// The learner (as in their first enrolment).
    pub learner_ref: LearnRefNumber,
    /// Why no destination is awaited, for people.
    pub reason: String,
}

/// The learners the ILR view leaves out, each with the reason (R107/R108 await a destination
/// only once every aim of the learner has ended, not during a break in learning, and not when
/// a destination starts on or after the latest learning end): "still in learning: aim
/// 60099999 has no learning actual end date (completion status 1)".
pub fn learners_not_awaiting(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Vec<NotAwaitingLearner> {
    let learners = Learners::new(enrolments);
    let index = Index::new(&learners, destinations);
    let mut ulns = Vec::new();
    let mut out = Vec::new();
    for g in 0..learners.len() {
        let idx = learners.of(g);
        if assess(enrolments, idx, g as u32, &index, as_of, &mut ulns).is_some() {
            continue;
        }
        let first = &enrolments[idx[0]];
        let not = |reason: String| NotAwaitingLearner {
            ukprn: first.ukprn,
            learner_ref: first.learner_ref.clone(),
            reason,
        };
        if let Some(open) = idx
            .iter()
            .map(|&i| &enrolments[i])
            .find(|e| e.learning_end.is_none())
        {
            out.push(not(format!(
                "still in learning: aim {} has no learning actual end date (completion status {}); a destination is awaited once every aim has ended",
                open.aim_ref,
                open.completion_status.code()
            )));
            continue;
        }
        let Some((latest, latest_end)) = latest_ending(enrolments, idx) else {
            continue;
        };
        if latest.completion_status == CompletionStatus::BreakInLearning {
            out.push(not(format!(
                "on a break in learning: aim {}, which ended last ({latest_end}), has completion status 6 (temporarily withdrawn); no destination is awaited during a break",
                latest.aim_ref
            )));
            continue;
        }
        ulns_of(enrolments, idx, &mut ulns);
        out.push(not(match index.serving_learner(g as u32, latest_end, &ulns) {
            Some(d) => format!(
                "has a destination: {} from {}, on or after the latest learning end ({latest_end})",
                d.record.code, d.record.start
            ),
            None => "R107 and R108 do not apply to the learner's enrolments (their funding model, programme type or completion status, as the ILR file gives them)".to_string(),
        }));
    }
    out
}

/// The latest-ending of some enrolments that have all ended (the first in input order among
/// ties) and its end date; `None` when one has not ended.
fn latest_ending<'e>(
    enrolments: &'e [Enrolment],
    idx: &[usize],
) -> Option<(&'e Enrolment, NaiveDate)> {
    let mut found: Option<(&Enrolment, NaiveDate)> = None;
    for &i in idx {
        let e = &enrolments[i];
        let end = e.learning_end?;
        if found.is_none_or(|(_, latest)| end > latest) {
            found = Some((e, end));
        }
    }
    found
}

/// Whether learner `g` (enrolments `idx`) awaits a destination in the ILR view: its
/// latest-ending enrolment, the latest end, the due date, overdue, and the rules that fire.
/// `ulns` is a buffer reused from learner to learner.
fn assess<'e>(
    enrolments: &'e [Enrolment],
    idx: &[usize],
    g: u32,
    index: &Index<'_>,
    as_of: NaiveDate,
    ulns: &mut Vec<Uln>,
) -> Option<(&'e Enrolment, NaiveDate, NaiveDate, bool, Vec<&'static str>)> {
    // Every enrolment must have ended.
    let (latest, latest_end) = latest_ending(enrolments, idx)?;
    let (due, overdue, rules) = if idx.iter().all(|&i| enrolments[i].funding.is_some()) {
        esfa_rules(enrolments, idx, latest, latest_end, index, g, as_of)?
    } else {
        if latest.completion_status == CompletionStatus::BreakInLearning {
            return None;
        }
        ulns_of(enrolments, idx, ulns);
        if index.serving_learner(g, latest_end, ulns).is_some() {
            return None;
        }
        let (due, overdue) = due_and_overdue(latest_end, as_of);
        (due, overdue, vec![if overdue { "R108" } else { "R107" }])
    };
    Some((latest, latest_end, due, overdue, rules))
}

fn by_learner(
    enrolments: &[Enrolment],
    learners: &Learners<'_>,
    index: &Index<'_>,
    as_of: NaiveDate,
) -> Vec<AwaitingLearner> {
    let mut ulns = Vec::new();
    let mut out = Vec::new();
    for g in 0..learners.len() {
        let idx = learners.of(g);
        let Some((latest, latest_end, due, overdue, rules)) =
            assess(enrolments, idx, g as u32, index, as_of, &mut ulns)
        else {
            continue;
        };
        out.push(AwaitingLearner {
            ukprn: latest.ukprn,
            uln: latest.uln,
            learner_ref: latest.learner_ref.clone(),
            latest_end,
            due,
            overdue,
            enrolments: idx.to_vec(),
            rules,
        });
    }
    out
}

/// R107 and R108 exactly as ESFA coded them, for a learner whose enrolments all carry funding
/// fields and have all ended: `(due, overdue, rules)`, or `None` when neither fires.
fn esfa_rules(
    enrolments: &[Enrolment],
    idx: &[usize],
    latest: &Enrolment,
    latest_end: NaiveDate,
    index: &Index<'_>,
    g: u32,
    as_of: NaiveDate,
) -> Option<(NaiveDate, bool, Vec<&'static str>)> {
    let funding = || idx.iter().filter_map(|&i| enrolments[i].funding);
    if !funding().any(|f| f.qualifies())
        || latest.comp_status_code() == COMP_STATUS_TEMPORARILY_WITHDRAWN
    {
        return None;
    }
    let (due, due_passed) = due_and_overdue(latest_end, as_of);
    let exact = latest.learner_ref.as_str();
    let r107 = !funding().any(|f| f.in_training())
        && !index.has(g, latest_end, |d| d.learner_ref.as_str() == exact);
    let r108 =
        due_passed && funding().any(|f| !f.in_training()) && !index.has(g, latest_end, |_| true);
    let mut rules = Vec::new();
    if r107 {
        rules.push("R107");
    }
    if r108 {
        rules.push("R108");
    }
    (!rules.is_empty()).then_some((due, r108, rules))
}

#[cfg(test)]
#[path = "awaiting_old.rs"]
mod old;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn enrolment(lref: &str, aim: &str, end: Option<&str>, status: u8) -> Enrolment {
        Enrolment {
            ukprn: Ukprn::parse("10000001").unwrap(),
            uln: Uln::parse("9276308686").unwrap(),
            learner_ref: LearnRefNumber::parse(lref).unwrap(),
            aim_ref: LearnAimRef::parse(aim).unwrap(),
            learning_end: end.map(d),
            completion_status: CompletionStatus::from_code(status).unwrap(),
            funding: None,
        }
    }

    fn destination(lref: &str, aim: Option<&str>, start: &str) -> LearnerDestination {
        LearnerDestination {
            ukprn: Ukprn::parse("10000001").unwrap(),
            learner_ref: LearnRefNumber::parse(lref).unwrap(),
            uln: None,
            aim_ref: aim.map(|a| LearnAimRef::parse(a).unwrap()),
            record: DestinationRecord::new("EMP1", d(start), None, d(start)),
        }
    }

    #[test]
    fn the_two_views_differ() {
        let enrolments = [
            enrolment("L1", "60000001", Some("2025-06-30"), 2),
            enrolment("L1", "60000002", None, 1),
            enrolment("L2", "60000003", Some("2025-07-23"), 3),
            enrolment("L3", "60000004", Some("2025-07-23"), 6),
        ];
        let report = awaiting(&enrolments, &[], d("2025-09-22"));
        let e: Vec<(usize, bool)> = report
            .enrolments
            .iter()
            .map(|a| (a.enrolment, a.overdue))
            .collect();
        // L1's first aim awaits (and is overdue) in the portal; L1 as a learner is still learning.
        assert_eq!(e, [(0, true), (2, false)]);
        let l: Vec<(&str, bool)> = report
            .learners
            .iter()
            .map(|a| (a.learner_ref.as_str(), a.overdue))
            .collect();
        assert_eq!(l, [("L2", false)]);
        assert_eq!(report.learners[0].due, d("2025-09-23"));
        assert_eq!(report.learners[0].finding().code, "destination_missing");
        let later = awaiting(&enrolments, &[], d("2025-09-23"));
        assert!(later.learners[0].overdue);
        assert_eq!(later.learners[0].finding().severity, Severity::Error);
    }

    #[test]
    fn destinations_must_start_on_or_after_the_end() {
        let enrolments = [
            enrolment("L1", "60000001", Some("2025-06-30"), 2),
            enrolment("l1", "60000002", Some("2025-07-31"), 2),
        ];
        // Before the latest end: does not count for the learner, but serves aim 1 in the portal.
        let before = [destination("L1", None, "2025-07-01")];
        let r = awaiting(&enrolments, &before, d("2025-08-01"));
        assert_eq!(r.enrolments.len(), 1);
        assert_eq!(r.enrolments[0].enrolment, 1);
        assert_eq!(r.learners.len(), 1);
        assert_eq!(r.learners[0].enrolments, [0, 1]);
        assert_eq!(r.learners[0].latest_end, d("2025-07-31"));
        // On the latest end date, learner-level: both served (learner refs match case-insensitively).
        let on = [destination("L1", None, "2025-07-31")];
        let r = awaiting(&enrolments, &on, d("2025-12-01"));
        assert!(r.enrolments.is_empty() && r.learners.is_empty());
        // For aim 2 only: aim 1 is served too (it starts after aim 1 ended)? No: the record
        // names aim 2, so aim 1 still awaits in the portal.
        let aim2 = [destination("L1", Some("60000002"), "2025-08-01")];
        let r = awaiting(&enrolments, &aim2, d("2025-12-01"));
        assert_eq!(r.enrolments.len(), 1);
        assert_eq!(r.enrolments[0].enrolment, 0);
        assert!(r.learners.is_empty());
    }

    #[test]
    fn uln_must_match_when_given() {
        let enrolments = [enrolment("L1", "60000001", Some("2025-06-30"), 2)];
        let mut other = destination("L1", None, "2025-07-01");
        other.uln = Some(Uln::parse("1000000043").unwrap());
        let r = awaiting(&enrolments, &[other.clone()], d("2025-07-02"));
        assert_eq!((r.enrolments.len(), r.learners.len()), (1, 1));
        other.uln = Some(Uln::parse("9276308686").unwrap());
        let r = awaiting(&enrolments, &[other], d("2025-07-02"));
        assert_eq!((r.enrolments.len(), r.learners.len()), (0, 0));
    }

    #[test]
    fn month_end_clamps() {
        let enrolments = [enrolment("L1", "60000001", Some("2025-12-31"), 2)];
        let r = awaiting_by_learner(&enrolments, &[], d("2026-02-28"));
        assert_eq!(r[0].due, d("2026-02-28"));
        assert!(r[0].overdue);
        assert!(!awaiting_by_enrolment(&enrolments, &[], d("2026-02-27"))[0].overdue);
    }

    #[test]
    fn json_shapes() {
        let e: Enrolment = serde_json::from_str(
            r#"{"ukprn": 10000001, "uln": "9276308686", "learner_ref": "L1", "aim_ref": "60000001", "learning_end": "", "completion_status": "1"}"#,
        )
        .unwrap();
        assert_eq!(e.learning_end, None);
        let err = serde_json::from_str::<Enrolment>(
            r#"{"ukprn": 10000001, "uln": "9276308686", "learner_ref": "L1", "aim_ref": "60000001", "completion_status": 4}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("completion status '4'"), "{err}");
        let dest: LearnerDestination = serde_json::from_str(
            r#"{"ukprn": "10000001", "learner_ref": "L1", "code": "OTH3", "start": "2025-08-01", "collection": "2025-09-01"}"#,
        )
        .unwrap();
        assert_eq!(dest.record.code, "OTH3");
        let v = serde_json::to_value(awaiting(&[e], &[dest], d("2025-09-01"))).unwrap();
        assert_eq!(v, serde_json::json!({"enrolments": [], "learners": []}));
    }

    use super::old::{LearnerKey as OldKey, key};

    /// The checks as they were before the index (every destination of the learner compared
    /// with every enrolment): the index must answer exactly as they do.
    fn old_serves_enrolment(ds: &[LearnerDestination], e: &Enrolment, from: NaiveDate) -> bool {
        ds.iter().any(|d| {
            key(d.ukprn, &d.learner_ref) == key(e.ukprn, &e.learner_ref)
                && d.record.start >= from
                && d.uln.is_none_or(|u| u == e.uln)
                && d.aim_ref.as_ref().is_none_or(|a| *a == e.aim_ref)
        })
    }

    fn old_serves_learner(
        ds: &[LearnerDestination],
        learner: &OldKey,
        from: NaiveDate,
        es: &[Enrolment],
    ) -> bool {
        ds.iter().any(|d| {
            key(d.ukprn, &d.learner_ref) == *learner
                && d.record.start >= from
                && d.uln.is_none_or(|u| es.iter().any(|e| e.uln == u))
        })
    }

    fn arb_enrolment() -> impl Strategy<Value = Enrolment> {
        (0usize..2, 0usize..3, 0usize..2, 0usize..3, 0i64..40).prop_map(|(p, l, u, a, end)| {
            Enrolment {
                ukprn: Ukprn::parse(["10000001", "10000002"][p]).unwrap(),
                uln: Uln::parse(["9276308686", "1000000043"][u]).unwrap(),
                learner_ref: LearnRefNumber::parse(["L1", "l1", "L2"][l]).unwrap(),
                aim_ref: LearnAimRef::parse(["60000001", "60000002", "60000003"][a]).unwrap(),
                learning_end: Some(d("2025-06-01") + chrono::Duration::days(end)),
                completion_status: CompletionStatus::from_code(2).unwrap(),
                funding: None,
            }
        })
    }

    /// Any enrolment the JSON can give: ended or not, every completion status, with funding
    /// fields or without, learner references differing only in case.
    fn arb_any_enrolment() -> impl Strategy<Value = Enrolment> {
        (
            arb_enrolment(),
            0usize..4,
            0usize..4,
            proptest::option::of((0usize..4, 0usize..3, proptest::option::of(0usize..3))),
            any::<bool>(),
        )
            .prop_map(|(mut e, lref, status, funding, open)| {
                e.learner_ref = LearnRefNumber::parse(["L1", "l1", "L2", "A 1"][lref]).unwrap();
                e.completion_status = CompletionStatus::from_code([1, 2, 3, 6][status]).unwrap();
                if open {
                    e.learning_end = None;
                }
                e.funding = funding.map(|(fm, pt, cs)| Funding {
                    fund_model: [25, 35, 36, 10][fm],
                    prog_type: [None, Some(24), Some(25)][pt],
                    comp_status: cs.map(|c| [2, 4, 6][c]),
                });
                e
            })
    }

    fn arb_destination() -> impl Strategy<Value = LearnerDestination> {
        (0usize..2, 0usize..3, 0usize..3, 0usize..4, 0i64..40).prop_map(|(p, l, u, a, start)| {
            let start = d("2025-06-01") + chrono::Duration::days(start);
            LearnerDestination {
                ukprn: Ukprn::parse(["10000001", "10000002"][p]).unwrap(),
                learner_ref: LearnRefNumber::parse(["L1", "l1", "L2"][l]).unwrap(),
                uln: [Some("9276308686"), Some("1000000043"), None][u]
                    .map(|x| Uln::parse(x).unwrap()),
                aim_ref: [Some("60000001"), Some("60000002"), Some("60000003"), None][a]
                    .map(|x| LearnAimRef::parse(x).unwrap()),
                record: DestinationRecord::new("EMP1", start, None, start),
            }
        })
    }

    #[test]
    fn learners_are_numbered_in_order_of_first_enrolment() {
        let enrolments = [
            enrolment("L2", "60000001", Some("2025-06-30"), 2),
            enrolment("L1", "60000002", Some("2025-06-30"), 2),
            enrolment("l2", "60000003", Some("2025-06-30"), 2),
            enrolment("L3", "60000004", Some("2025-06-30"), 2),
            enrolment("L1", "60000005", Some("2025-06-30"), 2),
        ];
        let learners = Learners::new(&enrolments);
        assert_eq!(learners.len(), 3);
        assert_eq!(learners.of(0), [0, 2]);
        assert_eq!(learners.of(1), [1, 4]);
        assert_eq!(learners.of(2), [3]);
        assert_eq!(learners.learner_of, [0, 1, 0, 2, 1]);
        // A destination of a learner with no enrolment is in no learner's list.
        let ds = [
            destination("L9", None, "2025-07-01"),
            destination("l1", None, "2025-07-01"),
        ];
        let index = Index::new(&learners, &ds);
        assert_eq!(index.of(1).len(), 1);
        assert!(index.of(0).is_empty() && index.of(2).is_empty() && index.of(7).is_empty());
        assert!(Learners::new(&[]).len() == 0);
    }

    #[test]
    fn keys_fold_case_and_keep_providers_apart() {
        let ukprn = Ukprn::parse("10000001").unwrap();
        let key = |u: Ukprn, r: &str| sort_key(u, &LearnRefNumber::parse(r).unwrap());
        assert_eq!(key(ukprn, "ABC 12"), key(ukprn, "abc 12"));
        assert_ne!(key(ukprn, "ABCDEFGHIJKL"), key(ukprn, "ABCDEFGHIJK"));
        assert_ne!(key(ukprn, "A"), key(Ukprn::parse("10000002").unwrap(), "A"));
        assert!(key(ukprn, "A") < key(ukprn, "AA"));
        // The same order as comparing the folded references.
        let mut refs = ["b", "A", "a1", "Z", "a"];
        refs.sort_by_key(|r| key(ukprn, r));
        assert_eq!(
            refs[..2]
                .iter()
                .map(|r| r.to_ascii_lowercase())
                .collect::<Vec<_>>(),
            ["a", "a"]
        );
        assert_eq!(refs[2..], ["a1", "b", "Z"]);
    }

    proptest! {
        /// The index answers as comparing every pair did, for both views.
        #[test]
        fn the_index_answers_as_every_pair_compared(
            es in proptest::collection::vec(arb_enrolment(), 0..12),
            ds in proptest::collection::vec(arb_destination(), 0..12),
        ) {
            let learners = Learners::new(&es);
            let index = Index::new(&learners, &ds);
            let mut ulns = Vec::new();
            for (i, e) in es.iter().enumerate() {
                let from = e.learning_end.unwrap();
                let g = learners.learner_of[i];
                prop_assert_eq!(index.serves_enrolment(g, e, from), old_serves_enrolment(&ds, e, from));
                let k = key(e.ukprn, &e.learner_ref);
                let mine: Vec<Enrolment> = es.iter().filter(|x| key(x.ukprn, &x.learner_ref) == k).cloned().collect();
                ulns_of(&es, learners.of(g as usize), &mut ulns);
                prop_assert_eq!(index.serving_learner(g, from, &ulns).is_some(), old_serves_learner(&ds, &k, from, &mine));
            }
        }

        /// Both views and the learners left out are exactly what the grouping by `HashMap`
        /// and per-learner `Vec`s gave, on any enrolments (open, on a break, with funding
        /// fields or without) and destinations.
        #[test]
        fn the_linear_grouping_gives_what_the_old_one_gave(
            es in proptest::collection::vec(arb_any_enrolment(), 0..16),
            ds in proptest::collection::vec(arb_destination(), 0..16),
            as_of in 0i64..150,
        ) {
            let as_of = d("2025-06-01") + chrono::Duration::days(as_of);
            let new = awaiting(&es, &ds, as_of);
            prop_assert_eq!(&new, &old::awaiting(&es, &ds, as_of));
            prop_assert_eq!(&new.enrolments, &awaiting_by_enrolment(&es, &ds, as_of));
            prop_assert_eq!(&new.learners, &awaiting_by_learner(&es, &ds, as_of));
            prop_assert_eq!(
                learners_not_awaiting(&es, &ds, as_of),
                old::learners_not_awaiting(&es, &ds, as_of)
            );
        }

        #[test]
        fn due_is_after_the_end_and_two_months_on(days in 0i64..60_000) {
            let end = NaiveDate::from_ymd_opt(1950, 1, 31).unwrap() + chrono::Duration::days(days);
            let (due, overdue_on_end) = due_and_overdue(end, end);
            prop_assert!(due > end);
            prop_assert!(!overdue_on_end);
            prop_assert!(due_and_overdue(end, due).1);
            prop_assert!(due <= end + chrono::Duration::days(62) && due >= end + chrono::Duration::days(59));
        }
    }
}
