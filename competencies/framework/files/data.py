"""The in-memory shape every framework file format parses into (JSON, our CSV, Moodle's CSV),
and the problems found in a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.errors import ImportRefused
from lms.web.csvfile import CsvTable


@dataclass
class LevelData:
    value: int
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    is_proficient: bool = False


@dataclass
class CompetencyData:
    idnumber: str
    parent: str | None
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    descriptors: dict[str, dict[str, str]] = field(default_factory=dict)
    talent_triangle: str | None = None
    is_programme_only: bool = False
    is_retired: bool = False
    related: list[str] = field(default_factory=list)
    where: str = field(default="", compare=False)  # "row 7" or "competencies[2]"


@dataclass
class FrameworkData:
    idnumber: str
    version_label: str
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    levels: list[LevelData] = field(default_factory=list)
    competencies: list[CompetencyData] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FrameworkFileError(ImportRefused):
    """The file cannot be imported; `problems` lists every reason with its row or path."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("The file has %(count)d problems; nothing was imported.", count=len(problems)),
            problems,
        )


def csv_problems(table: CsvTable, label: Callable[[str], str] = str) -> list[Problem]:
    """What the CSV reader refused, each at its row (and column, named by `label(key)`)."""
    return [
        Problem(
            _("row %(row)d, column %(column)s", row=p.row, column=label(p.column))
            if p.column
            else _("row %(row)d", row=p.row),
            p.message,
        )
        for p in table.problems
    ]
