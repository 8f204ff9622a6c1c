//! Workbook bytes (.xlsx, .xlsm, .xls, .xlsb, .ods): `workbook::Workbook::from_bytes`, then every
//! sheet read as the text a person sees in its cells.
#![no_main]

use learner_destinations::workbook::Workbook;
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let mut workbook = match Workbook::from_bytes(data.to_vec()) {
            Ok(w) => w,
            Err(e) => return harness::check_error(&e),
        };
        let names = workbook.sheet_names().to_vec();
        for name in names.iter().map(Some).chain([None]) {
            let sheet = match workbook.sheet(name.map(String::as_str)) {
                Ok(s) => s,
                Err(e) => {
                    harness::check_error(&e);
                    continue;
                }
            };
            if let Some(name) = name {
                assert!(sheet.name().trim().eq_ignore_ascii_case(name.trim()), "sheet {name:?} read as {:?}", sheet.name());
            }
            let mut last = 0u64;
            for (row, cells) in sheet.rows() {
                assert!(row > last, "row {row} after row {last} in sheet {:?}", sheet.name());
                last = row;
                assert!(cells.last().is_none_or(|c| !c.is_empty()), "row {row} ends with an empty cell");
            }
        }
    });
});
