"""Put into docs/premiers-pas.md the screens of the current snapshots, and into the README the picture of the
dashboard: `python -m tests.tui.guide_pictures`."""

from __future__ import annotations

import re
from pathlib import Path

from tests.tui.screen_text import snapshot_rows

GUIDE = Path(__file__).parents[2] / "docs" / "premiers-pas.md"
README_PICTURE = Path(__file__).parents[2] / "docs" / "images" / "tableau-de-bord.svg"
DASHBOARD_SNAPSHOT = Path(__file__).parent / "__snapshots__" / "test_snapshots" / "test_dashboard.svg"
BLOCK = re.compile(r"^```écran (?P<name>[^\n]+)\n.*?^```$", re.M | re.S)


def with_current_screens(text: str) -> str:
    """The guide's text with each screen block holding its snapshot's rows."""

    def picture(match: re.Match[str]) -> str:
        rows = "\n".join(snapshot_rows(match["name"]))
        return f"```écran {match['name']}\n{rows}\n```"

    return BLOCK.sub(picture, text)


if __name__ == "__main__":
    GUIDE.write_text(with_current_screens(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    README_PICTURE.write_bytes(DASHBOARD_SNAPSHOT.read_bytes())
