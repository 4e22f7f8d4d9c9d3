"""Why the 95+ home-care share is low (issue 20 point 3): the KPIs are point shares, THL's
figures year counts.

``home_care_share_*`` count the regular clients on the KPI window's last day over the living
residents of the age group. THL's Kotihoito 2022 ("8% of 75-84, 30% of 85-94 and 57% of 95+
received regular home care") counts the residents who were regular clients in the year, the
dead and moved included, over the age group (114,091 regular clients in 2022, against 73,563
in the census of November 2018). The difference grows with the clients' turnover, which is
fastest for the 95+ (deaths, moves to 24-hour housing).
"""

from __future__ import annotations

import numpy as np

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
    assert year_95 / point_95 > 1.5
    # clients who died in the year are a large part of the oldest's year count
    died = int(np.count_nonzero(ever & r.died & (r.age >= 95)))
    assert died > 0.2 * np.count_nonzero(ever & (r.age >= 95))
