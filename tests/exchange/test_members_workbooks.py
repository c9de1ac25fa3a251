"""Members imported from an .xlsx or .ods workbook: the same people as from the CSV file made from it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from kpa_local.domain.errors import KpaError
from kpa_local.exchange import workbook_files
from kpa_local.exchange.members_csv import read_members_file
from kpa_local.exchange.workbook import cell_text, number_text
from kpa_local.services import members
from kpa_local.services.context import Context
from kpa_local.services.imports import import_members
from kpa_local.services.views import MemberQuery
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests.conftest import ENCRYPTED, TODAY, encrypt_before_use, frozen_today
from tests.exchange.workbooks import Formula, Rows, csv_text, ods_bytes, write_ods, write_xlsx, xlsx_bytes

HEADER = (
    "Nom", "Prénom", "Né(e) le", "Sexe", "Téléphone", "Code postal", "Ville", "QPV", "Niveau de formation",
    "Orienté par", "Date d'entrée", "Durée prévue", "Rôle", "Contrat", "Début contrat", "Date de sortie",
    "Situation de sortie", "Commentaire",
)  # fmt: skip
ELODIE_NOTE = Formula(
    'B3&" "&A3&", orientée par "&J3',
    'of:=[.B3]&" "&[.A3]&", orientée par "&[.J3]',
    "Élodie Lefèvre, orientée par Mission locale de Roubaix",
)
# Dates stored as dates and typed as text, numbers stored as numbers (a phone and a postal code that lost
# their first zero, 12.5, a sum with float noise), formulas with the value they last gave, yes and no as
# VRAI and FAUX cells, an empty row.
ROWS: Rows = (
    HEADER,
    (None,) * len(HEADER),
    ("Lefèvre", "Élodie", date(1980, 5, 12), "F", 612345678, 59100, "Roubaix", True, "CAP",
     "Mission locale de Roubaix", date(2025, 1, 15), "2 ans", "coopérant·e", "CAPE", date(2025, 2, 1), None, None,
     ELODIE_NOTE),
    ("Diallo", "Mamadou", "03/11/2001", "H", "07 98 76 54 32", Formula("2000+100", "of:=2000+100", 2100),
     "Saint-Quentin", "non", "bac", "Centre social de l'Alma", "02/03/2025", "1 an", "bénévole", None, None, None,
     None, 12.5),
    ("Lefebvre", "Julie", date(1995, 2, 24), "F", None, 62300, "Lens", False, "bac+3", "France Travail Lens",
     date(2024, 6, 1), "1 an", "coopérant·e", "CAPE", date(2024, 6, 1), datetime(2025, 5, 30), "emploi_cdi",
     0.1 + 0.2),
)  # fmt: skip
NAMES = (("Lefèvre", "Élodie"), ("Diallo", "Mamadou"), ("Lefebvre", "Julie"))


def _files(folder: Path, rows: Rows = ROWS, sheets: dict[str, Rows] | None = None) -> dict[str, Path]:
    """The same table as a CSV file (what French Excel's « CSV UTF-8 » writes), an .xlsx and an .ods workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    book = sheets or {"Membres": rows}
    csv = folder / "membres.csv"
    csv.write_bytes(csv_text(rows).encode("utf-8-sig"))
    return {
        "csv": csv,
        "xlsx": write_xlsx(folder / "membres.xlsx", book),
        "ods": write_ods(folder / "membres.ods", book),
    }


def _without_ids(value: Any) -> Any:
    """A person's record without the numbers the database gave it, which differ from one KPA to another."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list | tuple):
        return [_without_ids(item) for item in value]
    return value


def people(context: Context, names: tuple[tuple[str, str], ...] = NAMES) -> list[dict[str, Any]]:
    """Everything known of the people of these names (last, first), in their order."""
    found: list[dict[str, Any]] = []
    for last, first in names:
        rows = members.list_members(context, MemberQuery(search=f"{first} {last}", status="all")).rows
        details = [members.get_member(context, row.id) for row in rows]
        found.extend(_without_ids(asdict(d)) for d in details if (d.last_name, d.first_name) == (last, first))
    return found


@pytest.fixture
def new_context(tmp_path: Path) -> Iterator[Callable[[str], Context]]:
    """A new empty KPA opened for each name asked, with the frozen clock."""
    opened: list[Context] = []

    def make(name: str) -> Context:
        space = Workspace(tmp_path / "kpa" / name)
        create_workspace(space, name="Coop Test", code="coop-test")
        if ENCRYPTED:
            encrypt_before_use(space)
        opened.append(open_workspace(space, clock=frozen_today))
        return opened[-1]

    yield make
    for context in opened:
        context.close()


def test_the_three_files_are_read_as_the_same_rows(tmp_path: Path) -> None:
    files = _files(tmp_path)
    read = {kind: read_members_file(path, today=TODAY) for kind, path in files.items()}
    assert read["xlsx"].rows == read["csv"].rows == read["ods"].rows
    assert read["xlsx"].columns == read["csv"].columns == read["ods"].columns
    assert [row.line for row in read["xlsx"].rows] == [3, 4, 5]  # the rows of the sheet, the empty one counted
    assert all(row.draft for row in read["csv"].rows)
    assert (read["xlsx"].sheet_name, read["xlsx"].sheet_names, read["csv"].sheet_name) == ("Membres", ("Membres",), "")


def test_the_same_people_come_from_the_csv_the_xlsx_and_the_ods(
    tmp_path: Path, new_context: Callable[[str], Context]
) -> None:
    found = {}
    for kind, path in _files(tmp_path).items():
        context = new_context(kind)
        report = import_members(context, path)
        assert report.saved and report.created == 3 and report.errors == 0, report.message
        assert [(row.line, row.name, row.outcome) for row in report.rows] == [
            (3, "Élodie Lefèvre", "nouveau"), (4, "Mamadou Diallo", "nouveau"), (5, "Julie Lefebvre", "nouveau"),
        ]  # fmt: skip
        found[kind] = people(context)
    assert found["xlsx"] == found["csv"] == found["ods"]
    elodie, mamadou, julie = found["xlsx"]
    assert elodie["first_name"] == "Élodie" and elodie["form"]["birth_date"] == "12/05/1980"
    assert (elodie["form"]["phone"], elodie["form"]["postal_code"]) == ("0612345678", "59100")
    assert elodie["form"]["qpv"] == "oui"
    assert elodie["form"]["notes"] == "Élodie Lefèvre, orientée par Mission locale de Roubaix"
    assert elodie["partner_name"] == "Mission locale de Roubaix" and elodie["contracts"][0]["kind"] == "cape"
    assert (mamadou["form"]["birth_date"], mamadou["form"]["postal_code"], mamadou["form"]["notes"]) == (
        "03/11/2001", "02100", "12,5",
    )  # fmt: skip
    assert (julie["exit_date"], julie["form"]["qpv"], julie["form"]["notes"]) == (date(2025, 5, 30), "non", "0,3")


def test_a_second_sheet_is_read_when_named(tmp_path: Path, context: Context) -> None:
    readme: Rows = (("Ce classeur sert au suivi des membres.",), ("La feuille Membres donne la liste.",))
    files = _files(tmp_path, sheets={"Lisez-moi": readme, "Membres": ROWS})
    for kind in ("xlsx", "ods"):
        with pytest.raises(KpaError, match="Il manque des colonnes dans la feuille « Lisez-moi » de membres"):
            read_members_file(files[kind], today=TODAY)
        for name in ("Membres", " membres "):
            imported = read_members_file(files[kind], today=TODAY, sheet_name=name)
            assert imported.sheet_name == "Membres" and len(imported.rows) == 3
    report = import_members(context, files["ods"], sheet="Membres", dry_run=True)
    assert (report.sheet, report.other_sheets) == ("Membres", ("Lisez-moi",))
    assert report.sheet_text == "Feuille lue : « Membres » (le classeur a aussi « Lisez-moi »)."


def test_the_first_sheet_shown_is_read_when_none_is_named(tmp_path: Path) -> None:
    readme: Rows = (("Mode d'emploi",),)
    path = write_xlsx(tmp_path / "m.xlsx", {"Réglages": readme, "Membres": ROWS, "Lisez-moi": readme}, ("Réglages",))
    imported = read_members_file(path, today=TODAY)
    assert imported.sheet_name == "Membres" and len(imported.rows) == 3
    assert imported.sheet_names == ("Réglages", "Membres", "Lisez-moi")
    with pytest.raises(KpaError, match="Il manque des colonnes dans la feuille « Réglages »"):
        read_members_file(path, today=TODAY, sheet_name="réglages")  # a hidden sheet is read when named


def test_an_unknown_sheet_is_refused_naming_the_sheets(tmp_path: Path, context: Context) -> None:
    files = _files(tmp_path, sheets={"Membres": ROWS, "Archives 2024": ROWS})
    for kind in ("xlsx", "ods"):
        with pytest.raises(KpaError) as refused:
            import_members(context, files[kind], sheet="Membre")
        assert refused.value.message == (
            f"Le classeur membres.{kind} n'a pas de feuille nommée « Membre ». Ses feuilles : « Membres », "
            "« Archives 2024 ». Donnez l'un de ces noms, tel qu'il est écrit sur l'onglet de la feuille, puis "
            "recommencez : rien n'a été importé."
        )
    with pytest.raises(KpaError, match="fichier CSV, qui n'a qu'une feuille : le nom de feuille « Membres »"):
        import_members(context, files["csv"], sheet="Membres")
    assert members.list_members(context, MemberQuery(status="all")).total == 0


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_one_bad_row_of_a_workbook_stops_the_import_unless_only_valid_rows_are_asked(
    tmp_path: Path, context: Context, kind: str
) -> None:
    bad = ("Martin", "Kévin", "31/02/2001", "H", None, 59100, "Roubaix", "non", "CAP", None, date(2025, 3, 1))
    path = _files(tmp_path, rows=(*ROWS, bad))[kind]
    refused = import_members(context, path)
    assert not refused.saved and refused.errors == 1
    assert [(r.line, r.outcome) for r in refused.rows] == [(3, "nouveau"), (4, "nouveau"), (5, "nouveau"),
                                                           (6, "erreur")]  # fmt: skip
    assert "n'existe pas dans le calendrier" in " ".join(refused.rows[3].messages)
    assert refused.message.startswith("Rien n'a été importé")
    assert members.list_members(context, MemberQuery(status="all")).total == 0
    partial = import_members(context, path, only_valid=True)
    assert partial.saved and partial.created == 3
    assert members.list_members(context, MemberQuery(status="all")).total == 3


def test_a_sheet_of_empty_cells_and_required_columns_are_explained(tmp_path: Path) -> None:
    (tmp_path / "vide.xlsx").write_bytes(b"")
    with pytest.raises(KpaError, match=r"^Le fichier vide\.xlsx est vide\.$"):
        read_members_file(tmp_path / "vide.xlsx", today=TODAY)
    path = write_xlsx(tmp_path / "m.xlsx", {"Feuil1": ((None, " "), ())})
    with pytest.raises(KpaError, match=r"La feuille « Feuil1 » de m\.xlsx ne contient que des cases vides"):
        read_members_file(path, today=TODAY)
    path = write_ods(tmp_path / "m.ods", {"Feuille1": (("Nom", "Ville"), ("Dupont", "Roubaix"))})
    with pytest.raises(KpaError, match=r"dans la feuille « Feuille1 » de m\.ods : « Prénom », « Date d'entrée"):
        read_members_file(path, today=TODAY)


# --- files that are not what they seem -----------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _refusal(path: Path) -> str:
    with pytest.raises(KpaError) as refused:
        read_members_file(path, today=TODAY)
    assert "rien n'a été importé" in refused.value.message
    return refused.value.message


def test_an_old_xls_workbook_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "membres.xls"
    path.write_bytes(_OLE2 + b"Workbook".ljust(64, b"\x00") * 8)
    message = _refusal(path)
    assert message.startswith("membres.xls est un classeur Excel de l'ancien format (.xls), qui n'est pas lu ici.")
    assert "« Enregistrer sous » et choisissez le format « Classeur Excel (.xlsx) »" in message


def test_a_binary_xlsb_workbook_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "membres.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    message = _refusal(path)
    assert message.startswith("membres.xlsb est un classeur Excel binaire (.xlsb), qui n'est pas lu ici.")
    assert "format « Classeur Excel (.xlsx) »" in message


def test_a_workbook_with_a_password_is_explained(tmp_path: Path) -> None:
    excel = tmp_path / "membres.xlsx"  # Office keeps a workbook with a password in an OLE2 file
    excel.write_bytes(_OLE2 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"))
    book = io.BytesIO(ods_bytes({"Membres": ROWS}))
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(tmp_path / "membres.ods", "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "META-INF/manifest.xml":
                data = data.replace(b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>")
            target.writestr(name, data)
    for path in (excel, tmp_path / "membres.ods"):
        message = _refusal(path)
        assert message.startswith(f"Le classeur {path.name} est protégé par un mot de passe : il ne peut pas être lu.")
        assert "enregistrez-en une copie sans mot de passe" in message


def _rezipped(raw: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one of its parts changed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(source.read(name)) if name == part else source.read(name))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:200],
        lambda raw: _rezipped(raw, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b"<row")),
        lambda raw: _rezipped(raw, "xl/workbook.xml", lambda xml: xml[:-20]),
    ],
    ids=["coupé", "coupé court", "feuille abîmée", "classeur abîmé"],
)
def test_a_damaged_workbook_is_explained(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = tmp_path / "membres.xlsx"
    path.write_bytes(damage(xlsx_bytes({"Membres": ROWS})))
    assert _refusal(path).startswith("Le classeur membres.xlsx est abîmé ou incomplet : il ne se lit pas.")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("membres.xlsx", "csv", "membres.xlsx n'est pas ce que dit son nom : c'est un fichier texte (CSV). "
                                "Renommez-le en membres.csv, puis recommencez"),
        ("membres.ods", "xlsx", "membres.ods n'est pas ce que dit son nom : c'est un classeur Excel (.xlsx). "
                                "Renommez-le en membres.xlsx, puis recommencez"),
        ("membres.xlsx", "ods", "c'est un classeur OpenDocument (.ods, celui de LibreOffice). Renommez-le en "
                                "membres.ods"),
        ("membres.csv", "xlsx", "membres.csv n'est pas ce que dit son nom : c'est un classeur Excel (.xlsx). "
                                "Renommez-le en membres.xlsx"),
        ("membres.txt", "ods", "c'est un classeur OpenDocument (.ods, celui de LibreOffice). Renommez-le en "
                               "membres.ods"),
        ("membres.xlsx", "xls", "c'est un classeur Excel de l'ancien format (.xls). Ouvrez-le dans le tableur, "
                                "faites « Enregistrer sous »"),
        ("membres.xls", "html", "membres.xls n'est pas ce que dit son nom : c'est une page web ou un fichier XML. "
                                "Ouvrez-le dans le tableur"),
    ],
)  # fmt: skip
def test_a_file_whose_name_lies_is_told_what_it_is(tmp_path: Path, name: str, content: str, words: str) -> None:
    files = _files(tmp_path / "vrais")
    raw = {
        "csv": files["csv"].read_bytes(),
        "xlsx": files["xlsx"].read_bytes(),
        "ods": files["ods"].read_bytes(),
        "xls": _OLE2 + b"Workbook",
        "html": b"<html><body><table><tr><td>Nom</td></tr></table></body></html>",
    }[content]
    path = tmp_path / name
    path.write_bytes(raw)
    assert words in _refusal(path)


def test_a_workbook_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpa_local.exchange import spreadsheet

    path = write_xlsx(tmp_path / "membres.xlsx", {"Membres": ROWS})
    monkeypatch.setattr(spreadsheet, "MAX_IMPORT_BYTES", path.stat().st_size - 1)
    with pytest.raises(KpaError, match=r"membres\.xlsx dépasse 1 Mo, la taille permise ici : rien n'a été lu"):
        read_members_file(path, today=TODAY)
    monkeypatch.undo()
    monkeypatch.setattr(workbook_files, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    big = write_ods(tmp_path / "gros.ods", {"Membres": (*ROWS, *((f"Nom{i}", "x" * 200) for i in range(12_000)))})
    assert big.stat().st_size < 1024 * 1024
    assert "contient plus de 2 Mo une fois décompressé" in _refusal(big)


def test_one_value_in_the_far_corner_of_a_sheet_is_refused_before_the_reader_runs_out_of_memory(
    tmp_path: Path,
) -> None:
    raw = _rezipped(
        xlsx_bytes({"Membres": ROWS}),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
    )
    path = tmp_path / "membres.xlsx"
    path.write_bytes(raw)
    message = _refusal(path)
    assert message.startswith("La feuille « Membres » de membres.xlsx va de la case A1 à la case XFD1048576")
    assert "Ctrl+Fin" in message
    # Empty cells that only carry a format do not count.
    styled = _rezipped(
        xlsx_bytes({"Membres": ROWS}),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'),
    )
    path.write_bytes(styled)
    assert len(read_members_file(path, today=TODAY).rows) == 3


# --- each cell as it is typed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.0, "12"), (12.5, "12,5"), (0.1 + 0.2, "0,3"), (-3.0, "-3"), (1e-05, "0,00001"), (59100.0, "59100"),
     (1 / 3, "0,333333333333333"), (123456789012345.0, "123456789012345"), (float("nan"), "")],
)  # fmt: skip
def test_numbers_read_as_a_person_types_them(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(1980, 5, 12), "12/05/1980"),
        (datetime(2025, 3, 1), "01/03/2025"),
        (datetime(2025, 2, 28, 23, 59, 59, 999_999), "01/03/2025"),
        (datetime(2025, 3, 1, 14, 30), "01/03/2025 14:30"),
        (time(8, 30), "08:30"),
        (timedelta(hours=37, minutes=30), "37:30"),
        (True, "VRAI"),
        (False, "FAUX"),
        (7, "7"),
        ("Élodie", "Élodie"),
    ],
)
def test_cells_read_as_a_person_types_them(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_a_sheet_over_the_cells_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpa_local.exchange import workbook

    monkeypatch.setattr(workbook, "MAX_CELLS", 5 * len(HEADER) - 1)  # the table is 5 rows of the header's width
    path = write_ods(tmp_path / "membres.ods", {"Membres": ROWS})
    assert _refusal(path).startswith("La feuille « Membres » de membres.ods a plus de 0 millions de cases")
