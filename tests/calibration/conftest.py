from __future__ import annotations

from pathlib import Path

import pytest

from ekosim.calibration import TARGETS_FILE

TINY_SPEC = """\
name: tiny
scenario: tesoma-base
parameters:
  demand.contacts_per_resident_year: {low: 4.5, high: 6.5}
  channels.digital.resolution_rate: {low: 0.3, high: 0.75}
targets:
  primary_care_contacts: {weight: 1}
  remote_share: {weight: 2}
targets_file: targets.yaml
residents: 1000
years: 1
replications: 1
"""


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    """A spec of one-year, 1,000-resident trials, beside a copy of the targets file."""
    (tmp_path / "targets.yaml").write_text(TARGETS_FILE.read_text())
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_SPEC)
    return path
