"""The exceptions the package raises: work that could not be done.

Rule breaches in data are never raised: they are returned as ``Finding`` objects. An exception
means the call could not do its work: a value or argument was refused, a file could not be read,
or its content is not what it should be.

Every exception carries ``code`` (a stable ``snake_case`` string, the same the Rust core, the CLI
and the Node package use) and ``message`` (what went wrong and what to do, echoing the value).
``str(error)`` is the message. The classes are raised by the native module (see
``src/errors.rs``, which maps each core error to one of them); they pickle, so errors raised in
worker processes (multiprocessing, Dask, Spark) reach the driver intact.

Hierarchy::

    DestinationsError                      base: catch this for everything
    ├── InvalidArgumentError (ValueError)  a value or argument was refused: a bad ULN given to
    │                                      parse_uln, an as-of date that does not exist, an
    │                                      unknown scheme name, a sheet the workbook does not
    │                                      have; ``value`` holds what was given
    ├── InvalidTypeError (TypeError)       an argument of a type the function does not take
    │                                      (``option_invalid``): the message says what it takes
    ├── FileReadError (OSError)            a file could not be read or written: ``errno``,
    │   │                                  ``filename`` and ``strerror`` set as on OSError
    │   ├── FileNotFoundReadError (FileNotFoundError)      no such file
    │   ├── FilePermissionError (PermissionError)          no permission
    │   ├── FileIsADirectoryError (IsADirectoryError)      a folder where a file should be
    │   ├── FileNotADirectoryError (NotADirectoryError)    a file where a folder should be
    │   └── FileExistsReadError (FileExistsError)          the file is already there
    └── FileFormatError (ValueError)       a file was read but its content cannot be used: a
        │                                  scheme file that does not parse, JSON that is not
        │                                  JSON, an upload that is not CSV, an unknown
        │                                  encoding, an empty file, a damaged workbook
        └── MissingColumnsError            a header lacks required columns (``missing``,
                                           ``found``)
"""

from __future__ import annotations

import errno as _errno
from typing import Any, Dict, List, Optional, Sequence, Tuple, Type

__all__ = [
    "DestinationsError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "FileReadError",
    "FileNotFoundReadError",
    "FilePermissionError",
    "FileIsADirectoryError",
    "FileNotADirectoryError",
    "FileExistsReadError",
    "FileFormatError",
    "MissingColumnsError",
]


class DestinationsError(Exception):
    """Work that could not be done. Base class of every exception this package raises.

    Attributes:
        code: stable machine-readable code, e.g. ``"io"``, ``"scheme_invalid"``,
            ``"uln_checksum"``.
        message: what went wrong and what to do.
    """

    code: str
    message: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.code))


class InvalidArgumentError(DestinationsError, ValueError):
    """A value or argument was refused: the ``code`` is the rule that refused it.

    Raised by the ``parse_*`` functions (``code`` is the finding code, e.g. ``"uln_checksum"``)
    and by any function given an argument it cannot use (``"date_format"`` for an as-of date that
    is not ``YYYY-MM-DD``, ``"date_order"`` for dates out of order, ``"scheme_unknown"`` for a
    scheme name that is not loaded, ``"sheet_not_found"`` for a sheet the workbook does not
    have, ``"option_invalid"`` for an argument value the function does not take, such as a contact
    policy other than ``"seed"`` or ``"ilr"``).

    Attributes:
        value: the value as given, or ``None`` when the refusal is about no single value.
    """

    value: Optional[str]

    def __init__(self, message: str, code: str, value: Optional[str] = None) -> None:
        super().__init__(message, code)
        self.value = value

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, code={self.code!r}, value={self.value!r})"
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.value))


class InvalidTypeError(DestinationsError, TypeError):
    """An argument of a type the function does not take, e.g. a list where a ``str`` is
    expected: code ``"option_invalid"``; the message names the argument and what it takes."""


class FileReadError(DestinationsError, OSError):
    """A file could not be read or written (not found, no permission, not text).

    Codes: ``"input_unreadable"`` (an input that cannot be opened or read),
    ``"output_unwritable"``, ``"io"``. Like any ``OSError`` it has ``errno`` (``None`` when no
    operating-system error is behind it), ``filename`` (the path as given, or ``None``) and
    ``strerror`` (the operating system's reason); a missing file is also a
    ``FileNotFoundError``, no permission a ``PermissionError``, and so on.
    """

    def __init__(
        self,
        message: str,
        code: str,
        errno: Optional[int] = None,
        filename: Optional[str] = None,
        strerror: Optional[str] = None,
    ) -> None:
        super().__init__(message, code)
        self.errno = errno
        self.filename = filename
        self.strerror = strerror

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.errno, self.filename, self.strerror))


class FileNotFoundReadError(FileReadError, FileNotFoundError):
    """The file does not exist (``errno.ENOENT``): a ``FileReadError`` and a
    ``FileNotFoundError``."""


class FilePermissionError(FileReadError, PermissionError):
    """No permission to read or write the file (``errno.EACCES``)."""


class FileIsADirectoryError(FileReadError, IsADirectoryError):
    """The path is a folder, not a file (``errno.EISDIR``)."""


class FileNotADirectoryError(FileReadError, NotADirectoryError):
    """A part of the path that should be a folder is a file (``errno.ENOTDIR``)."""


class FileExistsReadError(FileReadError, FileExistsError):
    """The file is already there (``errno.EEXIST``)."""


# The native module's I/O error kinds (src/errors.rs, `os_kind_name`): the class and errno.
_OS_KINDS: Dict[str, Tuple[Type[FileReadError], int]] = {
    "not_found": (FileNotFoundReadError, _errno.ENOENT),
    "permission_denied": (FilePermissionError, _errno.EACCES),
    "is_a_directory": (FileIsADirectoryError, _errno.EISDIR),
    "not_a_directory": (FileNotADirectoryError, _errno.ENOTDIR),
    "already_exists": (FileExistsReadError, _errno.EEXIST),
}


def _file_read_error(
    message: str,
    code: str,
    kind: Optional[str],
    filename: Optional[str],
    strerror: Optional[str],
) -> FileReadError:
    """The ``FileReadError`` the native module raises for an I/O failure of ``kind``."""
    cls, number = _OS_KINDS.get(kind or "", (FileReadError, None))
    return cls(message, code, number, filename, strerror)


class FileFormatError(DestinationsError, ValueError):
    """A file was read, but its content cannot be used.

    Codes: ``"scheme_invalid"`` (a code-scheme file that does not follow the format; the message
    names the line and field), ``"json_invalid"`` (a JSON document that does not parse, e.g.
    survey answers), ``"survey_definition_invalid"``; for uploads ``"not_csv"`` (a workbook,
    PDF or other binary file), ``"encoding_unsupported"`` (UTF-32, UTF-16 without a byte-order
    mark), ``"duplicate_column"``, ``"too_many_columns"``, ``"no_data"`` (an empty file, or a
    header with nothing under it); for workbooks ``"workbook_unreadable"`` and
    ``"workbook_protected"``.
    """


class MissingColumnsError(FileFormatError):
    """The header of an upload lacks required columns; the message lists the missing and the
    found headers (and, when it can tell, why: a file separated by semicolons, a first row of
    data instead of column names).

    Attributes:
        missing: the required template columns not found, by their template names.
        found: the header row as found in the file, in order.
    """

    missing: List[str]
    found: List[str]

    def __init__(
        self,
        message: str,
        code: str,
        missing: Sequence[str] = (),
        found: Sequence[str] = (),
    ) -> None:
        super().__init__(message, code)
        self.missing = list(missing)
        self.found = list(found)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.missing, self.found))


# Shown and pickled as learner_destinations.X, where users import them from.
for _class in (
    DestinationsError,
    InvalidArgumentError,
    InvalidTypeError,
    FileReadError,
    FileNotFoundReadError,
    FilePermissionError,
    FileIsADirectoryError,
    FileNotADirectoryError,
    FileExistsReadError,
    FileFormatError,
    MissingColumnsError,
):
    _class.__module__ = "learner_destinations"
del _class
