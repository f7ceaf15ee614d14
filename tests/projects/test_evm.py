"""Earned value against figures worked out by hand (see each test's comments), including a
project with nothing recorded yet, one finished early, one finished late and a roll-up."""

from __future__ import annotations

from datetime import date

import pytest

from lms.projects.evm import EarnedValue, band, earned_value, planned_value, roll_up
from lms.projects.models import Rag
from lms.projects.queries import standings
from tests.projects.conftest import actual, make_project, plan

approx = pytest.approx

# A: Jan 1 - Apr 30 2026 (120 days), budget 120,000; January (31 days) 20 % done, cost 30,000
A = dict(bac=120_000, start=date(2026, 1, 1), end=date(2026, 4, 30))
# C: Jan 1 - Jun 30 (181 days), budget 60,000; done by the end of April (120 days), cost 50,000
C = dict(bac=60_000, start=date(2026, 1, 1), end=date(2026, 6, 30))
# D: Jan 1 - Mar 31 (90 days), budget 90,000; done only by the end of May (151 days), 120,000
D = dict(bac=90_000, start=date(2026, 1, 1), end=date(2026, 3, 31))


def project_a() -> EarnedValue:
    return earned_value(**A, as_of=date(2026, 1, 31), percent_complete=20, actual=30_000)


def finished_early() -> EarnedValue:
    return earned_value(**C, as_of=date(2026, 4, 30), percent_complete=100, actual=50_000)


def finished_late() -> EarnedValue:
    return earned_value(**D, as_of=date(2026, 5, 31), percent_complete=100, actual=120_000)


def test_every_indicator_of_a_project_under_way():
    f = project_a()
    assert (f.pv, f.ev, f.ac) == (approx(31_000), approx(24_000), approx(30_000))  # 120k*31/120
    assert (f.sv, f.cv) == (approx(-7_000), approx(-6_000))
    assert f.spi == approx(24_000 / 31_000) and f.cpi == approx(0.8)
    assert f.sv_percent == approx(-7_000 / 31_000) and f.cv_percent == approx(-0.25)
    assert f.eac == approx(150_000)  # BAC / CPI
    assert f.etc == approx(120_000) and f.vac == approx(-30_000)
    assert f.tcpi == approx(96_000 / 90_000)  # (BAC - EV) / (BAC - AC)
    assert not f.is_past_finish and f.schedule_index == f.spi
    assert f.rag() == Rag.RED  # the worse of 0.77 and 0.80


def test_a_project_with_no_actuals_yet_has_indices_not_applicable_not_zero():
    f = earned_value(**A, as_of=date(2025, 12, 31), percent_complete=0, actual=0)
    assert (f.pv, f.ev, f.ac, f.sv, f.cv) == (0, 0, 0, 0, 0)
    assert f.spi is None and f.cpi is None and f.spi_t is None
    assert f.eac is None and f.etc is None and f.vac is None
    assert f.sv_percent is None and f.cv_percent is None
    assert f.tcpi == approx(1.0)  # the whole budget for the whole work
    assert f.rag() is None


def test_a_project_finished_early_is_ahead_on_both_indices():
    f = finished_early()
    assert f.pv == approx(60_000 * 120 / 181) and f.ev == approx(60_000)
    assert f.spi == approx(181 / 120)  # PV is linear, so SPI equals SPI(t) before the finish
    assert f.spi_t == approx(181 / 120) and f.earned_schedule == approx(181)
    assert not f.is_past_finish and f.schedule_index == f.spi
    assert f.cpi == approx(1.2) and f.eac == approx(50_000) and f.vac == approx(10_000)
    assert f.tcpi == approx(0 / 10_000)  # nothing left to do
    assert f.rag() == Rag.GREEN


def test_a_late_project_keeps_its_time_based_index_after_the_planned_finish():
    f = finished_late()
    assert f.pv == approx(90_000) and f.ev == approx(90_000)  # PV stops at BAC
    assert f.spi == approx(1.0)  # the classic SPI drifts back to 1.0 ...
    assert f.is_past_finish and f.actual_days == 151
    assert f.spi_t == approx(90 / 151)  # ... the time-based one does not
    assert f.schedule_index == approx(90 / 151)
    assert f.cpi == approx(0.75) and f.tcpi == approx(0)  # nothing left: 0 / (BAC - AC)
    assert f.rag() == Rag.RED


def test_a_roll_up_sums_before_it_divides():
    total = roll_up([project_a(), finished_early(), finished_late()])
    pv = 31_000 + 60_000 * 120 / 181 + 90_000
    assert (total.bac, total.ev, total.ac) == (270_000, approx(174_000), approx(200_000))
    assert total.pv == approx(pv)
    assert total.spi == approx(174_000 / pv)
    assert total.cpi == approx(0.87)  # 174k / 200k; the average of the CPIs would be 0.92
    assert total.cpi != approx((0.8 + 1.2 + 0.75) / 3)
    assert total.eac == approx(270_000 / 0.87) and total.spi_t is None


def test_rag_bands_are_configurable_with_the_common_defaults():
    assert [band(i) for i in (0.95, 0.949, 0.90, 0.899)] == [
        Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED,
    ]  # fmt: skip
    assert band(0.85, (0.8, 0.7)) == Rag.GREEN and band(None) is None


def test_planned_value_is_the_budget_spread_over_the_baselines_days():
    assert planned_value(120_000, date(2026, 1, 1), date(2026, 4, 30), date(2026, 1, 1)) == 1_000
    assert planned_value(120_000, date(2026, 1, 1), date(2026, 4, 30), date(2027, 1, 1)) == 120_000


def test_recorded_periods_give_the_hand_computed_figures(db, people, department, project):
    actual(project, people, date(2026, 1, 1), 20, cost=30_000, days=60)
    late = make_project(people, department, code="P-LATE")
    plan(late, people, D["start"], D["end"], 90_000, days=300)
    for month, cost in ((1, 40_000), (3, 40_000), (5, 40_000)):
        actual(late, people, date(2026, month, 1), 100 if month == 5 else 30 * month, cost=cost)
    found = standings([project, late], today=date(2026, 2, 3))
    a, d = found[project.id], found[late.id]
    assert a.money.pv == approx(31_000) and a.money.cpi == approx(0.8)
    assert a.days.bac == 240 and a.days.ac == 60 and a.days.cpi == approx(48 / 60)
    assert a.rag == Rag.RED and a.as_of == date(2026, 1, 31) and not a.not_updated
    assert d.money.spi == approx(1.0) and d.money.schedule_index == approx(90 / 151)
    assert d.money.cpi == approx(0.75) and d.percent_complete == 100


def test_a_project_with_a_plan_and_no_record_shows_not_applicable(db, people, project):
    found = standings([project], today=date(2026, 1, 10))[project.id]
    assert found.money.spi is None and found.money.cpi is None and found.rag is None
    assert not found.not_updated  # January has not ended: nothing is due yet


def test_a_running_project_without_last_periods_record_is_not_updated(db, people, project):
    actual(project, people, date(2026, 1, 1), 20, cost=30_000)
    assert not standings([project], today=date(2026, 2, 27))[project.id].not_updated
    assert standings([project], today=date(2026, 3, 2))[project.id].not_updated  # no February
