"""The front door can jam: contacts wait for a callback, give up, and it shows in the KPIs."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.carepath.network import WAITING_TO_BE_REACHED, CareNetwork
from ekosim.contacts import Contacts
from ekosim.model import EcosystemModel
from ekosim.scenario import ScenarioError

PHONE_ONLY = {
    "name": "phone-only",
    "population": {"size": 1000},
    "demand": {"source": "poisson", "arrivals_per_day": 100.0},
    "channels": {
        "digital_share": 0.0,
        "walk_in_share": 0.0,
        "phone": {"capacity_per_day": 60, "open_days_per_week": 7, "patience_days": 2.0},
    },
    "service": {"provider": "p", "capacity_per_day": 1000, "open_days_per_week": 7},
    "providers": {"p": {"kind": "public"}},
}


def network(patience: float | None) -> CareNetwork:
    data = PHONE_ONLY | {
        "channels": PHONE_ONLY["channels"]
        | {"phone": {"capacity_per_day": 60, "open_days_per_week": 7, "patience_days": patience}}
    }
    return CareNetwork(ekosim.load_scenario(data), np.random.default_rng(1))


def test_an_overloaded_channel_loses_contacts_that_give_up() -> None:
    jammed = network(2.0)
    for day in range(60):
        jammed.step(day, Contacts.of(np.arange(100)))
    queue = jammed.channels["phone"]
    # 100 a day, 60 answered: the queue settles where those giving up balance the excess.
    expected = 40 / (1 - np.exp(-1 / 2))
    assert len(queue) == pytest.approx(expected, rel=0.25)
    values = jammed.report(ekosim.kpis.KpiWindow(60, 60, _residents(1000)))
    assert values["contact_abandonment_share"] == pytest.approx(0.4, abs=0.05)
    assert values["contact_wait_days_p90"] >= 1.0
    assert values["same_day_contact_share"] < 0.6
    assert values["unmet_need_share"] > 0.3


def test_without_patience_the_queue_only_grows() -> None:
    patient = network(None)
    for day in range(30):
        patient.step(day, Contacts.of(np.arange(100)))
    assert len(patient.channels["phone"]) == 30 * 40
    assert (
        patient.report(ekosim.kpis.KpiWindow(30, 30, _residents(1000)))["contact_abandonment_share"]
        == 0.0
    )


def test_urgent_contacts_never_give_up_and_go_first() -> None:
    jammed = network(0.5)
    contacts = Contacts(np.arange(100), np.arange(100) < 50, np.zeros(100, np.int8))
    for day in range(20):
        day_out = jammed.step(day, contacts)
        assert day_out.outcomes["channel.phone"].served.urgent.sum() == 50
    gave_up, _ = jammed.unmet_today()
    assert len(gave_up) and not gave_up.urgent.any()


def _residents(n: int) -> ekosim.population.Residents:
    model = EcosystemModel(PHONE_ONLY, rng=0)
    return model.population.residents


def test_digital_first_chat_jams_and_the_scorecard_shows_it() -> None:
    base = ekosim.run(ekosim.load_scenario("tesoma-base"), seed=3, years=1)
    digital = ekosim.run(ekosim.load_scenario("digital-first"), seed=3, years=1)
    b, d = base.final_kpis(), digital.final_kpis()
    assert d["contact_abandonment_share"] > b["contact_abandonment_share"] + 0.03
    assert d["same_day_contact_share"] < b["same_day_contact_share"] - 0.05
    assert d["unmet_need_share"] > b["unmet_need_share"]
    # The waits to be reached are in the wait distribution.
    reached = digital.waits[digital.waits["service"] == WAITING_TO_BE_REACHED]
    assert reached["contacts"].sum() > 0 and reached["wait_days"].max() >= 1


def test_bad_patience_is_refused_with_its_place() -> None:
    bad = PHONE_ONLY | {
        "channels": {"phone": {"capacity_per_day": 60, "patience_days": -1}},
    }
    with pytest.raises(ScenarioError, match="patience_days"):
        ekosim.load_scenario(bad)
