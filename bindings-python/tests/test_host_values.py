"""Values as pandas and numpy give them, in every function: `pandas.NaT`, `NaN`, `None` and
`pandas.NA` are missing; `pandas.Timestamp`, `datetime.datetime`, `numpy.datetime64`, numpy
integers and numpy strings are taken wherever a date, a number or a string is.

`CALLS` holds one valid call of every public function and method that takes a date, a number or
a string (the type stubs say which: `test_every_function_is_walked` fails for one left out);
the walk gives each such argument, one at a time, in each of the other spellings, and expects
the same answer as the plain Python value gives. An argument that may be left out (`None`) is
given each missing value instead.
"""

from __future__ import annotations

import ast
import datetime
import pathlib
import shutil
import tempfile
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

D1 = datetime.date(2025, 7, 18)
D2 = datetime.date(2025, 9, 1)
D3 = datetime.date(2025, 10, 2)
DOB = datetime.date(2008, 2, 3)
AT = "2025-09-01T09:00:00+01:00"

UPLOAD = (
    b"UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
    b"Learning Aim Title,Destination Code\n"
    b"10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n"
    b"10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n"
)
LEARNERS = (
    "UKPRN,Learner year group,First name,Last name,Postcode,Dob,ULN\n"
    "10012345,year 12,Zoë,Learner,b338th,2008-02-03,9276308686\n"
).encode()
ANSWERS: Dict[str, Any] = {
    "answers": {
        "activities": ["paid_employment"],
        "hours": "37.5",
        "employed_before": True,
        "change_since": ["more_hours"],
        "completed_on": "2025-10-01",
    }
}
LCR_CSV = "code,title,ilr_equivalent,qualifier,valid_from,valid_to\nLCR1,In paid employment,EMP1,,2024-08-01,\n"
EXPORTED = dict(
    account_id="1234567", forename="Sam", surname="Smith", date_of_birth="2008-02-03",
    current_provider="Example College", current_area="West Midlands",
)  # fmt: skip


SCHEME_DIR = tempfile.mkdtemp(prefix="host-values-")
ILR_FILE = str(next(pathlib.Path(REPO_ROOT, "tests", "ilr").glob("ILR-10000001-2324-*.xml")))


def scheme_file() -> str:
    return str(pathlib.Path(SCHEME_DIR, "lcr.csv"))


def _calls() -> Dict[str, Tuple[Callable[..., Any], Dict[str, Any]]]:
    schemes = ld.Schemes()
    emp1 = schemes.parse("EMP1")
    lists = ld.LearnerLists()
    quals = ld.QualificationLists.from_rows(
        ["BTEC Level 3"], [("BTEC Level 3", "Engineering")], [("BTEC Level 3", "D*")], source="x"
    )
    blocked = ld.ContactPreferences(rui=[3]).decide()
    prefs = ld.ContactPreferences(rui=[2], pmc=[3])
    code = ld.list_contact_codes()[0]
    workbook = ld.read_workbook(ld.template_xlsx("destinations"))
    survey = ld.Survey(learning_end=D1, sent=D2)
    exported = ld.ExportedLearners([EXPORTED])
    qualifications = pathlib.Path(REPO_ROOT, "examples", "learner-qualifications.csv").read_bytes()
    record = {"code": "EMP1", "start": D2, "end": None, "collection": D3}
    enrolment = {
        "ukprn": 10000001, "uln": "9276308686", "learner_ref": "L001", "aim_ref": "60012345",
        "learning_end": D1, "completion_status": 2,
    }  # fmt: skip
    open_enrolment = {**enrolment, "learner_ref": "L002", "learning_end": None, "completion_status": 1}
    destination = {
        "ukprn": 10000001, "learner_ref": "L003", "code": "EMP1", "start": D2, "collection": D3,
        "end": None, "uln": None, "aim_ref": None,
    }  # fmt: skip
    return {
        "finding_kind": (ld.finding_kind, dict(code="uln_checksum")),
        "parse_uln": (ld.parse_uln, dict(value="9276308686")),
        "is_valid_uln": (ld.is_valid_uln, dict(value="9276308686")),
        "check_uln": (ld.check_uln, dict(value="1000000042")),
        "uln_check_digit": (ld.uln_check_digit, dict(stem="927630868")),
        "parse_ukprn": (ld.parse_ukprn, dict(value=10012345)),
        "is_valid_ukprn": (ld.is_valid_ukprn, dict(value="10012345")),
        "check_ukprn": (ld.check_ukprn, dict(value=123)),
        "parse_learn_ref_number": (ld.parse_learn_ref_number, dict(value="LRN1")),
        "is_valid_learn_ref_number": (ld.is_valid_learn_ref_number, dict(value="LRN1")),
        "check_learn_ref_number": (ld.check_learn_ref_number, dict(value="LRN 1")),
        "parse_learn_aim_ref": (ld.parse_learn_aim_ref, dict(value="20000008")),
        "is_valid_learn_aim_ref": (ld.is_valid_learn_aim_ref, dict(value="20000008")),
        "check_learn_aim_ref": (ld.check_learn_aim_ref, dict(value="2000")),
        "DestinationCode.is_valid_on": (emp1.is_valid_on, dict(on=D2)),
        "DestinationCode.check_valid_on": (emp1.check_valid_on, dict(on=D2, what="the date")),
        "Scheme.from_json": (
            ld.Scheme.from_json,
            dict(text=schemes.scheme("wmca").to_json(), source_name="wmca.json"),
        ),
        "Scheme.from_csv": (ld.Scheme.from_csv, dict(text=LCR_CSV, name="lcr", source="mine")),
        "load_scheme": (ld.load_scheme, dict(source=scheme_file(), name="lcr")),
        "Schemes.parse": (schemes.parse, dict(code="EMP 1")),
        "Schemes.get": (schemes.get, dict(code="WMCA1.0")),
        "Schemes.equivalents": (schemes.equivalents, dict(code="EMP1")),
        "Schemes.to_scheme": (
            schemes.to_scheme,
            dict(code="EMP1", scheme="wmca", qualifiers=["Increase_In_Hours"]),
        ),
        "Schemes.scheme": (schemes.scheme, dict(name="wmca")),
        "Schemes.codes": (schemes.codes, dict(scheme="wmca")),
        "parse_upn": (ld.parse_upn, dict(value="B801200005001")),
        "is_valid_upn": (ld.is_valid_upn, dict(value="B801200005001")),
        "check_upn": (ld.check_upn, dict(value="B80120000500")),
        "parse_postcode": (ld.parse_postcode, dict(value="b338th")),
        "is_valid_postcode": (ld.is_valid_postcode, dict(value="B33 8TH")),
        "check_postcode": (ld.check_postcode, dict(value="B33")),
        "postcode_warnings": (ld.postcode_warnings, dict(value="ZZ99 3CZ")),
        "parse_uk_mobile": (ld.parse_uk_mobile, dict(value="07700 900123")),
        "is_valid_uk_mobile": (ld.is_valid_uk_mobile, dict(value="07700 900123")),
        "check_uk_mobile": (ld.check_uk_mobile, dict(value="0121 496 0000")),
        "parse_uk_telephone": (ld.parse_uk_telephone, dict(value="0121 496 0000")),
        "is_valid_uk_telephone": (ld.is_valid_uk_telephone, dict(value="0121 496 0000")),
        "check_uk_telephone": (ld.check_uk_telephone, dict(value="+44 7700 900123")),
        "parse_email": (ld.parse_email, dict(value="zoe@example.ac.uk")),
        "is_valid_email": (ld.is_valid_email, dict(value="zoe@example.ac.uk")),
        "check_email": (ld.check_email, dict(value="zoe.example.ac.uk")),
        "parse_date": (ld.parse_date, dict(value="2025-09-01")),
        "add_months": (ld.add_months, dict(date=datetime.date(2025, 12, 31), months=2)),
        "TeachingYear.__new__": (ld.TeachingYear, dict(start_year=2025)),
        "TeachingYear.containing": (ld.TeachingYear.containing, dict(date=D1)),
        "parse_teaching_year": (ld.parse_teaching_year, dict(value="2526")),
        "DestinationRecord.__new__": (
            ld.DestinationRecord,
            dict(code="EMP1", start=D2, collection=D3, end=None),
        ),
        "check_records": (
            ld.check_records,
            dict(
                records=[record, {**record, "code": "NPE1"}, {**record, "end": D1}],
                year=None,
                file_preparation_date=D3,
            ),
        ),
        "ContactPreferences.__new__": (
            ld.ContactPreferences,
            dict(rui=[2], pmc=[3], email="zoe@example.ac.uk", mobile="07700 900123"),
        ),
        "ContactPreferences.decide": (prefs.decide, dict(policy="ilr")),
        "ContactPreferences.check": (prefs.check, dict(first_start=None)),
        "ContactDecision.automatic_record": (
            blocked.automatic_record,
            dict(learning_end=D1, as_of=D3),
        ),
        "ContactCode.is_valid_on": (code.is_valid_on, dict(date=D2)),
        "oth3_record": (ld.oth3_record, dict(learning_end=D1, as_of=D3)),
        "Survey.__new__": (
            ld.Survey,
            dict(learning_end=D1, sent=D2, reminders=1, answered=None, unsubscribed=None),
        ),
        "TrackingSettings.__new__": (
            ld.TrackingSettings,
            dict(reminder_interval_days=20, non_response_after_days=None, stop_contact_after_days=300),
        ),
        "track_survey": (ld.track_survey, dict(survey=survey, as_of=D3)),
        "Enrolment.__new__": (ld.Enrolment, dict(open_enrolment)),
        "LearnerDestination.__new__": (ld.LearnerDestination, dict(destination)),
        "awaiting_destinations": (
            ld.awaiting_destinations,
            dict(
                enrolments=[enrolment, open_enrolment, {**enrolment, "learner_ref": "L003"}],
                destinations=[destination],
                as_of=D3,
            ),
        ),
        "LearnerLists.from_json": (
            ld.LearnerLists.from_json,
            dict(text='{"source": "s", "version": "2", "year_groups": ["Y13"], "genders": [], "ethnicities": []}'),
        ),
        "LearnerLists.year_group": (lists.year_group, dict(value="year  12")),
        "LearnerLists.gender": (lists.gender, dict(value="female")),
        "LearnerLists.ethnicity": (lists.ethnicity, dict(value=lists.ethnicities[0])),
        "LearnerLists.check_year_group": (lists.check_year_group, dict(value="Year 99")),
        "LearnerLists.check_gender": (lists.check_gender, dict(value="F")),
        "LearnerLists.check_ethnicity": (lists.check_ethnicity, dict(value="Martian")),
        "parse_dob": (ld.parse_dob, dict(value="2008-02-03", as_of=D2, min_age=11, max_age=25)),
        "check_dob": (ld.check_dob, dict(value="03/02/2008", as_of=D2, min_age=11, max_age=16)),
        "age_on": (ld.age_on, dict(dob=DOB, on=D2)),
        "parse_text_field": (ld.parse_text_field, dict(value=" Zoë ", field="First name")),
        "check_text_field": (ld.check_text_field, dict(value="=cmd", field="Last name")),
        "parse_ccis": (ld.parse_ccis, dict(value=" AB123 ")),
        "check_ccis": (ld.check_ccis, dict(value="AB 123 !")),
        "check_username": (ld.check_username, dict(name="P Marmoshon", account="staff")),
        "is_valid_username": (ld.is_valid_username, dict(name="PMarmoshon", account="learner")),
        "check_password": (ld.check_password, dict(password="no digits")),
        "is_valid_password": (ld.is_valid_password, dict(password="abcd1234")),
        "transliterate_name": (ld.transliterate_name, dict(name="Zoë")),
        "UsernameGenerator.__new__": (
            lambda **kw: ld.UsernameGenerator(**kw).generate("Paul", "Marmoshon"),
            dict(existing=["PMarmoshon"]),
        ),
        "UsernameGenerator.generate": (
            lambda **kw: ld.UsernameGenerator(["PMarmoshon"]).generate(**kw),
            dict(first_name="Paul", last_name="Marmoshon"),
        ),
        "SurveyDefinition.from_json": (
            ld.SurveyDefinition.from_json,
            dict(text=ld.SurveyDefinition().to_json()),
        ),
        "derive_survey": (ld.derive_survey, dict(answers=ANSWERS, as_of=D3, learning_end=None)),
        "QualificationLists.from_json": (
            ld.QualificationLists.from_json,
            dict(text='{"source": "mine", "types": [{"type": "A level", "subjects": ["Maths"], "grades": ["A"]}]}'),
        ),
        "QualificationLists.from_rows": (
            ld.QualificationLists.from_rows,
            dict(
                types=["BTEC Level 3"],
                subjects=[("BTEC Level 3", "Engineering")],
                grades=[("BTEC Level 3", "D*")],
                source="export.xlsx",
            ),
        ),
        "QualificationLists.qualification_type": (quals.qualification_type, dict(value="btec level 3")),
        "check_qualification_group": (
            ld.check_qualification_group,
            dict(
                n=3, qualification_type="GCSE (9-1)", subject="Maths", completion_date="2026-06",
                predicted_grade=None, actual_grade=None,
            ),
        ),  # fmt: skip
        "ExportedLearners.check": (exported.check, dict(EXPORTED, surname="Smyth")),
        "Workbook.sheet": (lambda **kw: workbook.sheet(**kw).rows, dict(name="Destinations")),
        "validate_destinations": (
            ld.validate_destinations,
            dict(
                source=UPLOAD, ukprn=10012345, as_of=D2, sheet=None, max_findings=10,
                file_name="march.csv", processed_at=AT,
            ),
        ),  # fmt: skip
        "validate_learners": (
            ld.validate_learners,
            dict(
                source=LEARNERS, ukprns=[10012345], as_of=D2, min_age=11, max_age=16,
                credentials=True, existing_usernames=["ZLearner"], seed=7, max_findings=None,
                processed_at=AT,
            ),
        ),  # fmt: skip
        "validate_qualifications": (
            ld.validate_qualifications,
            dict(source=qualifications, max_findings=5, file_name="quals.csv", processed_at=AT),
        ),
        "template_csv": (ld.template_csv, dict(kind="learners")),
        "ilr_awaiting": (ld.ilr_awaiting, dict(source=ILR_FILE, as_of=D3, sof="112")),
        "ilr_contacts": (ld.ilr_contacts, dict(source=ILR_FILE, policy="ilr", as_of=D3)),
        "ilr_template": (ld.ilr_template, dict(source=ILR_FILE, sof="112", as_of=D3)),
        "ArrowTable.column": (ld.check_ulns(["9276308686", "1000000042"]).column, dict(key="code")),
        "parse_codes": (ld.parse_codes, dict(values=["EMP1", "emp 1"], as_of=D2)),
        "map_codes": (ld.map_codes, dict(values=["EMP1", "WMCA1.0"], scheme="wmca", as_of=D2)),
        "template_xlsx": (lambda **kw: len(ld.template_xlsx(**kw)) > 0, dict(kind="qualifications")),
    }


def stub_callables() -> Dict[str, List[Tuple[str, str]]]:
    """Every public function and method of the stubs with its parameters' annotations."""
    tree = ast.parse(pathlib.Path(ld.__file__).with_name("_native.pyi").read_text("utf-8"))
    out: Dict[str, List[Tuple[str, str]]] = {}

    def params(f: ast.FunctionDef) -> List[Tuple[str, str]]:
        a = f.args
        return [
            (p.arg, ast.unparse(p.annotation) if p.annotation is not None else "")
            for p in a.posonlyargs + a.args + a.kwonlyargs
            if p.arg not in ("self", "cls")
        ]

    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            out[node.name] = params(node)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for m in node.body:
                if isinstance(m, ast.FunctionDef) and (m.name == "__new__" or not m.name.startswith("_")):
                    out[f"{node.name}.{m.name}"] = params(m)
    return out


SCALAR = ("str", "int", "_DateLike", "_UkprnLike", "_TeachingYearLike")


def takes_scalars(annotations: List[Tuple[str, str]]) -> bool:
    return any(
        part.strip() in SCALAR for _, annotation in annotations for part in annotation.split("|")
    )


def test_every_function_is_walked() -> None:
    missing = [
        name
        for name, annotations in stub_callables().items()
        if takes_scalars(annotations) and name not in _calls()
    ]
    assert missing == [], f"add a valid call of each to CALLS: {missing}"


def date_spellings(d: datetime.date) -> List[Any]:
    midnight = datetime.datetime(d.year, d.month, d.day)
    return [
        d.isoformat(),
        np.str_(d.isoformat()),
        midnight,
        pd.Timestamp(d),
        np.datetime64(d.isoformat(), "D"),
        np.datetime64(d.isoformat(), "ns"),
        pd.Series([pd.Timestamp(d)]).iloc[0],
    ]


MISSING = [float("nan"), np.float64("nan"), np.float32("nan"), pd.NaT, pd.NA, np.datetime64("NaT")]


def spellings(value: Any) -> List[Any]:
    """The other spellings of a plain value."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return []
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return date_spellings(value)
    if isinstance(value, int):
        out = [np.int64(value), np.int32(value)]
        return out + ([np.uint64(value)] if value >= 0 else [])
    if isinstance(value, str):
        return [np.str_(value)]
    return []


def variants(value: Any, path: str) -> Iterator[Tuple[str, Any]]:
    """`value` with one of its scalars (nested in lists and dicts too) spelled otherwise."""
    for other in spellings(value):
        yield f"{path}={type(other).__name__}({other!r})", other
    if isinstance(value, dict):
        for key, item in value.items():
            for label, other in variants(item, f"{path}.{key}"):
                yield label, {**value, key: other}
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            for label, other in variants(item, f"{path}[{i}]"):
                changed = list(value)
                changed[i] = other
                yield label, type(value)(changed) if isinstance(value, tuple) else changed


def norm(result: Any) -> Any:
    """A result as comparable values."""
    if isinstance(result, ld.UploadResult):
        return (
            result.summary.to_dict(),
            [f.to_dict() for f in result.findings],
            result.accepted_rows,
            [(r.row, r.error_codes) for r in result.rejected_rows],
            result.credentials,
        )
    if isinstance(result, list):
        return [norm(r) for r in result]
    if isinstance(result, ld.ArrowTable):
        return result.to_pydict()
    if isinstance(result, ld.ArrowArray):
        return result.to_pylist()
    if isinstance(result, ld.Scheme):
        return result.to_json()
    if isinstance(result, (ld.LearnerLists, ld.QualificationLists, ld.SurveyDefinition)):
        return repr(result), result.source
    return result


def cases() -> Iterator[Any]:
    for name, (call, kwargs) in _calls().items():
        for key, value in kwargs.items():
            for label, other in variants(value, key):
                yield pytest.param(name, key, other, id=f"{name}:{label}")


@pytest.mark.parametrize(("name", "key", "value"), list(cases()))
def test_pandas_and_numpy_values_give_the_same_answer(name: str, key: str, value: Any) -> None:
    call, kwargs = _calls()[name]
    assert outcome(call, {**kwargs, key: value}) == outcome(call, kwargs)


def outcome(call: Callable[..., Any], kwargs: Dict[str, Any]) -> Any:
    """What a call gives: its result, or the package's exception it raises."""
    try:
        return norm(call(**kwargs))
    except ld.DestinationsError as error:
        return type(error).__name__, error.code, error.message


@pytest.fixture(autouse=True, scope="module")
def scheme_on_disk() -> Iterator[None]:
    path = pathlib.Path(scheme_file())
    path.write_text(LCR_CSV, encoding="utf-8")
    yield
    shutil.rmtree(SCHEME_DIR, ignore_errors=True)


def test_a_required_date_refuses_a_missing_value() -> None:
    for missing in [None, *MISSING]:
        with pytest.raises(ld.InvalidArgumentError) as refused:
            ld.oth3_record(learning_end=missing, as_of=D3)
        assert refused.value.code == "option_invalid"
        with pytest.raises(ld.InvalidArgumentError):
            ld.check_records([{"code": "EMP1", "start": missing, "collection": D3}], file_preparation_date=D3)


def test_a_datetime_with_a_time_of_day_is_not_a_date() -> None:
    # One rule with the options' dates (src/json.rs): midnight is a date, 10:30 is refused.
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.add_months(datetime.datetime(2025, 1, 31, 10, 30), 1)
    assert refused.value.code == "date_format"
    with pytest.raises(ld.InvalidArgumentError):
        ld.add_months(pd.Timestamp("2025-01-31 10:30"), 1)
    assert ld.add_months(pd.Timestamp("2025-01-31"), 1) == datetime.date(2025, 2, 28)


def test_dataframe_rows_with_open_enrolments() -> None:
    """50,000 enrolments, 5,000 still in learning (end date NaT), as `to_dict("records")` gives
    them: the open ones are neither awaiting nor overdue, and open-ended destinations (end NaT)
    are not ended before they start."""
    n, still_learning = 50_000, 5_000
    ends = pd.to_datetime(
        [None if i % 10 == 0 else datetime.date(2025, 1 + i % 12, 1 + i % 28) for i in range(n)]
    )
    frame = pd.DataFrame(
        {
            "ukprn": np.full(n, 10000001, dtype=np.int64),
            "uln": ["9276308686"] * n,
            "learner_ref": [f"L{i:06d}" for i in range(n)],
            "aim_ref": ["60012345"] * n,
            "learning_end": ends,
            "completion_status": np.where(pd.isna(ends), 1, 2).astype(np.int64),
        }
    )
    assert int(frame["learning_end"].isna().sum()) == still_learning
    as_of = pd.Timestamp("2025-10-01")
    report = ld.awaiting_destinations(frame.to_dict("records"), as_of=as_of)
    finished = frame[frame["learning_end"].notna()]
    due = finished["learning_end"] + pd.DateOffset(months=2)
    assert len(report.enrolments) == n - still_learning
    assert sum(e.overdue for e in report.enrolments) == int((due <= as_of).sum())
    assert all(e.learning_end.year == 2025 for e in report.enrolments)

    records = pd.DataFrame(
        {
            "code": ["EMP1", "EDU1"],
            "start": pd.to_datetime(["2025-09-01", "2025-09-01"]),
            "end": pd.to_datetime([None, "2025-08-01"]),
            "collection": pd.to_datetime(["2025-09-15", "2025-09-15"]),
        }
    ).to_dict("records")
    findings = ld.check_records(records, file_preparation_date="2025-10-01")
    assert [(f.code, f.records) for f in findings] == [("destination_end_before_start", [1])]


# The most characters of a message (src/errors.rs MESSAGE_LIMIT): a message echoing a long
# input keeps its start and end.
MESSAGE_LIMIT = 600


def messages(result: Any) -> List[str]:
    """The messages of a result: its findings', or its own."""
    if isinstance(result, (list, tuple)):
        return [m for r in result for m in messages(r)]
    if isinstance(result, ld.UploadResult):
        return [f.message for f in result.findings]
    if hasattr(result, "message") and isinstance(result.message, str):
        return [result.message]
    return []


def string_cases() -> Iterator[Any]:
    for name, (_, kwargs) in _calls().items():
        for key, value in kwargs.items():
            if isinstance(value, str):
                yield pytest.param(name, key, id=f"{name}:{key}")


@pytest.mark.parametrize(("name", "key"), list(string_cases()))
def test_no_message_echoes_a_long_input(name: str, key: str) -> None:
    call, kwargs = _calls()[name]
    for long in ("9" * 5000, "ab,\n" * 1500, "Zoë " * 1500):
        try:
            said = messages(call(**{**kwargs, key: long}))
        except ld.DestinationsError as error:
            said = [error.message, str(error)]
        for message in said:
            assert len(message) <= MESSAGE_LIMIT, (name, key, message[:80])


def type_cases() -> Iterator[Any]:
    for name, (_, kwargs) in _calls().items():
        for key in kwargs:
            yield pytest.param(name, key, id=f"{name}:{key}")


class Unusable:
    """A value no function takes."""


@pytest.mark.parametrize(("name", "key"), list(type_cases()))
def test_a_wrong_type_raises_the_package_error(name: str, key: str) -> None:
    call, kwargs = _calls()[name]
    codes = {k.code for k in ld.list_error_codes()}
    try:
        call(**{**kwargs, key: Unusable()})
    except ld.DestinationsError as error:
        assert error.code in codes
    except Exception as error:  # noqa: BLE001 - what is wrong is that it is not ours
        raise AssertionError(f"{name}({key}=...) raised {type(error).__name__}: {error}") from error


def test_max_findings_says_what_it_takes() -> None:
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.validate_destinations(UPLOAD, max_findings=-1)
    assert refused.value.code == "option_invalid"
    assert "max_findings" in refused.value.message
    assert "whole number from 0" in refused.value.message and "-1" in refused.value.message
