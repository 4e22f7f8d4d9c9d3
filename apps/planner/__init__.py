"""The planner: change a lever, run, and see the consequences over the years with 95% CIs.

Started by ``ekosim serve planner``. In Panel's DataStore pattern: ``state`` holds the
scenario, the levers (declared once in ``levers``), the run settings and the results;
``runner`` streams the replications into it; ``views`` draws one tab each from it; ``controls``
is the sidebar; ``app`` composes them. The numbers come from ``apps.planner_data``.
"""

from __future__ import annotations

import panel as pn

pn.extension(sizing_mode="stretch_width", notifications=False)

from apps.planner.app import PlannerApp, create_app  # noqa: E402
from apps.planner.state import PlannerState  # noqa: E402
from apps.planner.workers import shutdown as stop_workers  # noqa: E402
from apps.planner.workers import warm as start_workers  # noqa: E402

__all__ = ["PlannerApp", "PlannerState", "create_app", "start_workers", "stop_workers"]

if pn.state.served:
    create_app().servable(title="ekosim planner")
