"""Game rules: points only grow, pauses keep the streak, missing a week never costs points."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekosim.wellbeing.game import (
    POINTS_PER_ACTION_WEEK,
    WHOLE_PLAN_BONUS,
    AlreadyThisWeek,
    GameState,
    check_in,
    iso_week,
    pause,
    weeks_between,
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


def test_one_check_in_a_calendar_week() -> None:
    monday, sunday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 6)
    assert iso_week(monday) == iso_week(sunday) == "2026-W49"
    first = check_in(GameState(), PLAN, PLAN, week="2026-W49")
    with pytest.raises(AlreadyThisWeek, match="2026-W49"):
        check_in(first, PLAN, PLAN, week="2026-W49")
    with pytest.raises(AlreadyThisWeek):
        pause(first, week="2026-W49")
    second = check_in(first, PLAN, PLAN, week="2026-W50")
    assert (second.week, second.streak, second.last_week) == (2, 2, "2026-W50")
    rested = pause(second, week="2026-W51")
    assert rested.streak == 2  # a rest week keeps the streak
    across_new_year = check_in(rested, PLAN, PLAN, week="2026-W53")  # W52 skipped
    assert (across_new_year.streak, across_new_year.week) == (1, 4)  # a missed week: anew
    assert "comeback" in across_new_year.badges
    assert across_new_year.points > rested.points  # and no points lost
    assert weeks_between("2026-W53", "2027-W01") == 1


def test_the_game_state_round_trips_and_refuses_anything_else() -> None:
    state = check_in(check_in(GameState(), PLAN, PLAN, week="2026-W49"), PLAN, PLAN[:1])
    assert GameState.from_dict(json.loads(json.dumps(state.as_dict()))) == state
    for bad in (
        [],
        {"points": -5},
        {"points": True},
        {"badges": ["gold"]},
        {"tried": "exercise"},
        {"last_week": "soon"},
        {"cheat": 1},
    ):
        with pytest.raises(ValueError):
            GameState.from_dict(bad)


def test_a_challenge_the_offered_actions_cannot_complete_is_not_shown() -> None:
    assert set(GameState().challenges()) == {"four_weeks", "three_actions"}
    assert set(GameState().challenges(offered=2)) == {"four_weeks"}
    assert set(GameState().challenges(offered=3)) == {"four_weeks", "three_actions"}
