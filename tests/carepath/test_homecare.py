"""Home-care shares by age counted as THL counts them (issue 20 point 1).

``HomeCare.share_by_age`` is a point share: the regular clients on a day over the living
residents of the age group. THL's Kotihoito 2022 ("8% of 75-84, 30% of 85-94 and 57% of 95+
received regular home care") counts the residents who were regular clients in the year, the
dead and moved included, over the age group (114,091 regular clients in 2022, against 73,563
in the census of November 2018). The difference grows with the clients' turnover, which is
fastest for the 95+ (deaths, moves to 24-hour housing); the KPIs ``home_care_share_*`` count
THL's way (``HomeCare.year_share_by_age``).
"""

from __future__ import annotations

import numpy as np
import pytest

from ekosim.model import EcosystemModel


def test_a_year_count_is_well_above_the_point_share_most_for_the_oldest() -> None:
    model = EcosystemModel("pirkanmaa", rng=11, population=30000)
    home = model.home_care
    ever = home.client.copy()
    for _ in range(365):
        model.step()
        grown = len(home.client) - len(ever)
        if grown > 0:
            ever = np.concatenate([ever, np.zeros(grown, bool)])
        ever |= home.client
    r = model.population.residents

    def shares(low: float, high: float) -> tuple[float, float]:
        aged = (r.age >= low) & (r.age < high)  # the dead keep their age at death
        living = int(np.count_nonzero(aged & r.alive))
        return home.share_by_age(r, low, high), np.count_nonzero(ever & aged) / living

    point_75, year_75 = shares(75, 85)
    point_85, year_85 = shares(85, 95)
    point_95, year_95 = shares(95, 200)
    assert year_75 > point_75 and year_85 > point_85 and year_95 > point_95
    # the year count exceeds the point share more, the older (and faster the turnover)
    assert year_95 / point_95 > year_85 / point_85 > year_75 / point_75
    assert year_95 / point_95 > 1.25
    # clients who died in the year are a large part of the oldest's year count
    died = int(np.count_nonzero(ever & r.died & (r.age >= 95)))
    assert died > 0.2 * np.count_nonzero(ever & (r.age >= 95))


def test_the_kpis_count_the_years_clients_as_thl_does() -> None:
    """After a year, home_care_share_* count the residents who were clients on some day of
    the 365 ending on the window's last day (the dead and moved included, at their age on
    leaving) over the living residents of the age group: the count kept here by hand."""
    model = EcosystemModel("pirkanmaa", rng=12, population=20000)
    home = model.home_care
    days = 365 + 45
    seen: list[np.ndarray] = []
    for _ in range(days):
        model.step()
        seen.append(home.client.copy())
    r = model.population.residents
    ever = np.zeros(r.capacity, bool)
    for client in seen[-365:]:
        ever[: len(client)] |= client
    for low, high in ((75, 85), (85, 95), (95, 200)):
        aged = (r.age >= low) & (r.age < high)
        by_hand = np.count_nonzero(ever & aged) / np.count_nonzero(aged & r.alive)
        assert home.year_share_by_age(r, model.day, low, high) == pytest.approx(by_hand, rel=0.03)
        assert by_hand > home.share_by_age(r, low, high)  # more than the day's clients
    assert (ever & r.died).any()  # the dead of the year are counted


def test_take_up_is_a_lasting_trait_of_a_share_of_those_who_qualify() -> None:
    full = EcosystemModel("pirkanmaa", rng=13, population=20000)
    half = EcosystemModel(
        "pirkanmaa", rng=13, population=20000, overrides={"home_care.take_up_share": 0.5}
    )
    ratio = half.home_care.client.sum() / full.home_care.client.sum()
    assert ratio == pytest.approx(0.5 / full.scenario.home_care.take_up_share, rel=0.15)
    home, r = half.home_care, half.population.residents
    declines = ~home.takes_up(r.capacity)
    for _ in range(3):
        half.run_for(30)
        assert not home.client[: len(declines)][declines].any()


@pytest.mark.parametrize("engine", ["python", "compiled"])
def test_clients_who_need_no_visits_get_none_and_the_run_goes_on(engine: str) -> None:
    """Visits scaled by need (exponent > 0) at no visits a client-day: every client's rate
    is 0, so no visit is drawn (NumPy's choice used to fail on the 0/0 shares)."""
    model = EcosystemModel(
        "tesoma-alliance",
        rng=1,
        population=3000,
        overrides={"home_care.visits_per_client_day": 0.0},
        engine=engine,
    )
    assert model.scenario.home_care.visit_need_exponent > 0
    model.run_for(40)
    residents = model.population.residents
    arrivals = model.home_care.day_arrivals(residents, 40, residents_changed=False)
    assert model.home_care.client.any()
    assert arrivals.urgent.all()  # discharge notices only: no regular visit
