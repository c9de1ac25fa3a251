"""Build the installed program: `python packaging/build.py` makes dist/kpa/, a folder holding `kpa`.

It needs the build extra (`pip install -e '.[build]'`, or `pip install '.[build]'`) and runs the same on
Windows, where it makes dist\\kpa\\kpa.exe (see docs/installer.md). It prints how long the build took
and how big the program is.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
DIST = ROOT / "dist"
PROGRAM_FOLDER = DIST / "kpa"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> int:
    started = time.monotonic()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"), str(PACKAGING / "kpa.spec"),
    ]  # fmt: skip
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        print("La construction du programme a échoué : voir les messages de PyInstaller ci-dessus.", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    program = PROGRAM_FOLDER / ("kpa.exe" if sys.platform == "win32" else "kpa")
    size = folder_size(PROGRAM_FOLDER) / 1_000_000
    files = sum(1 for path in PROGRAM_FOLDER.rglob("*") if path.is_file())
    print(f"Programme construit en {seconds:.0f} s : {program} ({size:.0f} Mo, {files} fichiers).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
