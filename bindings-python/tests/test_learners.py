"""Learner import field rules and credentials through the Python API."""

from __future__ import annotations

import datetime
import string
from concurrent.futures import ThreadPoolExecutor

import pytest

import learner_destinations as ld


def test_lists() -> None:
    lists = ld.LearnerLists()
    assert lists.year_group("  year   12 ") == "Year 12"
    assert lists.gender("female") == "Female"
    assert lists.ethnicity("white and black caribbean") == "White and Black Caribbean"
    assert lists.check_year_group("Year 12") is None
    finding = lists.check_gender("F")
    assert finding is not None and finding.code == "value_not_in_list"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        lists.ethnicity("Martian")
    assert raised.value.code == "value_not_in_list" and raised.value.value == "Martian"
    assert "Year 7" in lists.year_groups and lists.genders and lists.ethnicities and lists.source
    own = ld.LearnerLists.from_json(
        '{"source": "s", "version": "2", "year_groups": ["Y13"], "genders": [], "ethnicities": []}'
    )
    assert (own.version, own.year_group("y13")) == ("2", "Y13")
    assert own.check_gender("Female") is not None
    with pytest.raises(ld.FileFormatError) as bad:
        ld.LearnerLists.from_json("{")
    assert bad.value.code == "json_invalid"


def test_dates_of_birth() -> None:
    dob = ld.parse_dob("2008-02-03", as_of="2025-09-01")
    assert (dob.date, dob.age, dob.warning) == (datetime.date(2008, 2, 3), 17, None)
    old = ld.parse_dob("1990-01-01", as_of=datetime.date(2025, 9, 1))
    assert old.warning is not None and old.warning.code == "age_out_of_range"
    assert ld.parse_dob("1990-01-01", as_of="2025-09-01", max_age=40).warning is None
    assert ld.check_dob("2008-02-03", as_of="2025-09-01") is None
    assert ld.age_on("2008-02-29", on="2025-02-28") == 17
    assert ld.age_on(datetime.date(2008, 2, 29), on="2025-02-27") == 16
    excel = ld.check_dob("03/02/2008", as_of="2025-09-01")
    assert excel is not None and excel.code == "dob_excel_format" and "2008-02-03" in excel.message
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.parse_dob("2025-09-02", as_of="2025-09-01")
    assert raised.value.code == "dob_invalid"


def test_text_fields_and_ccis() -> None:
    assert ld.parse_text_field("  12 High Street ", field="Street") == "12 High Street"
    long = ld.check_text_field("x" * 101, field="Street")
    assert long is not None and long.code == "text_field_invalid" and long.message.startswith("Street")
    assert ld.check_text_field("ok") is None
    assert ld.parse_ccis(" AB123 ") == "AB123"
    assert ld.check_ccis("AB-123") is not None


def test_usernames_and_passwords() -> None:
    assert ld.check_username("PMarmoshon") is None and ld.is_valid_username("PMarmoshon")
    short = ld.check_username("pm")
    assert short is not None and short.code == "username_length"
    assert ld.check_username("x" * 200) is not None
    assert ld.check_username("x" * 200, account="staff") is None
    assert not ld.is_valid_username("p marmoshon")
    with pytest.raises(ld.InvalidArgumentError):
        ld.check_username("PMarmoshon", account="admin")
    secret = "hunter two"
    refused = ld.check_password(secret)
    assert refused is not None and refused.code == "password_composition"
    assert secret not in refused.message and refused.value == "(password not shown)"
    assert ld.is_valid_password("76L6K6B9")


def test_generated_passwords() -> None:
    alphabet = set(string.ascii_uppercase + string.digits) - set("01ILO")
    passwords = {ld.generate_password() for _ in range(200)}
    assert len(passwords) == 200  # drawn from the system's generator, not a fixed seed
    for p in passwords:
        assert len(p) == 8 and set(p) <= alphabet and ld.is_valid_password(p)
        assert any(c.isalpha() for c in p) and any(c.isdigit() for c in p)


def test_generated_usernames() -> None:
    generator = ld.UsernameGenerator(existing=["pmarmoshon"])
    assert generator.generate("Paul", "Marmoshon") == "PMarmoshon2"
    assert generator.generate("Peter", "Marmoshon") == "PMarmoshon3"
    assert generator.generate("Zoë", "Łukasz") == "ZLukasz"
    assert generator.generate("", "Li") == "Li0000"
    assert ld.transliterate_name("Søren O'Brien") == "SorenOBrien"
    # One generator shared by threads hands out distinct names.
    shared = ld.UsernameGenerator()
    with ThreadPoolExecutor(max_workers=4) as pool:
        names = list(pool.map(lambda _: shared.generate("Sam", "Smith"), range(100)))
    assert len(set(names)) == 100 and all(ld.is_valid_username(n) for n in names)
