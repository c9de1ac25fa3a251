"""The bundle checker: a valid bundle passes; each broken rule and each hostile file is refused cleanly."""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.exchange.bundle_check import check_bundle
from kpa_local.exchange.bundle_write import Bundle, assemble, default_privacy

NAME = "kpa-coop-test-2026Q3.zip"


def member(pid: str, gender: str = "femme", **changes: str) -> dict[str, str]:
    row = {"pid": pid, "role": "cooperant", "contract": "cape", "gender": gender, "age_band": "25-39",
           "departement": "59", "qpv": "oui", "single_parent": "non", "international_protection": "non",
           "rqth": "non", "education": "bac", "ft_registered_at_entry": "oui", "ft_duration_band": "<6m",
           "ft_registered_during": "non", "mission_locale": "non", "entry_month": "2026-01",
           "planned_duration": "1y", "exit_month": "", "exit_situation": "", "hours_quarter": "12.50"}  # fmt: skip
    return row | changes


def activity_row(month: str, category: str, revenue: str = "100.00", hours: str = "10.00") -> dict[str, str]:
    total = category == "total"
    return {"month": month, "activity": category, "revenue_invoiced_ht": revenue, "revenue_collected_ht": "0.00",
            "invoices": "1", "clients": "1", "hours": hours, "people": "2",
            "remuneration": "0.00" if total else "", "savings_contribution": "0.00" if total else "",
            "savings_balance": "50.00" if total else ""}  # fmt: skip


def good_bundle() -> Bundle:
    members = [member(f"{n:016x}") for n in range(1, 4)] + [member(f"{n:016x}", "homme") for n in range(4, 7)]
    activity = []
    for month in ("2026-07", "2026-08", "2026-09"):
        activity += [activity_row(month, "traiteur"), activity_row(month, "total")]
    return assemble(kpa_code="coop-test", kpa_name="Coop Test", quarter_label="2026Q3",
                    period=(date(2026, 7, 1), date(2026, 9, 30)), members=members, activity=activity,
                    privacy=default_privacy(), generated_at=datetime(2026, 10, 2, 9, 14, 3, tzinfo=UTC),
                    version="0.1.0")  # fmt: skip


def write(folder: Path, files: dict[str, bytes], name: str = NAME) -> Path:
    path = folder / name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    path.write_bytes(buffer.getvalue())
    return path


def messages(path: Path) -> str:
    return " | ".join(problem.sentence() for problem in check_bundle(path).problems)


def test_a_bundle_written_by_the_app_is_valid(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(good_bundle().archive())
    result = check_bundle(path)
    assert result.valid, result.problems
    assert main(["bundle", "check", str(path)]) == 0


def _changed(change: Callable[[dict[str, bytes]], None]) -> dict[str, bytes]:
    files = dict(good_bundle().files)
    change(files)
    return files


def _rewrite(name: str, old: str, new: str) -> Callable[[dict[str, bytes]], None]:
    def change(files: dict[str, bytes]) -> None:
        files[name] = files[name].decode().replace(old, new, 1).encode()

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_rewrite("members.csv", "25-39", "30-39"), "members.csv, ligne 1, colonne age_band"),
        (_rewrite("members.csv", "2026-01", "2025-13"), "colonne entry_month"),
        (_rewrite("activity.csv", "2026-07,total", "2026-10,total"), "n'est pas dans le trimestre"),
        (_rewrite("activity.csv", "2026-08,total,100.00", "2026-08,total,90.00"), "n'est pas la somme"),
        (_rewrite("activity.csv", "2026-09,total", "2026-09,totaux"), "il manque la ligne total du mois 2026-09"),
        (_rewrite("members.csv", "12.50", "12,50"), "ligne 1 : 21 valeurs au lieu de 20"),
        (_rewrite("members.csv", "12.50", "12.5"), "colonne hours_quarter"),
        (_rewrite("members.csv", ",bac,", ",jean@example.fr,"), "adresse e-mail"),
        (_rewrite("members.csv", ",bac,", ",06 12 34 56 78,"), "numéro de téléphone"),
        (_rewrite("members.csv", ",bac,", ",2 85 07 59 123 456 12,"), "sécurité sociale"),
        (_rewrite("members.csv", ",bac,", ",12/03/1985,"), "date exacte"),
        (_rewrite("manifest.json", '"format_version": 1', '"format_version": 2'), "version de format inconnue"),
        (_rewrite("manifest.json", '"rows": 6', '"rows": 7'), "le manifeste en annonce"),
        (lambda files: files.pop("activity.csv"), "il manque activity.csv"),
        (lambda files: files.update({"notes.txt": b"x"}), "ne fait pas partie du format"),
        (lambda files: files.update({"../evil.csv": b"x"}), "n'est pas à sa racine"),
        (lambda files: files.update({"/etc/evil.csv": b"x"}), "n'est pas à sa racine"),
        (lambda files: files.update({"members.csv": "pid\n".encode("utf-16")}), "pas en UTF-8"),
        (lambda files: files.update({"members.csv": b"\xef\xbb\xbf" + files["members.csv"]}), "BOM"),
        (_rewrite("manifest.json", "{", "["), "JSON n'est pas lisible"),
        (_rewrite("manifest.json", '"k": 3', '"k": 1'), "« privacy.k » doit être un nombre entier, au moins 2"),
        (_rewrite("manifest.json", '"qpv"', '"quartier"'), "members.csv n'a pas : quartier"),
        (_rewrite("manifest.json", '"rqth"', '"handicap"'), "« privacy.sensitive » nomme des colonnes"),
        (
            _rewrite("members.csv", ",bac,", f",{''.join(random.Random(7).choices('abcdef', k=140_000))},"),
            "members.csv, ligne 1 : une case a plus de 131\u202f072",
        ),
    ],
)
def test_each_broken_rule_is_named(tmp_path: Path, change: Callable[[dict[str, bytes]], None], expected: str) -> None:
    path = write(tmp_path, _changed(change))
    assert expected in messages(path)
    assert main(["bundle", "check", str(path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]  # nothing written beside it


def test_a_report_written_onto_a_folder_is_refused_in_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NAME
    path.write_bytes(good_bundle().archive())
    folder = tmp_path / "rapport.md"
    folder.mkdir()
    assert main(["network", "report", str(path), "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder} est un dossier" in err and "inattendue" not in err
    assert list(folder.iterdir()) == []


def test_k_anonymity_and_positive_disclosure_are_checked(tmp_path: Path) -> None:
    def lone_and_disclosed(files: dict[str, bytes]) -> None:
        text = files["members.csv"].decode().replace("0000000000000006,cooperant,cape,homme,25-39,59",
                                                      "0000000000000006,cooperant,cape,homme,25-39,62")  # fmt: skip
        files["members.csv"] = text.replace(",non,bac,", ",oui,bac,").encode()

    found = messages(write(tmp_path, _changed(lone_and_disclosed)))
    assert "moins de 3 lignes" in found and "divulgation positive" in found


def _bundle_of(members: list[dict[str, str]]) -> Bundle:
    base = good_bundle()
    activity = [dict(zip(rows[0], row, strict=True)) for rows in [base.rows["activity.csv"]] for row in rows[1:]]
    return assemble(kpa_code="coop-test", kpa_name="Coop Test", quarter_label="2026Q3",
                    period=(date(2026, 7, 1), date(2026, 9, 30)), members=members, activity=activity,
                    privacy=default_privacy(), generated_at=datetime(2026, 10, 2, 9, 14, 3, tzinfo=UTC),
                    version="0.1.0")  # fmt: skip


def test_a_quarter_with_nobody_is_a_valid_bundle(tmp_path: Path) -> None:
    """members.csv holds its header and no row: the manifest's privacy block is checked on its own."""
    bundle = _bundle_of([])
    assert bundle.rows["members.csv"] == (bundle.rows["members.csv"][0],)
    path = tmp_path / NAME
    path.write_bytes(bundle.archive())
    assert check_bundle(path).valid, messages(path)
    assert main(["bundle", "check", str(path)]) == 0
    report = tmp_path / "rapport.md"
    assert main(["network", "report", str(path), "--out", str(report)]) == 0
    assert "| coop-test | 300,00 € |" in report.read_text(encoding="utf-8")  # its revenue is in the report
    report.unlink()
    broken = write(tmp_path, _rewrite("manifest.json", '"age_band"', '"age"')(files := dict(bundle.files)) or files)
    assert "members.csv n'a pas : age" in messages(broken)


def test_a_sensitive_value_the_months_would_give_away_is_hidden_then_checked(tmp_path: Path) -> None:
    """Four women alike on the quasi-identifiers, one of them arrived in another month: her RQTH is `*`."""
    women = [member(f"{n:016x}", rqth="oui" if n == 4 else "non") for n in range(1, 5)]
    women[3]["entry_month"] = "2026-02"
    men = [member(f"{n:016x}", "homme") for n in range(5, 8)]
    bundle = _bundle_of(women + men)
    published = {row[0]: row for row in bundle.rows["members.csv"][1:]}
    header = bundle.rows["members.csv"][0]
    rqth, protection = header.index("rqth"), header.index("international_protection")
    assert published[f"{4:016x}"][rqth] == "*" and published[f"{4:016x}"][protection] == "*"
    assert all(published[f"{n:016x}"][rqth] == "non" for n in (1, 2, 3, 5, 6, 7))
    assert bundle.hidden_by_months == 2  # both sensitive values of the woman alone in her months
    assert bundle.manifest["privacy"]["suppressed_cells"] == 2  # type: ignore[index]
    path = tmp_path / NAME
    path.write_bytes(bundle.archive())
    assert check_bundle(path).valid, messages(path)

    def published_again(files: dict[str, bytes]) -> None:
        lines = files["members.csv"].decode().split("\n")
        lines[4] = lines[4].replace(",*,", ",oui,", 1)  # her international protection, published again
        files["members.csv"] = "\n".join(lines).encode()

    files = dict(bundle.files)
    published_again(files)
    found = messages(write(tmp_path, files, "kpa-coop-test-2026Q3.zip"))
    assert "avec les mois d'entrée et de sortie, international_protection est publié" in found


def test_hostile_files_are_refused_without_crashing(tmp_path: Path) -> None:
    not_zip = tmp_path / NAME
    not_zip.write_bytes(b"bonjour, ceci n'est pas une archive")
    assert "pas une archive ZIP" in messages(not_zip)
    truncated = tmp_path / "kpa-coop-test-2026Q2.zip"
    truncated.write_bytes(good_bundle().archive()[:200])
    assert "pas une archive ZIP" in messages(truncated)
    bomb = tmp_path / "kpa-coop-test-2026Q1.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("members.csv", b"0" * (30 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    assert "bien trop gros" in messages(bomb)
    wrong_name = tmp_path / "envoi.zip"
    wrong_name.write_bytes(good_bundle().archive())
    assert "le nom doit être" in messages(wrong_name)
    assert "n'existe pas" in messages(tmp_path / "absent.zip")
    assert json.loads(good_bundle().files["manifest.json"])["files"]["members.csv"]["rows"] == 6


def test_a_pid_made_of_digits_is_not_taken_for_a_phone_number(tmp_path: Path) -> None:
    def digits(files: dict[str, bytes]) -> None:
        text = files["members.csv"].decode()
        files["members.csv"] = text.replace("0000000000000001", "a0612345678bcdef").encode()

    found = messages(write(tmp_path, _changed(digits)))
    assert "téléphone" not in found and "SHA-256" in found  # the file changed, nothing else
