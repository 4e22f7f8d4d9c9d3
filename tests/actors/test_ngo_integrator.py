"""NGOs and the Kotitori integrator as agents: diversion and participation, routing rules,
feedback learning, billing bases, staff leasing, and integrator vs direct purchasing."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.actors import ROUTING_RULES, Integrator, Ngo
from ekosim.actors.integrator import ProviderView
from ekosim.contacts import Contacts
from ekosim.population.needs import NEEDS
from tests.conftest import small_overrides


def test_ngo_takes_only_non_urgent_needs_within_its_capacity(
    small_tesoma: ekosim.Scenario,
) -> None:
    results = ekosim.run(small_tesoma, seed=1, years=1)
    ngo = results.flows[results.flows["service"] == "ngo.setlementti"]
    spec = small_tesoma.ngos["setlementti"]
    weekday_capacity = spec.volunteers * spec.contacts_per_volunteer_week / 7 + (
        spec.kiosk_hours_per_week / 5 * spec.contacts_per_kiosk_hour
    )
    assert ngo["started"].sum() > 0
    assert ngo["started"].max() <= int(weekday_capacity)
    assert (ngo["abandoned"] == 0).all() and (ngo["mean_wait_days"] == 0).all()
    assert results.final_kpis()["ngo_share"] > 0


def test_ngo_raises_social_participation(small_tesoma: ekosim.Scenario) -> None:
    def social_share(volunteers: int) -> float:
        scenario = ekosim.load_scenario(
            small_tesoma,
            {
                "ngos.setlementti.volunteers": volunteers,
                "ngos.setlementti.kiosk_hours_per_week": 0.0,
            },
        )
        model = ekosim.EcosystemModel(scenario, rng=9)
        start = model.population.residents
        cohort = len(start.alive)
        alive = start.alive.copy()
        model.run_for(200)
        r = model.population.residents
        # the same residents (those of day 0 still alive): births and deaths, which differ
        # between the runs, would otherwise drown the few dozen who join
        stayed = alive & r.alive[:cohort]
        return float(r.social[:cohort][stayed].mean())

    assert social_share(200) > social_share(0) + 0.005


def test_ngo_grant_is_the_purchasers_cost(small_tesoma: ekosim.Scenario) -> None:
    ledger = ekosim.run(small_tesoma, seed=1, years=1).ledger
    grant = ledger.loc[ledger["item"] == "cost.ngo_grants", "amount_eur"].sum()
    assert grant == pytest.approx(small_tesoma.ngos["setlementti"].grant_eur_per_year)
    assert isinstance(Ngo, type)


def view(**arrays: list[float]) -> ProviderView:
    defaults = {"remaining": [5, 9], "score": [0.6, 0.8], "price": [30, 25], "km": [2, 8]}
    defaults.update(arrays)
    return ProviderView(
        *(np.array(defaults[k], float) for k in ("remaining", "score", "price", "km"))
    )


@pytest.mark.parametrize(
    ("rule", "best"), [("capacity", 1), ("quality", 1), ("price", 1), ("distance", 0)]
)
def test_routing_rules_prefer_the_right_provider(rule: str, best: int) -> None:
    assert int(np.argmax(ROUTING_RULES[rule](view()))) == best


@pytest.fixture(scope="module")
def kotitori() -> dict[str, ekosim.Results]:
    """A sixth of Tesoma, its services, staff and home-service providers scaled to match."""
    scale = 4000 / 23000
    overrides = small_overrides(scale, "tesoma-kotitori") | {
        "providers.city.staff.home_care_nurse.vacancy_rate": 0.5,  # short even at fitted take-up
        "integrator.leasable_visits_per_day": 15,
    }
    for name, spec in ekosim.load_scenario("tesoma-kotitori").integrator.providers.items():
        overrides[f"integrator.providers.{name}.capacity_per_day"] = round(
            spec.capacity_per_day * scale
        )
    runs = {}
    for enabled in (True, False):
        scenario = ekosim.load_scenario(
            "tesoma-kotitori", overrides | {"integrator.enabled": enabled}
        )
        runs["integrator" if enabled else "direct"] = ekosim.run(scenario, seed=5, years=1)
    return runs


def test_integrator_learns_quality_and_beats_direct_purchasing(
    kotitori: dict[str, ekosim.Results],
) -> None:
    integrator, direct = (kotitori[k].final_kpis() for k in ("integrator", "direct"))
    assert integrator["home_service_satisfaction"] > direct["home_service_satisfaction"] + 0.05
    assert integrator["home_service_orders_unmet_share"] < direct["home_service_orders_unmet_share"]


def test_integrator_posts_billing_bases_and_leases_staff(
    kotitori: dict[str, ekosim.Results],
) -> None:
    ledger = kotitori["integrator"].ledger
    items = set(ledger.loc[ledger["partner"] == "kotitori", "item"])
    assert {
        "cost.purchased_services.home_services",
        "cost.staff.order_handling",
        "cost.staff.leased",
    } <= items
    assert kotitori["integrator"].final_kpis()["leased_visits_per_day"] > 0
    direct = kotitori["direct"].ledger
    assert "kotitori" not in set(direct["partner"])
    assert kotitori["direct"].final_kpis()["leased_visits_per_day"] == 0


def test_feedback_moves_scores_towards_true_quality() -> None:
    scenario = ekosim.load_scenario("tesoma-kotitori", {"population.size": 3000})
    model = ekosim.EcosystemModel(scenario, rng=2)
    integrator = next(iter(model.agents_by_type[Integrator]))
    scores = []
    for _ in range(300):
        satisfied = model.rng.binomial(integrator.capacity, integrator.quality)
        integrator._learn(integrator.capacity, satisfied)
        scores.append(integrator.score.copy())
    np.testing.assert_allclose(np.mean(scores[100:], axis=0), integrator.quality, atol=0.03)


def test_a_local_ngo_serves_only_its_own_areas(small_tesoma: ekosim.Scenario) -> None:
    scenario = ekosim.load_scenario(
        small_tesoma,
        {
            "population.areas": {"west": 0.5, "east": 0.5},
            "ngos.setlementti.areas": ["west"],
            "ngos.setlementti.diverted_needs": {"social": 1.0},
        },
    )
    model = ekosim.EcosystemModel(scenario, rng=2)
    residents = model.population.residents
    everyone = np.flatnonzero(residents.alive)[:200]
    social = NEEDS.index("social")
    contacts = Contacts(everyone, np.zeros(len(everyone), bool), np.full(len(everyone), social))
    rest, outcome = model.ngos[0].divert(contacts, weekday=True)
    west = list(scenario.population.areas).index("west")
    assert outcome.started > 0
    assert (residents.area[outcome.started_resident] == west).all()
    assert (residents.area[rest.resident] != west).any()  # the east is left to the services
