"""`kpa serve` listens on this computer only, and says so in French for any other address."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.exit_statuses import EXIT_REFUSED
from kpa_local.tui import web_server


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "kpa.local"])
def test_any_address_but_this_computer_is_refused(
    host: str, cli_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(web_server, "serve", lambda *args: started.append(args))
    assert main(["--workspace", str(cli_demo), "serve", "--host", host]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert f"pas sur « {host} »" in err and "--host 127.0.0.1" in err
    assert started == []


def test_this_computer_is_served_on_the_loopback_with_the_kpa_of_the_workspace(
    cli_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[Path, int]] = []
    monkeypatch.setattr(web_server, "serve", lambda root, port: started.append((root, port)))
    assert main(["--workspace", str(cli_demo), "serve", "--host", "localhost", "--port", "8123"]) == 0
    assert started == [(cli_demo.resolve(), 8123)]
    assert web_server.LOOPBACK == "127.0.0.1"
    assert web_server.app_command(cli_demo).endswith(f"--workspace {cli_demo} open")


def test_a_folder_without_a_kpa_is_not_served(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path), "serve"]) == EXIT_REFUSED
    assert "kpa init" in capsys.readouterr().err


def test_the_page_asks_nothing_of_another_computer() -> None:
    page = (web_server.PAGE / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page and "https://" not in page and "http://" not in page
    assert 'lang="fr"' in page and "La session est terminée" in page
