//! Decisions a host that hands its results back in a report (a mobile app's binding, a
//! notebook) used to make for itself, made once here: which outputs it returns when none is
//! named, what a template's name is, which qualification resources may be given together
//! (before any of them is read), and what an unnamed resource is called in messages.

use super::{KeyStyle, QualificationsJob, UploadCommon};
use crate::error::{Error, Result};
use crate::template::download::TemplateKind;

/// Where one output of a run goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputPlace {
    /// Not produced.
    Unwritten,
    /// Written to the output the caller named (a path).
    Named(String),
    /// Handed back in the report (bytes or text).
    Returned,
}

/// Where each output of a run goes, for a host that hands back in its report what the caller
/// did not name ([`UploadCommon::returned_outputs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPlaces {
    /// The errors file.
    pub errors_csv: OutputPlace,
    /// The errors workbook.
    pub errors_xlsx: OutputPlace,
    /// The export of accepted rows.
    pub accepted_csv: OutputPlace,
    /// The credentials file (learner imports issuing credentials).
    pub credentials_csv: OutputPlace,
}

impl UploadCommon {
    /// The outputs of a host that returns results in its report: every output the job names
    /// goes to that name; the errors file and the export not named are returned while rows are
    /// kept (`keep_accepted`, the default: a caller who keeps no rows asked for a small
    /// report); the errors workbook and the credentials file only when named (the credentials
    /// are returned as rows, the workbook is for a person to open, so a file).
    ///
    /// ```
    /// use learner_destinations::workflow::{DestinationsJob, KeyStyle, OutputPlace};
    /// use serde_json::json;
    /// let job = DestinationsJob::from_value(json!({"errorsXlsx": "e.xlsx"}), KeyStyle::Camel).unwrap();
    /// let places = job.common.returned_outputs();
    /// assert_eq!(places.errors_csv, OutputPlace::Returned);
    /// assert_eq!(places.errors_xlsx, OutputPlace::Named("e.xlsx".to_string()));
    /// assert_eq!(places.credentials_csv, OutputPlace::Unwritten);
    /// let lean = DestinationsJob::from_value(json!({"keepAccepted": false}), KeyStyle::Camel).unwrap();
    /// assert_eq!(lean.common.returned_outputs().accepted_csv, OutputPlace::Unwritten);
    /// ```
    pub fn returned_outputs(&self) -> OutputPlaces {
        let unnamed = if self.keep_accepted {
            OutputPlace::Returned
        } else {
            OutputPlace::Unwritten
        };
        let place = |name: &Option<String>, otherwise: &OutputPlace| {
            name.clone()
                .map_or_else(|| otherwise.clone(), OutputPlace::Named)
        };
        let named = &self.outputs;
        OutputPlaces {
            errors_csv: place(&named.errors_csv, &unnamed),
            errors_xlsx: place(&named.errors_xlsx, &OutputPlace::Unwritten),
            accepted_csv: place(&named.accepted_csv, &unnamed),
            credentials_csv: place(&named.credentials_csv, &OutputPlace::Unwritten),
        }
    }
}

impl TemplateKind {
    /// The template called `name` (any case, surrounding spaces ignored), or
    /// [`Error::OptionInvalid`] naming `option` and the templates there are.
    ///
    /// ```
    /// use learner_destinations::template::download::TemplateKind;
    /// assert_eq!(TemplateKind::from_option(" Learners ", "template").unwrap(), TemplateKind::Learners);
    /// let e = TemplateKind::from_option("survey", "template").unwrap_err();
    /// assert_eq!(e.code(), "option_invalid");
    /// assert!(e.to_string().contains("'survey' is not a template: use destinations, learners or qualifications"));
    /// ```
    pub fn from_option(name: &str, option: &str) -> Result<TemplateKind> {
        TemplateKind::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = TemplateKind::ALL.iter().map(|k| k.name()).collect();
            let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (*l, r));
            Error::OptionInvalid {
                option: option.to_string(),
                message: format!(
                    "'{}' is not a template: use {} or {last}",
                    name.chars()
                        .take(super::SHOWN_VALUE_CHARS)
                        .collect::<String>(),
                    rest.join(", ")
                ),
            }
        })
    }
}

/// The name a qualification upload's reference file goes by in messages and in the report's
/// lists source when the host has no file name for it (bytes were given).
pub const UNNAMED_REFERENCE: &str = "the reference file";

/// The name of an exported learners file given as bytes, as [`UNNAMED_REFERENCE`].
pub const UNNAMED_EXPORT: &str = "the exported file";

/// Which of a qualification upload's resources were given, known before any is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResourcesGiven {
    /// Reference lists as data (`lists`).
    pub lists: bool,
    /// A reference file (`reference`).
    pub reference: bool,
    /// The exported learners file (`export`).
    pub export: bool,
    /// Exported learners already read (`exported`).
    pub exported: bool,
}

impl ResourcesGiven {
    /// Refuses the combinations that cannot go together, as
    /// [`super::QualificationResources::check`] does once they are read: a host calls this
    /// before it reads a resource file, so a wrong combination costs no read.
    ///
    /// ```
    /// use learner_destinations::workflow::{KeyStyle, QualificationsJob, ResourcesGiven};
    /// let job = QualificationsJob::default();
    /// let both = ResourcesGiven { lists: true, reference: true, ..ResourcesGiven::default() };
    /// let e = both.check(&job, KeyStyle::Camel).unwrap_err();
    /// assert_eq!(e.code(), "options_conflict");
    /// assert!(ResourcesGiven { export: true, ..ResourcesGiven::default() }.check(&job, KeyStyle::Camel).is_ok());
    /// ```
    pub fn check(&self, job: &QualificationsJob, style: KeyStyle) -> Result<()> {
        let conflict = |a: &str, b: &str, message: String| Error::OptionsConflict {
            options: vec![style.key(a), style.key(b)],
            message,
        };
        if self.lists && self.reference {
            return Err(conflict(
                "lists",
                "reference",
                format!(
                    "give the reference lists as {} (a file) or as {}, not both",
                    style.key("reference"),
                    style.key("lists")
                ),
            ));
        }
        if self.export && self.exported {
            return Err(conflict(
                "export",
                "exported",
                format!(
                    "give the exported learners as {} (the file) or as {}, not both",
                    style.key("export"),
                    style.key("exported")
                ),
            ));
        }
        if job.export_sheet.is_some() && !self.export {
            return Err(conflict(
                "export_sheet",
                "export",
                format!(
                    "{} names a sheet of the exported file; give {} too, or leave {} out",
                    style.key("export_sheet"),
                    style.key("export"),
                    style.key("export_sheet")
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{DestinationsJob, LearnersJob};
    use serde_json::json;

    #[test]
    fn named_outputs_win_and_unnamed_follow_keep_accepted() {
        let job = LearnersJob::from_value(
            json!({"errors_csv": "e.csv", "credentials_csv": "c.csv", "keep_accepted": false}),
            KeyStyle::Snake,
        )
        .unwrap_or_default();
        let p = job.common.returned_outputs();
        assert_eq!(p.errors_csv, OutputPlace::Named("e.csv".to_string()));
        assert_eq!(p.accepted_csv, OutputPlace::Unwritten);
        assert_eq!(p.errors_xlsx, OutputPlace::Unwritten);
        // credentials_csv is read into the common outputs by the learners job.
        assert_eq!(p.credentials_csv, OutputPlace::Named("c.csv".to_string()));
        let kept = DestinationsJob::default().common.returned_outputs();
        assert_eq!(
            (kept.errors_csv, kept.accepted_csv),
            (OutputPlace::Returned, OutputPlace::Returned)
        );
    }

    #[test]
    fn resources_given_refuses_what_the_read_check_refuses() {
        let sheet = QualificationsJob::from_value(json!({"export_sheet": "S"}), KeyStyle::Snake)
            .unwrap_or_default();
        for (given, job, refused) in [
            (
                ResourcesGiven {
                    export: true,
                    exported: true,
                    ..ResourcesGiven::default()
                },
                QualificationsJob::default(),
                Some(vec!["export", "exported"]),
            ),
            (
                ResourcesGiven::default(),
                sheet.clone(),
                Some(vec!["export_sheet", "export"]),
            ),
            (
                ResourcesGiven {
                    export: true,
                    ..ResourcesGiven::default()
                },
                sheet,
                None,
            ),
        ] {
            match (given.check(&job, KeyStyle::Snake), refused) {
                (Err(Error::OptionsConflict { options, .. }), Some(keys)) => {
                    assert_eq!(options, keys)
                }
                (Ok(()), None) => {}
                (other, keys) => panic!("{given:?}: {other:?}, expected {keys:?}"),
            }
        }
    }

    #[test]
    fn an_unknown_template_names_the_option_and_every_template() {
        match TemplateKind::from_option("quals", "kind") {
            Err(Error::OptionInvalid { option, message }) => {
                assert_eq!(option, "kind");
                assert!(message.contains("use destinations, learners or qualifications"));
            }
            other => panic!("{other:?}"),
        }
    }
}
