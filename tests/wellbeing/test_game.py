"""Game rules: points only grow, pauses keep the streak, missing a week never costs points."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ekosim.wellbeing.game import (
    POINTS_PER_ACTION_WEEK,
    WHOLE_PLAN_BONUS,
    GameState,
    check_in,
    pause,
)

PLAN = ("exercise-150", "sleep-7-8h")


def test_a_whole_week_earns_points_streak_and_first_badges() -> None:
    state = check_in(GameState(), PLAN, PLAN)
    assert state.points == 2 * POINTS_PER_ACTION_WEEK + WHOLE_PLAN_BONUS
    assert (state.week, state.streak, state.active_weeks) == (1, 1, 1)
    assert state.badges == ("first_step", "whole_plan")


def test_a_pause_keeps_the_streak_and_a_missed_week_costs_no_points() -> None:
    state = check_in(check_in(GameState(), PLAN, PLAN), PLAN, PLAN[:1])
    paused = pause(state)
    assert (paused.streak, paused.points, paused.week) == (2, state.points, 3)
    missed = check_in(paused, PLAN, [])
    assert missed.points == state.points and missed.streak == 0 and missed.best_streak == 2
    back = check_in(missed, PLAN, PLAN[:1])
    assert "comeback" in back.badges and back.streak == 1


def test_streaks_levels_and_challenges() -> None:
    state = GameState()
    for _ in range(12):
        state = check_in(state, PLAN, PLAN)
    assert {"streak_4", "streak_12", "level_3"} <= set(state.badges)
    assert state.level == 1 + state.points // 100
    assert state.challenges()["four_weeks"] == (4, 4)
    assert state.challenges()["three_actions"] == (2, 3)
    assert len(state.badges) == len(set(state.badges))


@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(PLAN), max_size=2)), max_size=30))
def test_points_never_fall_and_weeks_always_advance(weeks: list[list[str] | None]) -> None:
    state = GameState()
    for done in weeks:
        after = pause(state) if done is None else check_in(state, PLAN, done)
        assert after.points >= state.points and after.week == state.week + 1
        assert after.best_streak >= state.best_streak and set(state.badges) <= set(after.badges)
        state = after
