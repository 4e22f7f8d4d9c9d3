"""The apps' shared translation rule: a missing text is an error, never a silent key."""

from __future__ import annotations

import pytest

from apps.i18n import Catalogue


def test_a_text_is_found_and_filled_in() -> None:
    texts = Catalogue({"hello": {"fi": "Hei {name}", "en": "Hello {name}"}})
    assert texts("hello", "fi", name="Aino") == "Hei Aino"
    assert texts("hello", "en", name="Aino") == "Hello Aino"
    assert "hello" in texts


def test_a_missing_key_or_language_raises_naming_it() -> None:
    texts = Catalogue({"hello": {"fi": "Hei", "en": "Hello"}})
    with pytest.raises(KeyError, match="'nope'"):
        texts("nope", "fi")
    with pytest.raises(KeyError, match="'sv'"):
        texts("hello", "sv")


def test_a_text_missing_in_one_language_is_refused_up_front() -> None:
    with pytest.raises(KeyError, match="only_fi"):
        Catalogue({"only_fi": {"fi": "Hei"}})
