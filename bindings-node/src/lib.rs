//! Node.js binding of `learner-destinations`: the npm package `learner-destinations`.
//!
//! This crate only converts: JavaScript values in, core calls, JavaScript values out. No rule
//! lives here. One file per core area, each holding the `#[napi]` functions and the glue types
//! of that area:
//!
//! | file | what it exposes |
//! |---|---|
//! | [`errors`] | [`errors::BindingError`]: every conversion from a core refusal or error to a thrown JS `Error` with a string `code` |
//! | [`findings`] | findings as plain objects, severities, `listFindingCodes()` |
//! | [`tasks`] | [`tasks::OffThread`]: the pattern for the asynchronous half of a `name` / `nameSync` pair |
//! | [`dates`] | `parseDate`, `checkDate` |
//! | [`identifiers`] | ULN, UKPRN, learner and aim references |
//! | [`codes`] | the `Schemes` and `Scheme` classes, destination codes, scheme files |
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
pub mod errors;
pub mod findings;
pub mod tasks;

// One module per core area; new capabilities add a module here.
pub mod codes;
pub mod dates;
pub mod identifiers;
