"""Specialist care: referrals from the services, paid by the region.

Each started contact of a service is referred with the scenario's referral share for that
service, times the referring provider's propensity (its incentive response).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ekosim.scenario.schema import SpecialistCareSpec


def referrals(
    started: Mapping[str, int],
    spec: SpecialistCareSpec,
    propensity: Mapping[str, float],
    rng: np.random.Generator,
) -> int:
    """Referrals made today; ``started`` and ``propensity`` are keyed by service."""
    total = 0
    for service, share in spec.referral_share.items():
        count = started.get(service, 0)
        if count and share:
            total += int(rng.binomial(count, min(1.0, share * propensity.get(service, 1.0))))
    return total
