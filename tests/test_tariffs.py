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


def test_every_value_has_a_reference(tariffs):
    parameters = [
        *tariffs.bases.values(),
        *tariffs.rates.values(),
        tariffs.participation,
        tariffs.participation_cap,
    ]
    for parameter in parameters:
        for value in parameter.values:
            assert len(value.reference) > 10, parameter.name


def test_lookup_before_the_first_value(tariffs):
    with pytest.raises(InputError, match="before 2017-05-01"):
        tariffs.bases["1"].at(date(2017, 4, 30))
