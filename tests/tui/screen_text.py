"""The text of a Textual SVG snapshot, one string per terminal row, one character per cell."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from textual.app import App

CELL_WIDTH = 12.2  # Textual's SVG export: the width of one cell
_TEXT = re.compile(
    r'<text class="[^"]*" x="(?P<x>[\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-line-(?P<row>\d+)\)">(?P<text>[^<]*)</text>'
)
_SCREENSHOT_ID = re.compile(r"terminal-\d+-")  # a live screenshot's own prefix; a snapshot's is plain « terminal- »
_SIZE = re.compile(r"<rect[^>]*\bx=\"0\"[^>]*>", re.S)

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_snapshots_sizes"


def svg_rows(path: Path, columns: int) -> list[str]:
    """The rows of the screen a snapshot shows, each `columns` cells wide, trailing spaces removed."""
    return _rows(path.read_text(encoding="utf-8"), columns)


def app_rows(app: App[Any]) -> list[str]:
    """The rows of the screen a running app shows now (its SVG screenshot read the same way)."""
    return _rows(_SCREENSHOT_ID.sub("terminal-", app.export_screenshot()), app.size.width)


def _rows(svg: str, columns: int) -> list[str]:
    rows: dict[int, list[str]] = {}
    for match in _TEXT.finditer(svg):
        row = rows.setdefault(int(match["row"]), [" "] * columns)
        start = round(float(match["x"]) / CELL_WIDTH)
        for offset, char in enumerate(html.unescape(match["text"]).replace("\u00a0", " ")):
            if 0 <= start + offset < columns:
                row[start + offset] = char
    return ["".join(rows.get(number, [])).rstrip() for number in range(max(rows, default=-1) + 1)]


def snapshot_rows(name: str) -> list[str]:
    """The rows of a snapshot of test_snapshots_sizes, by its name (`test_sign_in[80x24]`)."""
    size = re.search(r"(\d+)x\d+\]$", name)
    assert size is not None, name
    columns = int(size[1])
    return svg_rows(SNAPSHOTS / f"{name}.svg", columns)
