//! Node.js binding of `learner-destinations`: the npm package `learner-destinations`.
//!
//! This crate only converts: JavaScript values in, core calls, JavaScript values out. No rule
//! lives here. One file per core area, each holding the `#[napi]` functions and the glue types
//! of that area:
//!
//! | file | what it exposes |
//! |---|---|
//! | [`errors`] | [`errors::BindingError`]: every conversion from a core refusal or error to a thrown JS `Error` with a string `code` |
//! | [`entry`] | the load hook: every entry point wrapped so that what it throws is a `DestinationsError` (`src/js/errors.js`) |
//! | [`conversion`] | JavaScript values to plain data (`serde_json::Value`) for the core's options types, and upload sources |
//! | [`findings`] | findings as plain objects, severities, `listFindingCodes()` |
//! | [`tasks`] | [`tasks::OffThread`] and [`tasks::OffThreadJs`]: the pattern for the asynchronous half of a `name` / `nameSync` pair |
//! | [`dates`] | `parseDate`, `checkDate`, calendar-month arithmetic, teaching years |
//! | [`identifiers`] | ULN, UKPRN, learner and aim references, UPN, postcode, UK mobile, telephone, email |
//! | [`codes`] | the `Schemes` and `Scheme` classes, destination codes, scheme files |
//! | [`records`] | the `DestinationRecord` shape; the ESFA record rules (`checkDestinationRecords`) |
//! | [`awaiting`] | enrolments and learners awaiting a destination (R107/R108) |
//! | [`contact`] | contact decisions (email, SMS), the OTH3 record, ContPrefType checks, the code table |
//! | [`learners`] | learner import field rules, username and password policies, generated credentials |
//! | [`qualifications`] | qualification reference lists, group checks, identity columns |
//! | [`survey`] | survey definitions and the derivation of records from answers |
//! | [`tracking`] | where a survey stands (pending, reminder due, answered, non-response) |
//! | [`many`] | Promise versions of the functions that take a list (`awaitingDestinationsAsync`, `checkDestinationRecordsAsync`, `deriveSurveysAsync`, `trackSurveysAsync`) |
//! | [`workbook`] | Excel workbooks read as text, sheet by sheet |
//! | [`sink`] | outputs written to a Node `Writable` or a web `WritableStream` |
//! | [`upload`] | what every upload template shares: sources (CSV or workbook), outputs, the run, summaries |
//! | [`ilr`] | the uses of an ILR XML file (`ilrAwaiting`, `ilrContacts`, `ilrRecords`, `ilrTemplate` and their `Sync` twins); their report types in `ilr.d.ts` |
//! | [`templates`] | the upload templates' pairs (`validateDestinations`, `validateLearners`, `validateQualifications` and their `Sync` twins) and template downloads (`templateCsv`, `templateXlsx`) |
//!
//! Glue types whose natural name is a domain name of the core carry a `Binding` prefix in Rust
//! (`BindingSchemes`, `BindingFinding`) and keep the domain name in JavaScript (`js_name`), so a
//! `use learner_destinations::...` never collides with them.
//!
//! Nothing here may panic on user input: every conversion that can fail returns a
//! [`errors::BindingError`], which becomes a thrown (or rejected) `Error` with `code` set.

// Order matters for the generated `index.d.ts`: napi names a glue type in TypeScript by its
// `js_name` only once the type's own module has been expanded, so modules that declare shared
// types come first (otherwise `BindingFinding` would leak into signatures).
pub mod conversion;
pub mod entry;
pub mod errors;
pub mod findings;
pub mod sink;
pub mod stream;
pub mod tasks;

// One module per core area; new capabilities add a module here, after the modules whose glue
// types it uses (`codes` for `Schemes`, `records` for `DestinationRecord`).
pub mod codes;
pub mod dates;
pub mod identifiers;
pub mod records;

pub mod awaiting;
pub mod contact;
pub mod learners;
pub mod qualifications;
pub mod survey;
pub mod tracking;
pub mod workbook;

// Promise versions of the functions over lists: after the modules whose types they use.
pub mod many;

// Templates last: they use `Schemes` and the shared upload glue.
pub mod packed;
pub mod upload;

pub mod templates;

// The ILR file's uses (after `codes` for `Schemes`).
pub mod ilr;
