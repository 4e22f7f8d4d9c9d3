"""The well-being app's questions, declared once: each answer's name, its label in Finnish and
English, its kind, its range or options, how it is entered and which instrument it belongs to.

The app's widgets, its answers, the saved file and the ``Person`` the scoring takes are all made
from ``FIELDS``; the labels go into the app's text catalogue (``apps.wellbeing_texts``) under
the field's name, and an option's under ``name=value``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from ekosim.wellbeing.person import LIMITS, Person

Kind = Literal["number", "choice", "yes_no"]
InputMode = Literal["decimal", "numeric", "radio", "select", "checkbox"]
STEPS = ("basics", "who5", "findrisc", "habits", "social", "results")


@dataclass(frozen=True)
class Option:
    value: Any  # what the answer holds (a number for scored items, a code otherwise)
    label: Mapping[str, str]  # by language


@dataclass(frozen=True)
class AnswerField:
    name: str  # the answer's key in the app and in the saved file
    label: Mapping[str, str]  # the question, by language
    kind: Kind
    step: str  # one of STEPS
    instrument: str  # "WHO-5", "FINDRISC", "AUDIT-C", or the app's own "basics", "habits", "social"
    input: InputMode  # how it is entered: a decimal field, radio buttons, a list, a checkbox
    range: tuple[float, float] | None = None  # numbers: the plausible answers (Person's LIMITS)
    options: tuple[Option, ...] = ()  # choices, in the form's order
    part_of: tuple[str, int] | None = None  # an item of a Person tuple: (field, index)
    # Where the instrument allows "I don't know" (UNKNOWN): what it is scored as; else None.
    unknown_as: Any = None

    def option_key(self, value: Any) -> str:
        """The catalogue key of an option's label."""
        return f"{self.name}={value}"


def options(*choices: tuple[Any, str, str]) -> tuple[Option, ...]:
    """Options from (value, Finnish label, English label)."""
    return tuple(Option(value, {"fi": fi, "en": en}) for value, fi, en in choices)


def number(name: str, label: Mapping[str, str], step: str, instrument: str) -> AnswerField:
    """A number typed in a decimal field; its range is ``Person``'s plausibility limit."""
    return AnswerField(name, label, "number", step, instrument, "decimal", range=LIMITS[name])


YES_NO = options((True, "Kyllä", "Yes"), (False, "Ei", "No"))
UNKNOWN = "unknown"  # the answer "I don't know"
DONT_KNOW = Option(UNKNOWN, {"fi": "En tiedä", "en": "I don't know"})


def yes_no(
    name: str, label: Mapping[str, str], step: str, instrument: str, dont_know: bool = False
) -> AnswerField:
    """Yes or no as two radio buttons, so that an unanswered question shows (a checkbox left
    empty would read as "no"); with ``dont_know`` a third, scored as "no"."""
    choices = (*YES_NO, DONT_KNOW) if dont_know else YES_NO
    unknown = False if dont_know else None
    return AnswerField(
        name, label, "yes_no", step, instrument, "radio", options=choices, unknown_as=unknown
    )


def choice(
    name: str,
    label: Mapping[str, str],
    step: str,
    instrument: str,
    choices: tuple[Option, ...],
    part_of: tuple[str, int] | None = None,
    unknown_as: Any = None,
) -> AnswerField:
    """One of ``choices``, all visible as radio buttons; with ``unknown_as`` also "I don't
    know", scored as that option."""
    if unknown_as is not None:
        choices = (*choices, DONT_KNOW)
    return AnswerField(
        name,
        label,
        "choice",
        step,
        instrument,
        "radio",
        options=choices,
        part_of=part_of,
        unknown_as=unknown_as,
    )


# WHO-5 (WHO 1998; Finnish wording after the WHO-5 Finnish version): five items, one scale.
WHO5_ITEMS: tuple[Mapping[str, str], ...] = (
    {
        "fi": "Olen ollut iloinen ja hyvällä tuulella",
        "en": "I have felt cheerful and in good spirits",
    },
    {
        "fi": "Olen tuntenut oloni rauhalliseksi ja levolliseksi",
        "en": "I have felt calm and relaxed",
    },
    {
        "fi": "Olen tuntenut oloni aktiiviseksi ja tarmokkaaksi",
        "en": "I have felt active and vigorous",
    },
    {"fi": "Olen herännyt virkeänä ja levänneenä", "en": "I woke up feeling fresh and rested"},
    {
        "fi": "Päiväni ovat olleet täynnä minua kiinnostavia asioita",
        "en": "My daily life has been filled with things that interest me",
    },
)
WHO5_OPTIONS = options(
    (0, "En lainkaan", "At no time"),
    (1, "Joskus", "Some of the time"),
    (2, "Alle puolet ajasta", "Less than half of the time"),
    (3, "Yli puolet ajasta", "More than half of the time"),
    (4, "Suurimman osan ajasta", "Most of the time"),
    (5, "Koko ajan", "All of the time"),
)


FIELDS: tuple[AnswerField, ...] = (
    number("age", {"fi": "Ikä (vuotta)", "en": "Age (years)"}, "basics", "basics"),
    choice(
        "sex",
        {"fi": "Sukupuoli", "en": "Sex"},
        "basics",
        "basics",
        options(("female", "Nainen", "Female"), ("male", "Mies", "Male")),
    ),
    number("height_cm", {"fi": "Pituus (cm)", "en": "Height (cm)"}, "basics", "basics"),
    number("weight_kg", {"fi": "Paino (kg)", "en": "Weight (kg)"}, "basics", "FINDRISC"),
    number("waist_cm", {"fi": "Vyötärönympärys (cm)", "en": "Waist (cm)"}, "basics", "FINDRISC"),
    *(
        choice(f"who5_{item + 1}", label, "who5", "WHO-5", WHO5_OPTIONS, ("who5", item))
        for item, label in enumerate(WHO5_ITEMS)
    ),
    yes_no(
        "active_30min_daily",
        {
            "fi": "Liikun vähintään 30 minuuttia päivittäin",
            "en": "I am physically active at least 30 minutes a day",
        },
        "findrisc",
        "FINDRISC",
    ),
    yes_no(
        "vegetables_daily",
        {
            "fi": "Syön kasviksia, hedelmiä tai marjoja joka päivä",
            "en": "I eat vegetables, fruit or berries every day",
        },
        "findrisc",
        "FINDRISC",
    ),
    yes_no(
        "bp_medication",
        {
            "fi": "Minulla on joskus ollut verenpainelääkitys",
            "en": "I have at some time taken blood-pressure medicine",
        },
        "findrisc",
        "FINDRISC",
    ),
    yes_no(
        "high_glucose_history",
        {
            "fi": "Verensokerini on joskus todettu koholla olevaksi",
            "en": "I have at some time had high blood sugar",
        },
        "findrisc",
        "FINDRISC",
        dont_know=True,
    ),
    choice(
        "family_history",
        {"fi": "Diabetesta suvussa", "en": "Diabetes in the family"},
        "findrisc",
        "FINDRISC",
        options(
            ("none", "Ei", "No"),
            (
                "second_degree",
                "Isovanhempi, täti, setä, eno tai serkku",
                "Grandparent, aunt, uncle or cousin",
            ),
            ("first_degree", "Vanhempi, sisarus tai lapsi", "Parent, sibling or child"),
        ),
        unknown_as="none",
    ),
    choice(
        "audit_1",
        {
            "fi": "Kuinka usein juot alkoholia?",
            "en": "How often do you have a drink containing alcohol?",
        },
        "habits",
        "AUDIT-C",
        options(
            (0, "En koskaan", "Never"),
            (1, "Noin kerran kuussa tai harvemmin", "Monthly or less"),
            (2, "2–4 kertaa kuussa", "2–4 times a month"),
            (3, "2–3 kertaa viikossa", "2–3 times a week"),
            (4, "4 kertaa viikossa tai useammin", "4 or more times a week"),
        ),
        ("audit_c", 0),
    ),
    choice(
        "audit_2",
        {
            "fi": "Kuinka monta annosta yleensä juot niinä päivinä?",
            "en": "How many drinks do you have on a typical drinking day?",
        },
        "habits",
        "AUDIT-C",
        options(
            (0, "1–2", "1–2"),
            (1, "3–4", "3–4"),
            (2, "5–6", "5–6"),
            (3, "7–9", "7–9"),
            (4, "10 tai enemmän", "10 or more"),
        ),
        ("audit_c", 1),
    ),
    choice(
        "audit_3",
        {
            "fi": "Kuinka usein juot kerralla kuusi annosta tai enemmän?",
            "en": "How often do you have six or more drinks on one occasion?",
        },
        "habits",
        "AUDIT-C",
        options(
            (0, "En koskaan", "Never"),
            (1, "Harvemmin kuin kerran kuussa", "Less than monthly"),
            (2, "Kerran kuussa", "Monthly"),
            (3, "Kerran viikossa", "Weekly"),
            (4, "Päivittäin tai lähes", "Daily or almost daily"),
        ),
        ("audit_c", 2),
    ),
    yes_no("smoker", {"fi": "Tupakoin päivittäin", "en": "I smoke daily"}, "habits", "habits"),
    number(
        "sleep_hours",
        {"fi": "Nukun yleensä (tuntia yössä)", "en": "I usually sleep (hours a night)"},
        "habits",
        "habits",
    ),
    yes_no(
        "social",
        {
            "fi": "Käyn jossakin ryhmässä, kerhossa tai yhdistyksen toiminnassa",
            "en": "I take part in a group, club or association",
        },
        "social",
        "social",
    ),
    yes_no(
        "lonely",
        {"fi": "Tunnen itseni usein yksinäiseksi", "en": "I often feel lonely"},
        "social",
        "social",
    ),
    yes_no("living_alone", {"fi": "Asun yksin", "en": "I live alone"}, "social", "social"),
)
BY_NAME = {field.name: field for field in FIELDS}


def labels() -> dict[str, Mapping[str, str]]:
    """Every question's and option's label, by catalogue key."""
    texts: dict[str, Mapping[str, str]] = {}
    for field in FIELDS:
        texts[field.name] = field.label
        texts |= {field.option_key(option.value): option.label for option in field.options}
    return texts


def on_step(step: str) -> tuple[AnswerField, ...]:
    return tuple(field for field in FIELDS if field.step == step)


def missing(values: Mapping[str, Any], step: str | None = None) -> list[str]:
    """The questions (of ``step``, or all) not answered yet, in the form's order."""
    asked = on_step(step) if step else FIELDS
    return [field.name for field in asked if values.get(field.name) is None]


def unknowns(values: Mapping[str, Any]) -> list[str]:
    """The questions answered "I don't know"."""
    return [field.name for field in FIELDS if values.get(field.name) == UNKNOWN]


def to_person(values: Mapping[str, Any]) -> Person:
    """The person whose answers are ``values``; "I don't know" is scored as the instrument
    allows. Raises ``ValueError`` naming the unanswered questions."""
    unanswered = missing(values)
    if unanswered:
        raise ValueError(f"not answered yet: {', '.join(unanswered)}")
    person: dict[str, Any] = {}
    for field in FIELDS:
        value = values[field.name]
        if value == UNKNOWN and field.unknown_as is not None:
            value = field.unknown_as
        if field.part_of is None:
            person[field.name] = value
        else:
            person[field.part_of[0]] = (*person.get(field.part_of[0], ()), value)
    return Person(**person)


def problems(values: Mapping[str, Any]) -> list[str]:
    """``Person.problems`` of the numbers answered so far (the body mass index once both
    height and weight are there)."""
    numbers = {f.name: values[f.name] for f in FIELDS if f.kind == "number" and f.name in values}
    filled = {**from_person(Person()), **numbers}
    answered = set(numbers) | ({"bmi"} if {"height_cm", "weight_kg"} <= set(numbers) else set())
    return [name for name in to_person(filled).problems() if name in answered]


def parse_number(typed: str) -> float | None:
    """A typed number: a decimal comma ("6,5") or point ("6.5"), spaces around it ignored;
    None for an empty field. Raises ``ValueError`` for anything else."""
    written = typed.strip().replace(",", ".").replace("\u2212", "-")
    if not written:
        return None
    number = float(written)  # ValueError for words, several separators, "1e"...
    if not math.isfinite(number) or not any(c.isdigit() for c in written) or "_" in written:
        raise ValueError(f"not a number: {typed!r}")
    return number


def checked(values: Any) -> dict[str, Any]:
    """Answers as saved (possibly partial) made sure to be this form's: known names, numbers
    where numbers go, and an offered option elsewhere. Anything else raises ``ValueError``."""
    if not isinstance(values, dict):
        raise ValueError("the answers are not a set of named answers")
    answers: dict[str, Any] = {}
    for name, value in values.items():
        field = BY_NAME.get(name)
        if field is None:
            raise ValueError(f"unknown answer {name!r}")
        if field.kind == "number":
            number_like = isinstance(value, int | float) and not isinstance(value, bool)
            if not number_like or not math.isfinite(value):
                raise ValueError(f"{name} must be a number")
            answers[name] = float(value)
        elif not any(value == o.value and type(value) is type(o.value) for o in field.options):
            raise ValueError(f"{name} is not one of the offered answers")
        else:
            answers[name] = value
    return answers


def format_number(value: float, language: str) -> str:
    """A number as a resident would write it: "6,5" in Finnish, "6.5" in English, "70"."""
    written = f"{value:g}"
    return written.replace(".", ",") if language == "fi" else written


def from_person(person: Person) -> dict[str, Any]:
    """The answers of ``person``, one value per field's name."""
    return {
        field.name: getattr(person, field.name)
        if field.part_of is None
        else getattr(person, field.part_of[0])[field.part_of[1]]
        for field in FIELDS
    }


def _covers_person() -> None:
    """Every Person field is asked, and nothing else is (checked on import)."""
    asked = {field.part_of[0] if field.part_of else field.name for field in FIELDS}
    if asked != {field.name for field in fields(Person)}:
        raise RuntimeError(f"FIELDS and Person disagree: {sorted(asked)}")


_covers_person()
