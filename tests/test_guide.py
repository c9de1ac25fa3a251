"""« Premiers pas »: its pictures are the app's real screens, and `kpa guide` prints it one task per page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kpa_local.cli import main
from kpa_local.documents.guide_pdf import guide_source, parse_guide, screens_of
from tests.tui.guide_pictures import DASHBOARD_SNAPSHOT, GUIDE, README_PICTURE, with_current_screens


def test_the_guide_shows_the_screens_as_the_app_draws_them_now() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert text == with_current_screens(text), "run « python -m tests.tui.guide_pictures » and look at the guide"
    assert len(screens_of(parse_guide(text))) == 4


def test_the_readme_shows_the_dashboard_as_the_app_draws_it_now() -> None:
    assert "docs/images/tableau-de-bord.svg" in (GUIDE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert README_PICTURE.read_bytes() == DASHBOARD_SNAPSHOT.read_bytes(), "run « python -m tests.tui.guide_pictures »"


def test_the_app_reads_the_guide_of_the_docs() -> None:
    assert guide_source().resolve() == GUIDE.resolve()


def test_kpa_guide_prints_one_task_per_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "guide.pdf"
    assert main(["guide", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    guide = parse_guide(GUIDE.read_text(encoding="utf-8"))
    tasks = [page.title for page in guide.pages if page.title]
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert len(pages) == 1 + len(tasks) == 5
    assert pages[0].startswith(guide.title)
    for task, page in zip(tasks, pages[1:], strict=True):
        assert page.startswith(task), page[:80]
    assert "Comptesdeladémonstration" in "".join(pages[1].split())  # the sign-in screen, drawn cell by cell


def test_kpa_guide_into_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "--out", str(tmp_path)]) == 1
    assert "est un dossier" in capsys.readouterr().err
