"""The resident state registry: every per-resident array declared once, grown together."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekosim
from ekosim.carepath.continuity import Continuity
from ekosim.carepath.homecare import HomeCare
from ekosim.carepath.housing import Care24h
from ekosim.model import EcosystemModel
from ekosim.population import state
from ekosim.population.keyresults import KeyResults
from ekosim.population.needs import need_total, need_weights
from ekosim.population.residents import Residents
from ekosim.population.state import ResidentState, StateArray
from ekosim.population.synthesis import synthesise
from ekosim.reference import ReferenceModel

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


def test_a_model_whose_population_outgrows_its_allowance_keeps_every_array_in_step(
    small_tesoma: ekosim.Scenario,
) -> None:
    model = EcosystemModel(small_tesoma, rng=3)
    residents = model.population.residents
    allowance = residents.capacity
    model.population.next_slot = allowance  # the horizon's allowance is used up
    model.run_for(31)  # a monthly step: births and in-migrants need room
    assert residents is model.population.residents  # grown in place, not replaced
    capacity = residents.capacity
    assert capacity > model.population.next_slot > 0
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
