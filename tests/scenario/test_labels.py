"""Labels: the names people read for scenarios, services, partners, professions, channels and
NGOs (``label: {fi: ..., en: ...}``), validated like every field and carried by the bundled
scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekosim.scenario import ScenarioError, bundled_scenarios, load_scenario


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_bad_label_is_named_with_its_file_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\n"
        "extends: tesoma-base\n"
        "label: {fi: Oma, sv: Egen}\n"
        "services:\n"
        "  health_station:\n"
        "    label: {fi: '  ', en: Health station}\n"
        "providers:\n"
        "  mehilainen:\n"
        "    staff:\n"
        "      doctor:\n"
        "        label: {en: " + "x" * 101 + "}\n"
        "channels:\n"
        "  phone:\n"
        "    label: Phone\n",
        encoding="utf-8",
    )
    found = problems(path)
    expected = [
        f"{path}:3: label: unknown label language 'sv' (languages: fi, en)",
        f"{path}:6: services.health_station.label: the 'fi' label is empty",
        f"{path}:11: providers.mehilainen.staff.doctor.label.en: string should have at most 100",
        f"{path}:14: channels.phone.label: input should be a valid dictionary",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in found), (start, found)
    assert len(found) == len(expected)
    path.write_text("name: mine\nextends: tesoma-base\nlabel: {}\n", encoding="utf-8")
    assert problems(path) == [
        f"{path}:3: label: a label names at least one language (fi, en) (got {{}})"
    ]


def test_a_label_in_one_language_is_enough(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nextends: tesoma-base\nlabel: {fi: Oma}\n", encoding="utf-8")
    assert load_scenario(path).label == {"fi": "Oma"}


def test_a_scenario_with_a_name_of_its_own_does_not_inherit_its_parents_label() -> None:
    child = load_scenario({"name": "mine", "extends": "tesoma-alliance"})
    assert child.label is None  # it is not "Tesoma alliance"
    assert child.services["health_station"].label == {"fi": "Terveysasema", "en": "Health station"}
    same = load_scenario({"name": "tesoma-alliance", "extends": "tesoma-alliance"})
    assert same.label == {"fi": "Tesoman allianssi", "en": "Tesoma alliance"}


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_every_bundled_scenario_names_its_parts_in_finnish_and_english(name: str) -> None:
    scenario = load_scenario(name)
    labels = {"scenario": scenario.label}
    labels |= {f"services.{k}": v.label for k, v in scenario.services.items()}
    labels |= {f"providers.{k}": v.label for k, v in scenario.providers.items()}
    labels |= {f"ngos.{k}": v.label for k, v in scenario.ngos.items()}
    for channel in ("phone", "digital", "walk_in"):
        spec = getattr(scenario.channels, channel)
        if spec is not None:
            labels[f"channels.{channel}"] = spec.label
    professions: dict[str, list[dict[str, str] | None]] = {}
    for provider in scenario.providers.values():
        for profession, staff in provider.staff.items():
            professions.setdefault(profession, []).append(staff.label)
    for profession, found in professions.items():  # a profession is named at one provider
        labels[f"profession {profession}"] = next((label for label in found if label), None)
    unnamed = [part for part, label in labels.items() if not label or set(label) != {"fi", "en"}]
    assert unnamed == []
    assert scenario.label is not None and scenario.label["en"] != scenario.name
