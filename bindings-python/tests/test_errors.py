"""The exception hierarchy: classes, attributes, pickling, and what the native module raises."""

from __future__ import annotations

import pickle

import pytest

import learner_destinations as ld
from learner_destinations import _native


def test_hierarchy() -> None:
    assert issubclass(ld.DestinationsError, Exception)
    assert issubclass(ld.InvalidArgumentError, ld.DestinationsError)
    assert issubclass(ld.InvalidArgumentError, ValueError)
    assert issubclass(ld.FileReadError, ld.DestinationsError)
    assert issubclass(ld.FileReadError, OSError)
    assert issubclass(ld.FileFormatError, ld.DestinationsError)
    assert issubclass(ld.FileFormatError, ValueError)
    assert issubclass(ld.MissingColumnsError, ld.FileFormatError)
    assert not issubclass(ld.FileReadError, ValueError)


def test_native_module_raises_the_package_classes() -> None:
    for name in (
        "DestinationsError",
        "InvalidArgumentError",
        "FileReadError",
        "FileFormatError",
        "MissingColumnsError",
    ):
        cls = getattr(ld, name)
        assert getattr(_native, name) is cls
        assert cls.__module__ == "learner_destinations"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        _native.parse_uln("1")
    assert type(raised.value) is ld.InvalidArgumentError


@pytest.mark.parametrize(
    "error",
    [
        ld.DestinationsError("m", "c"),
        ld.InvalidArgumentError("bad ULN", "uln_format", "123"),
        ld.InvalidArgumentError("no value", "scheme_unknown"),
        ld.FileReadError("cannot read x", "io"),
        ld.FileFormatError("line 2", "scheme_invalid"),
        ld.MissingColumnsError("no ULN column", "missing_columns"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_attributes_and_pickling(error: ld.DestinationsError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert (again.code, again.message, str(again)) == (error.code, error.message, error.message)
    assert repr(again) == repr(error)
    assert repr(error).startswith(f"{type(error).__name__}({error.message!r}, code={error.code!r}")
    if isinstance(error, ld.InvalidArgumentError):
        assert isinstance(again, ld.InvalidArgumentError) and again.value == error.value


def test_raised_errors_carry_code_message_and_value() -> None:
    with pytest.raises(ld.DestinationsError) as raised:
        ld.parse_uln("92763O8686")
    error = raised.value
    assert isinstance(error, ld.InvalidArgumentError)
    assert error.code == "uln_format"
    assert error.value == "92763O8686"
    assert str(error) == error.message == "ULN '92763O8686' contains 'O'; a ULN is 10 digits only"
    # Pickles intact, e.g. from a worker process.
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, ld.InvalidArgumentError) and again.value == "92763O8686"
