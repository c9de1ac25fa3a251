"""Writing config/kpa.toml: changed values, an older file brought up to date; comments and layout always kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.config.places import line_of
from kpa_local.config.reading import ConfigError, Renamed, parse_settings
from kpa_local.files import FileRefused, write_atomically
from kpa_local.toml_files import TomlRefused, parse_toml_document, read_toml_text

if TYPE_CHECKING:
    from kpa_local.config.sections import Settings


def save_sections(path: Path, changes: Mapping[str, Mapping[str, Any]]) -> Settings:
    """Change keys of some sections at once, keeping comments and layout; refuse invalid values."""
    import tomlkit

    try:
        document = parse_toml_document(read_toml_text(path), path)
    except (FileRefused, TomlRefused) as refused:
        raise ConfigError([refused.message]) from None
    for section, values in changes.items():
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document[section] = table
        for key, value in values.items():
            table[key] = value
    new_text = tomlkit.dumps(document)
    settings = parse_settings(new_text, path)
    write_atomically(path, new_text)
    return settings


def updated_text(text: str, renamed: Sequence[Renamed], missing: Sequence[str]) -> str:
    """The file with each key under its name of now, and the sections it lacked taken from the template."""
    import tomlkit

    lines = text.splitlines(keepends=True)
    for item in sorted(renamed, key=lambda item: -(line_of(text, item.section, item.old) or 0)):
        number = line_of(text, item.section, item.old)
        if number is None:
            continue
        line = lines[number - 1]
        start = line.index(item.old)
        lines[number - 1] = f"{line[:start]}{item.new}{line[start + len(item.old) :]}"
        lines.insert(number - 1, f"# Cette clé s'appelait « {item.old} » avant.\n")
    new_text = "".join(lines)
    if not missing:
        return new_text
    document = parse_toml_document(new_text, Path("kpa.toml"))
    template = parse_toml_document(template_text(), Path("kpa.toml"))
    for name in missing:
        document[name] = template[name]
    return tomlkit.dumps(document)


def bring_up_to_date(
    path: Path, text: str, settings: Settings, renamed: Sequence[Renamed], missing: Sequence[str]
) -> Settings:
    """Write the file brought up to date and say so in the notes; a file that cannot be written is read as it is."""
    new_text = updated_text(text, renamed, missing)
    parse_settings(new_text, path)  # the same values under their names of now
    try:
        write_atomically(path, new_text)
    except (OSError, FileRefused):
        return settings
    notes = [f"{path} : la clé « {item.section}.{item.old} » s'appelle maintenant « {item.new} » ; "
             "elle a été renommée dans le fichier." for item in renamed]  # fmt: skip
    notes += [f"{path} : la section [{name}] manquait ; elle a été ajoutée avec les valeurs du modèle, à vérifier."
              for name in missing]  # fmt: skip
    return dataclasses.replace(settings, notes=tuple(notes))


def template_text() -> str:
    """The commented template of a KPA's settings, from the installed package or the checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "resources" / "kpa.toml"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (package.parent / "config" / "kpa.toml").read_text(encoding="utf-8")
