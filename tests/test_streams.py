"""Random streams per process: deterministic, independent of other draws, uniform."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import ekosim
from ekosim.model import EcosystemModel, resolve
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS
from ekosim.population.needs import need_weights
from ekosim.scenario import scaled
from ekosim.streams import RandomStreams, occurrence, pick


def test_a_residents_number_does_not_depend_on_who_else_is_drawn_for():
    streams = RandomStreams(7)
    alone = streams.uniform("routing", 12, np.array([5]))
    crowd = streams.uniform("routing", 12, np.array([3, 9, 5, 100_000]))
    assert alone[0] == crowd[2]


def test_numbers_differ_by_stream_day_and_resident():
    streams = RandomStreams(7)
    who = np.arange(1000)
    a = streams.uniform("routing", 1, who)
    assert not np.array_equal(a, streams.uniform("channel", 1, who))
    assert not np.array_equal(a, streams.uniform("routing", 2, who))
    assert len(np.unique(a)) == len(a)


def test_same_seed_same_numbers_and_another_seed_others():
    who = np.arange(50)
    assert np.array_equal(
        RandomStreams(3).uniform("x", 4, who), RandomStreams(3).uniform("x", 4, who)
    )
    assert not np.array_equal(
        RandomStreams(3).uniform("x", 4, who), RandomStreams(4).uniform("x", 4, who)
    )


def test_a_resident_named_twice_gets_two_numbers():
    u = RandomStreams(1).uniform("contacts", 0, np.array([8, 8, 2, 8]))
    assert len({u[0], u[1], u[3]}) == 3
    assert list(occurrence(np.array([8, 8, 2, 8, 2]))) == [0, 1, 0, 2, 1]


def test_uniform_numbers_are_uniform_and_uncorrelated_over_days():
    streams = RandomStreams(11)
    who = np.arange(20_000)
    today, tomorrow = streams.uniform("s", 5, who), streams.uniform("s", 6, who)
    assert ((today >= 0) & (today < 1)).all()
    assert stats.kstest(today, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(today, tomorrow)[0, 1]) < 0.03


def test_generators_depend_on_the_name_not_the_order_they_were_made():
    first, second = RandomStreams(5), RandomStreams(5)
    first.generator("births")
    a = first.generator("home_care").random(3)
    b = second.generator("home_care").random(3)
    assert np.array_equal(a, b)
    assert second.generator("home_care") is second.generator("home_care")


def test_streams_of_a_model_generator_follow_its_seed_and_leave_it_untouched():
    rng = np.random.default_rng(9)
    streams = RandomStreams.of(rng)
    assert np.array_equal(rng.random(4), np.random.default_rng(9).random(4))
    again = RandomStreams.of(np.random.default_rng(9))
    assert np.array_equal(
        streams.uniform("a", 0, np.arange(5)), again.uniform("a", 0, np.arange(5))
    )


@given(st.lists(st.integers(0, 10**6), max_size=60), st.integers(0, 10**5))
def test_occurrence_counts_earlier_equal_entries(values, day):
    who = np.array(values, dtype=np.int64)
    expected = [values[:i].count(v) for i, v in enumerate(values)]
    assert list(occurrence(who)) == expected
    u = RandomStreams(2).uniform("p", day, who)
    assert len(u) == len(values) and ((u >= 0) & (u < 1)).all()


@given(st.lists(st.integers(0, 3), max_size=60), st.integers(0, 10**5))
def test_occurrence_counts_repeats_of_slots_in_order(counts, first):
    """Sorted slots with repeats (``np.repeat`` of a month's callers) take a short cut."""
    who = np.repeat(np.arange(first, first + len(counts)), counts)
    values = who.tolist()
    assert list(occurrence(who)) == [values[:i].count(v) for i, v in enumerate(values)]


# --- In the model: a lever's change stays where its rules reach (issue 19 point 6) ---------

HEALTH = ("diabetes", "cvd", "dementia", "died", "frail")
MONTHS = 6


def _small_tesoma(overrides: dict[str, object] | None = None) -> ekosim.Scenario:
    scenario = ekosim.load_scenario("tesoma-base", {"horizon_years": 1})
    return resolve(scaled(scenario, 3000), overrides=overrides)


def _run(scenario, adopt=None, actions=("exercise-150",)):
    """Six months with seed 5, day by day's flows kept; ``adopt(residents)``: who starts the
    actions before the first day (the lever). Returns the model, the adopters and each
    month's end need weights."""
    model = EcosystemModel(scenario, rng=5)
    r = model.population.residents
    adopters = adopt(r) if adopt is not None else np.zeros(r.capacity, bool)
    model.population.adopt(list(actions), adopters)
    weights = []
    for _ in range(MONTHS):
        model.run_for(SLOW_PROCESS_INTERVAL_DAYS)
        weights.append(need_weights(r))
    return model, adopters, weights


def _flows(model, service=None):
    return [row for row in model.flow_rows if service is None or row[1] == service]


@pytest.fixture(scope="module")
def baseline():
    return _run(_small_tesoma())


def test_a_prevention_lever_leaves_every_flow_as_it_was_until_it_changes_someones_needs(
    baseline,
):
    """Forty young adults start exercising: their own drop-out and event numbers are read
    every month, but nobody else's draws move, so the services' flows (dental's among them)
    stay identical until the lever changes a resident's needs. With one shared generator
    the adopters' monthly drop-out draws shifted every later draw from day 30 on."""

    def few(r):
        young = np.flatnonzero(r.alive & (r.age >= 25) & (r.age < 35))[:40]
        return np.isin(np.arange(r.capacity), young)

    lever, adopters, weights = _run(_small_tesoma(), few)
    base, _, base_weights = baseline
    assert lever.population.residents.action_adhering[adopters].any()
    reached = next(
        (m for m, (b, v) in enumerate(zip(base_weights, weights, strict=True)) if (b != v).any()),
        MONTHS,
    )
    last_day = (reached + 1) * SLOW_PROCESS_INTERVAL_DAYS  # needs first differ after its step
    assert last_day >= 3 * SLOW_PROCESS_INTERVAL_DAYS  # the window spans monthly steps
    before = [row for row in _flows(base) if row[0] < last_day]
    assert before == [row for row in _flows(lever) if row[0] < last_day]
    assert [r for r in before if r[1] == "dental"]  # dental ran (and stayed the same)


def test_residents_untouched_by_a_lever_keep_their_health_events(baseline):
    """Every other adult quits smoking and exercises: the adopters' events change, the
    others' diabetes, cardiovascular events, dementia, deaths and frailty do not."""

    def half(r):
        return r.alive & (r.age >= 18) & (np.arange(r.capacity) % 2 == 0)

    lever, adopters, _ = _run(_small_tesoma(), half, ("quit-smoking", "exercise-150"))
    base = baseline[0]
    b, v = base.population.residents, lever.population.residents
    others = ~adopters
    changed = 0
    for name in HEALTH:
        assert np.array_equal(getattr(b, name)[others], getattr(v, name)[others]), name
        changed += int((getattr(b, name)[adopters] != getattr(v, name)[adopters]).sum())
    assert changed  # the lever did act on the adopters


def test_a_queue_giving_up_sooner_does_not_move_the_population_dynamics_draws(baseline):
    """Physiotherapy's patience cut from 45 to 3 days: more abandonment draws and other
    flows there, but the population's events (births, movers, onsets, deaths) and every
    resident's health stay as they were (with one shared generator they all moved)."""
    impatient, _, _ = _run(_small_tesoma({"services.physiotherapy.patience_days": 3.0}))
    base = baseline[0]
    assert _flows(base, "physiotherapy") != _flows(impatient, "physiotherapy")
    assert base.population.events == impatient.population.events
    b, v = base.population.residents, impatient.population.residents
    for name in (*HEALTH, "alive", "age"):
        assert np.array_equal(getattr(b, name), getattr(v, name)), name


def test_poisson_counts_have_their_mean_and_move_only_with_the_residents_own_mean():
    streams = RandomStreams(3)
    who = np.arange(200_000)
    mean = np.where(who % 2 == 0, 0.02, 1.5)
    counts = streams.poisson("contacts", 4, who, mean)
    for m in (0.02, 1.5):
        part = counts[mean == m]
        assert part.mean() == pytest.approx(m, rel=0.03)
        assert part.var() == pytest.approx(m, rel=0.05)
    more = streams.poisson("contacts", 4, who, np.where(who < 10, mean * 3, mean))
    assert np.array_equal(more[10:], counts[10:]) and (more[:10] >= counts[:10]).all()


def test_normal_numbers_are_standard_normal_and_events_happen_at_their_chance():
    streams = RandomStreams(4)
    who = np.arange(50_000)
    assert stats.kstest(streams.normal("noise", 1, who), "norm").pvalue > 0.001
    happened = streams.happens("death", 2, who, np.full(len(who), 1.2), 0.5)
    assert happened.mean() == pytest.approx(-np.expm1(-0.6), abs=0.01)


def test_pick_draws_and_returns_what_generator_choice_does() -> None:
    """Any number of items and picks (none too), from generators part-way through their
    streams (a buffered 32-bit half left or not): the same items and the same state after."""
    for seed in range(60):
        size, n = seed % 7 * 3, 1 + seed * 997 % 50_000
        items = np.arange(n, dtype=np.int64) * 5 - 7
        ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
        for rng in (ours, numpys):
            rng.integers(0, 10, size=seed % 3, dtype=np.int32)
        picked, chosen = pick(ours, items, size), numpys.choice(items, size=size)
        assert picked.dtype == chosen.dtype and np.array_equal(picked, chosen)
        assert ours.bit_generator.state == numpys.bit_generator.state
