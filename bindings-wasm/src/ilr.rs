//! The uses of a provider's ILR XML file (`runIlr`, behind `ilrAwaiting`, `ilrContacts`,
//! `ilrRecords` and `ilrTemplate` in `index.js`): the file read in chunks through a JavaScript
//! function ([`JsReader`]), the options read by the core's ILR jobs ([`KeyStyle::Camel`]), the
//! core's workflow run directly with in-memory CSV outputs (there is no file system here), and
//! the report returned with its keys in camelCase.

use super::{JsReader, JsResult, invalid, plain, throw, to_js};
use js_sys::Function;
use learner_destinations::codes::Schemes;
use learner_destinations::ilr::IlrAwaiting;
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplateJob, KeyStyle, run_ilr_awaiting,
    run_ilr_contacts, run_ilr_records, run_ilr_template,
};
use serde::Serialize;
use std::cell::Cell;
use std::io::BufReader;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The pre-filled upload's result: rows, the awaiting report they are, and the CSV's text.
#[derive(Serialize)]
struct TemplateResult {
    rows: u64,
    awaiting: IlrAwaiting,
    csv: String,
}

/// The contacts report, and the mailing list's text when asked for.
#[derive(Serialize)]
struct ContactsResult {
    #[serde(flatten)]
    report: learner_destinations::ilr::IlrContacts,
    #[serde(skip_serializing_if = "Option::is_none")]
    csv: Option<String>,
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs one use (`awaiting`, `contacts`, `records` or `template`) of the ILR file `read` gives
/// in chunks (`read(maxBytes) → Uint8Array | null`), with `options` (camelCase, as the core's
/// ILR jobs take them). For `contacts`, `mailingList` true also returns the mailing list's CSV
/// text as `csv`.
#[wasm_bindgen(js_name = runIlr)]
pub fn run_ilr(
    what: &str,
    options: JsValue,
    read: Function,
    mailing_list: bool,
) -> JsResult<JsValue> {
    let options = plain(&options, "options")?;
    let input = BufReader::with_capacity(
        64 * 1024,
        JsReader {
            read,
            buf: Vec::new(),
            pos: 0,
            done: false,
            bytes: Rc::new(Cell::new(0)),
        },
    );
    let style = KeyStyle::Camel;
    match what {
        "awaiting" => {
            let job = IlrAwaitingJob::from_value(options, style).map_err(throw)?;
            to_js(&run_ilr_awaiting(input, &job, style).map_err(throw)?)
        }
        "contacts" => {
            let job = IlrContactsJob::from_value(options, style).map_err(throw)?;
            let mut csv = Vec::new();
            let out: Option<&mut dyn std::io::Write> =
                if mailing_list { Some(&mut csv) } else { None };
            let report = run_ilr_contacts(input, &job, style, out).map_err(throw)?;
            to_js(&ContactsResult {
                report,
                csv: mailing_list.then(|| text(csv)),
            })
        }
        "records" => {
            let job = IlrRecordsJob::from_value(options, style).map_err(throw)?;
            to_js(&run_ilr_records(input, &job, &Schemes::builtin()).map_err(throw)?)
        }
        "template" => {
            let job = IlrTemplateJob::from_value(options, style).map_err(throw)?;
            let mut csv = Vec::new();
            let ran = run_ilr_template(input, &job, style, &mut csv).map_err(throw)?;
            to_js(&TemplateResult {
                rows: ran.rows,
                awaiting: ran.awaiting,
                csv: text(csv),
            })
        }
        other => Err(invalid(
            "use",
            format!("is awaiting, contacts, records or template, not '{other}'"),
        )),
    }
}
