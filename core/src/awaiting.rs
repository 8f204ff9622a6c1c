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
use std::collections::{HashMap, HashSet};

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
    let index = Index::new(destinations);
    Awaiting {
        enrolments: by_enrolment(enrolments, &index, as_of),
        learners: by_learner(enrolments, &index, as_of),
    }
}

/// The per-enrolment (portal) view only.
pub fn awaiting_by_enrolment(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Vec<AwaitingEnrolment> {
    by_enrolment(enrolments, &Index::new(destinations), as_of)
}

/// The per-learner (ILR) view only.
pub fn awaiting_by_learner(
    enrolments: &[Enrolment],
    destinations: &[LearnerDestination],
    as_of: NaiveDate,
) -> Vec<AwaitingLearner> {
    by_learner(enrolments, &Index::new(destinations), as_of)
}

/// A learner: provider and case-folded learner reference (R108 compares case-insensitively).
type LearnerKey = (Ukprn, String);

fn key(ukprn: Ukprn, learner_ref: &LearnRefNumber) -> LearnerKey {
    (ukprn, learner_ref.as_str().to_ascii_lowercase())
}

/// Destinations by learner, and for the portal view the latest start among the learner's
/// destinations that can serve an enrolment, by what they name: (ULN, aim), ULN only, aim only,
/// neither. An enrolment is served when the latest start of the four that fit it is on or
/// after its end, so each enrolment is answered in constant time, however many destinations
/// the learner has.
struct Index<'a> {
    by_learner: HashMap<LearnerKey, Vec<&'a LearnerDestination>>,
    latest: HashMap<(LearnerKey, Option<Uln>, Option<&'a LearnAimRef>), NaiveDate>,
}

impl<'a> Index<'a> {
    fn new(destinations: &'a [LearnerDestination]) -> Self {
        let mut by_learner: HashMap<LearnerKey, Vec<&LearnerDestination>> = HashMap::new();
        let mut latest: HashMap<(LearnerKey, Option<Uln>, Option<&LearnAimRef>), NaiveDate> =
            HashMap::new();
        for d in destinations {
            let k = key(d.ukprn, &d.learner_ref);
            let start = latest
                .entry((k.clone(), d.uln, d.aim_ref.as_ref()))
                .or_insert(d.record.start);
            *start = (*start).max(d.record.start);
            by_learner.entry(k).or_default().push(d);
        }
        Index { by_learner, latest }
    }

    /// Some destination of the learner starts on or after `from` and names the enrolment's
    /// ULN or none, and its aim or none.
    fn serves_enrolment(&self, e: &Enrolment, from: NaiveDate) -> bool {
        let k = key(e.ukprn, &e.learner_ref);
        let mut probe = (k, Some(e.uln), Some(&e.aim_ref));
        for (uln, aim) in [
            (Some(e.uln), Some(&e.aim_ref)),
            (Some(e.uln), None),
            (None, Some(&e.aim_ref)),
            (None, None),
        ] {
            probe.1 = uln;
            probe.2 = aim;
            if self.latest.get(&probe).is_some_and(|start| *start >= from) {
                return true;
            }
        }
        false
    }

    /// Some destination of the learner starts on or after `from` and `fits`.
    fn has(
        &self,
        learner: &LearnerKey,
        from: NaiveDate,
        fits: impl Fn(&LearnerDestination) -> bool,
    ) -> bool {
        self.by_learner
            .get(learner)
            .is_some_and(|ds| ds.iter().any(|d| d.record.start >= from && fits(d)))
    }

    /// Some destination of the learner starts on or after `from` and names one of `ulns` or
    /// none.
    fn serves_learner(&self, learner: &LearnerKey, from: NaiveDate, ulns: &HashSet<Uln>) -> bool {
        self.by_learner.get(learner).is_some_and(|ds| {
            ds.iter()
                .any(|d| d.record.start >= from && d.uln.is_none_or(|u| ulns.contains(&u)))
        })
    }
}

fn due_and_overdue(end: NaiveDate, as_of: NaiveDate) -> (NaiveDate, bool) {
    let due = add_months(end, MONTHS_TO_RETURN);
    (due, as_of >= due)
}

fn by_enrolment(
    enrolments: &[Enrolment],
    index: &Index<'_>,
    as_of: NaiveDate,
) -> Vec<AwaitingEnrolment> {
    enrolments
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let end = e.learning_end?;
            if e.completion_status == CompletionStatus::BreakInLearning {
                return None;
            }
            if index.serves_enrolment(e, end) {
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

/// The enrolments of each learner (by provider and case-folded learner reference), learners in
/// order of their first enrolment.
fn learner_groups(enrolments: &[Enrolment]) -> Vec<(LearnerKey, Vec<usize>)> {
    let mut order: Vec<LearnerKey> = Vec::new();
    let mut groups: HashMap<LearnerKey, Vec<usize>> = HashMap::new();
    for (i, e) in enrolments.iter().enumerate() {
        let k = key(e.ukprn, &e.learner_ref);
        groups
            .entry(k.clone())
            .or_insert_with(|| {
                order.push(k);
                Vec::new()
            })
            .push(i);
    }
    order
        .into_iter()
        .filter_map(|k| groups.remove(&k).map(|idx| (k, idx)))
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
    let index = Index::new(destinations);
    let listed: HashSet<LearnerKey> = by_learner(enrolments, &index, as_of)
        .iter()
        .map(|l| key(l.ukprn, &l.learner_ref))
        .collect();
    let mut out = Vec::new();
    for (k, idx) in learner_groups(enrolments) {
        if listed.contains(&k) {
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
        let Some(latest_end) = idx.iter().filter_map(|&i| enrolments[i].learning_end).max() else {
            continue;
        };
        let Some(latest) = idx
            .iter()
            .map(|&i| &enrolments[i])
            .find(|e| e.learning_end == Some(latest_end))
        else {
            continue;
        };
        if latest.completion_status == CompletionStatus::BreakInLearning {
            out.push(not(format!(
                "on a break in learning: aim {}, which ended last ({latest_end}), has completion status 6 (temporarily withdrawn); no destination is awaited during a break",
                latest.aim_ref
            )));
            continue;
        }
        let served = index.by_learner.get(&k).and_then(|ds| {
            ds.iter().find(|d| {
                d.record.start >= latest_end
                    && d.uln
                        .is_none_or(|u| idx.iter().any(|&i| enrolments[i].uln == u))
            })
        });
        out.push(not(match served {
            Some(d) => format!(
                "has a destination: {} from {}, on or after the latest learning end ({latest_end})",
                d.record.code, d.record.start
            ),
            None => "R107 and R108 do not apply to the learner's enrolments (their funding model, programme type or completion status, as the ILR file gives them)".to_string(),
        }));
    }
    out
}

fn by_learner(
    enrolments: &[Enrolment],
    index: &Index<'_>,
    as_of: NaiveDate,
) -> Vec<AwaitingLearner> {
    let mut out = Vec::new();
    for (k, idx) in learner_groups(enrolments) {
        // Every enrolment must have ended.
        let Some(ends) = idx
            .iter()
            .map(|&i| enrolments[i].learning_end)
            .collect::<Option<Vec<NaiveDate>>>()
        else {
            continue;
        };
        // The latest-ending enrolment (the first in input order among ties).
        let Some(latest_end) = ends.iter().copied().max() else {
            continue;
        };
        let Some(&latest) = idx
            .iter()
            .find(|&&i| enrolments[i].learning_end == Some(latest_end))
        else {
            continue;
        };
        let latest = &enrolments[latest];
        let (due, overdue, rules) = if idx.iter().all(|&i| enrolments[i].funding.is_some()) {
            match esfa_rules(enrolments, &idx, latest, latest_end, index, &k, as_of) {
                Some(found) => found,
                None => continue,
            }
        } else {
            if latest.completion_status == CompletionStatus::BreakInLearning {
                continue;
            }
            let ulns: HashSet<Uln> = idx.iter().map(|&i| enrolments[i].uln).collect();
            if index.serves_learner(&k, latest_end, &ulns) {
                continue;
            }
            let (due, overdue) = due_and_overdue(latest_end, as_of);
            (due, overdue, vec![if overdue { "R108" } else { "R107" }])
        };
        out.push(AwaitingLearner {
            ukprn: latest.ukprn,
            uln: latest.uln,
            learner_ref: latest.learner_ref.clone(),
            latest_end,
            due,
            overdue,
            enrolments: idx,
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
    key: &LearnerKey,
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
        && !index.has(key, latest_end, |d| d.learner_ref.as_str() == exact);
    let r108 =
        due_passed && funding().any(|f| !f.in_training()) && !index.has(key, latest_end, |_| true);
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
        learner: &LearnerKey,
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

    proptest! {
        /// The index answers as comparing every pair did, for both views.
        #[test]
        fn the_index_answers_as_every_pair_compared(
            es in proptest::collection::vec(arb_enrolment(), 0..12),
            ds in proptest::collection::vec(arb_destination(), 0..12),
        ) {
            let index = Index::new(&ds);
            for e in &es {
                let from = e.learning_end.unwrap();
                prop_assert_eq!(index.serves_enrolment(e, from), old_serves_enrolment(&ds, e, from));
                let k = key(e.ukprn, &e.learner_ref);
                let mine: Vec<Enrolment> = es.iter().filter(|x| key(x.ukprn, &x.learner_ref) == k).cloned().collect();
                let ulns: HashSet<Uln> = mine.iter().map(|x| x.uln).collect();
                prop_assert_eq!(index.serves_learner(&k, from, &ulns), old_serves_learner(&ds, &k, from, &mine));
            }
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
