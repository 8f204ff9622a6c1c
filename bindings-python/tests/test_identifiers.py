"""Identifiers: parse_X / is_valid_X / check_X agree, and the objects behave as values."""

from __future__ import annotations

import copy
import pickle
from typing import Any, Callable, List, Optional, Tuple

import pytest

import learner_destinations as ld

Parse = Callable[[Any], Any]
IsValid = Callable[[Any], bool]
Check = Callable[[Any], Optional[ld.Finding]]

# (parse, is_valid, check, good inputs, (bad input, code) pairs)
IDENTIFIERS: List[Tuple[Parse, IsValid, Check, List[Any], List[Tuple[Any, str]]]] = [
    (
        ld.parse_uln,
        ld.is_valid_uln,
        ld.check_uln,
        ["1000000043", " 9276308686 ", "9999999999"],
        [("1000000042", "uln_checksum"), ("100000004", "uln_format"), ("", "uln_format")],
    ),
    (
        ld.parse_ukprn,
        ld.is_valid_ukprn,
        ld.check_ukprn,
        ["10000000", 99999999, " 12345678 "],
        [("09999999", "ukprn_format"), (1234567, "ukprn_format"), (-10000000, "ukprn_format")],
    ),
    (
        ld.parse_learn_ref_number,
        ld.is_valid_learn_ref_number,
        ld.check_learn_ref_number,
        ["LRN1", "AB 12", "123456789012"],
        [("LRN-1", "learn_ref_format"), ("1234567890123", "learn_ref_format")],
    ),
    (
        ld.parse_learn_aim_ref,
        ld.is_valid_learn_aim_ref,
        ld.check_learn_aim_ref,
        ["20000008", "zprog001", "Z0002406"],
        [("000000997957", "aim_ref_format"), ("Z000 2406", "aim_ref_format")],
    ),
    (
        ld.parse_upn,
        ld.is_valid_upn,
        ld.check_upn,
        ["B801200005001", " b801200005001 "],
        [("A801200005001", "upn_check_letter"), ("B80120000500", "upn_format")],
    ),
    (
        ld.parse_postcode,
        ld.is_valid_postcode,
        ld.check_postcode,
        ["B33 8TH", "b338th", "EC1A 1BB", "ZZ99 9ZZ"],
        [("B1", "postcode_format"), ("B1 1CI", "postcode_format")],
    ),
    (
        ld.parse_uk_mobile,
        ld.is_valid_uk_mobile,
        ld.check_uk_mobile,
        ["07700900123", "+44 (0)7700 900123", "07624 123456"],
        [("0121 496 0000", "mobile_not_uk"), ("07000 123456", "mobile_not_uk")],
    ),
    (
        ld.parse_uk_telephone,
        ld.is_valid_uk_telephone,
        ld.check_uk_telephone,
        ["07700900123", "0121496000"],
        [("+44 7700 900123", "telephone_format"), ("12345", "telephone_format")],
    ),
    (
        ld.parse_email,
        ld.is_valid_email,
        ld.check_email,
        ["sam.learner@example.ac.uk", " a@b.uk "],
        [("@example.com", "email_format"), ("sam@localhost", "email_format")],
    ),
]


@pytest.mark.parametrize(
    "parse, is_valid, check, good, bad", IDENTIFIERS, ids=[i[0].__name__ for i in IDENTIFIERS]
)
def test_three_functions_agree(
    parse: Parse,
    is_valid: IsValid,
    check: Check,
    good: List[Any],
    bad: List[Tuple[Any, str]],
) -> None:
    for value in good:
        parsed = parse(value)
        assert is_valid(value) is True
        assert check(value) is None
        # The canonical text parses to the same value.
        assert parse(str(parsed)) == parsed
    for value, code in bad:
        assert is_valid(value) is False
        finding = check(value)
        assert finding is not None
        assert (finding.code, finding.severity, finding.value) == (code, "error", str(value))
        assert (finding.row, finding.column) == (None, None)
        with pytest.raises(ld.InvalidArgumentError) as raised:
            parse(value)
        assert raised.value.code == code
        assert raised.value.message == finding.message
        assert raised.value.value == str(value)


def test_uln() -> None:
    uln = ld.parse_uln(" 9276308686 ")
    assert str(uln) == "9276308686"
    assert int(uln) == 9276308686
    assert repr(uln) == "Uln('9276308686')"
    assert not uln.is_unknown
    assert ld.parse_uln("9999999999").is_unknown
    message = ld.check_uln("1000000042")
    assert message is not None and "should be 3, not 2" in message.message


def test_uln_check_digit() -> None:
    assert ld.uln_check_digit("927630868") == 6
    assert ld.uln_check_digit("100000004") == 3
    for stem in ("10000000", "92763086x", "9276308680"):
        with pytest.raises(ValueError):
            ld.uln_check_digit(stem)
    # A stem whose weighted sum divides by 11 has no check digit.
    stems = (f"{n:09d}" for n in range(100000000, 100000100))
    no_digit = [s for s in stems if ld.uln_check_digit(s) is None]
    assert no_digit and not any(ld.is_valid_uln(s + str(d)) for s in no_digit for d in range(10))


def test_ukprn_int_and_str_are_one_value() -> None:
    assert ld.parse_ukprn(10000001) == ld.parse_ukprn("10000001")
    assert int(ld.parse_ukprn("10000001")) == 10000001
    assert repr(ld.parse_ukprn(10000001)) == "Ukprn(10000001)"
    # A huge int is refused by the core's rule, not by an overflow.
    assert ld.check_ukprn(10**30) is not None
    for wrong in (True, 1.5e7, None, b"10000001"):
        with pytest.raises(TypeError):
            ld.parse_ukprn(wrong)  # type: ignore[arg-type]


def test_references_keep_their_case_rules() -> None:
    assert str(ld.parse_learn_aim_ref("zprog001")) == "ZPROG001"
    assert ld.parse_learn_aim_ref("zprog001") == ld.parse_learn_aim_ref("ZPROG001")
    assert ld.parse_learn_ref_number("abc") != ld.parse_learn_ref_number("ABC")
    assert repr(ld.parse_learn_ref_number(" AB 12 ")) == "LearnRefNumber('AB 12')"


def test_values_hash_order_copy_and_pickle() -> None:
    values = [
        ld.parse_uln("9276308686"),
        ld.parse_ukprn(10000001),
        ld.parse_learn_ref_number("LRN1"),
        ld.parse_learn_aim_ref("ZPROG001"),
        ld.parse_upn("B801200005001"),
        ld.parse_postcode("B33 8TH"),
        ld.parse_uk_mobile("07700 900123"),
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value
        assert hash(value) == hash(pickle.loads(pickle.dumps(value)))
    ulns = [ld.parse_uln("9276308686"), ld.parse_uln("1000000043"), ld.parse_uln("9276308686")]
    assert sorted(ulns) == [ulns[1], ulns[0], ulns[0]]
    assert len(set(ulns)) == 2


def test_upn_postcode_and_mobile() -> None:
    assert not ld.parse_upn("B801200005001").is_temporary
    assert repr(ld.parse_upn("b801200005001")) == "Upn('B801200005001')"
    postcode = ld.parse_postcode(" b33  8th ")
    assert str(postcode) == "B33 8TH" and not postcode.is_placeholder
    assert [w.code for w in ld.postcode_warnings(" b33  8th ")] == ["postcode_normalised"]
    assert ld.postcode_warnings("B33 8TH") == [] and ld.postcode_warnings("B1") == []
    placeholder = ld.postcode_warnings("zz999zz")
    assert [w.code for w in placeholder] == ["postcode_normalised", "postcode_placeholder"]
    assert all(w.severity == "warning" for w in placeholder)
    assert ld.parse_postcode("ZZ99 9ZZ").is_placeholder
    mobile = ld.parse_uk_mobile("+44 (0)7700 900123")
    assert (str(mobile), mobile.national, mobile.international) == (
        "07700900123",
        "07700900123",
        "+447700900123",
    )
    refused = ld.check_uk_telephone("+44 7700 900123")
    assert refused is not None and "07700900123" in refused.message


def test_objects_are_made_by_parse_only() -> None:
    for cls in (ld.Uln, ld.Ukprn, ld.LearnRefNumber, ld.LearnAimRef, ld.Upn, ld.Postcode, ld.UkMobile):
        with pytest.raises(TypeError):
            cls("9276308686")  # type: ignore[call-arg]


def test_wrong_types_raise_type_error() -> None:
    for function in (ld.parse_uln, ld.is_valid_uln, ld.check_uln, ld.parse_learn_aim_ref):
        with pytest.raises(TypeError):
            function(9276308686)  # type: ignore[arg-type]


def test_lone_surrogate_is_an_exception_not_a_crash() -> None:
    with pytest.raises(UnicodeEncodeError):
        ld.parse_uln("\udc80")
