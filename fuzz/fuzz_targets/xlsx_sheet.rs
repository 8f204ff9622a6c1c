//! Sheet XML inside a well-formed .xlsx, uploaded as destinations: the input is the XML of the
//! sheet (`xl/worksheets/sheet1.xml`), wrapped by the harness in a stored zip with a small
//! shared-string table, so mutations reach the sheet reader instead of the zip checksum.
#![no_main]

use learner_destinations::codes::Schemes;
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

/// Shared strings 0-5: the destinations header; 6-11: one valid row.
const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="12" uniqueCount="12"><si><t>UKPRN</t></si><si><t>Unique Learner Number</t></si><si><t>Learner Reference Number</t></si><si><t>Learning Aim Reference</t></si><si><t>Learning Aim Title</t></si><si><t>Destination Code</t></si><si><t>10012345</t></si><si><t>9276308686</t></si><si><t>LRN1</t></si><si><t>20000008</t></si><si><t>ICT for Users</t></si><si><t>EMP 1</t></si></sst>"#;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let bytes = harness::minimal_xlsx(data, SHARED_STRINGS.as_bytes());
        let template = DestinationsTemplate::new(&SCHEMES, DestinationsOptions::new(harness::as_of()));
        let options = UploadOptions {
            input_bytes: Some(bytes.len() as u64),
            ..UploadOptions::default()
        };
        harness::run_upload(open_source(&bytes[..], None).and_then(|s| Upload::new(s, template, options)));
    });
});
