"""Types of the native module (src/*.rs). Checked against the built module by mypy's stubtest."""

import datetime
import os
from typing import ClassVar, Literal, Protocol, Sequence, final

from ._errors import (
    DestinationsError as DestinationsError,
    FileFormatError as FileFormatError,
    FileReadError as FileReadError,
    InvalidArgumentError as InvalidArgumentError,
    MissingColumnsError as MissingColumnsError,
)

__all__ = [
    "__version__",
    "DestinationsError",
    "FileFormatError",
    "FileReadError",
    "InvalidArgumentError",
    "MissingColumnsError",
    "Finding",
    "FindingKind",
    "list_finding_codes",
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
]

__version__: str

_Severity = Literal["error", "warning"]
# A date argument: a datetime.date, or a "YYYY-MM-DD" string read by the core's strict parser
# (refused with InvalidArgumentError, code "date_format" or "date_impossible").
_DateLike = datetime.date | str

class _BinaryReader(Protocol):
    def read(self) -> bytes: ...

# What a file can be given as: a path, its bytes, or a binary file object (open(path, "rb")).
_Source = str | os.PathLike[str] | bytes | bytearray | _BinaryReader

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
