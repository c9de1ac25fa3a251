"""Where a workspace keeps its settings, database, documents, exports and backups."""

from __future__ import annotations

import os
import sys
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


HOME_FOLDER = "KPA"  # in the person's documents: where the KPA's data lives when nothing else is named
DEMO_FOLDER = "KPA-demo"  # beside it: the demo KPA of `kpa demo`, never mixed with the real one


def repository_root() -> Path:
    """The folder that holds the package: a clone's root in development, `site-packages` once installed."""
    return Path(__file__).resolve().parent.parent


def development_clone() -> Path | None:
    """The clone of the project the package runs from (an editable install), if it does.

    A clone keeps its data in its own folder, as it always has. An installed package (in `site-packages`,
    or unpacked by the installed program into a temporary folder) never does: that folder belongs to the
    program and may be deleted with it, or when the program exits.
    """
    if getattr(sys, "frozen", False):
        return None
    root = repository_root()
    project = root / "pyproject.toml"
    if not (root / ".git").exists() or not project.is_file():
        return None
    try:
        declares = 'name = "kpa_local"' in project.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return root if declares else None


def documents_folder() -> Path:
    """The person's documents folder (`Documents` on Windows and macOS, the XDG one on Linux)."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())


@dataclass(frozen=True)
class Place:
    """The workspace a command uses, and what chose it (said by `kpa where`)."""

    workspace: Workspace
    chosen_by: str  # "option", "environment", "clone" or "documents"

    @property
    def is_home(self) -> bool:
        """Whether it is the person's own folder for the KPA, made by the app at its first start."""
        return self.chosen_by == "documents"


def place(option: str | Path | None, environ: Mapping[str, str] | None = None) -> Place:
    """The workspace named by --workspace, else KPA_WORKSPACE, else the clone, else the documents' KPA folder."""
    env = os.environ if environ is None else environ
    if option:
        return Place(Workspace(Path(option).expanduser().resolve()), "option")
    if env.get(ENV_VARIABLE):
        return Place(Workspace(Path(env[ENV_VARIABLE]).expanduser().resolve()), "environment")
    clone = development_clone()
    if clone is not None:
        return Place(Workspace(clone), "clone")
    return Place(Workspace(documents_folder() / HOME_FOLDER), "documents")


def locate(option: str | Path | None, environ: Mapping[str, str] | None = None) -> Workspace:
    """The workspace a command uses (see `place`)."""
    return place(option, environ).workspace


def demo_folder() -> Path:
    """Where `kpa demo` makes its KPA when no folder is named: `./demo` in a clone, else beside the KPA folder."""
    if development_clone() is not None:
        return Path.cwd() / "demo"
    return documents_folder() / DEMO_FOLDER
