from __future__ import annotations

from datetime import date

import pytest

from meso_cli.errors import InputError
from tests.conftest import D


@pytest.mark.parametrize(
    ("day", "base"),
    [
        (date(2017, 5, 1), "25.00"),
        (date(2023, 10, 31), "25.00"),
        (date(2023, 11, 1), "26.50"),
        (date(2024, 12, 21), "26.50"),
        (date(2024, 12, 22), "30.00"),
        (date(2027, 12, 31), "30.00"),
    ],
)
def test_g_base_is_the_newest_on_or_before_the_day(tariffs, day, base):
    assert tariffs.bases["1"].at(day).value == D(base)
    assert tariffs.bases["2-optam"].at(day).value == D(base)


def test_other_sectors(tariffs):
    day = date(2025, 3, 10)
    assert tariffs.bases["2"].at(day).value == D("23.00")
    assert tariffs.bases["3"].at(day).value == D("0.61")


@pytest.mark.parametrize(
    ("day", "amount"), [(date(2024, 5, 14), "1.00"), (date(2024, 5, 15), "2.00")]
)
def test_participation_by_date(tariffs, day, amount):
    assert tariffs.participation.at(day).value == D(amount)
    assert tariffs.participation_cap.at(day).value == D("50.00")


def test_rates(tariffs):
    day = date(2025, 1, 1)
    assert {case: p.at(day).value for case, p in tariffs.rates.items()} == {
        "general": 70,
        "out_of_pathway": 30,
        "alsace-moselle": 90,
        "ald": 100,
        "maternity": 100,
    }


def test_every_parameter_has_a_known_unit_and_every_value_its_own_reference(tariffs):
    for parameter in tariffs.parameters():
        assert parameter.unit in ("EUR", "%", "points"), parameter.name
        references = [value.reference for value in parameter.values]
        # Two values of one parameter never share a reference: each change has its own source.
        assert len(set(references)) == len(references), parameter.name


@pytest.mark.parametrize(
    ("parameter", "day", "cited"),
    [
        ("base.1", date(2017, 5, 1), "mutuelle-emoa.fr"),
        ("base.1", date(2023, 11, 1), "lesgeneralistes-csmf.fr"),
        ("base.1", date(2024, 12, 22), "arrêté du 20 juin 2024"),
        ("participation.amount", date(2024, 5, 14), "décret 2004-1453"),
        ("participation.amount", date(2024, 5, 15), "décret du 16 février 2024"),
        ("participation.yearly_cap", date(2024, 5, 15), "ucr.fr"),
        ("responsible.non_optam_max", date(2026, 1, 1), "R871-2"),
    ],
)
def test_each_value_cites_the_source_of_the_rulebook(tariffs, parameter, day, cited):
    found = {p.name: p for p in tariffs.parameters()}[parameter]
    assert cited in found.at(day).reference


def test_medium_confidence_is_marked_exactly_where_the_rulebook_doubts(tariffs):
    doubted = {
        (parameter.name, value.since.isoformat())
        for parameter in tariffs.parameters()
        for value in parameter.values
        if value.confidence is not None
    }
    assert doubted == {
        ("base.2", "2024-12-22"),
        ("base.3", "2017-05-01"),
        ("base.specialist.1", "2017-05-01"),  # and 2-optam, which is the same parameter
        ("base.specialist.2-optam", "2017-05-01"),
        ("base.specialist.1.direct", "2017-05-01"),
        ("base.specialist.2-optam.direct", "2017-05-01"),
        ("base.specialist.2", "2017-05-01"),
        ("base.specialist.3", "2017-05-01"),
    }


def test_the_responsible_limits_are_dated_values(tariffs):
    limits = {name: p.latest().value for name, p in tariffs.responsible.items()}
    assert limits == {"consultation_min": 100, "non_optam_max": 200, "non_optam_gap": 20}


def test_lookup_before_the_first_value(tariffs):
    with pytest.raises(InputError, match="before 2017-05-01"):
        tariffs.bases["1"].at(date(2017, 4, 30))
