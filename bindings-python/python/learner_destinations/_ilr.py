"""The shapes of the ILR reports (``ilr_awaiting``, ``ilr_contacts``, ``ilr_records``,
``ilr_template``): plain dicts and lists, as ``destinations ilr ... --json`` prints them.

Dates are ``"YYYY-MM-DD"`` strings, UKPRNs ints, ULNs strings.
"""

from typing import List, Optional, TypedDict

__all__ = [
    "IlrPosition",
    "IlrHeader",
    "IlrFinding",
    "IlrAwaitingEnrolment",
    "IlrAwaitingLearner",
    "IlrAwaiting",
    "IlrContactFinding",
    "IlrOth3Record",
    "IlrContact",
    "IlrContacts",
    "IlrRecordFinding",
    "IlrDestinationFindings",
    "IlrRecords",
    "IlrTemplate",
]


class IlrPosition(TypedDict):
    """Where something is in the file: 1-based line and column (in characters)."""

    line: int
    column: int


class IlrHeader(TypedDict):
    """The file's header: its namespace and collection year (``"2023-24"``), ``Year`` as given
    (``"2324"``), the file preparation date, the Source and LearningProvider UKPRNs."""

    namespace: str
    year: str
    year_code: Optional[str]
    file_preparation_date: Optional[str]
    ukprn: Optional[int]
    provider_ukprn: Optional[int]


class IlrFinding(TypedDict):
    """A finding in the file: ``row`` is the line, ``column`` the element's path
    (``Learner/LearningDelivery/LearnAimRef``), ``at`` where, ``learner_ref`` whose."""

    row: Optional[int]
    column: Optional[str]
    value: str
    code: str
    severity: str
    message: str
    at: IlrPosition
    learner_ref: Optional[str]


class IlrAwaitingEnrolment(TypedDict):
    """An enrolment awaiting a destination (the portal's view); ``enrolment`` indexes the
    learning deliveries of the usable learners, in file order."""

    enrolment: int
    ukprn: int
    uln: str
    learner_ref: str
    aim_ref: str
    learning_end: str
    due: str
    overdue: bool


class IlrAwaitingLearner(TypedDict):
    """A learner awaiting a destination per R107 and R108 (``rules``)."""

    ukprn: int
    uln: str
    learner_ref: str
    latest_end: str
    due: str
    overdue: bool
    enrolments: List[int]
    rules: List[str]


class IlrAwaiting(TypedDict):
    """``ilr_awaiting``'s report."""

    header: IlrHeader
    as_of: str
    enrolments: List[IlrAwaitingEnrolment]
    learners: List[IlrAwaitingLearner]
    findings: List[IlrFinding]
    learners_read: int
    learners_left_out: int


class IlrContactFinding(TypedDict):
    """A ContPrefType_01-07 finding on a learner's preferences."""

    row: Optional[int]
    column: Optional[str]
    value: str
    code: str
    severity: str
    message: str


class IlrOth3Record(TypedDict):
    """The automatic OTH3 destination record of a learner who may not be contacted."""

    code: str
    start: str
    end: Optional[str]
    collection: str


class IlrContact(TypedDict):
    """One finished learner: may a survey go by email, by SMS, to which address."""

    learner_ref: str
    uln: str
    learning_end: str
    email: bool
    sms: bool
    contactable: bool
    reason: str
    decided_by: List[str]
    policy: str
    email_address: Optional[str]
    mobile: Optional[str]
    record: Optional[IlrOth3Record]
    findings: List[IlrContactFinding]


class IlrContacts(TypedDict):
    """``ilr_contacts``'s report."""

    header: IlrHeader
    as_of: str
    policy: str
    contacts: List[IlrContact]
    findings: List[IlrFinding]
    learners_read: int
    learners_left_out: int


class IlrRecordFinding(TypedDict):
    """A D&P rule broken by a record's outcomes (``records`` index its DPOutcomes)."""

    row: Optional[int]
    column: Optional[str]
    value: str
    code: str
    severity: str
    message: str
    mirrors: str
    records: List[int]


class IlrDestinationFindings(TypedDict):
    """One D&P record's rule breaches."""

    learner_ref: Optional[str]
    uln: Optional[str]
    at: IlrPosition
    findings: List[IlrRecordFinding]


class IlrRecords(TypedDict):
    """``ilr_records``'s report."""

    header: IlrHeader
    year: str
    file_preparation_date: str
    destinations: List[IlrDestinationFindings]
    findings: List[IlrFinding]
    records_read: int


class IlrTemplate(TypedDict):
    """``ilr_template``'s result: rows written, the awaiting report they are, and the CSV's
    text when no ``output`` path was given."""

    rows: int
    awaiting: IlrAwaiting
    csv: Optional[str]
