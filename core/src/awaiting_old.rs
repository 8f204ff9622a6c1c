//! The per-learner grouping and the destination index as they were before they were made
//! linear (a `HashMap` of owned keys, a `Vec` and a set per learner), kept as the reference the
//! property tests compare the linear code with: both must give identical outputs.

use super::{
    Awaiting, AwaitingEnrolment, AwaitingLearner, COMP_STATUS_TEMPORARILY_WITHDRAWN,
    CompletionStatus, Enrolment, LearnerDestination, NotAwaitingLearner, due_and_overdue,
};
use crate::identifiers::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Both views at once.
pub(super) fn awaiting(
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

/// A learner: provider and case-folded learner reference (R108 compares case-insensitively).
pub(super) type LearnerKey = (Ukprn, String);

pub(super) fn key(ukprn: Ukprn, learner_ref: &LearnRefNumber) -> LearnerKey {
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

/// The learners the ILR view leaves out, each with the reason (R107/R108 await a destination
/// only once every aim of the learner has ended, not during a break in learning, and not when
/// a destination starts on or after the latest learning end): "still in learning: aim
/// 60099999 has no learning actual end date (completion status 1)".
pub(super) fn learners_not_awaiting(
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
