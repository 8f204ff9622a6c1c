//! Identifiers and learner fields: ULN, UKPRN, learner and aim references, UPN, postcode, UK
//! telephone and mobile, email, date of birth, dates and teaching years, and the learner
//! import's list and text fields. The whole input (as UTF-8) goes through every parser.
//!
//! Invariants: what is accepted is canonical (parsing its display gives it back); every
//! refusal is catalogued and says why.
#![no_main]

use learner_destinations::dates::{TeachingYear, parse_date};
use learner_destinations::identifiers::{Postcode, Upn, check_email, check_uk_telephone};
use learner_destinations::learners::{
    AccountKind, LearnerLists, check_ccis, check_dob, check_password, check_text_field,
    check_username,
};
use learner_destinations::{LearnAimRef, LearnRefNumber, Refusal, UkMobile, Ukprn, Uln};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::fmt::Debug;
use std::sync::LazyLock;

static LISTS: LazyLock<LearnerLists> = LazyLock::new(LearnerLists::builtin);

/// `parse(input)` is refused with a catalogued refusal, or accepted as a value whose display
/// parses back to itself.
fn canonical<T: PartialEq + Debug + ToString>(
    input: &str,
    parse: impl Fn(&str) -> Result<T, Refusal>,
) {
    match parse(input) {
        Ok(v) => assert_eq!(
            parse(&v.to_string()).as_ref(),
            Ok(&v),
            "{input:?} accepted as {v:?}"
        ),
        Err(r) => harness::check_refusal(&r),
    }
}

/// A check that returns the accepted text: it accepts that text again, as it is.
fn fixed_point(input: &str, check: impl Fn(&str) -> Result<&str, Refusal>) {
    match check(input) {
        Ok(v) => {
            let v = v.to_string();
            assert_eq!(check(&v), Ok(v.as_str()), "{input:?} accepted as {v:?}");
        }
        Err(r) => harness::check_refusal(&r),
    }
}

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let input = &*String::from_utf8_lossy(data);
        canonical(input, Uln::parse);
        canonical(input, Ukprn::parse);
        canonical(input, LearnRefNumber::parse);
        canonical(input, LearnAimRef::parse);
        canonical(input, Upn::parse);
        canonical(input, UkMobile::parse);
        canonical(input, parse_date);
        canonical(input, TeachingYear::parse);
        match Postcode::parse(input) {
            Ok(p) => {
                p.warnings(input).iter().for_each(harness::check_refusal);
                let again = Postcode::parse(&p.postcode.to_string()).unwrap_or_else(|r| panic!("{p:?}: {r}"));
                assert_eq!(again.postcode, p.postcode, "{input:?}");
                assert!(!again.normalised, "{p:?} is not canonical");
            }
            Err(r) => harness::check_refusal(&r),
        }
        if let Ok(m) = UkMobile::parse(input) {
            assert_eq!(UkMobile::parse(&m.international()).as_ref(), Ok(&m), "{m:?} in E.164");
        }
        fixed_point(input, check_uk_telephone);
        fixed_point(input, check_email);
        fixed_point(input, check_ccis);
        fixed_point(input, |s| check_text_field("Street", s));
        fixed_point(input, |s| LISTS.year_group(s));
        fixed_point(input, |s| LISTS.gender(s));
        fixed_point(input, |s| LISTS.ethnicity(s));
        for kind in [AccountKind::Learner, AccountKind::Staff] {
            if let Err(r) = check_username(input, kind) {
                harness::check_refusal(&r);
            }
        }
        if let Err(r) = check_password(input) {
            harness::check_refusal(&r);
        }
        match check_dob(input, harness::as_of(), 11..=25) {
            Ok(d) => {
                d.warning.iter().for_each(harness::check_refusal);
                let again = check_dob(&d.date.to_string(), harness::as_of(), 11..=25);
                assert_eq!(again.map(|a| (a.date, a.age)), Ok((d.date, d.age)), "{input:?}");
            }
            Err(r) => harness::check_refusal(&r),
        }
    });
});
