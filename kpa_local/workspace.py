"""Where a workspace keeps its settings, database, documents, exports and backups."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VARIABLE = "KPA_WORKSPACE"
CONFIG_RELATIVE = Path("config") / "kpa.toml"
DATABASE_NAME = "kpa.sqlite3"


@dataclass(frozen=True)
class Workspace:
    """A folder holding one KPA's data."""

    root: Path

    def kpa_name(self) -> str:
        """The KPA's name for the title bar, read without checking the rest (empty if unreadable).

        Checking every setting needs python-stdnum, slow to load: the app opens on this, and
        the full check runs when the workspace is opened, in the background, where a problem
        is shown on screen with the key and line to fix.
        """
        from kpa_local.files import FileRefused
        from kpa_local.toml_files import TomlRefused, load_toml

        try:
            kpa = load_toml(self.config_file).get("kpa")
        except (FileRefused, TomlRefused):
            return ""
        name = kpa.get("name") if isinstance(kpa, dict) else None
        return name.strip() if isinstance(name, str) else ""

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_RELATIVE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def database_file(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def log_file(self) -> Path:
        """What went wrong, with its details, for whoever helps the KPA."""
        return self.data_dir / "kpa.log"

    @property
    def accounts_file(self) -> Path:
        return self.data_dir / "comptes.sqlite3"

    @property
    def demo_note(self) -> Path:
        """In a demo KPA only: the demo accounts, shown on the sign-in screen."""
        return self.data_dir / "demo-comptes.txt"

    @property
    def invoices_dir(self) -> Path:
        return self.root / "invoices"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    def folders(self) -> tuple[Path, ...]:
        """Every folder a workspace needs."""
        return (
            self.config_file.parent,
            self.data_dir,
            self.invoices_dir,
            self.exports_dir,
            self.backups_dir,
        )

    def exists(self) -> bool:
        """Whether the folder already holds a KPA's settings."""
        return self.config_file.is_file()

    def make_folders(self) -> None:
        """Create the folders that are missing."""
        for folder in self.folders():
            folder.mkdir(parents=True, exist_ok=True)


def repository_root() -> Path:
    """The folder that holds the package: the default workspace of a checkout."""
    return Path(__file__).resolve().parent.parent


def locate(option: str | Path | None, environ: Mapping[str, str] | None = None) -> Workspace:
    """The workspace named by --workspace, else KPA_WORKSPACE, else the repository root."""
    env = os.environ if environ is None else environ
    if option:
        return Workspace(Path(option).expanduser().resolve())
    if env.get(ENV_VARIABLE):
        return Workspace(Path(env[ENV_VARIABLE]).expanduser().resolve())
    return Workspace(repository_root())
