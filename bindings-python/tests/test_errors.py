"""The exception hierarchy: classes, attributes, pickling, and what the native module raises."""

from __future__ import annotations

import errno
import pathlib
import pickle
from typing import Callable

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
        "InvalidTypeError",
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


def test_a_missing_file_is_a_file_not_found_error_with_its_code(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "no-such-upload.csv"
    for call in (
        lambda: ld.validate_destinations(missing),
        lambda: ld.load_scheme(str(missing)),
        lambda: ld.read_workbook(missing),
    ):
        with pytest.raises(FileNotFoundError) as raised:
            call()
        error = raised.value
        assert isinstance(error, ld.FileNotFoundReadError)
        assert isinstance(error, ld.FileReadError) and isinstance(error, OSError)
        assert error.code == "input_unreadable"
        assert error.errno == errno.ENOENT
        assert error.filename == str(missing)
        assert error.strerror
        assert str(missing) in str(error)
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is ld.FileNotFoundReadError
        assert (again.errno, again.filename, again.code) == (errno.ENOENT, str(missing), error.code)


def test_a_folder_given_as_a_file_is_an_is_a_directory_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(IsADirectoryError) as raised:
        ld.load_scheme(tmp_path)
    assert isinstance(raised.value, ld.FileReadError)
    assert raised.value.code == "input_unreadable" and raised.value.errno == errno.EISDIR


def test_csv_text_given_as_a_path_says_what_to_pass() -> None:
    text = (
        "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
        "Learning Aim Title,Destination Code\n" + "10012345,9276308686,LRN1,20000008,x,EMP1\n" * 5000
    )
    with pytest.raises(ld.InvalidTypeError) as raised:
        ld.validate_destinations(text)
    error = raised.value
    assert isinstance(error, TypeError) and error.code == "option_invalid"
    assert "io.BytesIO" in error.message and "bytes" in error.message and "path" in error.message
    assert "9276308686" not in error.message
    # The same text as bytes is the upload.
    assert ld.validate_destinations(text.encode(), as_of="2025-09-01").summary.rows == 5000


def test_a_str_path_with_a_comma_that_exists_is_read(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "march, final.csv"
    path.write_bytes(ld.template_csv("destinations"))
    with pytest.raises(ld.FileFormatError) as raised:
        ld.validate_destinations(str(path))
    assert raised.value.code == "no_data"


def test_no_message_echoes_more_than_a_few_hundred_characters() -> None:
    long_value = "9" * 100_000
    for call in (
        lambda: ld.parse_uln(long_value),
        lambda: ld.Schemes().parse(long_value),
        lambda: ld.validate_destinations((long_value + "\n1\n").encode()),
        lambda: ld.uln_check_digit(long_value),
    ):
        with pytest.raises(ld.DestinationsError) as raised:
            call()
        assert len(raised.value.message) <= 700, raised.value.message[:100]
        assert "characters left out" in raised.value.message


@pytest.mark.parametrize(
    "call",
    [
        lambda: ld.uln_check_digit(927630868),  # type: ignore[arg-type]
        lambda: ld.parse_ukprn(1.5),  # type: ignore[arg-type]
        lambda: ld.validate_destinations(12),  # type: ignore[arg-type]
    ],
    ids=["uln_check_digit", "parse_ukprn", "source"],
)
def test_a_wrong_type_is_an_invalid_type_error_with_a_code(call: Callable[[], object]) -> None:
    with pytest.raises(ld.InvalidTypeError) as raised:
        call()
    assert isinstance(raised.value, TypeError)
    assert raised.value.code in {e.code for e in ld.list_error_codes()}


def test_uln_check_digit_refuses_a_stem_with_a_catalogued_code() -> None:
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.uln_check_digit("12345")
    assert raised.value.code == "option_invalid" and raised.value.value == "12345"
    assert "nine digits" in raised.value.message


def test_max_findings_says_what_it_accepts() -> None:
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(b"x", max_findings=-1)
    assert raised.value.code == "option_invalid"
    assert "max_findings" in raised.value.message
    assert "a whole number from 0 to" in raised.value.message
