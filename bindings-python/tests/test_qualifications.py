"""Qualification rules and workbooks through the Python API."""

from __future__ import annotations

import io
import pathlib
import zipfile
from typing import Dict, List, Sequence, Union
from xml.sax.saxutils import escape

import pytest

import learner_destinations as ld

Cell = Union[str, int, float, None]


def xlsx(sheets: Dict[str, Sequence[Sequence[Cell]]]) -> bytes:
    """A minimal .xlsx workbook (inline strings, numbers), made without any library."""

    def column(i: int) -> str:
        name = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    def sheet_xml(rows: Sequence[Sequence[Cell]]) -> str:
        out: List[str] = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{column(c)}{r}"
                if value is None:
                    continue
                if isinstance(value, str):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(out)}</sheetData></worksheet>'
        )

    names = list(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(len(names))
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                for i, n in enumerate(names)
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(len(names))
            )
            + "</Relationships>",
        )
        for i, n in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(sheets[n]))
    return buffer.getvalue()


def test_group_checks() -> None:
    lists = ld.QualificationLists()
    assert lists.is_default and len(lists) == len(lists.types) > 0
    gcse = lists.qualification_type("gcse  (9-1)")
    subject, grade = gcse.subjects[0], gcse.grades[0]
    ok = ld.check_qualification_group(
        n=2, qualification_type="GCSE (9-1)", subject=subject, completion_date="2026-06",
        predicted_grade=grade,
    )  # fmt: skip
    assert ok == []
    assert ld.check_qualification_group(n=18) == []  # an empty group has nothing to check
    findings = ld.check_qualification_group(
        n=3, qualification_type="GCSE (9-1)", subject="Maths", completion_date="2026-06-01"
    )
    assert [(f.code, f.column) for f in findings] == [
        ("qualification_completion_date", "Qualification Completion Date 3"),
        ("qualification_subject_unknown", "Qualification Subject 3"),
        ("qualification_grade_missing", "Qualification Predicted Grade 3"),
    ]
    assert "write the month only, 2026-06" in findings[0].message
    half = ld.check_qualification_group(predicted_grade="A")
    assert [f.code for f in half] == ["qualification_group_incomplete"]
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.check_qualification_group(n=19)
    assert raised.value.code == "option_invalid"
    with pytest.raises(ld.InvalidArgumentError) as refused:
        lists.qualification_type("Cycling Proficiency")
    assert refused.value.code == "qualification_type_unknown"
    assert "default list" in refused.value.message
    assert ld.MAX_QUALIFICATION_GROUPS == 18


def test_identity_columns() -> None:
    assert ld.IDENTITY_COLUMNS == (
        "Forename", "Surname", "Date of Birth", "Current Provider", "Current Area",
    )  # fmt: skip
    exported = ld.ExportedLearners(
        [
            dict(account_id="1234567", forename="Sam", surname="Smith", date_of_birth="2008-02-03",
                 current_provider="Example College", current_area="West Midlands"),
        ]
    )  # fmt: skip
    assert len(exported) == 1
    same = dict(forename="Sam", surname="Smith", date_of_birth="2008-02-03",
                current_provider="Example College", current_area="West Midlands")  # fmt: skip
    assert exported.check(account_id=" 1234567 ", **same) == []
    changed = exported.check(account_id="1234567", **{**same, "surname": "Smyth"})
    assert [(f.code, f.column, f.value) for f in changed] == [
        ("qualification_identity_changed", "Surname", "Smyth")
    ]
    unknown = exported.check(account_id="7654321", **same)
    assert [(f.code, f.column) for f in unknown] == [("qualification_account_unknown", "UCAS Account ID")]


def test_lists_from_the_exported_workbook(tmp_path: pathlib.Path) -> None:
    book = xlsx(
        {
            "Learners": [["UCAS Account ID", "Forename", "ULN"], [1234567, "Sam", 9276308686]],
            "Qualification type": [["Qualification type"], ["BTEC Level 3"]],
            "Qualification Subject": [["Qualification type", "Subject"], ["BTEC Level 3", "Engineering"]],
            "Qualification Grading": [["Qualification type", "Grade"], ["BTEC Level 3", "D*"], ["BTEC Level 3", "M"]],
        }
    )  # fmt: skip
    path = tmp_path / "export.xlsx"
    path.write_bytes(book)
    workbook = ld.read_workbook(path)
    assert workbook.sheet_names[0] == "Learners"
    learners = workbook.sheet()
    assert learners.name == "Learners" and len(learners) == 2
    # Numbers are the text a person sees: a ULN stays its ten digits.
    assert learners.rows == [(1, ["UCAS Account ID", "Forename", "ULN"]), (2, ["1234567", "Sam", "9276308686"])]
    rows = {name: workbook.sheet(name).rows[1:] for name in workbook.sheet_names[1:]}
    lists = ld.QualificationLists.from_rows(
        [cells[0] for _, cells in rows["Qualification type"]],
        [(cells[0], cells[1]) for _, cells in rows["Qualification Subject"]],
        [(cells[0], cells[1]) for _, cells in rows["Qualification Grading"]],
        source="export.xlsx",
    )
    assert not lists.is_default and lists.source == "export.xlsx"
    [btec] = lists.types
    assert (btec.name, btec.subjects, btec.grades) == ("BTEC Level 3", ["Engineering"], ["D*", "M"])
    assert ld.check_qualification_group(
        qualification_type="btec level 3", subject="engineering", actual_grade="d*", lists=lists
    ) == []
    # The same workbook from bytes or a file object; the sheet name in any case.
    assert ld.read_workbook(io.BytesIO(book)).sheet("qualification TYPE").name == "Qualification type"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.read_workbook(book).sheet("Grades")
    assert raised.value.code == "sheet_not_found" and raised.value.value == "Grades"
    assert "Learners" in raised.value.message


def test_files_that_are_not_workbooks(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ld.FileFormatError) as raised:
        ld.read_workbook(b"UKPRN,ULN\n")
    assert raised.value.code == "workbook_unreadable"
    with pytest.raises(ld.FileFormatError) as damaged:
        ld.read_workbook(b"PK\x03\x04" + b"\x00" * 100)
    assert damaged.value.code == "workbook_unreadable"
    with pytest.raises(ld.FileReadError):
        ld.read_workbook(tmp_path / "missing.xlsx")


def test_lists_json() -> None:
    lists = ld.QualificationLists.from_json(
        '{"source": "mine", "types": [{"type": "A level", "subjects": ["Maths"], "grades": ["A*", "A"]}]}'
    )
    assert (lists.source, lists.is_default, lists.version) == ("mine", False, "")
    assert ld.check_qualification_group(
        qualification_type="A level", subject="Maths", predicted_grade="B", lists=lists
    )[0].code == "qualification_grade_unknown"
    with pytest.raises(ld.FileFormatError):
        ld.QualificationLists.from_json("[]")
