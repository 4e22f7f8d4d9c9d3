"""One translation rule for both apps: every text exists in every language, or it is an error.

A catalogue maps a key to its texts by language. Looking up a key or a language that is not
there raises ``KeyError`` naming both, so a missing text fails a test instead of showing the
key on the page.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("fi", "en")


class Catalogue:
    """Texts by key and language, with ``str.format`` values filled in."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]]) -> None:
        incomplete = sorted(key for key, entry in texts.items() if set(entry) != set(LANGUAGES))
        if incomplete:
            raise KeyError(f"texts not in every language {LANGUAGES}: {', '.join(incomplete)}")
        self.texts = texts

    def __contains__(self, key: object) -> bool:
        return key in self.texts

    def __call__(self, key: str, language: str, **values: object) -> str:
        if language not in LANGUAGES:
            raise KeyError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        try:
            written = self.texts[key][language]
        except KeyError:
            raise KeyError(f"no {language!r} text for {key!r}") from None
        return written.format(**values) if values else written
