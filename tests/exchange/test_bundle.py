"""The quarterly network bundle written from a populated demo KPA: format, determinism, k-anonymity, canaries."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from kpa_local.domain.dates import Quarter
from kpa_local.domain.kanonymity import is_k_anonymous
from kpa_local.exchange.bundle_format import columns
from kpa_local.services.context import Context
from kpa_local.services.demo import build_demo
from kpa_local.services.interviews import list_interviews
from kpa_local.services.network_export import prepare_bundle, write_bundle
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today

Q3 = Quarter(2026, 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    context = build_demo(Workspace(tmp_path_factory.mktemp("bundle") / "demo"), people=120, years=3, seed=5,
                         clock=frozen_today)  # fmt: skip
    yield context
    context.close()


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_the_files_follow_the_format(demo: Context) -> None:
    bundle = prepare_bundle(demo, Q3)
    assert bundle.name == "kpa-roubaix-manau-2026Q3.zip"
    assert set(bundle.files) == {"manifest.json", "members.csv", "activity.csv", "interviews.csv"}
    for name in ("members.csv", "activity.csv", "interviews.csv"):
        data = bundle.files[name]
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        header = data.decode().splitlines()[0].split(",")
        assert tuple(header) == columns(name)
        manifest_entry = bundle.manifest["files"][name]  # type: ignore[index]
        assert manifest_entry == {"rows": len(_rows(data)), "sha256": hashlib.sha256(data).hexdigest()}
    members = _rows(bundle.files["members.csv"])
    assert members and all(len(row["pid"]) == 16 for row in members)
    assert [row["pid"] for row in members] == sorted(row["pid"] for row in members)
    assert is_k_anonymous(members, ("gender", "age_band", "departement", "qpv"), 3)
    # The demo's interviews of the quarter that are finished and shared, and only those.
    shared = [row for row in list_interviews(demo) if row.finished and row.consent_share and Q3.contains(row.held_on)]
    interviews = _rows(bundle.files["interviews.csv"])
    assert len(interviews) == len(shared) > 0 and len(shared) < len([r for r in list_interviews(demo)
                                                                      if Q3.contains(r.held_on)])  # fmt: skip
    assert {row["month"] for row in interviews} == {f"2026-{row.held_on.month:02d}" for row in shared}
    manifest = json.loads(bundle.files["manifest.json"])
    assert manifest["period"] == {"start": "2026-07-01", "end": "2026-09-30", "label": "2026Q3"}
    assert manifest["privacy"]["suppressed_cells"] == sum(
        1 for row in members for value in row.values() if value == "*"
    )


def test_no_sensitive_value_can_be_read_through_the_months(demo: Context) -> None:
    """Whoever knows when someone arrived or left finds no RQTH nor protection value in a group of fewer than k."""
    bundle = prepare_bundle(demo, Q3)
    members = _rows(bundle.files["members.csv"])
    linked = ("gender", "age_band", "departement", "qpv", "entry_month", "exit_month")
    sizes = Counter(tuple(row[column] for column in linked) for row in members)
    assert min(sizes.values()) < 3  # the demo has people the months single out
    for row in members:
        if sizes[tuple(row[column] for column in linked)] < 3:
            assert row["rqth"] == row["international_protection"] == "*", row
    published = [row for row in members if row["rqth"] != "*"]
    assert all(sizes[tuple(row[column] for column in linked)] >= 3 for row in published)
    assert bundle.hidden_by_months > 0


def test_each_month_has_a_total_row_that_adds_up(demo: Context) -> None:
    activity = _rows(prepare_bundle(demo, Q3).files["activity.csv"])
    for month in ("2026-07", "2026-08", "2026-09"):
        rows = [row for row in activity if row["month"] == month]
        total = next(row for row in rows if row["activity"] == "total")
        parts = [row for row in rows if row["activity"] != "total"]
        for column in ("revenue_invoiced_ht", "revenue_collected_ht", "hours", "invoices"):
            assert Decimal(total[column]) == sum(Decimal(row[column]) for row in parts), (month, column)
        assert int(total["people"]) <= sum(int(row["people"]) for row in parts)
        assert all(row["remuneration"] == "" for row in parts) and total["savings_balance"]


def test_the_same_database_and_quarter_give_the_same_bytes(demo: Context) -> None:
    first, second = prepare_bundle(demo, Q3), prepare_bundle(demo, Q3)
    for name in ("members.csv", "activity.csv"):
        assert first.files[name] == second.files[name]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def test_nothing_identifying_leaves(demo: Context) -> None:
    bundle = prepare_bundle(demo, Q3)
    blob = _fold(b"\n".join(bundle.files.values()).decode("utf-8"))
    people = demo.database.read("SELECT first_name, last_name, email, phone, birth_date, address FROM person")
    assert len(people) >= 100
    for first, last, email, phone, birth, address in people:
        for canary in (first, last, email, phone, address, str(birth)):
            if canary and len(canary) > 3:
                assert _fold(canary) not in blob, canary
        day = str(birth)
        if len(day) == 10:
            assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" not in blob
    members = _rows(bundle.files["members.csv"])
    ids = {str(row[0]) for row in demo.database.read("SELECT id FROM person")}
    assert all(len(row["pid"]) == 16 and row["pid"].lstrip("0") not in ids for row in members)  # never an internal id
    assert all(len(row["entry_month"]) == 7 for row in members)  # months, never exact dates


def test_exporting_again_keeps_the_earlier_file(demo: Context) -> None:
    first = write_bundle(demo, prepare_bundle(demo, Q3))
    earlier = first.read_bytes()
    second = write_bundle(demo, prepare_bundle(demo, Q3))
    names = ["activity.csv", "interviews.csv", "manifest.json", "members.csv"]
    assert second == first and zipfile.ZipFile(second).namelist() == names
    kept = list((first.parent / "precedents").glob("kpa-roubaix-manau-2026Q3-*.zip"))
    assert len(kept) == 1 and kept[0].read_bytes() == earlier
    actions = demo.database.read("SELECT action, record FROM audit_entry WHERE action = 'reseau.export'")
    assert actions.count(("reseau.export", "kpa-roubaix-manau-2026Q3.zip")) == 2


def test_the_export_command(demo: Context, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from kpa_local.cli.sharing import _export

    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    import argparse

    assert _export(demo, argparse.Namespace(quarter="2026Q3", show=True, yes=False)) == 1
    output = capsys.readouterr().out
    assert "members.csv" in output and "k = 3" in output and "Rien n'a été écrit." in output


def test_an_exported_bundle_passes_the_checker(demo: Context) -> None:
    from kpa_local.exchange.bundle_check import check_bundle

    path = write_bundle(demo, prepare_bundle(demo, Q3))
    result = check_bundle(path)
    assert result.valid, [problem.sentence() for problem in result.problems]


def test_round_trip_export_check_and_network_report(demo: Context, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from kpa_local.cli import main

    path = write_bundle(demo, prepare_bundle(demo, Q3))
    for suffix in (".pdf", ".html", ".md"):
        out = tmp_path / f"rapport{suffix}"
        assert main(["network", "report", str(path.parent), "--out", str(out)]) == 0
        assert out.stat().st_size > 500
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "rapport.pdf").pages)
    members = len(prepare_bundle(demo, Q3).rows["members.csv"]) - 1
    assert f"{members} personnes, 1 KPA (roubaix-manau)" in " ".join(text.split())
    assert "Genre" in text and "Chiffre d'affaires" in text
    assert "<svg" in (tmp_path / "rapport.html").read_text(encoding="utf-8")
    broken = tmp_path / "kpa-autre-2026Q3.zip"
    broken.write_bytes(b"pas un zip")
    assert main(["network", "report", str(path), str(broken), "--out", str(tmp_path / "r.md")]) == 1
    assert main(["network", "report", str(path), str(broken), "--out", str(tmp_path / "r.md"), "--skip-invalid"]) == 0


def test_k_and_the_quasi_identifiers_come_from_the_settings(demo: Context) -> None:
    from dataclasses import replace

    from kpa_local.config import ExportSettings

    columns = ("gender", "age_band", "departement", "qpv", "education")
    stricter = replace(demo, settings=replace(demo.settings, export=ExportSettings(k=5, quasi_identifiers=columns)))
    bundle = prepare_bundle(stricter, Q3)
    assert bundle.manifest["privacy"]["k"] == 5  # type: ignore[index]
    assert bundle.manifest["privacy"]["quasi_identifiers"] == list(columns)  # type: ignore[index]
    assert is_k_anonymous(_rows(bundle.files["members.csv"]), columns, 5)


def test_a_wrong_export_setting_is_refused_with_its_line(tmp_path: Path) -> None:
    from kpa_local.config import ConfigError, parse_settings, template_text

    text = template_text().replace("\nk = 3\n", "\nk = 1\n").replace('sensitive = "rqth', 'sensitive = "nom')
    with pytest.raises(ConfigError) as error:
        parse_settings(text, tmp_path / "kpa.toml")
    assert any("export.k" in p and "entre 3 et 20" in p for p in error.value.problems)
    assert any("export.sensitive" in p for p in error.value.problems)


def test_every_field_of_the_manifest_is_said_in_words(demo: Context) -> None:
    from kpa_local.exchange.bundle_labels import manifest_lines

    manifest = prepare_bundle(demo, Q3).manifest
    lines = manifest_lines(manifest)
    assert [code for label, code, _ in lines if label == code] == []
    values = {code: value for _, code, value in lines}
    assert values["privacy.quasi_identifiers"] == "genre, tranche d'âge, département et QPV"
    assert values["files.members.csv.rows"] == str(manifest["files"]["members.csv"]["rows"])  # type: ignore[index]
