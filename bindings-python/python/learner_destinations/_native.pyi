"""Types of the native module (src/*.rs). Checked against the built module by mypy's stubtest."""

import datetime
import decimal
import os
from typing import Any, ClassVar, Iterable, Literal, Mapping, Protocol, Sequence, final

from ._codes import ErrorCategory, ErrorCode
from ._ilr import IlrAwaiting, IlrContacts, IlrRecords, IlrTemplate
from ._errors import (
    DestinationsError as DestinationsError,
    FileExistsReadError as FileExistsReadError,
    FileFormatError as FileFormatError,
    FileIsADirectoryError as FileIsADirectoryError,
    FileNotADirectoryError as FileNotADirectoryError,
    FileNotFoundReadError as FileNotFoundReadError,
    FilePermissionError as FilePermissionError,
    FileReadError as FileReadError,
    InvalidArgumentError as InvalidArgumentError,
    InvalidTypeError as InvalidTypeError,
    MissingColumnsError as MissingColumnsError,
)

__all__ = [
    "__version__",
    "DestinationsError",
    "FileFormatError",
    "FileReadError",
    "FileNotFoundReadError",
    "FilePermissionError",
    "FileIsADirectoryError",
    "FileNotADirectoryError",
    "FileExistsReadError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "MissingColumnsError",
    "ilr_awaiting",
    "ilr_contacts",
    "ilr_records",
    "ilr_template",
    "Finding",
    "FindingKind",
    "list_finding_codes",
    "ErrorKind",
    "list_error_codes",
    "Uln",
    "parse_uln",
    "is_valid_uln",
    "check_uln",
    "Ukprn",
    "parse_ukprn",
    "is_valid_ukprn",
    "check_ukprn",
    "LearnRefNumber",
    "parse_learn_ref_number",
    "is_valid_learn_ref_number",
    "check_learn_ref_number",
    "LearnAimRef",
    "parse_learn_aim_ref",
    "is_valid_learn_aim_ref",
    "check_learn_aim_ref",
    "DestinationCode",
    "Scheme",
    "load_scheme",
    "Schemes",
    "finding_kind",
    "uln_check_digit",
    "parse_date",
    "age_on",
    "Upn",
    "parse_upn",
    "is_valid_upn",
    "check_upn",
    "Postcode",
    "parse_postcode",
    "is_valid_postcode",
    "check_postcode",
    "postcode_warnings",
    "UkMobile",
    "parse_uk_mobile",
    "is_valid_uk_mobile",
    "check_uk_mobile",
    "parse_uk_telephone",
    "is_valid_uk_telephone",
    "check_uk_telephone",
    "parse_email",
    "is_valid_email",
    "check_email",
    "add_months",
    "TeachingYear",
    "parse_teaching_year",
    "DestinationRecord",
    "RecordFinding",
    "check_records",
    "ContactPreferences",
    "ContactDecision",
    "ContactCode",
    "list_contact_codes",
    "oth3_record",
    "CONTACT_CODES_SOURCE",
    "CONTACT_CODES_VERSION",
    "Survey",
    "TrackingSettings",
    "Tracking",
    "track_survey",
    "Enrolment",
    "LearnerDestination",
    "Awaiting",
    "AwaitingEnrolment",
    "AwaitingLearner",
    "awaiting_destinations",
    "LearnerLists",
    "DateOfBirth",
    "parse_dob",
    "check_dob",
    "parse_text_field",
    "check_text_field",
    "parse_ccis",
    "check_ccis",
    "check_username",
    "is_valid_username",
    "check_password",
    "is_valid_password",
    "generate_password",
    "transliterate_name",
    "UsernameGenerator",
    "SurveyDefinition",
    "SurveyDerivation",
    "DerivedRecord",
    "Because",
    "derive_survey",
    "QualificationLists",
    "QualificationType",
    "ExportedLearners",
    "check_qualification_group",
    "IDENTITY_COLUMNS",
    "MAX_QUALIFICATION_GROUPS",
    "Workbook",
    "Sheet",
    "read_workbook",
    "validate_destinations",
    "validate_learners",
    "validate_qualifications",
    "template_csv",
    "template_xlsx",
    "CREDENTIALS_COLUMNS",
    "UploadResult",
    "UploadSummary",
    "RejectedRow",
    # what pickled objects are rebuilt with
    "_restore_finding",
    "_restore_destination_code",
    "_restore_schemes",
    "_restore_destination_record",
    "_restore_contact_preferences",
    "_restore_survey",
    "_restore_tracking_settings",
    "_restore_enrolment",
    "_restore_upload_result",
    "_unpickle",
    # how values become plain data for the core (tested by test_plain_data.py)
    "_plain_data",
    "_upload_job",
    # Arrow
    "ArrowArray",
    "ArrowTable",
    "check_emails",
    "check_learn_aim_refs",
    "check_learn_ref_numbers",
    "check_postcodes",
    "check_uk_mobiles",
    "check_uk_telephones",
    "check_ukprns",
    "check_ulns",
    "check_upns",
    "map_codes",
    "parse_codes",
    "valid_emails",
    "valid_learn_aim_refs",
    "valid_learn_ref_numbers",
    "valid_postcodes",
    "valid_uk_mobiles",
    "valid_uk_telephones",
    "valid_ukprns",
    "valid_ulns",
    "valid_upns",
]

__version__: str

_Severity = Literal["error", "warning"]
# A date argument: a datetime.date (a datetime or pandas.Timestamp at midnight; numpy.datetime64
# is taken too), or a "YYYY-MM-DD" string read by the core's strict parser (refused with
# InvalidArgumentError, code "date_format" or "date_impossible"). NaN, pandas.NaT and pandas.NA
# are missing, as None is.
_DateLike = datetime.date | str

class _BinaryReader(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

class _BinaryWriter(Protocol):
    def write(self, data: bytes, /) -> Any: ...

# The Arrow PyCapsule interface (pyarrow, polars, pandas): an array, or a stream of arrays or
# of record batches.
class _ArrowArrayExportable(Protocol):
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...

class _ArrowStreamExportable(Protocol):
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

# A column of values: an Arrow array, chunked array or Series, or Python values (a list).
_Column = (
    _ArrowArrayExportable
    | _ArrowStreamExportable
    | Iterable[str | int | float | datetime.date | None]
)
# A table: a pandas or polars DataFrame, a pyarrow Table or RecordBatch.
_ArrowTableLike = _ArrowStreamExportable | _ArrowArrayExportable

# What a file can be given as: a path, its bytes, or a binary file object (open(path, "rb")).
_Source = str | os.PathLike[str] | bytes | bytearray | _BinaryReader
# Where an output file goes: a path, or a binary file object (open(path, "wb"), io.BytesIO()).
_Sink = str | os.PathLike[str] | _BinaryWriter
# A UKPRN argument: an int, a str, or a Ukprn.
_UkprnLike = int | str | Ukprn
# JSON-like values (survey answers).
_Json = (
    None
    | bool
    | int
    | float
    | str
    | datetime.date
    | decimal.Decimal
    | Mapping[str, "_Json"]
    | Sequence["_Json"]
)

# findings (src/findings.rs)

@final
class Finding:
    """A rule breach found in the data (returned, never raised)."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def row(self) -> int | None:
        """Row as Excel shows it (header = 1), or None for a value not from a file."""
    @property
    def column(self) -> str | None:
        """The header name, or None for whole-row findings."""
    @property
    def value(self) -> str | None:
        """The offending value, as found."""
    @property
    def code(self) -> str:
        """Stable code of the rule (see list_finding_codes())."""
    @property
    def severity(self) -> _Severity:
        """"error" (rejects the row) or "warning" (reported only)."""
    @property
    def message(self) -> str:
        """What is wrong and what to do, echoing the value."""
    @property
    def is_error(self) -> bool:
        """True for error-severity findings."""
    def to_dict(self) -> dict[str, Any]:
        """{"row", "column", "value", "code", "severity", "message"}."""
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class FindingKind:
    """One kind of finding in the catalogue."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> _Severity: ...
    @property
    def summary(self) -> str:
        """What the rule checks, in one sentence."""
    @property
    def source(self) -> str:
        """Where the rule comes from."""
    @property
    def mirrors(self) -> str | None:
        """The ESFA validation rule this kind mirrors (e.g. "ULN_04"), or None."""

def list_finding_codes() -> list[FindingKind]:
    """Every finding code the library can produce. Codes are stable across releases."""

def finding_kind(code: str) -> FindingKind | None:
    """The kind with this code, or None."""

# errors (src/errors.rs)

@final
class ErrorKind:
    """One kind of error in the catalogue: the ``code`` an exception can carry."""

    @property
    def code(self) -> ErrorCode: ...
    @property
    def category(self) -> ErrorCategory:
        """"input", "argument", "option", "output", "io" or "host"."""
    @property
    def summary(self) -> str:
        """What went wrong and what to do, in one sentence."""

def list_error_codes() -> list[ErrorKind]:
    """Every code an exception of this package can carry. Codes are stable across releases."""

# identifiers (src/identifiers.rs)

@final
class Uln:
    """A Unique Learner Number (made by parse_uln). str() gives the ten digits, int() the number."""

    @property
    def is_unknown(self) -> bool:
        """True for 9999999999, "ULN not known"."""
    def __int__(self) -> int: ...
    def __lt__(self, other: Uln, /) -> bool: ...
    def __le__(self, other: Uln, /) -> bool: ...
    def __gt__(self, other: Uln, /) -> bool: ...
    def __ge__(self, other: Uln, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_uln(value: str) -> Uln:
    """Reads a ULN; raises InvalidArgumentError ("uln_format", "uln_checksum")."""

def is_valid_uln(value: str) -> bool: ...
def check_uln(value: str) -> Finding | None:
    """None when value is a ULN, else the finding that says why not."""

def uln_check_digit(stem: str) -> int | None:
    """The ESFA check digit for a nine-digit stem, or None when no digit makes it a ULN."""

@final
class Ukprn:
    """A UK Provider Reference Number (made by parse_ukprn). int() gives the number."""

    def __int__(self) -> int: ...
    def __lt__(self, other: Ukprn, /) -> bool: ...
    def __le__(self, other: Ukprn, /) -> bool: ...
    def __gt__(self, other: Ukprn, /) -> bool: ...
    def __ge__(self, other: Ukprn, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_ukprn(value: int | str) -> Ukprn:
    """Reads a UKPRN; raises InvalidArgumentError ("ukprn_format")."""

def is_valid_ukprn(value: int | str) -> bool: ...
def check_ukprn(value: int | str) -> Finding | None: ...
@final
class LearnRefNumber:
    """A learner reference number (made by parse_learn_ref_number)."""

    def __lt__(self, other: LearnRefNumber, /) -> bool: ...
    def __le__(self, other: LearnRefNumber, /) -> bool: ...
    def __gt__(self, other: LearnRefNumber, /) -> bool: ...
    def __ge__(self, other: LearnRefNumber, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_learn_ref_number(value: str) -> LearnRefNumber:
    """Reads a learner reference; raises InvalidArgumentError ("learn_ref_format")."""

def is_valid_learn_ref_number(value: str) -> bool: ...
def check_learn_ref_number(value: str) -> Finding | None: ...
@final
class LearnAimRef:
    """A learning aim reference, upper case (made by parse_learn_aim_ref)."""

    def __lt__(self, other: LearnAimRef, /) -> bool: ...
    def __le__(self, other: LearnAimRef, /) -> bool: ...
    def __gt__(self, other: LearnAimRef, /) -> bool: ...
    def __ge__(self, other: LearnAimRef, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_learn_aim_ref(value: str) -> LearnAimRef:
    """Reads a learning aim reference; raises InvalidArgumentError ("aim_ref_format")."""

def is_valid_learn_aim_ref(value: str) -> bool: ...
def check_learn_aim_ref(value: str) -> Finding | None: ...

# destination codes (src/codes.rs)

@final
class DestinationCode:
    """One destination code of a scheme, e.g. EMP1 (ILR) or WMCA1.1 (WMCA)."""

    @property
    def code(self) -> str: ...
    @property
    def scheme(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def type(self) -> str:
        """The letters: ILR OutType ("EMP") or authority prefix ("WMCA")."""
    @property
    def number(self) -> str: ...
    @property
    def ilr_equivalent(self) -> str | None: ...
    @property
    def qualifier(self) -> str | None: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def ilr_code(self) -> str | None: ...
    @property
    def ilr_type(self) -> str | None: ...
    @property
    def display_name(self) -> str: ...
    def is_valid_on(self, on: _DateLike) -> bool: ...
    def check_valid_on(self, on: _DateLike, what: str = "the date") -> Finding | None: ...
    def contradicts(self, other: DestinationCode) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Scheme:
    """A code scheme: a versioned table of destination codes with its source."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @staticmethod
    def from_json(text: str, *, source_name: str = "scheme") -> Scheme: ...
    @staticmethod
    def from_csv(text: str, *, name: str, source: str = "") -> Scheme: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def types(self) -> dict[str, str]: ...
    @property
    def codes(self) -> list[DestinationCode]: ...
    @property
    def unassigned(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def to_json(self) -> str:
        """The scheme in the JSON form from_json and load_scheme read."""
    def __reduce__(self) -> tuple[Any, ...]: ...

def load_scheme(source: _Source, *, name: str | None = None) -> Scheme:
    """Reads a JSON or CSV code-scheme file (path, bytes or binary file object)."""

@final
class Schemes:
    """The loaded code schemes: by default the built-in ILR and WMCA tables."""

    def __new__(cls, schemes: Sequence[Scheme] = ..., *, builtin: bool = True) -> Schemes: ...
    def with_scheme(self, scheme: Scheme) -> Schemes: ...
    def parse(self, code: str) -> DestinationCode: ...
    def get(self, code: str) -> DestinationCode | None: ...
    def __contains__(self, code: str, /) -> bool: ...
    def equivalents(self, code: str | DestinationCode) -> list[DestinationCode]: ...
    def to_scheme(
        self, code: str | DestinationCode, scheme: str, qualifiers: Sequence[str] = ()
    ) -> DestinationCode: ...
    def scheme(self, name: str) -> Scheme: ...
    @property
    def schemes(self) -> list[Scheme]: ...
    def codes(self, scheme: str | None = None) -> list[DestinationCode]: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

# more identifiers (src/identifiers.rs)

@final
class Upn:
    """A DfE Unique Pupil Number (made by parse_upn), upper case."""

    @property
    def is_temporary(self) -> bool:
        """True for a temporary UPN (last character a letter)."""
    def __lt__(self, other: Upn, /) -> bool: ...
    def __le__(self, other: Upn, /) -> bool: ...
    def __gt__(self, other: Upn, /) -> bool: ...
    def __ge__(self, other: Upn, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_upn(value: str) -> Upn:
    """Reads a UPN; raises InvalidArgumentError ("upn_format", "upn_check_letter")."""

def is_valid_upn(value: str) -> bool: ...
def check_upn(value: str) -> Finding | None: ...
@final
class Postcode:
    """A full UK postcode in canonical form, e.g. "EC1A 1BB" (made by parse_postcode)."""

    @property
    def is_placeholder(self) -> bool:
        """True for ZZ99 9ZZ, "postcode not known"."""
    def __lt__(self, other: Postcode, /) -> bool: ...
    def __le__(self, other: Postcode, /) -> bool: ...
    def __gt__(self, other: Postcode, /) -> bool: ...
    def __ge__(self, other: Postcode, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_postcode(value: str) -> Postcode:
    """Reads a full UK postcode (any case and spacing); raises InvalidArgumentError
    ("postcode_format")."""

def is_valid_postcode(value: str) -> bool: ...
def check_postcode(value: str) -> Finding | None: ...
def postcode_warnings(value: str) -> list[Finding]:
    """The warnings an accepted postcode carries ("postcode_normalised",
    "postcode_placeholder")."""

@final
class UkMobile:
    """A UK mobile number (made by parse_uk_mobile); str() is the national form."""

    @property
    def national(self) -> str:
        """07700900123"""
    @property
    def international(self) -> str:
        """+447700900123"""
    def __lt__(self, other: UkMobile, /) -> bool: ...
    def __le__(self, other: UkMobile, /) -> bool: ...
    def __gt__(self, other: UkMobile, /) -> bool: ...
    def __ge__(self, other: UkMobile, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse_uk_mobile(value: str) -> UkMobile:
    """Reads a UK mobile number; raises InvalidArgumentError ("mobile_not_uk")."""

def is_valid_uk_mobile(value: str) -> bool: ...
def check_uk_mobile(value: str) -> Finding | None: ...
def parse_uk_telephone(value: str) -> str:
    """The number as accepted (digits, starting 0, 10 or 11 of them); raises
    InvalidArgumentError ("telephone_format")."""

def is_valid_uk_telephone(value: str) -> bool: ...
def check_uk_telephone(value: str) -> Finding | None: ...
def parse_email(value: str) -> str:
    """The address as accepted; raises InvalidArgumentError ("email_format")."""

def is_valid_email(value: str) -> bool: ...
def check_email(value: str) -> Finding | None: ...

# dates (src/dates.rs)

def parse_date(value: str) -> datetime.date:
    """Reads a strict YYYY-MM-DD date; raises InvalidArgumentError ("date_format",
    "date_impossible") saying why."""

def add_months(date: _DateLike, months: int) -> datetime.date:
    """date plus calendar months, clamped to the end of the month (31 Jan + 1 = 28/29 Feb)."""

@final
class TeachingYear:
    """A teaching year, 1 August to 31 July. str() is "2025-26"."""

    def __new__(cls, start_year: int) -> TeachingYear: ...
    @staticmethod
    def containing(date: _DateLike) -> TeachingYear: ...
    @property
    def start_year(self) -> int: ...
    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> datetime.date: ...
    def __contains__(self, date: _DateLike, /) -> bool: ...
    def __lt__(self, other: TeachingYear, /) -> bool: ...
    def __le__(self, other: TeachingYear, /) -> bool: ...
    def __gt__(self, other: TeachingYear, /) -> bool: ...
    def __ge__(self, other: TeachingYear, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

def parse_teaching_year(value: str) -> TeachingYear:
    """Reads "2025-26", "2025/26" or "2526"; raises InvalidArgumentError
    ("teaching_year_format")."""

_TeachingYearLike = TeachingYear | str

# destination records (src/records.rs)

@final
class DestinationRecord:
    """One destination (outcome) of a learner."""

    def __new__(
        cls,
        code: str,
        *,
        start: _DateLike,
        collection: _DateLike,
        end: _DateLike | None = None,
    ) -> DestinationRecord: ...
    @property
    def code(self) -> str: ...
    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> datetime.date | None: ...
    @property
    def collection(self) -> datetime.date: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

_RecordLike = DestinationRecord | Mapping[str, Any]

@final
class RecordFinding:
    """A breach of a record rule: the finding's fields, the ESFA rule mirrored, the records."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def finding(self) -> Finding: ...
    @property
    def row(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def value(self) -> str | None: ...
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> _Severity: ...
    @property
    def message(self) -> str: ...
    @property
    def is_error(self) -> bool: ...
    @property
    def mirrors(self) -> str:
        """The ESFA rule mirrored, e.g. "OutType_04"."""
    @property
    def records(self) -> list[int]:
        """The records involved, as 0-based positions."""
    def to_dict(self) -> dict[str, Any]: ...

def check_records(
    records: Iterable[_RecordLike],
    *,
    year: _TeachingYearLike | None = None,
    file_preparation_date: _DateLike,
    schemes: Schemes | None = None,
) -> list[RecordFinding]:
    """Checks one learner's destination records (ESFA OutType_01-05, OutStartDate, OutEndDate,
    OutCollDate, R69)."""

# contact rules (src/contact.rs)

_Detail = bool | str | None
_Policy = Literal["seed", "ilr"]

@final
class ContactPreferences:
    """A learner's RUI and PMC codes and contact details."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(
        cls,
        *,
        rui: Sequence[int] = (),
        pmc: Sequence[int] = (),
        email: _Detail = True,
        mobile: _Detail = True,
    ) -> ContactPreferences: ...
    @property
    def rui(self) -> list[int]: ...
    @property
    def pmc(self) -> list[int]: ...
    @property
    def email(self) -> bool | str: ...
    @property
    def mobile(self) -> bool | str: ...
    def decide(self, policy: _Policy | str | None = None) -> ContactDecision:
        """May a survey go by email, by SMS? Raises InvalidArgumentError for an unknown code."""
    def check(self, *, first_start: _DateLike | None = None) -> list[Finding]:
        """The ESFA ContPrefType_01-07 checks."""
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class ContactDecision:
    """May a survey go by email, by SMS; why; what decided it."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def email(self) -> bool: ...
    @property
    def sms(self) -> bool: ...
    @property
    def contactable(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def decided_by(self) -> list[str]: ...
    @property
    def policy(self) -> _Policy: ...
    def automatic_record(
        self, *, learning_end: _DateLike, as_of: _DateLike
    ) -> DestinationRecord | None:
        """The OTH3 record when the learner may not be contacted; None otherwise."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class ContactCode:
    """One ILR contact-preference code (RUI 1-7, PMC 1-6)."""

    @property
    def type(self) -> Literal["RUI", "PMC"]: ...
    @property
    def code(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def consent(self) -> Literal["refuses", "agrees"]: ...
    @property
    def about(self) -> str: ...
    @property
    def era(self) -> Literal["pre", "post"] | None: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def note(self) -> str | None: ...
    def is_valid_on(self, date: _DateLike) -> bool: ...

def list_contact_codes() -> list[ContactCode]: ...
def oth3_record(*, learning_end: _DateLike, as_of: _DateLike) -> DestinationRecord:
    """The automatic "unable to contact learner" record."""

CONTACT_CODES_SOURCE: str
CONTACT_CODES_VERSION: str

# survey tracking (src/tracking.rs)

@final
class Survey:
    """One learner's survey: when it went out and what has happened since."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(
        cls,
        *,
        learning_end: _DateLike,
        sent: _DateLike,
        reminders: int | None = None,
        answered: _DateLike | None = None,
        unsubscribed: _DateLike | None = None,
    ) -> Survey: ...
    @property
    def learning_end(self) -> datetime.date: ...
    @property
    def sent(self) -> datetime.date: ...
    @property
    def reminders(self) -> int: ...
    @property
    def answered(self) -> datetime.date | None: ...
    @property
    def unsubscribed(self) -> datetime.date | None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class TrackingSettings:
    """Days to wait; None takes the default (30, 60 and 365)."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(
        cls,
        *,
        reminder_interval_days: int | None = None,
        non_response_after_days: int | None = None,
        stop_contact_after_days: int | None = None,
    ) -> TrackingSettings: ...
    @property
    def reminder_interval_days(self) -> int: ...
    @property
    def non_response_after_days(self) -> int: ...
    @property
    def stop_contact_after_days(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

_SurveyState = Literal["pending", "reminder_due", "answered", "non_response", "unsubscribed"]

@final
class Tracking:
    """The state of a survey on the as-of date."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def state(self) -> _SurveyState: ...
    @property
    def flagged_for_review(self) -> bool: ...
    @property
    def record(self) -> DestinationRecord | None: ...
    @property
    def reason(self) -> str: ...
    @property
    def next_reminder(self) -> datetime.date | None: ...
    @property
    def non_response_from(self) -> datetime.date: ...
    def to_dict(self) -> dict[str, Any]: ...

def track_survey(
    survey: Survey, *, as_of: _DateLike, settings: TrackingSettings | None = None
) -> Tracking:
    """The state of a survey on as_of; raises InvalidArgumentError ("date_order",
    "tracking_setting_invalid")."""

# awaiting destinations (src/awaiting.rs)

@final
class Enrolment:
    """One enrolment (ILR learning delivery)."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(
        cls,
        *,
        ukprn: _UkprnLike,
        uln: str | Uln,
        learner_ref: str | LearnRefNumber,
        aim_ref: str | LearnAimRef,
        learning_end: _DateLike | None = None,
        completion_status: int | str,
        funding: Mapping[str, int | None] | None = None,
    ) -> Enrolment: ...
    @property
    def ukprn(self) -> Ukprn: ...
    @property
    def uln(self) -> Uln: ...
    @property
    def learner_ref(self) -> LearnRefNumber: ...
    @property
    def aim_ref(self) -> LearnAimRef: ...
    @property
    def learning_end(self) -> datetime.date | None: ...
    @property
    def completion_status(self) -> int: ...
    @property
    def funding(self) -> dict[str, int | None] | None:
        """The ILR funding fields (fund_model, prog_type, comp_status), or None."""
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class LearnerDestination:
    """A destination record with the learner (and optionally the enrolment) it belongs to."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(
        cls,
        *,
        ukprn: _UkprnLike,
        learner_ref: str | LearnRefNumber,
        code: str,
        start: _DateLike,
        collection: _DateLike,
        end: _DateLike | None = None,
        uln: str | Uln | None = None,
        aim_ref: str | LearnAimRef | None = None,
    ) -> LearnerDestination: ...
    @property
    def ukprn(self) -> Ukprn: ...
    @property
    def learner_ref(self) -> LearnRefNumber: ...
    @property
    def uln(self) -> Uln | None: ...
    @property
    def aim_ref(self) -> LearnAimRef | None: ...
    @property
    def record(self) -> DestinationRecord: ...

@final
class AwaitingEnrolment:
    """An enrolment awaiting a destination."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def enrolment(self) -> int: ...
    @property
    def ukprn(self) -> Ukprn: ...
    @property
    def uln(self) -> Uln: ...
    @property
    def learner_ref(self) -> LearnRefNumber: ...
    @property
    def aim_ref(self) -> LearnAimRef: ...
    @property
    def learning_end(self) -> datetime.date: ...
    @property
    def due(self) -> datetime.date: ...
    @property
    def overdue(self) -> bool: ...

@final
class AwaitingLearner:
    """A learner awaiting a destination (R107/R108)."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def ukprn(self) -> Ukprn: ...
    @property
    def uln(self) -> Uln: ...
    @property
    def learner_ref(self) -> LearnRefNumber: ...
    @property
    def latest_end(self) -> datetime.date: ...
    @property
    def due(self) -> datetime.date: ...
    @property
    def overdue(self) -> bool: ...
    @property
    def enrolments(self) -> list[int]: ...
    @property
    def rules(self) -> list[str]:
        """The ESFA rules broken: "R107", "R108"."""
    @property
    def finding(self) -> Finding:
        """destination_overdue (R108) or destination_missing (R107)."""

@final
class Awaiting:
    """Both views of who awaits a destination."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def enrolments(self) -> list[AwaitingEnrolment]: ...
    @property
    def learners(self) -> list[AwaitingLearner]: ...
    @property
    def findings(self) -> list[Finding]: ...

def awaiting_destinations(
    enrolments: Iterable[Enrolment | Mapping[str, Any]],
    destinations: Iterable[LearnerDestination | Mapping[str, Any]] = (),
    *,
    as_of: _DateLike,
) -> Awaiting:
    """Which enrolments and learners await a destination, and which are overdue."""

# learner fields and credentials (src/learners.rs)

@final
class LearnerLists:
    """Year groups, genders and ethnicities the learner import accepts."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(cls) -> LearnerLists: ...
    @staticmethod
    def from_json(text: str) -> LearnerLists: ...
    @property
    def source(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def year_groups(self) -> list[str]: ...
    @property
    def genders(self) -> list[str]: ...
    @property
    def ethnicities(self) -> list[str]: ...
    def year_group(self, value: str) -> str: ...
    def gender(self, value: str) -> str: ...
    def ethnicity(self, value: str) -> str: ...
    def check_year_group(self, value: str) -> Finding | None: ...
    def check_gender(self, value: str) -> Finding | None: ...
    def check_ethnicity(self, value: str) -> Finding | None: ...

@final
class DateOfBirth:
    """A date of birth read: the date, the age on the as-of date, the age warning."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def date(self) -> datetime.date: ...
    @property
    def age(self) -> int: ...
    @property
    def warning(self) -> Finding | None: ...

def parse_dob(
    value: str, *, as_of: _DateLike, min_age: int = ..., max_age: int = ...
) -> DateOfBirth:
    """Reads a date of birth; raises InvalidArgumentError ("dob_invalid",
    "dob_excel_format")."""

def check_dob(
    value: str, *, as_of: _DateLike, min_age: int = ..., max_age: int = ...
) -> Finding | None: ...
def age_on(dob: _DateLike, *, on: _DateLike) -> int:
    """Whole years between dob and on, as ESFA counts them."""

def parse_text_field(value: str, *, field: str | None = None) -> str: ...
def check_text_field(value: str, *, field: str | None = None) -> Finding | None: ...
def parse_ccis(value: str) -> str: ...
def check_ccis(value: str) -> Finding | None: ...

_Account = Literal["learner", "staff"]

def check_username(name: str, *, account: _Account | str | None = None) -> Finding | None: ...
def is_valid_username(name: str, *, account: _Account | str | None = None) -> bool: ...
def check_password(password: str) -> Finding | None:
    """The finding never echoes the password."""

def is_valid_password(password: str) -> bool: ...
def generate_password() -> str:
    """8 characters from the operating system's secure random generator."""

def transliterate_name(name: str) -> str: ...
@final
class UsernameGenerator:
    """Unique learner usernames for one batch."""

    def __new__(cls, existing: Iterable[str] = ()) -> UsernameGenerator: ...
    def generate(self, first_name: str, last_name: str) -> str: ...

# survey derivation (src/survey.rs)

@final
class SurveyDefinition:
    """A survey definition; SurveyDefinition() is the default leaver survey."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(cls, *, schemes: Schemes | None = None) -> SurveyDefinition: ...
    @staticmethod
    def from_json(text: str, *, schemes: Schemes | None = None) -> SurveyDefinition: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def question_ids(self) -> list[str]: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Because:
    """One answer that produced (part of) a record."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def note(self) -> str: ...

@final
class DerivedRecord:
    """A destination record derived from survey answers."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def activity(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def wmca_code(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> datetime.date | None: ...
    @property
    def collection(self) -> datetime.date: ...
    @property
    def main(self) -> bool: ...
    @property
    def because(self) -> list[Because]: ...
    def to_record(self) -> DestinationRecord: ...

@final
class SurveyDerivation:
    """Records and findings derived from answers."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def records(self) -> list[DerivedRecord]: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def has_errors(self) -> bool: ...

def derive_survey(
    answers: Mapping[str, _Json] | str,
    *,
    as_of: _DateLike | None = None,
    learning_end: _DateLike | None = None,
    definition: SurveyDefinition | None = None,
    schemes: Schemes | None = None,
) -> SurveyDerivation:
    """Answers (a dict or JSON text) to destination records and findings."""

# qualifications (src/qualifications.rs)

@final
class QualificationType:
    """A qualification type with its subjects and grades."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def name(self) -> str: ...
    @property
    def subjects(self) -> list[str]: ...
    @property
    def grades(self) -> list[str]: ...

@final
class QualificationLists:
    """The qualification upload's reference lists."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(cls) -> QualificationLists: ...
    @staticmethod
    def from_json(text: str) -> QualificationLists: ...
    @staticmethod
    def from_rows(
        types: Iterable[str],
        subjects: Iterable[tuple[str, str]],
        grades: Iterable[tuple[str, str]],
        *,
        source: str,
    ) -> QualificationLists: ...
    @property
    def source(self) -> str: ...
    @property
    def is_default(self) -> bool: ...
    @property
    def version(self) -> str: ...
    @property
    def types(self) -> list[QualificationType]: ...
    def qualification_type(self, value: str) -> QualificationType: ...
    def __len__(self) -> int: ...

def check_qualification_group(
    *,
    n: int | None = None,
    qualification_type: str | None = None,
    subject: str | None = None,
    completion_date: str | None = None,
    predicted_grade: str | None = None,
    actual_grade: str | None = None,
    lists: QualificationLists | None = None,
) -> list[Finding]:
    """Checks qualification group n of a row."""

@final
class ExportedLearners:
    """The exported file's learners by UCAS Account ID, to compare re-imported rows with."""

    def __new__(cls, learners: Iterable[Mapping[str, str]] = ()) -> ExportedLearners: ...
    def __len__(self) -> int: ...
    def check(
        self,
        *,
        account_id: str,
        forename: str,
        surname: str,
        date_of_birth: str,
        current_provider: str,
        current_area: str,
    ) -> list[Finding]: ...

IDENTITY_COLUMNS: tuple[str, ...]
MAX_QUALIFICATION_GROUPS: int

# workbooks (src/workbook.rs)

@final
class Workbook:
    """An open workbook (made by read_workbook)."""

    @property
    def sheet_names(self) -> list[str]: ...
    def sheet(self, name: str | None = None) -> Sheet: ...

@final
class Sheet:
    """One sheet's cells as text."""

    @property
    def name(self) -> str: ...
    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        """(Excel row number, cells as text) for every used row."""
    def __len__(self) -> int: ...

def read_workbook(source: _Source) -> Workbook:
    """Opens an .xlsx, .xlsm, .xls, .xlsb or .ods workbook."""

# upload templates (src/templates.rs)

@final
class UploadSummary:
    """The counts of an upload."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def template(self) -> str: ...
    @property
    def file(self) -> str | None: ...
    @property
    def processed_at(self) -> str | None: ...
    @property
    def format(self) -> str: ...
    @property
    def encoding(self) -> str | None: ...
    @property
    def delimiter(self) -> str | None: ...
    @property
    def rows(self) -> int: ...
    @property
    def accepted(self) -> int: ...
    @property
    def rejected(self) -> int: ...
    @property
    def warnings(self) -> int: ...
    @property
    def errors(self) -> int: ...
    @property
    def blank_rows_skipped(self) -> int: ...
    @property
    def duplicate_rows(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class RejectedRow:
    """A rejected row: its number and every finding of the row."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def row(self) -> int: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def error_codes(self) -> list[str]: ...

@final
class UploadResult:
    """The result of checking an upload."""

    @property
    def summary(self) -> UploadSummary: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def all_accepted(self) -> bool: ...
    @property
    def columns(self) -> list[str]:
        """The export's columns (the accepted rows' keys besides "row")."""
    @property
    def accepted_rows(self) -> list[dict[str, str | int]]:
        """{"row": 2, column: value, ...} per accepted row."""
    @property
    def accepted_columns(self) -> dict[str, list[Any]]:
        """{"row": [...], column: [...], ...}: pandas.DataFrame(...) or polars.DataFrame(...)."""
    @property
    def accepted_table(self) -> ArrowTable:
        """The accepted rows as Arrow: row (uint64) and the export's columns; built once."""
    @property
    def rejected_table(self) -> ArrowTable:
        """The rejected rows as Arrow: row, error_codes, warning_codes, errors; built once."""
    @property
    def findings_table(self) -> ArrowTable:
        """The findings as Arrow: row, column, value, code, severity, message; built once."""
    @property
    def rejected_rows(self) -> list[RejectedRow]: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __eq__(self, other: object, /) -> bool: ...
    def write_errors_csv(self, path: _Sink) -> None: ...
    def write_accepted_csv(self, path: _Sink) -> None: ...
    @property
    def credentials(self) -> list[dict[str, str]] | None:
        """The usernames and passwords issued with ``validate_learners(credentials=True)``."""
    def write_credentials_csv(self, path: _Sink) -> None: ...
    @property
    def lists_source(self) -> str | None:
        """For a qualification upload: where its reference lists came from."""
    @property
    def lists_are_default(self) -> bool | None:
        """For a qualification upload: True when checked against this library's default lists."""

CREDENTIALS_COLUMNS: tuple[str, ...]

# A path an output is written to (put in place only when the run succeeds).
_OutPath = str | os.PathLike[str]

# The options are the core's (an unknown one raises InvalidArgumentError "option_unknown", a
# wrong value "option_invalid", a combination that cannot be "options_conflict"); None is "not
# given": the core's default.

def validate_destinations(
    source: _Source | _ArrowTableLike,
    *,
    ukprn: _UkprnLike | None = None,
    as_of: _DateLike | None = None,
    schemes: Schemes | None = None,
    sheet: str | None = None,
    max_findings: int | None = None,
    file_name: str | None = None,
    processed_at: str | datetime.datetime | None = None,
    keep_accepted: bool | None = None,
    accepted_csv: _OutPath | None = None,
    errors_csv: _OutPath | None = None,
) -> UploadResult:
    """Checks a destinations upload (the WMCA portal's template): CSV or a workbook."""

def validate_learners(
    source: _Source | _ArrowTableLike,
    *,
    ukprns: Iterable[_UkprnLike] | None = None,
    as_of: _DateLike | None = None,
    lists: LearnerLists | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    credentials: bool | None = None,
    existing_usernames: Iterable[str] | str | None = None,
    seed: int | str | None = None,
    credentials_csv: _OutPath | None = None,
    sheet: str | None = None,
    max_findings: int | None = None,
    file_name: str | None = None,
    processed_at: str | datetime.datetime | None = None,
    keep_accepted: bool | None = None,
    accepted_csv: _OutPath | None = None,
    errors_csv: _OutPath | None = None,
) -> UploadResult:
    """Checks a learner import (the UCAS Progress learner template)."""

def validate_qualifications(
    source: _Source | _ArrowTableLike,
    *,
    export: _Source | ExportedLearners | None = None,
    reference: _Source | None = None,
    lists: QualificationLists | None = None,
    export_sheet: str | None = None,
    sheet: str | None = None,
    max_findings: int | None = None,
    file_name: str | None = None,
    processed_at: str | datetime.datetime | None = None,
    keep_accepted: bool | None = None,
    accepted_csv: _OutPath | None = None,
    errors_csv: _OutPath | None = None,
) -> UploadResult:
    """Checks a learner qualifications upload (the UCAS Progress bulk qualification upload)."""

_TemplateName = Literal["destinations", "learners", "qualifications"]

def template_csv(kind: _TemplateName | str) -> bytes:
    """The empty upload template as CSV bytes (UTF-8 with BOM)."""

def template_xlsx(
    kind: _TemplateName | str,
    *,
    learner_lists: LearnerLists | None = None,
    qualification_lists: QualificationLists | None = None,
) -> bytes:
    """The empty upload template as an .xlsx workbook."""

# What pickled objects are rebuilt with (not part of the API).

def _restore_finding(
    row: int | None,
    column: str | None,
    value: str | None,
    code: str,
    severity: str,
    message: str,
) -> Finding: ...
def _restore_destination_code(scheme: str, row: str) -> DestinationCode: ...
def _restore_schemes(schemes: Sequence[Scheme]) -> Schemes: ...
def _restore_destination_record(
    code: str,
    start: datetime.date,
    end: datetime.date | None,
    collection: datetime.date,
) -> DestinationRecord: ...
def _restore_contact_preferences(
    rui: Sequence[int], pmc: Sequence[int], email: _Detail, mobile: _Detail
) -> ContactPreferences: ...
def _restore_survey(
    learning_end: datetime.date,
    sent: datetime.date,
    reminders: int,
    answered: datetime.date | None,
    unsubscribed: datetime.date | None,
) -> Survey: ...
def _restore_tracking_settings(
    reminder_interval_days: int, non_response_after_days: int, stop_contact_after_days: int
) -> TrackingSettings: ...
def _restore_enrolment(
    ukprn: int | str,
    uln: str,
    learner_ref: str,
    aim_ref: str,
    learning_end: datetime.date | None,
    completion_status: int,
    funding: Mapping[str, int | None] | None = None,
) -> Enrolment: ...

def _restore_upload_result(
    meta: bytes, text: bytes, lengths: bytes, errors: bytes | None = None
) -> UploadResult: ...
def _unpickle(name: str, state: bytes) -> Any: ...

# How values become plain data for the core (not part of the API; the conversion's tests).

def _plain_data(value: object, root: str = "value") -> str: ...
def _upload_job(template: str, **options: object) -> str: ...

# The uses of a provider's ILR XML file (src/ilr.rs): the file is streamed one learner at a
# time; the reports are plain dicts shaped as `destinations ilr ... --json` prints them
# (see _ilr.py). A file that is not an ILR file raises FileFormatError (ilr_invalid,
# ilr_entity_refused, ilr_namespace_unsupported).

def ilr_awaiting(
    source: _Source,
    *,
    as_of: _DateLike | None = None,
    sof: Iterable[str | int] | str | int | None = None,
) -> IlrAwaiting:
    """Enrolments and learners awaiting a destination (R107/R108 with the file's funding)."""

def ilr_contacts(
    source: _Source,
    *,
    policy: Literal["seed", "ilr"] | str | None = None,
    as_of: _DateLike | None = None,
    csv: _OutPath | None = None,
) -> IlrContacts:
    """Who may be surveyed by which channel; the mailing list to `csv` (owner-only)."""

def ilr_records(source: _Source, *, schemes: Schemes | None = None) -> IlrRecords:
    """The D&P record checks (OutType_01-05 ... R69, R71, R85)."""

def ilr_template(
    source: _Source,
    *,
    sof: Iterable[str | int] | str | int | None = None,
    as_of: _DateLike | None = None,
    output: _OutPath | None = None,
) -> IlrTemplate:
    """The WMCA destinations upload pre-filled with the enrolments awaiting a destination."""
# Arrow (src/arrow.rs, src/arrow_columns.rs, src/arrow_results.rs)

@final
class ArrowTable:
    """A table of results in Arrow form (pyarrow.table(t), polars.DataFrame(t))."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    def __len__(self) -> int: ...
    @property
    def num_rows(self) -> int: ...
    @property
    def column_names(self) -> list[str]: ...
    def column(self, key: str | int) -> ArrowArray: ...
    def __getitem__(self, key: str | int, /) -> ArrowArray: ...
    def to_pydict(self) -> dict[str, list[Any]]: ...
    def to_pyarrow(self) -> Any:
        """A pyarrow.Table (needs pyarrow)."""
    def to_polars(self) -> Any:
        """A polars.DataFrame (needs polars)."""
    def to_pandas(self) -> Any:
        """A pandas.DataFrame (needs pandas and pyarrow)."""

@final
class ArrowArray:
    """One column of results in Arrow form (pyarrow.array(a), polars.Series(a))."""

    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...
    def __arrow_c_schema__(self) -> object: ...
    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        """numpy's array protocol, through pyarrow (numpy.asarray(mask))."""
    def to_numpy(self) -> Any:
        """A numpy array, through pyarrow (frame[mask.to_numpy()] in pandas)."""
    def __len__(self) -> int: ...
    def to_pylist(self) -> list[Any]: ...
    def to_pyarrow(self) -> Any:
        """A pyarrow.Array (needs pyarrow)."""

# Each check_<identifiers> returns valid (bool), code and message (null when valid), one row per
# value; each valid_<identifiers> the mask of valid values.
def check_ulns(values: _Column) -> ArrowTable: ...
def valid_ulns(values: _Column) -> ArrowArray: ...
def check_ukprns(values: _Column) -> ArrowTable: ...
def valid_ukprns(values: _Column) -> ArrowArray: ...
def check_learn_ref_numbers(values: _Column) -> ArrowTable: ...
def valid_learn_ref_numbers(values: _Column) -> ArrowArray: ...
def check_learn_aim_refs(values: _Column) -> ArrowTable: ...
def valid_learn_aim_refs(values: _Column) -> ArrowArray: ...
def check_upns(values: _Column) -> ArrowTable: ...
def valid_upns(values: _Column) -> ArrowArray: ...
def check_postcodes(values: _Column) -> ArrowTable: ...
def valid_postcodes(values: _Column) -> ArrowArray: ...
def check_uk_mobiles(values: _Column) -> ArrowTable: ...
def valid_uk_mobiles(values: _Column) -> ArrowArray: ...
def check_uk_telephones(values: _Column) -> ArrowTable: ...
def valid_uk_telephones(values: _Column) -> ArrowArray: ...
def check_emails(values: _Column) -> ArrowTable: ...
def valid_emails(values: _Column) -> ArrowArray: ...
def parse_codes(
    values: _Column, *, schemes: Schemes | None = None, as_of: _DateLike | None = None
) -> ArrowTable:
    """valid, code, message and the code read: destination, scheme, ilr_code, title."""

def map_codes(
    values: _Column,
    scheme: str,
    *,
    schemes: Schemes | None = None,
    qualifiers: Sequence[str] = (),
    as_of: _DateLike | None = None,
) -> ArrowTable:
    """valid, code, message and the code in scheme: destination, title."""
