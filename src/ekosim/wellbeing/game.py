"""Game rules of the action plan: weekly check-ins, points, streaks, levels, badges and
challenges.

Weeks are calendar weeks (ISO 8601, "2026-W49"): one check-in (or rest week) a calendar week;
a second in the same week raises ``AlreadyThisWeek``; calendar weeks skipped in between are
missed weeks (the streak starts again; nothing else is lost). Without ``week`` (simulations)
every call is the next week. The rules never punish: points only grow, a paused week keeps the
streak, and a missed week costs nothing but the current streak (the best one is kept, and
coming back earns a badge of its own).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

POINTS_PER_ACTION_WEEK = 10  # points for each planned action done in a week
WHOLE_PLAN_BONUS = 5  # extra points when every planned action was done that week
POINTS_PER_LEVEL = 100
# Badge -> the rule that earns it; checked after each check-in, each earned once.
BADGES = ("first_step", "whole_plan", "streak_4", "streak_12", "explorer", "comeback", "level_3")
STREAK_BADGES = {"streak_4": 4, "streak_12": 12}
EXPLORER_ACTIONS = 3  # different actions tried
CHALLENGES = {"four_weeks": 4, "three_actions": EXPLORER_ACTIONS}  # weeks in a row; actions


class AlreadyThisWeek(ValueError):
    """This calendar week is checked in already."""


def iso_week(day: datetime.date) -> str:
    """The ISO 8601 calendar week of ``day``, e.g. "2026-W49"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(earlier: str, later: str) -> int:
    """Calendar weeks from ``earlier`` to ``later`` (ISO week names; ValueError if malformed)."""

    def monday(name: str) -> datetime.date:
        year, _, week = name.partition("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)

    return (monday(later) - monday(earlier)).days // 7


@dataclass(frozen=True)
class GameState:
    week: int = 0  # weeks checked in (done, paused or missed)
    points: int = 0
    streak: int = 0  # active weeks in a row; paused weeks neither add nor break
    best_streak: int = 0
    active_weeks: int = 0
    tried: tuple[str, ...] = ()  # actions done at least once
    badges: tuple[str, ...] = ()
    away: bool = False  # the last non-paused week had nothing done
    last_week: str = ""  # the calendar week of the last check-in ("" before the first)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "tried": list(self.tried), "badges": list(self.badges)}

    @classmethod
    def from_dict(cls, data: Any) -> GameState:
        """A game state from ``as_dict``'s output; anything else raises ``ValueError``."""
        if not isinstance(data, dict) or set(data) - {f.name for f in fields(cls)}:
            raise ValueError("the game state is not one this app saved")
        values: dict[str, Any] = {}
        for name, value in data.items():
            expected = type(getattr(cls(), name))
            if expected is tuple:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"game {name} must be a list of names")
                value = tuple(value)
            elif expected is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"game {name} must be a whole number")
            elif expected is int and value < 0:
                raise ValueError(f"game {name} cannot be negative")
            elif expected is not int and not isinstance(value, expected):
                raise ValueError(f"game {name} must be {expected.__name__}")
            values[name] = value
        state = cls(**values)
        if state.badges and not set(state.badges) <= set(BADGES):
            raise ValueError("unknown badges in the game state")
        if state.last_week:
            weeks_between(state.last_week, state.last_week)  # a real week name
        return state

    @property
    def level(self) -> int:
        return 1 + self.points // POINTS_PER_LEVEL

    @property
    def points_to_next_level(self) -> int:
        return POINTS_PER_LEVEL - self.points % POINTS_PER_LEVEL

    def challenges(self, offered: int | None = None) -> dict[str, tuple[int, int]]:
        """Each challenge's progress as (now, goal); with ``offered`` (how many actions the
        resident can choose from), only the challenges those actions can complete."""
        every = {
            "four_weeks": (min(self.streak, CHALLENGES["four_weeks"]), CHALLENGES["four_weeks"]),
            "three_actions": (
                min(len(self.tried), CHALLENGES["three_actions"]),
                CHALLENGES["three_actions"],
            ),
        }
        if offered is not None and offered < CHALLENGES["three_actions"]:
            del every["three_actions"]
        return every


def _calendar(state: GameState, week: str | None) -> GameState:
    """The state moved to calendar ``week``: refused if it is checked in already; skipped
    weeks in between break the streak (a missed week costs nothing else)."""
    if week is None:
        return state
    if state.last_week:
        gap = weeks_between(state.last_week, week)
        if gap <= 0:
            raise AlreadyThisWeek(f"the week {week} is checked in already")
        if gap > 1:
            state = replace(state, streak=0, away=True)
    return replace(state, last_week=week)


def check_in(
    state: GameState,
    planned: list[str] | tuple[str, ...],
    done: list[str] | tuple[str, ...],
    week: str | None = None,
) -> GameState:
    """One week (calendar ``week``, if given): ``done`` are the planned actions the resident
    did (others are ignored)."""
    state = _calendar(state, week)
    did = [action for action in planned if action in set(done)]
    if not did:
        return replace(state, week=state.week + 1, streak=0, away=True)
    points = POINTS_PER_ACTION_WEEK * len(did)
    whole = len(did) == len(planned)
    points += WHOLE_PLAN_BONUS if whole else 0
    streak = state.streak + 1
    after = replace(
        state,
        week=state.week + 1,
        points=state.points + points,
        streak=streak,
        best_streak=max(state.best_streak, streak),
        active_weeks=state.active_weeks + 1,
        tried=tuple(dict.fromkeys([*state.tried, *did])),
        away=False,
    )
    earned = {
        "first_step": True,
        "whole_plan": whole,
        "explorer": len(after.tried) >= EXPLORER_ACTIONS,
        "comeback": state.away,
        "level_3": after.level >= 3,
        **{badge: streak >= weeks for badge, weeks in STREAK_BADGES.items()},
    }
    new = [badge for badge in BADGES if earned[badge] and badge not in state.badges]
    return replace(after, badges=(*state.badges, *new))


def pause(state: GameState, week: str | None = None) -> GameState:
    """A rest week: time moves on, the streak and everything else stay as they are."""
    return replace(_calendar(state, week), week=state.week + 1)
