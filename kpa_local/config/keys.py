"""The schema of kpa.toml: each key of a section, declared once beside its typed value.

A section is a frozen dataclass; each field is declared with `setting(…)`, which gives its default and
a `Key`: its kind (type and check), its French label, whether Paramètres edits it, and the name it had
before if it changed. Reading, checking, the Paramètres screen and the writing of the file all take
the keys from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kpa_local.config.kinds import Kind


@dataclass(frozen=True)
class Key:
    """One key of a section: what it holds and how people see it."""

    kind: Kind
    label: str = ""
    on_screen: bool = False  # edited on the Paramètres screen (the others are explained in kpa.toml)
    example: str = ""  # shown in an empty field
    required: bool = False  # may not be left empty
    later: bool = False  # added to a section after the first release: may be missing from an older file
    was: str = ""  # the name the key had before, read from an older file and renamed


def setting(
    default: Any,
    kind: Kind,
    label: str = "",
    *,
    screen: bool = False,
    example: str = "",
    required: bool = False,
    later: bool = False,
    was: str = "",
) -> Any:
    """A field of a section dataclass: its default and its `Key`."""
    key = Key(kind, label, screen, example, required, later, was)
    if isinstance(default, dict):
        return dataclasses.field(default_factory=lambda: dict(default), metadata={"key": key})
    return dataclasses.field(default=default, metadata={"key": key})


@dataclass(frozen=True)
class Section:
    """One [section] of kpa.toml: its typed value, and whether an older file may lack it."""

    name: str
    kind: type[Any]
    required: bool  # a file without it is refused; otherwise it is added with its defaults

    def entries(self) -> Iterator[tuple[str, Key, Any]]:
        """Each key's name, `Key` and default, in the order declared (that of the Paramètres screen)."""
        defaults = self.kind()
        for field in dataclasses.fields(self.kind):
            yield field.name, field.metadata["key"], getattr(defaults, field.name)

    def key(self, name: str) -> Key:
        """The `Key` of one name of the section."""
        key: Key = self.kind.__dataclass_fields__[name].metadata["key"]
        return key

    def names(self) -> list[str]:
        return [field.name for field in dataclasses.fields(self.kind)]

    def renamed(self) -> Mapping[str, str]:
        """The keys that changed name: old name → name now."""
        return {key.was: name for name, key, _ in self.entries() if key.was}
