use super::*;
use crate::dates::parse_date;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

#[test]
fn table_is_consistent() {
    // RUI3-5 are the only "not to be contacted" codes, and they refuse.
    for c in CONTACT_CODES {
        let rui3_5 = c.pref_type == PreferenceType::Rui && (3..=5).contains(&c.code);
        assert_eq!(c.about == About::AnyContact, rui3_5, "{}", c.name());
        if rui3_5 {
            assert_eq!(c.consent, Consent::Refuses);
            assert_eq!(c.era, None);
        } else {
            // Every other code is on one side of the GDPR change, refusals before it.
            let pre = c.consent == Consent::Refuses;
            assert_eq!(
                c.era,
                Some(if pre {
                    GdprEra::PreGdpr
                } else {
                    GdprEra::PostGdpr
                }),
                "{}",
                c.name()
            );
        }
    }
    assert_eq!(CONTACT_CODES.len(), 13);
    assert!(contact_code(PreferenceType::Rui, 8).is_none());
    assert!(contact_code(PreferenceType::Pmc, 7).is_none());
    let pmc2 = contact_code(PreferenceType::Pmc, 2).unwrap();
    assert!(pmc2.is_valid_on(d("2018-05-25")));
    assert!(!pmc2.is_valid_on(d("2018-05-26")));
}

/// The Maytas table, written out independently of the implementation.
fn maytas(rui: &[u8], pmc: &[u8]) -> (bool, bool) {
    if rui.iter().any(|r| (2..=5).contains(r)) {
        return (false, false);
    }
    match (pmc.contains(&2), pmc.contains(&3)) {
        (true, false) => (true, false),
        (false, true) => (false, true),
        (true, true) => (false, false),
        (false, false) => (true, true),
    }
}

#[test]
fn seed_truth_table_with_every_detail_combination() {
    let details = [
        ContactDetail::OnRecord,
        ContactDetail::Missing,
        ContactDetail::Value(String::new()),
    ];
    for rui_mask in 0u8..16 {
        let rui: Vec<u8> = (2..=5).filter(|r| rui_mask & (1 << (r - 2)) != 0).collect();
        for pmc_mask in 0u8..4 {
            let pmc: Vec<u8> = (2..=3).filter(|p| pmc_mask & (1 << (p - 2)) != 0).collect();
            let (want_email, want_sms) = maytas(&rui, &pmc);
            for email in &details {
                for mobile in &details {
                    let prefs = ContactPreferences {
                        rui: rui.clone(),
                        pmc: pmc.clone(),
                        email: email.clone(),
                        mobile: mobile.clone(),
                    };
                    let got = prefs.decide(ContactPolicy::Seed).unwrap();
                    let has_email = *email == ContactDetail::OnRecord;
                    let has_mobile = *mobile == ContactDetail::OnRecord;
                    assert_eq!(got.email, want_email && has_email, "{prefs:?}");
                    assert_eq!(got.sms, want_sms && has_mobile, "{prefs:?}");
                    assert_eq!(got.contactable, got.email || got.sms);
                    assert!(!got.reason.is_empty());
                }
            }
        }
    }
}

#[test]
fn reasons_name_what_decided() {
    let p = ContactPreferences::new(vec![1, 4], vec![]);
    let dec = p.decide(ContactPolicy::Seed).unwrap();
    assert_eq!(dec.decided_by, ["RUI4"]);
    assert!(
        dec.reason
            .starts_with("RUI4 (learner is not to be contacted"),
        "{}",
        dec.reason
    );

    let p = ContactPreferences {
        pmc: vec![3],
        mobile: ContactDetail::Value("07700 900123".into()),
        email: ContactDetail::Missing,
        ..Default::default()
    };
    let dec = p.decide(ContactPolicy::Seed).unwrap();
    assert!(!dec.email && dec.sms);
    assert_eq!(dec.decided_by, ["PMC3"]);
    assert!(
        dec.reason.contains("SMS only: no email because PMC3"),
        "{}",
        dec.reason
    );

    let p = ContactPreferences {
        pmc: vec![2],
        email: ContactDetail::Value("no-at-sign".into()),
        ..Default::default()
    };
    let dec = p.decide(ContactPolicy::Seed).unwrap();
    assert!(!dec.contactable);
    assert_eq!(dec.decided_by, ["PMC2", "email_invalid"]);
    assert!(
        dec.reason.contains("'no-at-sign' is not an email address"),
        "{}",
        dec.reason
    );
    assert!(
        dec.reason.contains("SMS goes to a telephone"),
        "{}",
        dec.reason
    );

    let p = ContactPreferences::default();
    let dec = p.decide(ContactPolicy::Seed).unwrap();
    assert!(dec.email && dec.sms && dec.decided_by.is_empty());
}

#[test]
fn ilr_policy() {
    let ilr = |rui: Vec<u8>, pmc: Vec<u8>| {
        let dec = ContactPreferences::new(rui, pmc)
            .decide(ContactPolicy::Ilr)
            .unwrap();
        (dec.email, dec.sms, dec.decided_by)
    };
    assert_eq!(ilr(vec![2], vec![2, 3]), (true, true, vec![]));
    assert_eq!(ilr(vec![3], vec![]), (false, false, vec!["RUI3".into()]));
    assert_eq!(ilr(vec![5], vec![6]), (false, false, vec!["RUI5".into()]));
    assert_eq!(ilr(vec![7], vec![6]), (true, false, vec!["PMC6".into()]));
    assert_eq!(ilr(vec![], vec![5]), (false, true, vec!["PMC5".into()]));
    assert_eq!(
        ilr(vec![], vec![4, 5, 6]),
        (true, true, vec!["PMC5".into(), "PMC6".into()])
    );
    assert_eq!(ilr(vec![], vec![4]), (true, true, vec![]));
    let dec = ContactPreferences::new(vec![], vec![5])
        .decide(ContactPolicy::Ilr)
        .unwrap();
    assert!(
        dec.reason
            .contains("no email because the only channel consent recorded is PMC5"),
        "{}",
        dec.reason
    );
}

#[test]
fn unknown_codes_are_refused() {
    let e = ContactPreferences::new(vec![9], vec![])
        .decide(ContactPolicy::Seed)
        .unwrap_err();
    assert_eq!(e.code(), "contact_preference_unknown");
    assert_eq!(e.value, "RUI9");
    assert!(
        e.message.contains("RUI codes are 1, 2, 3, 4, 5, 6, 7"),
        "{}",
        e.message
    );
    let e = ContactPreferences::new(vec![], vec![0])
        .decide(ContactPolicy::Ilr)
        .unwrap_err();
    assert_eq!(e.value, "PMC0");
}

#[test]
fn contact_details_in_json() {
    let p: ContactPreferences =
        serde_json::from_str(r#"{"rui": [2], "email": false, "mobile": "07700900123"}"#).unwrap();
    assert_eq!(p.email, ContactDetail::Missing);
    assert_eq!(p.mobile, ContactDetail::Value("07700900123".into()));
    let p: ContactPreferences = serde_json::from_str(r#"{"email": null}"#).unwrap();
    assert_eq!(p.email, ContactDetail::Missing);
    assert_eq!(p.mobile, ContactDetail::OnRecord);
    assert!(serde_json::from_str::<ContactPreferences>(r#"{"sms": true}"#).is_err());
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        serde_json::json!({"rui": [], "pmc": [], "email": false, "mobile": true})
    );
}

#[test]
fn contpreftype_checks() {
    let codes = |rui: Vec<u8>, pmc: Vec<u8>, start: Option<&str>| -> Vec<&'static str> {
        ContactPreferences::new(rui, pmc)
            .check(start.map(d))
            .iter()
            .map(|f| f.code)
            .collect()
    };
    assert!(codes(vec![6, 7], vec![4, 5, 6], Some("2021-09-01")).is_empty());
    assert_eq!(
        codes(vec![8], vec![7], None),
        ["contact_preference_unknown"; 2]
    );
    // RUI4 with RUI5 is not a conflict; RUI4 with RUI7 and PMC2 is, once per other record.
    assert!(codes(vec![4, 5], vec![], None).is_empty());
    assert_eq!(
        codes(vec![4, 7], vec![2], None),
        ["contact_preference_not_to_be_contacted"; 2]
    );
    assert_eq!(
        codes(vec![2], vec![], Some("2018-05-26")),
        ["contact_preference_not_valid"]
    );
    assert!(codes(vec![2], vec![], Some("2018-05-25")).is_empty());
    assert_eq!(
        codes(vec![1, 6], vec![], None),
        ["contact_preference_rui_gdpr_mixed"]
    );
    assert_eq!(
        codes(vec![], vec![3, 6], None),
        ["contact_preference_pmc_gdpr_mixed"]
    );
    assert_eq!(
        codes(vec![6, 7, 7], vec![], None),
        ["contact_preference_too_many_rui"]
    );
    assert_eq!(
        codes(vec![], vec![4, 5, 6, 6], None),
        ["contact_preference_too_many_pmc"]
    );
    let f = &ContactPreferences::new(vec![], vec![1]).check(Some(d("2019-08-01")))[0];
    assert_eq!(f.value.as_deref(), Some("PMC1"));
    assert_eq!(f.column.as_deref(), Some("pmc"));
    assert!(f.message.contains("ended on 2018-05-25"), "{}", f.message);
    for code in [
        "contact_preference_unknown",
        "contact_preference_too_many_pmc",
    ] {
        assert!(KINDS.iter().any(|k| k.code == code));
    }
}

#[test]
fn oth3_record_rules() {
    let r = oth3_record(d("2024-02-28"), d("2024-02-28")).unwrap();
    assert_eq!(r.start, d("2024-02-29"));
    assert_eq!(r.collection, d("2024-02-28"));
    assert_eq!(
        oth3_record(d("2025-07-31"), d("2025-07-30"))
            .unwrap_err()
            .code(),
        "date_order"
    );
    assert!(oth3_record(NaiveDate::MAX, NaiveDate::MAX).is_err());
    let dec = ContactPreferences::new(vec![2], vec![])
        .decide(ContactPolicy::Seed)
        .unwrap();
    let rec = dec
        .automatic_record(d("2025-07-31"), d("2025-09-01"))
        .unwrap()
        .unwrap();
    assert_eq!(rec.code, "OTH3");
    let dec = ContactPreferences::default()
        .decide(ContactPolicy::Seed)
        .unwrap();
    assert_eq!(
        dec.automatic_record(d("2025-07-31"), d("2025-09-01")),
        Ok(None)
    );
}

proptest! {
    #[test]
    fn oth3_starts_after_learning_end(end_days in -800_000i64..800_000, after in 0u32..5_000, extreme in any::<bool>()) {
        let base = if extreme { NaiveDate::MAX } else { NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() };
        let end = base.checked_add_signed(chrono::Duration::days(end_days)).unwrap_or(base);
        let as_of = crate::dates::add_days(end, u64::from(after));
        match oth3_record(end, as_of) {
            Ok(r) => {
                prop_assert!(r.start > end);
                prop_assert_eq!(r.start, end.succ_opt().unwrap());
                prop_assert_eq!(r.end, None);
                prop_assert_eq!(r.collection, as_of);
                prop_assert_eq!(r.code.as_str(), "OTH3");
            }
            // Only when no day follows the end.
            Err(_) => prop_assert!(end.succ_opt().is_none()),
        }
    }

    #[test]
    fn decide_never_panics_and_is_consistent(
        rui in proptest::collection::vec(0u8..10, 0..4),
        pmc in proptest::collection::vec(0u8..10, 0..5),
        mobile in ".{0,14}",
        ilr in any::<bool>(),
    ) {
        let prefs = ContactPreferences { rui, pmc, mobile: ContactDetail::Value(mobile), ..Default::default() };
        let policy = if ilr { ContactPolicy::Ilr } else { ContactPolicy::Seed };
        let _ = prefs.check(None);
        if let Ok(dec) = prefs.decide(policy) {
            prop_assert_eq!(dec.contactable, dec.email || dec.sms);
            prop_assert!(!dec.reason.is_empty());
            prop_assert!(dec.contactable || !dec.decided_by.is_empty());
        }
    }
}
