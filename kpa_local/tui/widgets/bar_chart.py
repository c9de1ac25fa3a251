"""Bars for amounts month by month (the savings balance, the revenue of the year), drawn with blocks.

Each month is a column with its bar, its short name under it and, over the tallest bar, the
amount it stands for: a person sees at a glance which months were good without reading figures.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

SHORT_MONTHS = ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc")
BLOCKS = " ▁▂▃▄▅▆▇█"
COLUMN = 5  # characters per month: twelve months fit in 60 columns
NARROW_COLUMN = 4  # on a small screen: twelve months in 48 columns, a month name every other month


def bar_lines(points: tuple[tuple[date, int], ...], height: int, column: int = COLUMN) -> list[str]:
    """The chart as lines of text: bars (`height` rows, eighths of a row), then the month names.

    Columns narrower than a month's name (« févr ») name every other month, under its own bar.
    """
    top = max((cents for _, cents in points), default=0)
    rows: list[str] = []
    eighths = [round(cents * height * 8 / top) if top > 0 and cents > 0 else 0 for _, cents in points]
    for level in range(height, 0, -1):
        line = ""
        for filled in eighths:
            part = min(max(filled - (level - 1) * 8, 0), 8)
            line += (BLOCKS[part] * 3).center(column)
        rows.append(line.rstrip())
    names = [SHORT_MONTHS[day.month - 1] for day, _ in points]
    if column >= COLUMN:
        rows.append("".join(name.center(column) for name in names).rstrip())
    else:
        rows.append("".join(name[: 2 * column - 1].ljust(2 * column) for name in names[::2]).rstrip())
    return rows


class BarChart(Static):
    """Monthly amounts as bars, with the highest amount written above."""

    DEFAULT_CSS = """
    BarChart { height: auto; padding: 0 1; }
    """

    def __init__(self, *, height: int = 6, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.bar_height = height
        self.shown: tuple[tuple[tuple[date, int], ...], str] | None = None

    def show(self, points: tuple[tuple[date, int], ...], caption: str) -> None:
        """Draw the bars of `points` (first day of the month, cents) under a caption."""
        from kpa_local.fmt import money_fr  # Babel: not before the first screen is drawn

        top = max((cents for _, cents in points), default=0)
        text = Text(caption, style="bold")
        text.append(f"\nla plus haute barre : {money_fr(top)}" if top > 0 else "\nrien pour l'instant", style="dim")
        room = self.content_size.width or COLUMN * len(points)
        lines = bar_lines(points, self.bar_height, COLUMN if room >= COLUMN * len(points) else NARROW_COLUMN)
        for line in lines[:-1]:
            text.append("\n" + line, style="green")
        text.append("\n" + lines[-1], style="dim")
        self.update(text)
        self.shown = (points, caption)

    def on_resize(self) -> None:
        if self.shown is not None:
            self.show(*self.shown)


def sparkline(points: tuple[tuple[date, int], ...]) -> str:
    """One line of blocks, one per month, as high as the month's amount (for a card)."""
    top = max((cents for _, cents in points), default=0)
    return "".join(BLOCKS[round(cents * 8 / top)] if top > 0 and cents > 0 else "▁" for _, cents in points)
