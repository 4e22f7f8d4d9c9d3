"""The resident state registry: every per-resident array declared once, grown together."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekosim
from ekosim.carepath.continuity import Continuity
from ekosim.carepath.homecare import HomeCare
from ekosim.carepath.housing import Care24h
from ekosim.model import EcosystemModel
from ekosim.population import dynamics, state
from ekosim.population.keyresults import KeyResults
from ekosim.population.needs import need_total, need_weights
from ekosim.population.residents import Residents
from ekosim.population.state import ResidentState, StateArray
from ekosim.population.synthesis import synthesise
from ekosim.reference import ReferenceModel
from ekosim.results import Results

OWNERS = (Residents, HomeCare, Care24h, Continuity, KeyResults)
POPULATION = Path(ekosim.__file__).parent / "population"


def test_every_field_has_a_unit_a_meaning_and_a_fill_of_its_dtype() -> None:
    assert len(state.fields()) >= 30
    for field in state.fields():
        assert field.unit.strip() and field.meaning.strip(), field.name
        blank = field.blank(3, 2)
        assert blank.dtype == np.dtype(field.dtype), field.name
        assert np.array_equal(blank, np.full(blank.shape, field.fill), equal_nan=True), field.name


def test_each_owner_has_exactly_its_registered_fields_as_attributes() -> None:
    for owner in OWNERS:
        dotted = f"{owner.__module__}.{owner.__qualname__}"
        registered = {field.name for field in state.fields(dotted)}
        assert registered and registered == set(state.attributes(owner)), dotted
    assert {field.owner for field in state.fields()} == {
        f"{owner.__module__}.{owner.__qualname__}" for owner in OWNERS
    }


def test_a_class_cannot_claim_another_owners_field() -> None:
    owner = r"ekosim\.carepath\.homecare\.HomeCare"
    with pytest.raises(TypeError, match=rf"'client' belongs to {owner}, not .*Impostor"):

        class Impostor:
            client = StateArray()

    with pytest.raises(KeyError, match="no resident state field 'shoe_size'"):

        class Unknown:
            shoe_size = StateArray()


def test_an_array_of_the_wrong_shape_or_dtype_is_refused_by_name() -> None:
    residents = Residents.empty(4, 1)
    with pytest.raises(TypeError, match=r"'age' must be float32\(4,\), got float64\(4,\)"):
        residents.age = np.zeros(4)
    with pytest.raises(TypeError, match=r"'alive' must be bool\(4,\), got bool\(5,\)"):
        residents.alive = np.zeros(5, dtype=bool)
    residents.age = np.ones(4, dtype=np.float32)  # the same shape and dtype is taken
    assert residents.state["age"].sum() == 4


def test_the_markdown_table_has_a_row_per_field() -> None:
    lines = state.markdown_table().splitlines()
    assert lines[0] == "| name | dtype | unit | fill | meaning | owner |"
    assert len(lines) == 2 + len(state.fields())
    assert "| `discharged_on` | int32 | day | -1 |" in state.markdown_table()
    assert all(line.count("|") == 7 for line in lines)


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(0, 20),
    growths=st.lists(st.integers(0, 30), min_size=1, max_size=5),
    n_actions=st.integers(0, 3),
    seed=st.integers(0, 2**16),
)
def test_growing_resizes_every_array_together_keeping_old_values(
    start: int, growths: list[int], n_actions: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    arrays = ResidentState(start, n_actions)
    for field in state.fields():  # some values in every array, to see that they stay
        current = arrays[field.name]
        current[...] = rng.integers(0, 2, current.shape).astype(current.dtype)
    capacity = start
    for extra in growths:
        before = {field.name: arrays[field.name].copy() for field in state.fields()}
        capacity += extra
        arrays.grow(capacity)
        assert arrays.capacity == capacity
        for field in state.fields():
            now = arrays[field.name]
            assert len(now) == capacity, field.name
            assert now.dtype == np.dtype(field.dtype), field.name
            assert now.shape[1:] == ((n_actions,) if field.per_action else ()), field.name
            old = before[field.name]
            assert np.array_equal(now[: len(old)], old, equal_nan=True), field.name
            new = now[len(old) :]
            assert np.array_equal(new, np.full(new.shape, field.fill), equal_nan=True)
    with pytest.raises(ValueError, match="cannot shrink"):
        arrays.grow(capacity - 1)


def _random_values(shape: tuple[int, ...], dtype: str, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 3, shape).astype(dtype)


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(0, 20),
    chunks=st.lists(st.integers(0, 30), min_size=1, max_size=6),
    planned_extra=st.integers(0, 60),
    n_actions=st.integers(0, 3),
    seed=st.integers(0, 2**16),
)
def test_growing_in_chunks_ends_as_growing_at_once(
    start: int, chunks: list[int], planned_extra: int, n_actions: int, seed: int
) -> None:
    """A chunk at a time or all at once, every field ends the same: the old values kept, the
    preset ones (one for each planned slot) where preset, the fill elsewhere."""
    rng = np.random.default_rng(seed)
    planned = start + planned_extra
    values = {
        f.name: _random_values(f.blank(start, n_actions).shape, f.dtype, rng)
        for f in state.fields()
    }
    preset = rng.random(planned) < 0.5

    def made() -> ResidentState:
        arrays = ResidentState(start, n_actions)
        arrays.plan(planned)
        for name, value in values.items():
            arrays[name] = value.copy()
        arrays.preset("in_balance", preset)
        return arrays

    stepwise, at_once = made(), made()
    capacity = start
    for chunk in chunks:
        capacity += chunk
        stepwise.grow(capacity)
        assert stepwise.capacity == capacity <= stepwise.planned_slots
    at_once.grow(capacity)
    for f in state.fields():
        assert np.array_equal(stepwise[f.name], at_once[f.name], equal_nan=True), f.name
        new = stepwise[f.name][start:]
        assert new.shape == (capacity - start, *((n_actions,) if f.per_action else ()))
        if f.name == "in_balance":
            expected = np.r_[preset[start:capacity], np.zeros(max(capacity - planned, 0), bool)]
            assert np.array_equal(new, expected)
        else:
            assert np.array_equal(new, np.full(new.shape, f.fill), equal_nan=True), f.name
    assert np.array_equal(stepwise["in_balance"][:start], preset[:start])  # preset overwrote


def test_a_draw_per_slot_moves_the_generator_as_for_every_planned_slot() -> None:
    arrays = ResidentState(5)
    arrays.plan(12)
    arrays.plan(7)  # a plan never shrinks
    assert arrays.planned_slots == 12
    ours, theirs = np.random.default_rng(1), np.random.default_rng(1)
    assert np.array_equal(arrays.per_slot(ours.random), theirs.random(12)[:5])
    assert ours.random() == theirs.random()
    with pytest.raises(ValueError, match=r"'in_balance': preset needs 12 values.*got 5"):
        arrays.preset("in_balance", np.zeros(5, dtype=bool))


def _chunked_run(
    scenario: ekosim.Scenario, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> EcosystemModel:
    monkeypatch.setattr(dynamics, "GROWTH_CHUNK_SHARE", 0.0)
    monkeypatch.setattr(dynamics, "GROWTH_CHUNK_MIN", chunk)
    model = EcosystemModel(scenario, rng=4)
    model.run_years(1)
    return model


def test_a_run_is_the_same_whether_its_arrays_grow_a_slot_at_a_time_or_hold_the_horizon(
    small_tesoma: ekosim.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Allocation is invisible: the frames and every used slot's state are identical when the
    arrays grow by one slot beyond each month's need or are allocated for the whole horizon
    at the start (as before chunks)."""
    chunked = _chunked_run(small_tesoma, monkeypatch, 1)
    whole = _chunked_run(small_tesoma, monkeypatch, 10**9)
    used = chunked.population.next_slot
    assert chunked.population.residents.capacity == used + 1  # grown every month
    assert whole.population.residents.capacity == whole.population.residents.state.planned_slots
    assert used < whole.population.residents.capacity
    ours, theirs = Results.from_model(chunked, seed=4), Results.from_model(whole, seed=4)
    for frame in ("kpis", "flows", "ledger", "waits"):
        pd.testing.assert_frame_equal(getattr(ours, frame), getattr(theirs, frame))
    for f in state.fields():
        a, b = chunked.population.residents.state[f.name], whole.population.residents.state[f.name]
        assert np.array_equal(a[:used], b[:used], equal_nan=True), f.name


def test_a_model_whose_population_outgrows_its_allowance_keeps_every_array_in_step(
    small_tesoma: ekosim.Scenario,
) -> None:
    model = EcosystemModel(small_tesoma, rng=3)
    residents = model.population.residents
    allowance = residents.state.planned_slots
    assert residents.capacity < allowance  # allocated: the start population and a chunk
    model.population.next_slot = allowance  # the horizon's allowance is used up
    model.run_for(31)  # a monthly step: births and in-migrants need room
    assert residents is model.population.residents  # grown in place, not replaced
    capacity = residents.capacity
    assert capacity > model.population.next_slot > 0
    assert residents.state.planned_slots == 2 * model.population.next_slot  # the plan doubled
    for owner in (residents, model.home_care, model.continuity, model.key_results):
        assert owner.state is residents.state
        for name in state.attributes(type(owner)):
            assert len(getattr(owner, name)) == capacity, name
    assert residents.alive[allowance:].any()  # the births and in-migrants past it
    model.run_for(31)  # the next month runs on the grown arrays
    assert np.isfinite(model.key_results.child_index[residents.alive]).all()


def _imports(module: str) -> set[str]:
    tree = ast.parse(inspect.getsource(importlib.import_module(module)))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_residents_and_health_do_not_import_each_other() -> None:
    residents = _imports("ekosim.population.residents")
    assert not {"ekosim.population.health", "ekosim.population.synthesis"} & residents
    assert "ekosim.population.residents" in _imports("ekosim.population.health")
    assert "ekosim.population.state" not in {
        name.rsplit(".", 1)[0] for name in _imports("ekosim.population.state")
    }


def test_need_total_is_the_row_sum_of_need_weights(small_tesoma: ekosim.Scenario) -> None:
    r = synthesise(small_tesoma.population, np.random.default_rng(8), capacity=700)
    r.alive[::7] = False  # dead slots count zero in both
    assert np.allclose(need_total(r), need_weights(r).sum(axis=1), rtol=1e-6)
    assert need_total(r)[~r.alive].sum() == 0 and need_total(r)[r.alive].min() > 0


def test_the_reference_agents_weigh_needs_as_the_engine(small_tesoma: ekosim.Scenario) -> None:
    reference = ReferenceModel(small_tesoma, rng=11)
    engine = synthesise(small_tesoma.population, np.random.default_rng(11))
    weights = need_weights(engine, np.flatnonzero(engine.alive))
    agents = list(reference.agents)
    assert len(agents) == len(weights)
    for agent, row in zip(agents, weights, strict=True):
        assert np.allclose(agent.need_weights(), row, rtol=1e-6)
