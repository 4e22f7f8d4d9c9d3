"""Game rules of the action plan: weekly check-ins in simulated time, points, streaks, levels,
badges and challenges. The rules never punish: points only grow, a paused week keeps the
streak, and a missed week costs nothing but the current streak (the best one is kept, and
coming back earns a badge of its own).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

POINTS_PER_ACTION_WEEK = 10  # points for each planned action done in a week
WHOLE_PLAN_BONUS = 5  # extra points when every planned action was done that week
POINTS_PER_LEVEL = 100
# Badge -> the rule that earns it; checked after each check-in, each earned once.
BADGES = ("first_step", "whole_plan", "streak_4", "streak_12", "explorer", "comeback", "level_3")
STREAK_BADGES = {"streak_4": 4, "streak_12": 12}
EXPLORER_ACTIONS = 3  # different actions tried
CHALLENGES = {"four_weeks": 4, "three_actions": EXPLORER_ACTIONS}  # weeks in a row; actions


@dataclass(frozen=True)
class GameState:
    week: int = 0  # simulated weeks checked in (done, paused or missed)
    points: int = 0
    streak: int = 0  # active weeks in a row; paused weeks neither add nor break
    best_streak: int = 0
    active_weeks: int = 0
    tried: tuple[str, ...] = ()  # actions done at least once
    badges: tuple[str, ...] = ()
    away: bool = False  # the last non-paused week had nothing done

    @property
    def level(self) -> int:
        return 1 + self.points // POINTS_PER_LEVEL

    @property
    def points_to_next_level(self) -> int:
        return POINTS_PER_LEVEL - self.points % POINTS_PER_LEVEL

    def challenges(self) -> dict[str, tuple[int, int]]:
        """Each challenge's progress as (now, goal)."""
        return {
            "four_weeks": (min(self.streak, CHALLENGES["four_weeks"]), CHALLENGES["four_weeks"]),
            "three_actions": (
                min(len(self.tried), CHALLENGES["three_actions"]),
                CHALLENGES["three_actions"],
            ),
        }


def check_in(
    state: GameState, planned: list[str] | tuple[str, ...], done: list[str] | tuple[str, ...]
) -> GameState:
    """One week: ``done`` are the planned actions the resident did (others are ignored)."""
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


def pause(state: GameState) -> GameState:
    """A rest week: time moves on, the streak and everything else stay as they are."""
    return replace(state, week=state.week + 1)
