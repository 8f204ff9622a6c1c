"""Every language-neutral vector under tests/vectors/ through the Python API.

Mirrors tests/run_vectors.rs: each ``kind`` has one function turning a case into an "actual"
dict, and the case's ``expected`` must be contained in it (``subset_mismatch``, as in
tests/lib.rs). A file whose kind this runner does not know fails, so no vector goes unrun.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import pytest

import learner_destinations as ld
from learner_destinations._native import _upload_job
from conftest import VECTORS_DIR

Case = Dict[str, Any]
SCHEMES = ld.Schemes()
LEARNER_LISTS = ld.LearnerLists()


def subset_mismatch(expected: Any, actual: Any, path: str = "") -> Optional[str]:
    """Where ``expected`` is not contained in ``actual``: objects compare key by key,
    recursively; everything else, lists included, compares exactly (and by JSON type, so
    ``true`` is not ``1``)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: expected {value!r}, missing"
            mismatch = subset_mismatch(value, actual[key], f"{path}.{key}")
            if mismatch is not None:
                return mismatch
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            mismatch = subset_mismatch(e, a, f"{path}[{i}]")
            if mismatch is not None:
                return mismatch
        return None
    if type(expected) is type(actual) and expected == actual:
        return None
    return f"{path}: expected {expected!r}, got {actual!r}"


def error_json(error: ld.InvalidArgumentError) -> Case:
    return {"error": error.code, "message": error.message}


def uln(case: Case) -> Case:
    try:
        parsed = ld.parse_uln(case.get("input", ""))
    except ld.InvalidArgumentError as error:
        return {"valid": False, "unknown": False, **error_json(error)}
    return {"valid": True, "unknown": parsed.is_unknown}


def destination_code(case: Case) -> Case:
    try:
        code = SCHEMES.parse(case.get("input", ""))
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return {"scheme": code.scheme, "code": code.code, "title": code.title}


def code_mapping(case: Case) -> Case:
    try:
        code = SCHEMES.parse(case.get("input", ""))
        if "target" in case:
            mapped = SCHEMES.to_scheme(code, case["target"], case.get("qualifiers", []))
            return {"mapped": mapped.code, "scheme": mapped.scheme}
        valid = code.is_valid_on(case.get("as_of", ""))
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return {
        "code": code.code,
        "scheme": code.scheme,
        "valid": valid,
        "equivalents": [c.code for c in SCHEMES.equivalents(code)],
    }


def refused(error: ld.InvalidArgumentError, **extra: Any) -> Case:
    return {**extra, **error_json(error)}


def learner_field(case: Case) -> Case:
    """kind ``learner_field``: one learner-import field rule, by ``field``."""
    value = case.get("input", "")
    lists = LEARNER_LISTS

    def accepted(normalised: Optional[str], warnings: Sequence[ld.Finding] = ()) -> Case:
        return {"valid": True, "value": normalised, "warnings": [w.code for w in warnings]}

    field = case.get("field")
    try:
        if field == "upn":
            return accepted(str(ld.parse_upn(value)))
        if field == "postcode":
            return accepted(str(ld.parse_postcode(value)), ld.postcode_warnings(value))
        if field == "telephone":
            return accepted(ld.parse_uk_telephone(value))
        if field == "email":
            return accepted(ld.parse_email(value))
        if field == "dob":
            dob = ld.parse_dob(value, as_of=case.get("as_of", ""))
            return accepted(dob.date.isoformat(), [dob.warning] if dob.warning else [])
        if field == "year_group":
            return accepted(lists.year_group(value))
        if field == "gender":
            return accepted(lists.gender(value))
        if field == "ethnicity":
            return accepted(lists.ethnicity(value))
        if field == "ccis":
            return accepted(ld.parse_ccis(value))
        if field == "text":
            return accepted(ld.parse_text_field(value, field="Street"))
        if field in ("username", "staff_username", "password"):
            if field == "password":
                finding = ld.check_password(value)
            else:
                account = "staff" if field == "staff_username" else "learner"
                finding = ld.check_username(value, account=account)
            if finding is None:
                return accepted(None)
            return {"valid": False, "error": finding.code, "message": finding.message}
    except ld.InvalidArgumentError as error:
        return refused(error, valid=False)
    return {"error": f"unknown field '{field}'"}


def record_json(record: Optional[ld.DestinationRecord]) -> Optional[Case]:
    """A record as the core serialises it (dates as text)."""
    if record is None:
        return None
    return {
        "code": record.code,
        "start": record.start.isoformat(),
        "end": record.end.isoformat() if record.end else None,
        "collection": record.collection.isoformat(),
    }


def finding_json(finding: Any) -> Case:
    """A Finding (or RecordFinding) as the core serialises it."""
    return {
        "row": finding.row,
        "column": finding.column,
        "value": finding.value,
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
    }


def survey(case: Case) -> Case:
    """kind ``survey``: answers (a dict) through the default survey."""
    try:
        # ``answers_text``: the document as JSON text (a key given twice cannot be a dict).
        answers = case["answers_text"] if "answers_text" in case else case.get("answers", {})
        assert isinstance(answers, (dict, str))
        out = ld.derive_survey(
            answers,
            as_of=case.get("as_of", ""),
            learning_end=case.get("learning_end"),
        )
    except ld.InvalidArgumentError as error:
        return error_json(error)
    except ld.FileFormatError as error:
        return {"error": error.code, "message": error.message}
    records = [
        {
            "activity": r.activity,
            "code": r.code,
            "wmca_code": r.wmca_code,
            "title": r.title,
            "start": r.start.isoformat(),
            "end": r.end.isoformat() if r.end else None,
            "collection": r.collection.isoformat(),
            "main": r.main,
            "because": [{"question": b.question, "answer": b.answer, "note": b.note} for b in r.because],
        }
        for r in out.records
    ]
    return {
        "records": records,
        "findings": [finding_json(f) for f in out.findings],
        "finding_codes": [f.code for f in out.findings],
    }


def contact(case: Case) -> Case:
    """kind ``contact``: the survey-channel decision, and the OTH3 record when dates are given."""
    given = case["input"]
    prefs = ld.ContactPreferences(
        rui=given.get("rui", []),
        pmc=given.get("pmc", []),
        email=given.get("email", True),
        mobile=given.get("mobile", True),
    )
    try:
        decision = prefs.decide(given.get("policy", "seed"))
        out: Case = {
            "email": decision.email,
            "sms": decision.sms,
            "contactable": decision.contactable,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "policy": decision.policy,
        }
        if "learning_end" in given and "as_of" in given:
            record = decision.automatic_record(
                learning_end=given["learning_end"], as_of=given["as_of"]
            )
            out["record"] = record_json(record)
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return out


def contact_preferences(case: Case) -> Case:
    """kind ``contact_preferences``: the ContPrefType checks, with the rule each mirrors."""
    given = case["input"]
    prefs = ld.ContactPreferences(rui=given.get("rui", []), pmc=given.get("pmc", []))
    findings = []
    for f in prefs.check(first_start=given.get("first_start")):
        kind = ld.finding_kind(f.code)
        findings.append({**finding_json(f), "mirrors": kind.mirrors if kind else None})
    return {"findings": findings}


def uk_mobile(case: Case) -> Case:
    try:
        mobile = ld.parse_uk_mobile(case.get("input", ""))
    except ld.InvalidArgumentError as error:
        return refused(error, valid=False)
    return {"valid": True, "national": mobile.national, "international": mobile.international}


def tracking(case: Case) -> Case:
    given = case["input"]
    survey = ld.Survey(**given["survey"])
    settings = ld.TrackingSettings(**given.get("settings", {}))
    try:
        t = ld.track_survey(survey, as_of=given["as_of"], settings=settings)
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return {
        "state": t.state,
        "flagged_for_review": t.flagged_for_review,
        "record": record_json(t.record),
        "reason": t.reason,
        "next_reminder": t.next_reminder.isoformat() if t.next_reminder else None,
        "non_response_from": t.non_response_from.isoformat(),
    }


def destination_records(case: Case) -> Case:
    given = case["input"]
    records = [
        ld.DestinationRecord(r["code"], start=r["start"], collection=r["collection"], end=r.get("end"))
        for r in given["records"]
    ]
    findings = ld.check_records(
        records, year=given["year"], file_preparation_date=given["file_preparation_date"]
    )
    return {
        "findings": [
            {**finding_json(f), "mirrors": f.mirrors, "records": f.records} for f in findings
        ]
    }


def awaiting(case: Case) -> Case:
    given = case["input"]
    enrolments = [ld.Enrolment(**e) for e in given["enrolments"]]
    destinations = [ld.LearnerDestination(**d) for d in given["destinations"]]
    report = ld.awaiting_destinations(enrolments, destinations, as_of=given["as_of"])
    return {
        "enrolments": [
            {
                "enrolment": e.enrolment,
                "ukprn": int(e.ukprn),
                "uln": str(e.uln),
                "learner_ref": str(e.learner_ref),
                "aim_ref": str(e.aim_ref),
                "learning_end": e.learning_end.isoformat(),
                "due": e.due.isoformat(),
                "overdue": e.overdue,
            }
            for e in report.enrolments
        ],
        "learners": [
            {
                "ukprn": int(learner.ukprn),
                "uln": str(learner.uln),
                "learner_ref": str(learner.learner_ref),
                "latest_end": learner.latest_end.isoformat(),
                "due": learner.due.isoformat(),
                "overdue": learner.overdue,
                "enrolments": learner.enrolments,
            }
            for learner in report.learners
        ],
    }


def add_months(case: Case) -> Case:
    given = case["input"]
    return {"date": ld.add_months(given["date"], given["months"]).isoformat()}


def upload_bytes(case: Case) -> bytes:
    """The bytes of an upload case: ``input_text``, ``input_base64`` or ``input_file``."""
    if "input_text" in case:
        return str(case["input_text"]).encode("utf-8")
    if "input_base64" in case:
        return base64.b64decode(str(case["input_base64"]))
    return (VECTORS_DIR / str(case["input_file"])).read_bytes()


def upload_report(check: Callable[[], ld.UploadResult]) -> Case:
    """A whole upload as the vectors describe it: the report, the rejected rows with their error
    codes, the accepted rows, the errors file and the export; or the error that stopped it."""
    try:
        result = check()
    except ld.DestinationsError as error:
        return {"error": error.code, "message": error.message}
    errors_csv, accepted_csv = io.BytesIO(), io.BytesIO()
    result.write_errors_csv(errors_csv)
    result.write_accepted_csv(accepted_csv)
    return {
        "summary": result.summary.to_dict(),
        "findings": [finding_json(f) for f in result.findings],
        "truncated": result.truncated,
        "rejected_rows": [{"row": r.row, "codes": r.error_codes} for r in result.rejected_rows],
        "accepted_rows": result.accepted_rows,
        "errors_csv": errors_csv.getvalue().decode("utf-8"),
        "accepted_csv": accepted_csv.getvalue().decode("utf-8"),
    }


def destinations_upload(case: Case) -> Case:
    """kind ``destinations_upload``: a whole upload (CSV or a workbook), with the errors file
    and the export."""
    return upload_report(
        lambda: ld.validate_destinations(
            upload_bytes(case),
            ukprn=case.get("ukprn"),
            as_of=case["as_of"],
            max_findings=case.get("max_findings"),
            file_name=case.get("file_name"),
            processed_at=case.get("processed_at"),
        )
    )


def learners_upload(case: Case) -> Case:
    """kind ``learners_upload``: a whole learner import, with the errors file and the export."""
    return upload_report(
        lambda: ld.validate_learners(
            upload_bytes(case),
            ukprns=case.get("ukprns", []),
            as_of=case["as_of"],
            max_findings=case.get("max_findings"),
            file_name=case.get("file_name"),
            processed_at=case.get("processed_at"),
        )
    )


def qualifications_upload(case: Case) -> Case:
    """kind ``qualifications_upload``: the upload, with the exported file as CSV in
    ``export_text`` and inline reference lists in ``lists`` (both optional)."""
    lists = ld.QualificationLists.from_json(json.dumps(case["lists"])) if "lists" in case else None
    export = str(case["export_text"]).encode("utf-8") if "export_text" in case else None
    return upload_report(
        lambda: ld.validate_qualifications(
            upload_bytes(case),
            export=export,
            lists=lists,
            max_findings=case.get("max_findings"),
            file_name=case.get("file_name"),
            processed_at=case.get("processed_at"),
        )
    )


def template_csv(case: Case) -> Case:
    """kind ``template_csv``: the empty template ``template`` as CSV text (BOM included)."""
    name = str(case.get("template", ""))
    try:
        data = ld.template_csv(name)
    except ld.InvalidArgumentError:
        return {"error": f"unknown template '{name}'"}
    return {"csv": data.decode("utf-8")}


def workflow_error(error: ld.DestinationsError, expected: Any) -> Case:
    """A core error as the workflow vectors describe it. Python exceptions carry ``code`` and
    ``message``; the option names the vectors expect (``option``, ``accepted``, ``options``) are
    taken as given only when the message names each of them."""
    actual: Case = {"error": error.code, "message": error.message}
    if not isinstance(expected, dict):
        return actual
    if "option" in expected and f"'{expected['option']}'" in error.message:
        actual["option"] = expected["option"]
    for key in ("accepted", "options"):
        names = expected.get(key)
        if isinstance(names, list) and all(str(n) in error.message for n in names):
            actual[key] = names
    return actual


def workflow_run(case: Case) -> Case:
    """A whole run through ``validate_*``: the outputs the case names written into a temporary
    folder and read back, the errors file and the export from the result. The host's clock is
    today here (the vectors' ``today`` is the Rust runner's; no case depends on it beyond a
    date years in the past)."""
    template = str(case["template"])
    data = upload_bytes(case)
    options: Dict[str, Any] = dict(case.get("options") or {})
    with tempfile.TemporaryDirectory() as folder:
        named = [k for k in ("errors_csv", "accepted_csv", "credentials_csv") if k in options]
        for key in named:
            options[key] = os.path.join(folder, str(options[key]))
        try:
            if template == "destinations":
                result = ld.validate_destinations(data, **options)
            elif template == "learners":
                result = ld.validate_learners(data, **options)
            else:
                if "lists" in case:
                    options["lists"] = ld.QualificationLists.from_json(json.dumps(case["lists"]))
                if "reference_text" in case:
                    options["reference"] = str(case["reference_text"]).encode()
                if "export_text" in case:
                    options["export"] = str(case["export_text"]).encode()
                result = ld.validate_qualifications(data, **options)
        except ld.DestinationsError as error:
            return workflow_error(error, case.get("expected"))
        files: Dict[str, str] = {
            key: Path(options[key]).read_bytes().decode("utf-8") for key in named
        }
    errors, accepted = io.BytesIO(), io.BytesIO()
    if "errors_csv" not in files:
        result.write_errors_csv(errors)
        files["errors_csv"] = errors.getvalue().decode("utf-8")
    if "accepted_csv" not in files:
        result.write_accepted_csv(accepted)
        files["accepted_csv"] = accepted.getvalue().decode("utf-8")
    kept_rows = [r["row"] for r in result.accepted_rows]
    credentials = result.credentials
    actual: Case = {
        "summary": result.summary.to_dict(),
        "findings": [finding_json(f) for f in result.findings],
        "finding_codes": [f.code for f in result.findings],
        "rejected_rows": [{"row": r.row, "codes": r.error_codes} for r in result.rejected_rows],
        **files,
    }
    if credentials is not None:
        actual["credentials_issued"] = len(credentials)
        actual["credentials"] = [
            {"row": row, "cells": [c[k] for k in ld.CREDENTIALS_COLUMNS]}
            for row, c in zip(kept_rows, credentials)
        ]
    if result.lists_source is not None:
        actual["qualification_lists"] = {
            "source": result.lists_source,
            "is_default": result.lists_are_default,
        }
    return actual


def workflow(case: Case) -> Case:
    """kind ``workflow``: the decisions every host shares, by ``call``, each through the Python
    function that takes the value (Python spells options in snake_case only: the ``camel``
    expectations are the Node runner's, left out by ``expected_view``)."""
    call = case["call"]
    value: Any = case.get("input")
    expected = case.get("expected")
    try:
        if call == "options":
            job = _upload_job(str(case["template"]), **dict(case.get("options") or {}))
            return {"job": json.loads(job)}
        if call == "run":
            return workflow_run(case)
        if call == "completion_status":
            e = ld.Enrolment(
                ukprn=10000001,
                uln="9276308686",
                learner_ref="L001",
                aim_ref="60012345",
                completion_status=value,  # any value: the core decides
            )
            return {"code": e.completion_status}
        if call == "group_number":
            # The group checked, as its findings' columns name it ("Qualification Type 18").
            findings = ld.check_qualification_group(n=value, qualification_type="Not a type")
            numbers = {int(str(f.column).rsplit(" ", 1)[1]) for f in findings}
            assert len(numbers) == 1, findings
            return {"n": numbers.pop()}
        if call == "optional_date":
            record = ld.DestinationRecord("EMP1", start="2025-08-01", collection="2025-09-01", end=value)
            return {"date": None if record.end is None else record.end.isoformat()}
        if call == "existing_usernames":
            job = json.loads(_upload_job("learners", credentials=True, existing_usernames=value))
            return {"usernames": job["existing_usernames"]}
        if call == "teaching_year":
            return {"year": teaching_year_used(case)}
    except ld.DestinationsError as error:
        actual = workflow_error(error, expected)
        if call == "optional_date" and actual.get("error") == "option_invalid" and "'end'" in error.message:
            # The vectors name the value "date"; Python's argument is DestinationRecord's end.
            actual["option"] = "date"
        return actual
    raise AssertionError(f"unknown workflow call {call!r}")


def teaching_year_used(case: Case) -> str:
    """The teaching year ``check_records`` checks against (``year``, or by default the one its
    file-preparation date falls in), as its OutStartDate_01 finding names it: a record starting
    in 1900 is more than 10 years before any teaching year here."""
    record = ld.DestinationRecord("EMP1", start="1900-01-01", collection=str(case["file_date"]))
    findings = ld.check_records(
        [record], year=case.get("year"), file_preparation_date=str(case["file_date"])
    )
    for f in findings:
        named = re.search(r"teaching year (\d{4}-\d{2}) began", f.message)
        if f.code == "destination_start_too_early" and named:
            return named.group(1)
    raise AssertionError(f"no OutStartDate_01 finding naming the year: {findings!r}")


def ilr_esfa_rules(case: Case) -> Case:
    """One learner through the per-learner awaiting rules with the ILR funding fields."""
    given = case["input"]
    enrolments = [
        ld.Enrolment(
            ukprn=10000001,
            uln="9999999999",
            learner_ref=given["learner_ref"],
            aim_ref="ZPROG001",
            learning_end=d["learning_end"],
            # A CompStatus the enrolment cannot name (4, 5, 7) is carried in the funding.
            completion_status=d["comp_status"] if d["comp_status"] in (1, 2, 3, 6) else 2,
            funding={
                "fund_model": d["fund_model"],
                "prog_type": d["prog_type"],
                "comp_status": d["comp_status"],
            },
        )
        for d in given["deliveries"]
    ]
    destinations = [
        ld.LearnerDestination(
            ukprn=10000001,
            learner_ref=r["learner_ref"],
            code="EMP1",
            start=start,
            collection=start,
        )
        for r in given["dp"]
        if r["learner_ref"] is not None
        for start in r["outcomes"]
    ]
    report = ld.awaiting_destinations(
        enrolments, destinations, as_of=given["file_preparation_date"]
    )
    out: Case = {"r107": False, "r108": False}
    if report.learners:
        learner = report.learners[0]
        out = {
            "r107": "R107" in learner.rules,
            "r108": "R108" in learner.rules,
            "latest_end": learner.latest_end.isoformat(),
        }
    return out


def ilr_file(case: Case) -> Case:
    """An ILR file (inline XML, given as bytes) read for one use: the report, or the error."""
    given = case["input"]
    xml = given["xml"].encode()
    try:
        use = given["use"]
        if use == "awaiting":
            return dict(ld.ilr_awaiting(xml, as_of=given.get("as_of"), sof=given.get("sof")))
        if use == "contacts":
            return dict(
                ld.ilr_contacts(xml, policy=given.get("policy"), as_of=given.get("as_of"))
            )
        if use == "records":
            return dict(ld.ilr_records(xml))
        return {"error": f"unknown use {use!r}"}
    except ld.DestinationsError as e:
        return {"error": e.code, "message": str(e)}


RUNNERS: Dict[str, Callable[[Case], Case]] = {
    "uln": uln,
    "destination_code": destination_code,
    "code_mapping": code_mapping,
    "learner_field": learner_field,
    "survey": survey,
    "contact": contact,
    "contact_preferences": contact_preferences,
    "uk_mobile": uk_mobile,
    "tracking": tracking,
    "destination_records": destination_records,
    "awaiting": awaiting,
    "ilr_esfa_rules": ilr_esfa_rules,
    "ilr_file": ilr_file,
    "add_months": add_months,
    "destinations_upload": destinations_upload,
    "learners_upload": learners_upload,
    "qualifications_upload": qualifications_upload,
    "template_csv": template_csv,
    "workflow": workflow,
}

# Cases Python cannot express, each with the reason (a name here that no case has fails).
NOT_EXPRESSIBLE: Dict[str, Dict[str, str]] = {
    "workflow.json": {
        "options that are not an object": "keyword arguments are always names with values",
    },
}

# What a kind's cases expect of this runner, when not all of ``expected``.
EXPECTED_VIEWS: Dict[str, Callable[[Case], Any]] = {
    "workflow": lambda case: {k: v for k, v in case["expected"].items() if k != "camel"},
}

# Kinds this package does not run yet, each with the reason: their files are reported as
# skipped with it (never silently passed) until their runner lands.
NOT_YET: Dict[str, str] = {}

VECTOR_FILES: List[Path] = sorted(VECTORS_DIR.glob("*.json"))


def test_vector_files_exist() -> None:
    assert VECTOR_FILES, f"no vector files under {VECTORS_DIR}"


@pytest.mark.parametrize("path", VECTOR_FILES, ids=lambda p: p.name)
def test_vector_file(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    kind = doc.get("kind")
    if kind in NOT_YET:
        pytest.skip(NOT_YET[kind])
    runner = RUNNERS.get(kind)
    assert runner is not None, (
        f"{path.name}: unknown vector kind {kind!r}: add a runner for it to {__file__}"
    )
    cases = doc.get("cases") or []
    assert cases, f"{path.name}: no cases"
    failures = []
    skipped = NOT_EXPRESSIBLE.get(path.name, {})
    names = {case.get("name") for case in cases}
    assert set(skipped) <= names, f"{path.name}: no cases named {set(skipped) - names}"
    for i, case in enumerate(cases):
        if case.get("name") in skipped:
            continue
        view = EXPECTED_VIEWS.get(kind)
        expected = view(case) if view is not None else case.get("expected")
        mismatch = subset_mismatch(expected, runner(case))
        if mismatch is not None:
            name = case.get("name", case.get("input"))
            failures.append(f"case {i} ({name!r}): {mismatch}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)


def test_subset_mismatch_is_strict() -> None:
    """The comparison itself: a runner that returned too little, or the wrong JSON type, fails."""
    assert subset_mismatch({"a": 1}, {"a": 1, "b": 2}) is None
    assert subset_mismatch({"a": 1}, {"b": 1}) == ".a: expected 1, missing"
    assert subset_mismatch({"valid": True}, {"valid": 1}) is not None
    assert subset_mismatch({"e": ["X"]}, {"e": ["X", "Y"]}) is not None
    assert subset_mismatch({"e": [{"c": "X"}]}, {"e": [{"c": "X", "t": "T"}]}) is None
