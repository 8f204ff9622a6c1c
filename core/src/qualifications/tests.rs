use super::*;

fn group<'a>(n: usize, f: [&'a str; 5]) -> QualificationGroup<'a> {
    let o = |s: &'a str| Some(s).filter(|s| !s.is_empty());
    QualificationGroup {
        n,
        qualification_type: o(f[0]),
        subject: o(f[1]),
        completion_date: o(f[2]),
        predicted_grade: o(f[3]),
        actual_grade: o(f[4]),
    }
}

fn codes(g: QualificationGroup<'_>) -> Vec<&'static str> {
    check_group(&g, &QualificationLists::builtin())
        .iter()
        .map(|(_, r)| r.code())
        .collect()
}

#[test]
fn default_lists_load_and_say_they_are_defaults() {
    let l = QualificationLists::builtin();
    assert!(l.is_default);
    assert!(l.source.contains("NOT UCAS Progress"));
    assert!(l.types.len() >= 5);
    assert!(l.qualification_type("gcse (9-1)").is_ok());
    let e = l.qualification_type("GNVQ").unwrap_err();
    assert!(e.message.contains("default list"), "{}", e.message);
}

#[test]
fn group_rules() {
    assert!(codes(group(1, ["GCSE (9-1)", "Mathematics", "2026-06", "7", ""])).is_empty());
    assert!(codes(group(2, ["A level", "physics", "", "", "A*"])).is_empty());
    assert!(codes(group(3, ["", "", "", "", ""])).is_empty());
    assert_eq!(
        codes(group(4, ["", "", "", "5", ""])),
        [
            "qualification_group_incomplete",
            "qualification_grade_unknown"
        ]
        .iter()
        .take(1)
        .copied()
        .collect::<Vec<_>>()
    );
    assert_eq!(
        codes(group(5, ["GCSE (9-1)", "Mathematics", "", "", ""])),
        ["qualification_grade_missing"]
    );
    assert_eq!(
        codes(group(6, ["GCSE (9-1)", "Latin", "", "5", ""])),
        ["qualification_subject_unknown"]
    );
    assert_eq!(
        codes(group(7, ["GCSE (9-1)", "Mathematics", "", "A*", ""])),
        ["qualification_grade_unknown"]
    );
    assert_eq!(
        codes(group(8, ["GCSE (9-1)", "Mathematics", "2026-13", "5", ""])),
        ["qualification_completion_date"]
    );
    assert_eq!(
        codes(group(
            9,
            ["GCSE (9-1)", "Mathematics", "2026-06-01", "5", ""]
        )),
        ["qualification_completion_date"]
    );
    assert_eq!(
        codes(group(10, ["Diploma", "Mathematics", "", "5", ""])),
        ["qualification_type_unknown"]
    );
    let r = check_group(
        &group(12, ["", "", "", "5", ""]),
        &QualificationLists::builtin(),
    );
    assert!(r[0].1.message.contains("group 12"), "{}", r[0].1.message);
    let r = check_group(
        &group(9, ["GCSE (9-1)", "Mathematics", "2026-06-01", "5", ""]),
        &QualificationLists::builtin(),
    );
    assert!(r[0].1.message.contains("2026-06"), "{}", r[0].1.message);
}

#[test]
fn headers() {
    assert_eq!(
        parse_group_header("Qualification Type 1*"),
        Some((GroupField::Type, 1))
    );
    assert_eq!(
        parse_group_header(" qualification  actual grade 18 "),
        Some((GroupField::ActualGrade, 18))
    );
    assert_eq!(
        parse_group_header("Qualification Type 19"),
        Some((GroupField::Type, 19))
    );
    assert_eq!(parse_group_header("Qualification Type"), None);
    assert_eq!(parse_group_header("Forename"), None);
    assert_eq!(
        group_column_name(GroupField::CompletionDate, 3),
        "Qualification Completion Date 3"
    );
}

#[test]
fn lists_from_sheet_rows() {
    let l = QualificationLists::from_rows(
        ["GCSE"],
        [("GCSE", "Maths"), ("Cambridge National", "IT")],
        [
            ("GCSE", "9"),
            ("GCSE", "9"),
            ("Cambridge National", "Distinction*"),
        ],
        "exported workbook",
    );
    assert!(!l.is_default);
    assert_eq!(l.types.len(), 2);
    assert_eq!(l.types[0].grades, ["9"]);
    let cn = l.qualification_type("cambridge national").unwrap();
    assert!(cn.grade("distinction*", "actual").is_ok());
}

#[test]
fn identity_must_not_change() {
    let mut ex = ExportedLearners::new();
    ex.insert(
        "UCAS123",
        [
            "Paul",
            "Marmoshon",
            "1996-01-02",
            "English Beautiful Community School",
            "Birmingham",
        ],
    );
    assert!(
        ex.check(
            "UCAS123",
            [
                "Paul",
                "Marmoshon",
                "1996-01-02",
                "English Beautiful Community School",
                " Birmingham "
            ]
        )
        .is_empty()
    );
    let r = ex.check(
        "UCAS123",
        [
            "Paul",
            "Marmoshon-Smith",
            "1996-01-02",
            "English Beautiful Community School",
            "Birmingham",
        ],
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].0, Some(1));
    assert!(r[0].1.message.contains("'Marmoshon'") && r[0].1.message.contains("'Marmoshon-Smith'"));
    let r = ex.check("UCAS999", ["Paul", "Marmoshon", "1996-01-02", "x", "y"]);
    assert_eq!(r[0].1.code(), "qualification_account_unknown");
}

#[test]
fn reference_bytes_are_a_workbook_or_json() {
    let json = br#"{"source": "our list", "types": [{"type": "GCSE", "subjects": ["Maths"], "grades": ["9"]}]}"#;
    let lists = QualificationLists::from_reference_bytes(json.to_vec(), "lists.json").unwrap();
    assert_eq!(lists.types[0].name, "GCSE");
    assert!(!lists.is_default);
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(json);
    assert!(QualificationLists::from_reference_bytes(with_bom, "lists.json").is_ok());
    let e = QualificationLists::from_reference_bytes(vec![0xff, 0xfe, 0x00], "x.bin").unwrap_err();
    assert_eq!(e.code(), "reference_lists_invalid");
    let e = QualificationLists::from_reference_bytes(b"PK\x03\x04damaged".to_vec(), "x.xlsx")
        .unwrap_err();
    assert_eq!(e.code(), "workbook_unreadable");
    // The downloaded qualifications template carries the reference sheets.
    let xlsx = crate::template::download::template_xlsx(
        crate::template::download::TemplateKind::Qualifications,
        &crate::template::download::DownloadLists::builtin(),
    )
    .unwrap();
    let lists = QualificationLists::from_reference_bytes(xlsx, "template.xlsx").unwrap();
    assert_eq!(lists.types.len(), QualificationLists::builtin().types.len());
}
