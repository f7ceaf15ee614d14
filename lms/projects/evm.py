"""Earned value, done right (PMI's Practice Standard for Earned Value Management; earned
schedule after Lipke): the figures of one project at a date, or of several summed.

- PV is the budget spread evenly over the baseline's days (the plan holds no time-phasing);
  EV is the budget times the percent complete; AC is what the periods recorded so far cost.
- An index whose denominator is zero is None ("n/a"), never 0 or infinity.
- A roll-up sums BAC, PV, EV and AC first and divides after: averaging ratios would weigh a
  small project like a large one.
- After the planned finish SPI drifts back to 1.0 as a late project completes; the time-based
  SPI(t) = earned schedule / actual time does not, so it is the schedule index shown then.

The same figures hold in money and in person-days: the caller picks the units. The fields
may be pandas Series (the reports: one row per project), and every index is then worked out
row by row by the same formulas, NaN where undefined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Rag

DEFAULT_THRESHOLDS = (0.95, 0.90)  # green at or above the first, amber at or above the second


def ratio(top, bottom):
    """top / bottom, or None when either is unknown or bottom is zero (an undefined index).
    For pandas Series (the reports), element by element, NaN where undefined."""
    if top is None or bottom is None:
        return None
    if hasattr(bottom, "where"):  # a Series: the same rule for every row
        return (top / bottom.where(bottom != 0)).astype(float)
    return None if bottom == 0 else top / bottom


def duration_days(start: date, end: date) -> int:
    """Days from start to end, both counted."""
    return (end - start).days + 1


@dataclass(frozen=True)
class EarnedValue:
    bac: float  # budget at completion
    pv: float
    ev: float
    ac: float
    planned_days: int | None = None  # the baseline's duration; None for a roll-up
    actual_days: int | None = None  # from the baseline's start to the date, both counted

    @property
    def sv(self) -> float:
        return self.ev - self.pv

    @property
    def cv(self) -> float:
        return self.ev - self.ac

    @property
    def spi(self) -> float | None:
        return ratio(self.ev, self.pv)

    @property
    def cpi(self) -> float | None:
        return ratio(self.ev, self.ac)

    @property
    def sv_percent(self) -> float | None:
        return ratio(self.sv, self.pv)

    @property
    def cv_percent(self) -> float | None:
        return ratio(self.cv, self.ev)

    @property
    def eac(self) -> float | None:
        """BAC / CPI: the cost at completion if the rest is done as efficiently as so far."""
        return ratio(self.bac, self.cpi)

    @property
    def etc(self) -> float | None:
        eac = self.eac
        return None if eac is None else eac - self.ac

    @property
    def vac(self) -> float | None:
        eac = self.eac
        return None if eac is None else self.bac - eac

    @property
    def tcpi(self) -> float | None:
        """(BAC - EV) / (BAC - AC): the efficiency the remaining work needs to meet the budget."""
        return ratio(self.bac - self.ev, self.bac - self.ac)

    @property
    def earned_schedule(self) -> float | None:
        """The days into the baseline at which PV equals today's EV (PV is linear)."""
        if self.planned_days is None:
            return None
        share = ratio(self.ev, self.bac)
        return None if share is None else share * self.planned_days

    @property
    def spi_t(self) -> float | None:
        return ratio(self.earned_schedule, self.actual_days)

    @property
    def is_past_finish(self) -> bool:
        if self.planned_days is None or self.actual_days is None:
            return False
        return self.actual_days > self.planned_days

    @property
    def schedule_index(self) -> float | None:
        """SPI until the planned finish, SPI(t) after it."""
        past = self.is_past_finish
        if hasattr(past, "where"):  # Series
            return self.spi_t.where(past, self.spi)
        return self.spi_t if past else self.spi

    def rag(self, thresholds: tuple[float, float] = DEFAULT_THRESHOLDS) -> Rag | None:
        """The worse of the schedule and cost indices banded (None when both are n/a)."""
        return band(
            min(
                (i for i in (self.schedule_index, self.cpi) if i is not None),
                default=None,
            ),
            thresholds,
        )


def bands(worst, thresholds: tuple[float, float] = DEFAULT_THRESHOLDS):
    """`band` of each value of a Series (None where it is NaN)."""
    return worst.map(lambda value: None if value != value else band(value, thresholds))


def band(index: float | None, thresholds: tuple[float, float] = DEFAULT_THRESHOLDS) -> Rag | None:
    if index is None:
        return None
    green, amber = thresholds
    return Rag.GREEN if index >= green else Rag.AMBER if index >= amber else Rag.RED


def planned_value(bac: float, start: date, end: date, as_of: date) -> float:
    """The budget spread evenly over the baseline's days, earned through `as_of`."""
    if as_of < start:
        return 0.0
    share = min(duration_days(start, as_of) / duration_days(start, end), 1.0)
    return bac * share


def earned_value(
    *,
    bac: float,
    start: date,
    end: date,
    as_of: date,
    percent_complete: float,
    actual: float,
) -> EarnedValue:
    """One project's figures at `as_of` against a baseline running `start`-`end`."""
    return EarnedValue(
        bac=bac,
        pv=planned_value(bac, start, end, as_of),
        ev=bac * percent_complete / 100,
        ac=actual,
        planned_days=duration_days(start, end),
        actual_days=max(duration_days(start, as_of), 0),
    )


def roll_up(figures: Iterable[EarnedValue]) -> EarnedValue:
    """Several projects as one: BAC, PV, EV and AC summed, every index from the sums."""
    figures = list(figures)
    return EarnedValue(
        bac=sum(f.bac for f in figures),
        pv=sum(f.pv for f in figures),
        ev=sum(f.ev for f in figures),
        ac=sum(f.ac for f in figures),
    )
