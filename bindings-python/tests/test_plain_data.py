"""Python values as plain data for the core (src/json.rs): every option object and JSON-shaped
input goes through one conversion, bounded in depth, refusing cycles, and mapping the missing
values and date types of the standard library, numpy and pandas."""

from __future__ import annotations

import datetime
import decimal
import json
import pathlib
import subprocess
import sys
from collections import OrderedDict
from typing import Any, Dict, List

import pytest

import learner_destinations as ld
from learner_destinations._native import _plain_data

MAX_DEPTH = 200


def plain(value: object) -> Any:
    return json.loads(_plain_data(value, "value"))


def nested(depth: int) -> Dict[str, Any]:
    """A dict `depth` levels deep (the outermost counts as one)."""
    value: Dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def test_standard_values() -> None:
    assert plain(None) is None
    assert plain(True) is True and plain(0) == 0 and plain(-(2**63)) == -(2**63)
    assert plain(2**64 - 1) == 2**64 - 1
    assert plain(1.5) == 1.5
    assert plain("Zoë") == "Zoë"
    assert plain(decimal.Decimal("37.50")) == "37.50"
    assert plain(pathlib.PurePosixPath("out/errors.csv")) == "out/errors.csv"
    assert plain((1, [2, {"k": range(2)}])) == [1, [2, {"k": [0, 1]}]]
    assert plain(OrderedDict([("b", 1), ("a", 2)])) == {"b": 1, "a": 2}
    assert sorted(plain({"x", "y"})) == ["x", "y"]


def test_missing_values_are_null() -> None:
    assert plain(float("nan")) is None
    assert plain(decimal.Decimal("NaN")) is None
    assert plain({"hours": float("nan")}) == {"hours": None}


def test_dates() -> None:
    assert plain(datetime.date(2025, 9, 1)) == "2025-09-01"
    # A datetime at midnight without a time zone is a date; otherwise its full ISO text.
    assert plain(datetime.datetime(2025, 9, 1)) == "2025-09-01"
    assert plain(datetime.datetime(2025, 9, 1, 10, 30)) == "2025-09-01T10:30:00"
    utc = datetime.datetime(2025, 9, 1, tzinfo=datetime.timezone.utc)
    assert plain(utc) == "2025-09-01T00:00:00+00:00"


class FakeInt64:
    """An integer scalar as numpy makes them: not an int, but with __index__."""

    def __index__(self) -> int:
        return 10012345


class FakeArray:
    """An array as numpy and pandas make them: tolist() gives Python values."""

    def tolist(self) -> List[object]:
        return [1, float("nan"), "x"]


class Stubborn:
    """An object whose tolist() gives itself back: refused, not converted forever."""

    def tolist(self) -> "Stubborn":
        return self


def test_duck_typed_scalars_and_arrays() -> None:
    assert plain(FakeInt64()) == 10012345
    assert plain(FakeArray()) == [1, None, "x"]
    with pytest.raises(ld.InvalidArgumentError) as e:
        plain(Stubborn())
    assert e.value.code == "option_invalid"


@pytest.mark.parametrize(
    ("value", "where", "what"),
    [
        (b"bytes", "value", "bytes"),
        ({"a": [1, object()]}, "value.a[1]", "object"),
        ({1: "x"}, "value", "key of type int"),
        ({"a key": {"b": float("inf")}}, 'value["a key"].b', "finite number"),
        ([2**64], "value[0]", "past 64 bits"),
    ],
)
def test_refusals_name_where(value: object, where: str, what: str) -> None:
    with pytest.raises(ld.InvalidArgumentError) as e:
        plain(value)
    assert e.value.code == "option_invalid"
    assert e.value.message.startswith(f"option '{where}': ")
    assert what in e.value.message


def test_depth_limit() -> None:
    assert plain(nested(MAX_DEPTH)) is not None
    with pytest.raises(ld.FileFormatError) as e:
        plain(nested(MAX_DEPTH + 1))
    assert e.value.code == "input_too_deep"
    assert f"deeper than {MAX_DEPTH} levels" in e.value.message
    lists: List[object] = []
    for _ in range(MAX_DEPTH):
        lists = [lists]
    with pytest.raises(ld.FileFormatError) as e:
        plain(lists)
    assert e.value.code == "input_too_deep"


def test_cycles_refused_shared_values_not() -> None:
    d: Dict[str, Any] = {"answers": {}}
    d["answers"]["again"] = d
    with pytest.raises(ld.FileFormatError) as e:
        plain(d)
    assert e.value.code == "input_too_deep"
    assert "value.answers.again contains itself" in e.value.message
    loop: List[object] = []
    loop.append(loop)
    with pytest.raises(ld.FileFormatError) as e:
        plain(loop)
    assert "contains itself" in e.value.message
    shared = [1, 2]
    assert plain({"x": shared, "y": [shared, shared]}) == {"x": [1, 2], "y": [[1, 2], [1, 2]]}


def test_derive_survey_on_a_very_deep_dict_raises_instead_of_crashing() -> None:
    # Run apart: before the limit, this took the interpreter down with it.
    code = (
        "import learner_destinations as ld\n"
        "d = {}\n"
        "for _ in range(1500): d = {'a': d}\n"
        "try:\n"
        "    ld.derive_survey({'answers': d})\n"
        "except ld.FileFormatError as e:\n"
        "    print(e.code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "input_too_deep"


def test_derive_survey_reads_dates_through_the_conversion() -> None:
    answers: Dict[str, Any] = {
        "answers": {
            "activities": ["paid_employment"],
            "hours": "37.5",
            "employed_before": True,
            "change_since": ["more_hours"],
            "completed_on": datetime.datetime(2025, 10, 1),
        }
    }
    out = ld.derive_survey(answers, learning_end="2025-07-18", as_of="2025-10-02")
    assert not out.has_errors
    assert out.records[0].collection == datetime.date(2025, 10, 1)


def test_numpy_values() -> None:
    np = pytest.importorskip("numpy")
    assert plain(np.int64(10012345)) == 10012345 and plain(np.uint8(7)) == 7
    assert plain(np.float64("nan")) is None and plain(np.float32(1.5)) == 1.5
    assert plain(np.bool_(True)) is True
    assert plain(np.str_("EMP1")) == "EMP1"
    assert plain(np.datetime64("2025-09-01")) == "2025-09-01"
    assert plain(np.datetime64("2025-09-01T10:30")) == "2025-09-01T10:30:00"
    assert plain(np.datetime64("NaT")) is None
    assert plain(np.array([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert plain({"ukprns": np.array([10012345, 10054321])}) == {"ukprns": [10012345, 10054321]}


def test_pandas_values() -> None:
    pd = pytest.importorskip("pandas")
    assert plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(pd.Timestamp("2025-09-01")) == "2025-09-01"
    assert plain(pd.Timestamp("2025-09-01 08:15")) == "2025-09-01T08:15:00"
    assert plain(pd.Series(["a", None, "b"])) == ["a", None, "b"]
    frame = pd.DataFrame({"d": pd.to_datetime(["2025-09-01", None])})
    assert plain(frame["d"].tolist()) == ["2025-09-01", None]
    assert plain(frame.to_dict("records")) == [{"d": "2025-09-01"}, {"d": None}]


class Chain:
    """An object whose tolist() gives another such object, without end."""

    def tolist(self) -> "Other":
        return Other()


class Other:
    def tolist(self) -> Chain:
        return Chain()


def test_a_chain_of_conversions_ends_at_the_depth_limit() -> None:
    with pytest.raises(ld.FileFormatError) as e:
        plain(Chain())
    assert e.value.code == "input_too_deep"
