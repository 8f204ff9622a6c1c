//! The qualification upload's rules: the reference lists (`QualificationLists`), the up-to-18
//! qualification groups of a row (`checkQualificationGroup`), and the identity columns that
//! must not change between export and re-import (`ExportedLearners`).

use crate::errors::{BindingError, Result};
use crate::findings::BindingFinding;
use learner_destinations::qualifications::{
    GROUP_FIELDS, GroupField, IDENTITY_COLUMNS, MAX_GROUPS, QualificationGroup, QualificationLists,
    QualificationType, check_group, group_column_name, parse_group_header,
};
use learner_destinations::workflow;
use napi_derive::napi;

/// One qualification type with the subjects and grades listed for it.
#[napi(object, js_name = "QualificationType", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingQualificationType {
    /// The type as listed, e.g. `'GCSE (9-1)'`.
    #[napi(js_name = "type")]
    pub name: String,
    /// The subjects listed for the type.
    pub subjects: Vec<String>,
    /// The grades listed for the type.
    pub grades: Vec<String>,
}

impl From<&QualificationType> for BindingQualificationType {
    fn from(t: &QualificationType) -> Self {
        BindingQualificationType {
            name: t.name.clone(),
            subjects: t.subjects.clone(),
            grades: t.grades.clone(),
        }
    }
}

/// One qualification group's cells (blank or left out when empty).
#[napi(object, js_name = "QualificationGroup", object_to_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingQualificationGroup {
    /// The group number, 1 to 18 (read by the core: anything else is refused with
    /// `'option_invalid'`).
    #[napi(ts_type = "number")]
    pub n: serde_json::Value,
    /// Qualification Type N.
    #[napi(js_name = "type", ts_type = "string | null")]
    pub qualification_type: Option<Option<String>>,
    /// Qualification Subject N.
    #[napi(ts_type = "string | null")]
    pub subject: Option<Option<String>>,
    /// Qualification Completion Date N (`YYYY-MM`).
    #[napi(ts_type = "string | null")]
    pub completion_date: Option<Option<String>>,
    /// Qualification Predicted Grade N.
    #[napi(ts_type = "string | null")]
    pub predicted_grade: Option<Option<String>>,
    /// Qualification Actual Grade N.
    #[napi(ts_type = "string | null")]
    pub actual_grade: Option<Option<String>>,
}

/// The qualification upload's three reference lists (types, subjects per type, grades per
/// type) with where they come from. `new QualificationLists()` holds this library's embedded
/// defaults, which say so (`isDefault`); the portal's own lists come from the exported
/// workbook's first three sheets (`QualificationLists.fromRows`) or a JSON file (`fromJson`).
#[napi(js_name = "QualificationLists")]
#[derive(Debug, Clone)]
pub struct BindingQualificationLists {
    inner: QualificationLists,
}

impl BindingQualificationLists {
    /// The core's lists, for the qualification upload.
    pub(crate) fn lists(&self) -> &QualificationLists {
        &self.inner
    }
}

#[napi]
impl BindingQualificationLists {
    /// The embedded default lists.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        BindingQualificationLists {
            inner: QualificationLists::builtin(),
        }
    }

    /// Lists from JSON of the embedded defaults' shape:
    /// `{"source", "is_default"?, "version"?, "types": [{"type", "subjects", "grades"}]}`.
    ///
    /// @throws {Error} `code` `'json_invalid'`, naming the line and column.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Self> {
        Ok(BindingQualificationLists {
            inner: QualificationLists::from_json_str(&text)?,
        })
    }

    /// Lists built from the rows of the three reference sheets: type names, `[type, subject]`
    /// pairs and `[type, grade]` pairs; `source` says where they come from. Types named only
    /// on the subject or grade sheet are added too; blanks and repeats are skipped.
    ///
    /// @throws {Error} `code` `'option_invalid'` when a pair does not have two items.
    #[napi(factory)]
    pub fn from_rows(
        types: Vec<String>,
        #[napi(ts_arg_type = "Array<[type: string, subject: string]>")] subjects: Vec<Vec<String>>,
        #[napi(ts_arg_type = "Array<[type: string, grade: string]>")] grades: Vec<Vec<String>>,
        source: String,
    ) -> Result<Self> {
        let pairs = |what: &str, rows: &[Vec<String>]| -> Result<Vec<(String, String)>> {
            rows.iter()
                .enumerate()
                .map(|(i, r)| match r.as_slice() {
                    [t, v] => Ok((t.clone(), v.clone())),
                    _ => Err(BindingError::invalid_arg(format!(
                        "{what}[{i}] has {} items; give [type, value] pairs",
                        r.len()
                    ))),
                })
                .collect()
        };
        let subjects = pairs("subjects", &subjects)?;
        let grades = pairs("grades", &grades)?;
        Ok(BindingQualificationLists {
            inner: QualificationLists::from_rows(
                types.iter().map(String::as_str),
                subjects.iter().map(|(t, s)| (t.as_str(), s.as_str())),
                grades.iter().map(|(t, g)| (t.as_str(), g.as_str())),
                source,
            ),
        })
    }

    /// Where the lists come from.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source.clone()
    }

    /// True for this library's embedded defaults; false for lists read from a workbook or
    /// file.
    #[napi(getter)]
    pub fn is_default(&self) -> bool {
        self.inner.is_default
    }

    /// The lists' version (may be empty).
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// The types with their subjects and grades.
    #[napi(getter)]
    pub fn types(&self) -> Vec<BindingQualificationType> {
        self.inner.types.iter().map(Into::into).collect()
    }

    /// The listed type matching `input` (case and spacing ignored).
    ///
    /// @throws {Error} `code` `'qualification_type_unknown'`; the message lists the types (and
    /// says when the lists are the embedded defaults).
    #[napi]
    pub fn qualification_type(&self, input: String) -> Result<BindingQualificationType> {
        Ok(self.inner.qualification_type(&input)?.into())
    }

    /// Checks one qualification group of a row: type and subject required once any field is
    /// filled; the type listed; the subject listed for it; the completion date a real `YYYY-MM`
    /// month; at least one grade, each listed for the type. Returns every finding, its `column`
    /// the group's header (`'Qualification Subject 3'`). An empty group has none.
    ///
    /// @throws {Error} `code` `'option_invalid'` when `group.n` is not a group number, 1 to 18.
    #[napi]
    pub fn check_group(&self, group: BindingQualificationGroup) -> Result<Vec<BindingFinding>> {
        check_qualification_group_with(&self.inner, &group)
    }
}

/// A qualification group number given from JavaScript: 1 to 18, the core's range
/// (`workflow::group_number_value`), refused with `option_invalid` naming `what` otherwise.
fn group_number(what: &str, n: f64) -> Result<usize> {
    let value = crate::conversion::number_value(n, what)?;
    Ok(workflow::group_number_value(&value, what)?)
}

fn cell(v: &Option<Option<String>>) -> Option<&str> {
    v.as_ref().and_then(Option::as_deref)
}

fn check_qualification_group_with(
    lists: &QualificationLists,
    group: &BindingQualificationGroup,
) -> Result<Vec<BindingFinding>> {
    let n = workflow::group_number_value(&group.n, "group.n")?;
    let core = QualificationGroup {
        n,
        qualification_type: cell(&group.qualification_type),
        subject: cell(&group.subject),
        completion_date: cell(&group.completion_date),
        predicted_grade: cell(&group.predicted_grade),
        actual_grade: cell(&group.actual_grade),
    };
    Ok(check_group(&core, lists)
        .into_iter()
        .map(|(field, refusal)| {
            refusal
                .into_finding()
                .in_column(group_column_name(field, n))
                .into()
        })
        .collect())
}

/// Checks one qualification group against the embedded default lists (see
/// `QualificationLists.checkGroup`, which takes the portal's own).
///
/// @throws {Error} `code` `'option_invalid'` when `group.n` is not a group number, 1 to 18.
#[napi]
pub fn check_qualification_group(group: BindingQualificationGroup) -> Result<Vec<BindingFinding>> {
    check_qualification_group_with(&QualificationLists::builtin(), &group)
}

/// A field of a qualification group.
#[napi(string_enum = "camelCase", js_name = "GroupField")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingGroupField {
    /// Qualification Type N.
    Type,
    /// Qualification Subject N.
    Subject,
    /// Qualification Completion Date N.
    CompletionDate,
    /// Qualification Predicted Grade N.
    PredictedGrade,
    /// Qualification Actual Grade N.
    ActualGrade,
}

impl From<GroupField> for BindingGroupField {
    fn from(f: GroupField) -> Self {
        match f {
            GroupField::Type => BindingGroupField::Type,
            GroupField::Subject => BindingGroupField::Subject,
            GroupField::CompletionDate => BindingGroupField::CompletionDate,
            GroupField::PredictedGrade => BindingGroupField::PredictedGrade,
            GroupField::ActualGrade => BindingGroupField::ActualGrade,
        }
    }
}

/// A qualification group header read as its field and group number.
#[napi(object, js_name = "GroupHeader", object_from_js = false)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingGroupHeader {
    /// The field.
    pub field: BindingGroupField,
    /// The group number (1-based).
    pub n: u32,
}

/// Reads a qualification group header (`'qualification  type 12'`: any case and spacing, a
/// trailing `*` allowed) as its field and group number; `null` when it is not one. Never
/// throws.
#[napi]
pub fn parse_qualification_header(header: String) -> Option<BindingGroupHeader> {
    parse_group_header(&header).map(|(field, n)| BindingGroupHeader {
        field: field.into(),
        // Group numbers in a header beyond u32 are not group numbers of any template.
        n: u32::try_from(n).unwrap_or(u32::MAX),
    })
}

/// The header of a field of group `n`: `qualificationColumnName('subject', 3)` is
/// `'Qualification Subject 3'`.
///
/// @throws {Error} `code` `'option_invalid'` when `field` is not a `GroupField`, or `n` is not
/// a group number, 1 to 18.
#[napi]
pub fn qualification_column_name(
    #[napi(ts_arg_type = "GroupField")] field: String,
    n: f64,
) -> Result<String> {
    let field = match field.as_str() {
        "type" => GroupField::Type,
        "subject" => GroupField::Subject,
        "completionDate" => GroupField::CompletionDate,
        "predictedGrade" => GroupField::PredictedGrade,
        "actualGrade" => GroupField::ActualGrade,
        other => {
            return Err(BindingError::invalid_arg(format!(
                "'{other}' is not a group field; use 'type', 'subject', 'completionDate', 'predictedGrade' or 'actualGrade'"
            )));
        }
    };
    Ok(group_column_name(field, group_number("n", n)?))
}

/// What the qualification upload's layout is made of.
#[napi(object, js_name = "QualificationLayout", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingQualificationLayout {
    /// How many groups a learner row may have (18).
    pub max_groups: u32,
    /// The fields of a group, in template order.
    pub group_fields: Vec<BindingGroupField>,
    /// The identity columns compared with the export, after the UCAS Account ID: `Forename`,
    /// `Surname`, `Date of Birth`, `Current Provider`, `Current Area`.
    pub identity_columns: Vec<String>,
}

/// The qualification upload's layout: the number of groups, the fields of a group and the
/// identity columns. Never throws.
#[napi]
pub fn qualification_layout() -> BindingQualificationLayout {
    BindingQualificationLayout {
        max_groups: MAX_GROUPS as u32,
        group_fields: GROUP_FIELDS.into_iter().map(Into::into).collect(),
        identity_columns: IDENTITY_COLUMNS.iter().map(|c| c.to_string()).collect(),
    }
}

/// The identity values of one learner, in the export's columns.
#[napi(object, js_name = "LearnerIdentity", object_to_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingLearnerIdentity {
    /// Forename.
    pub forename: String,
    /// Surname.
    pub surname: String,
    /// Date of Birth, as written in the file.
    pub date_of_birth: String,
    /// Current Provider.
    pub current_provider: String,
    /// Current Area.
    pub current_area: String,
}

impl BindingLearnerIdentity {
    fn values(&self) -> [&str; 5] {
        [
            &self.forename,
            &self.surname,
            &self.date_of_birth,
            &self.current_provider,
            &self.current_area,
        ]
    }
}

/// The exported learners (by UCAS Account ID) a qualification re-import is compared with:
/// identity columns must not change between export and re-import.
#[napi(js_name = "ExportedLearners")]
#[derive(Debug, Default)]
pub struct BindingExportedLearners {
    inner: learner_destinations::qualifications::ExportedLearners,
}

impl BindingExportedLearners {
    /// The core's set, for the qualification upload.
    pub(crate) fn learners(&self) -> &learner_destinations::qualifications::ExportedLearners {
        &self.inner
    }
}

#[napi]
impl BindingExportedLearners {
    /// An empty set.
    #[napi(constructor)]
    pub fn new() -> Self {
        BindingExportedLearners::default()
    }

    /// Adds (or replaces) the exported row of an account.
    #[napi]
    pub fn insert(&mut self, account_id: String, identity: BindingLearnerIdentity) {
        self.inner.insert(&account_id, identity.values());
    }

    /// How many accounts.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        // A JavaScript program cannot insert 2^32 accounts.
        self.inner.len() as u32
    }

    /// Compares a re-imported row with the export: `'qualification_account_unknown'` (column
    /// `'UCAS Account ID'`) when the account is not in the export, else one
    /// `'qualification_identity_changed'` finding per changed identity column, with both values
    /// in the message. Never throws.
    #[napi]
    pub fn check(
        &self,
        account_id: String,
        identity: BindingLearnerIdentity,
    ) -> Vec<BindingFinding> {
        self.inner
            .check(&account_id, identity.values())
            .into_iter()
            .map(|(column, refusal)| {
                let name = column
                    .and_then(|i| IDENTITY_COLUMNS.get(i).copied())
                    .unwrap_or("UCAS Account ID");
                refusal.into_finding().in_column(name).into()
            })
            .collect()
    }
}
