"""Reading a timesheet CSV as the tools write it: Redmine's time-entry export, a Jira/Tempo
worklog export, Excel's CSV (a byte-order mark, semicolons and decimal commas in European
locales) or our own template — in hours or person-days.

Columns are found by what they are called in those tools and languages (or as the importer
mapped them); each row becomes a TimesheetRow or a problem naming its row and column. Nothing
here touches the database but the lookups the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from dateutil import parser as dates

from ..i18n import gettext as _
from ..web.csvfile import CsvProblem, match_key, read_table
from .labels import IMPORT_FIELDS as FIELD_LABELS
from .models import EffortRole

FIELDS = ("project", "day", "person", "activity", "effort")
REQUIRED = ("project", "day", "effort")
# What each field is called by Redmine, Jira/Tempo and Excel users, in several languages.
ALIASES = {
    "project": ["project", "project key", "project code", "project name", "projekt", "projet",
                "proyecto", "项目", "项目编号"],
    "day": ["date", "work date", "spent on", "started", "start date", "datum", "fecha", "日期",
            "工作日期"],
    "person": ["email", "e-mail", "user email", "author email", "worker email", "full name",
               "user", "author", "worker", "username", "benutzer", "utilisateur", "usuario",
               "用户", "人员", "邮箱"],
    "activity": ["role", "activity", "activity name", "work attribute role", "aktivität",
                 "activité", "actividad", "活动", "角色"],
    "effort": ["hours", "time spent (h)", "hours spent", "spent hours", "days", "person-days",
               "stunden", "heures", "horas", "耗时", "工时", "小时", "人天"],
}  # fmt: skip
# What an activity or role name says about the role its effort counts for, first match wins.
ROLE_PATTERNS = [
    (EffortRole.TESTER, re.compile(r"test|\bqa\b|quality|verif|测试|质量")),
    (
        EffortRole.DEVELOPER,
        re.compile(r"develop|program|coding|\bcode|implement|entwickl|开发|编码"),
    ),
    (EffortRole.ARCHITECT, re.compile(r"architect|design|架构|设计")),
    (EffortRole.ANALYST, re.compile(r"analys|requirement|business|分析|需求")),
    (EffortRole.PROJECT_MANAGER, re.compile(r"manag|\bpm\b|lead|coordinat|管理|项目经理")),
]
TEMPLATE_HEADER = ["Project", "Date", "Email", "Role", "Hours"]


@dataclass(frozen=True)
class Settings:
    """How to read the numbers: hours (converted at `hours_per_day`) or person-days; and how to
    read a date such as 03/04/2026 (day first, as most of the world writes it, or not)."""

    in_hours: bool = True
    hours_per_day: float = 8.0
    day_first: bool = True


@dataclass(frozen=True)
class TimesheetRow:
    row: int
    project_key: str
    day: date
    person: str
    role: EffortRole
    days: Decimal


@dataclass
class Timesheet:
    header: list[str]
    mapping: dict[str, str]  # field -> the header name that holds it
    rows: list[TimesheetRow] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)


def as_utf8(raw: bytes) -> bytes:
    """The file as UTF-8. Besides UTF-8 and GB18030 (Chinese Excel and Redmine), Redmine's
    German, French and Spanish exports are ISO-8859-1 or Windows-1252: a file that is not UTF-8
    is read in whichever of those makes its header the names timesheet tools use."""
    try:
        raw.decode("utf-8")
        return raw
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("gb18030", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        header = text.splitlines()[0] if text else ""
        readings.append((len(guess_mapping(re.split(r"[,;\t]", header))), text))
    if not readings:
        return raw  # read_table says it is not text
    return max(readings, key=lambda reading: reading[0])[1].encode("utf-8")


def guess_mapping(header: list[str]) -> dict[str, str]:
    """The column each field is most likely in, by the names tools give them."""
    keys = {match_key(name): name for name in header}
    mapping = {}
    for name in FIELDS:
        found = next((keys[match_key(a)] for a in ALIASES[name] if match_key(a) in keys), None)
        if found is not None:
            mapping[name] = found
    return mapping


def read_timesheet(raw: bytes, mapping: dict[str, str], settings: Settings) -> Timesheet:
    """Every row of the file read with `mapping`; a row that cannot be read is a problem, not a
    guess. Raises ServiceError for a file that is not text or is empty."""
    table = read_table(as_utf8(raw), columns=lambda names: names)
    sheet = Timesheet(table.header, mapping, problems=list(table.problems))
    missing = [f for f in REQUIRED if mapping.get(f) not in table.header]
    if missing:
        sheet.problems.append(CsvProblem(1, "", _missing_message(missing)))
        return sheet
    for number, values in table.rows:
        row = _row(number, values, mapping, settings, sheet.problems)
        if row is not None:
            sheet.rows.append(row)
    return sheet


def _missing_message(missing: list[str]) -> str:
    names = ", ".join(str(FIELD_LABELS[f]) for f in missing)
    return _("Choose the column that holds: %(fields)s.", fields=names)


def _row(number: int, values: dict, mapping: dict, settings: Settings, problems: list):
    def cell(name: str) -> str:
        return values.get(mapping.get(name, ""), "").strip()

    before = len(problems)
    project, person = cell("project"), cell("person")
    if not project:
        problems.append(CsvProblem(number, mapping["project"], _("The project is missing.")))
    day = _parsed(number, mapping["day"], cell("day"), lambda t: parse_day(t, settings), problems)
    amount = _parsed(number, mapping["effort"], cell("effort"), parse_amount, problems)
    if amount is not None and amount < 0:
        problems.append(CsvProblem(number, mapping["effort"], _("Effort cannot be negative.")))
    if len(problems) > before:
        return None
    days = amount / Decimal(str(settings.hours_per_day)) if settings.in_hours else amount
    return TimesheetRow(number, project, day, person, role_of(cell("activity")), days)


def _parsed(number: int, column: str, text: str, parse: Callable, problems: list):
    try:
        return parse(text)
    except ValueError as error:
        problems.append(CsvProblem(number, column, str(error)))
        return None


def parse_amount(text: str) -> Decimal:
    """7.5, 7,5 (a decimal comma), 1,234.5 and 1.234,5 (thousands marks) all read as written."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in cleaned and "." in cleaned:
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.", text=text)) from None
    if not value.is_finite():
        raise ValueError(_("“%(text)s” is not a number.", text=text))
    return value


def parse_day(text: str, settings: Settings) -> date:
    """ISO dates and times (2026-01-15, 2026-01-15 09:00), 15.01.2026, 2026/1/15, 15/01/2026 or
    01/15/2026 (`settings.day_first` decides when both could be right), 15-Jan-2026."""
    if not text:
        raise ValueError(_("The date is missing."))
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    year_first = bool(_YEAR_FIRST.match(text))  # 2026/3/2 is March 2 everywhere
    try:
        found = dates.parse(
            text, dayfirst=settings.day_first and not year_first, yearfirst=year_first
        )
    except (ValueError, OverflowError):
        raise ValueError(_("“%(text)s” is not a date.", text=text)) from None
    return found.date() if isinstance(found, datetime) else found


_YEAR_FIRST = re.compile(r"^\d{4}[/.-]")


def role_of(activity: str) -> EffortRole:
    """The role an activity or role name counts for (its words, or the role's own name)."""
    text = activity.casefold()
    for role in EffortRole:
        if text == role.value:
            return role
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return EffortRole.OTHER
