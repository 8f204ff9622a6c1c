"""learner_destinations: the rules of English further-education learner destinations.

Identifiers (ULN with the ESFA check digit, UKPRN, learner and aim references), destination
codes (old ILR codes and authority codes such as WMCA's: parsing, validity on a date, mapping
between schemes) and the catalogue of finding codes, from the same Rust core as the
``destinations`` command line and the Node package.

Rule breaches in data are returned as ``Finding`` objects; exceptions (all subclasses of
``DestinationsError``, each with a ``code``) mean the work could not be done.
See README.md for examples.
"""

from ._errors import (
    DestinationsError,
    FileFormatError,
    FileReadError,
    InvalidArgumentError,
    MissingColumnsError,
)
from ._native import (
    DestinationCode,
    Finding,
    FindingKind,
    LearnAimRef,
    LearnRefNumber,
    Scheme,
    Schemes,
    Ukprn,
    Uln,
    __version__,
    check_learn_aim_ref,
    check_learn_ref_number,
    check_ukprn,
    check_uln,
    is_valid_learn_aim_ref,
    is_valid_learn_ref_number,
    is_valid_ukprn,
    is_valid_uln,
    list_finding_codes,
    load_scheme,
    parse_learn_aim_ref,
    parse_learn_ref_number,
    parse_ukprn,
    parse_uln,
)

__all__ = [
    "__version__",
    # errors
    "DestinationsError",
    "InvalidArgumentError",
    "FileReadError",
    "FileFormatError",
    "MissingColumnsError",
    # findings
    "Finding",
    "FindingKind",
    "list_finding_codes",
    # identifiers
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
    # destination codes
    "DestinationCode",
    "Scheme",
    "Schemes",
    "load_scheme",
]
