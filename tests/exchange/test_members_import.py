from datetime import date
from pathlib import Path

import pytest

from kpa_local.domain.errors import KpaError
from kpa_local.exchange.members_csv import read_members_file, recognise, write_example
from kpa_local.exchange.spreadsheet import delimiter_of
from kpa_local.services import members
from kpa_local.services.context import Context
from kpa_local.services.imports import import_members
from kpa_local.services.views import MemberQuery
from tests.conftest import TODAY


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_headers_are_recognised_in_their_spreadsheet_variants() -> None:
    columns, ignored = recognise(("NOM", "Prenom", "Né(e) le", "Date d'entrée", "Couleur préférée", "CP"))
    assert columns == {0: "last_name", 1: "first_name", 2: "birth_date", 3: "entry_date", 5: "postal_code"}
    assert ignored == ["Couleur préférée"]


def test_windows_1252_with_semicolons_and_empty_lines(tmp_path: Path, context: Context) -> None:
    text = "Nom;Prénom;Né(e) le;Date d'entrée;Sexe;QPV\r\n\r\nLefèvre;Hélène;12/05/1980;01/03/2025;F;x\r\n;;;;;\r\n"
    report = import_members(context, _write(tmp_path / "m.csv", text, "cp1252"))
    assert report.saved and report.created == 1
    row = members.list_members(context, MemberQuery(search="helene")).rows[0]
    detail = members.get_member(context, row.id)
    assert (detail.last_name, detail.form["gender"], detail.form["qpv"]) == ("Lefèvre", "femme", "oui")
    assert report.rows[0].line == 3


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_excel_unicode_text_in_utf16_with_tabs_is_read(tmp_path: Path, context: Context, encoding: str) -> None:
    text = "\ufeffNom\tPrénom\tDate d'entrée\tVille\r\nLefèvre\tÉlodie\t01/03/2025\tLe Cateau-Cambrésis\r\n"
    path = _write(tmp_path / "m.txt", text, encoding)
    imported = read_members_file(path, today=TODAY)
    assert imported.encoding == "UTF-16"
    draft = imported.rows[0].draft
    assert draft is not None and (draft.last_name, draft.first_name) == ("Lefèvre", "Élodie")
    assert import_members(context, path).created == 1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_read_too(tmp_path: Path, encoding: str) -> None:
    text = "Nom;Prénom;Date d'entrée\r\nLefèvre;Élodie;01/03/2025\r\n"
    imported = read_members_file(_write(tmp_path / "m.csv", text, encoding), today=TODAY)
    draft = imported.rows[0].draft
    assert imported.encoding == "UTF-16"
    assert draft is not None and (draft.last_name, draft.first_name) == ("Lefèvre", "Élodie")


def test_a_workbook_named_as_csv_is_told_to_be_renamed(tmp_path: Path) -> None:
    import io
    import zipfile

    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as archive:  # what an .xlsx is: a ZIP of XML files
        archive.writestr("xl/workbook.xml", "<workbook>" + "<sheet name='Feuil1'/>" * 50 + "</workbook>")
    path = tmp_path / "membres.csv"
    path.write_bytes(book.getvalue())
    with pytest.raises(KpaError, match=r"c'est un classeur Excel \(\.xlsx\)\. Renommez-le en membres\.xlsx"):
        read_members_file(path, today=TODAY)


def test_a_utf8_file_is_read_as_utf8_and_a_windows_1252_one_as_windows_1252(tmp_path: Path) -> None:
    text = "Nom;Prénom;Date d'entrée\nLefèvre;Élodie;01/03/2025\n"
    for encoding, called in (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")):
        imported = read_members_file(_write(tmp_path / "m.csv", text, encoding), today=TODAY)
        draft = imported.rows[0].draft
        assert imported.encoding == called
        assert draft is not None and draft.first_name == "Élodie"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["sans BOM", "avec BOM"])
def test_a_utf8_file_with_one_windows_1252_byte_is_refused_at_its_line(
    tmp_path: Path, context: Context, bom: bytes
) -> None:
    # Without a BOM, the one UTF-8 accent of the file (after the wrong byte) says it is UTF-8; with one, the BOM does.
    last = b"Diallo;Aissa;01/03/2025\r\n" if bom else "Diallo;Aïssa;01/03/2025\r\n".encode()
    wrong = "Lefèvre;Hélène;01/03/2025\r\n".encode("cp1252")
    raw = bom + b"Nom;Prenom;Date d'entree\r\nDupont;Elodie;01/03/2025\r\n" + wrong + last
    path = tmp_path / "m.csv"
    path.write_bytes(raw)
    with pytest.raises(KpaError) as refused:
        import_members(context, path)
    assert refused.value.message.startswith(
        "Ligne 3 de m.csv : « Lef?vre » contient un caractère qui n'est pas en UTF-8"
    )
    assert "enregistrez le fichier en UTF-8" in refused.value.message
    assert "rien n'a été importé" in refused.value.message
    assert members.list_members(context, MemberQuery(status="all")).total == 0


def test_a_cut_utf16_file_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes("\ufeffNom\tPrénom\r\nDupont\tÉlodie\r\n".encode("utf-16-le") + b"A")
    with pytest.raises(KpaError, match=r"^Ligne 3 de m\.txt : le fichier est en « Texte Unicode » \(UTF-16\)"):
        read_members_file(path, today=TODAY)


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [("Nom;Prénom;Ville", ";"), ("Nom,Prénom,Ville", ","), ("Nom\tPrénom\tVille", "\t"),
     ("Nom\tPrénom\tAdresse, ville", "\t"), ("Nom", ";"), ("Nom;Prénom,Ville", ";")],
)  # fmt: skip
def test_the_separator_is_the_one_the_header_uses_most(first_line: str, expected: str) -> None:
    assert delimiter_of(first_line) == expected


def test_bad_dates_stop_the_import_unless_only_valid_rows_are_asked(tmp_path: Path, context: Context) -> None:
    text = (
        "nom,prenom,date de naissance,date d'entree\n"
        "Dupont,Hélène,12/05/1980,01/03/2025\n"
        "Diallo,Mamadou,31/02/2001,01/03/2025\n"
        "Martin,Kévin,01/01/2015,01/03/2025\n"
    )
    path = _write(tmp_path / "m.csv", text)
    refused = import_members(context, path)
    assert not refused.saved and refused.errors == 2
    assert [r.outcome for r in refused.rows] == ["nouveau", "erreur", "erreur"]
    assert "n'existe pas dans le calendrier" in " ".join(refused.rows[1].messages)
    assert "moins de 16 ans" in " ".join(refused.rows[2].messages)
    assert members.list_members(context, MemberQuery(status="all")).total == 0
    partial = import_members(context, path, only_valid=True)
    assert partial.saved and partial.created == 1
    assert members.list_members(context, MemberQuery(status="all")).total == 1


def test_dry_run_saves_nothing(tmp_path: Path, context: Context) -> None:
    path = _write(tmp_path / "m.csv", "Nom;Prénom;Date d'entrée\nDupont;Hélène;01/03/2025\n")
    report = import_members(context, path, dry_run=True)
    assert not report.saved and [r.outcome for r in report.rows] == ["nouveau"]
    assert members.list_members(context, MemberQuery(status="all")).total == 0


def test_reimporting_and_duplicates_create_nobody_twice(tmp_path: Path, context: Context) -> None:
    text = (
        "Nom;Prénom;Date de naissance;Date d'entrée;Orienté par\n"
        "Dupont;Hélène;12/05/1980;01/03/2025;Mission locale de Roubaix\n"
        "DUPONT;helene;12/05/1980;01/03/2025;Mission locale de Roubaix\n"
        "Diallo;Mamadou;03/11/2001;02/03/2025;mission locale de roubaix\n"
    )
    path = _write(tmp_path / "m.csv", text)
    first = import_members(context, path)
    assert [r.outcome for r in first.rows] == ["nouveau", "doublon", "nouveau"]
    second = import_members(context, path)
    assert [r.outcome for r in second.rows] == ["déjà présent", "déjà présent", "déjà présent"]
    assert not second.saved
    assert members.list_members(context, MemberQuery(status="all")).total == 2
    assert [p.kind for p in members.list_partners(context)] == ["mission_locale"]


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", "Nom;Ville\nDupont;Roubaix\n")
    with pytest.raises(KpaError, match="« Prénom », « Date d'entrée dans la KPA »"):
        read_members_file(path, today=TODAY)


def test_extra_and_short_rows_are_tolerated(tmp_path: Path) -> None:
    text = "Nom,Prénom,Date d'entrée,Remarque libre\nDupont,Hélène,01/03/2025,a,b,c\nDiallo,Mamadou\n"
    result = read_members_file(_write(tmp_path / "m.csv", text), today=TODAY)
    assert result.ignored == ("Remarque libre",)
    assert result.rows[0].draft is not None
    assert result.rows[1].draft is None and "date d'entrée" in result.rows[1].problems[0]


def test_a_spreadsheet_file_that_is_not_csv_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(KpaError, match="Enregistrer sous"):
        read_members_file(path, today=TODAY)
    with pytest.raises(KpaError, match="n'existe pas"):
        read_members_file(tmp_path / "absent.csv", today=TODAY)


@pytest.mark.parametrize("cell", ["x" * (128 * 1024 + 1), '"' + "une ligne\n" * 14_000 + '"'], ids=["long", "unclosed"])
def test_a_cell_over_128_kib_is_refused_naming_its_line_and_nothing_is_saved(
    tmp_path: Path, context: Context, cell: str
) -> None:
    text = f"Nom;Prénom;Date d'entrée;Note\nDupont;Hélène;01/03/2025;\nDiallo;Mamadou;01/03/2025;{cell}\n"
    path = _write(tmp_path / "m.csv", text)
    with pytest.raises(KpaError) as refused:
        import_members(context, path)
    assert refused.value.message.startswith("Ligne 3 de m.csv : une case a plus de 131\u202f072 caractères (128 Ko)")
    assert "rien n'a été importé" in refused.value.message and "field" not in refused.value.message
    assert members.list_members(context, MemberQuery(status="all")).total == 0


def test_the_example_file_imports_cleanly(tmp_path: Path, context: Context) -> None:
    path = tmp_path / "exemple.csv"
    write_example(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfNom;")
    report = import_members(context, path)
    assert report.errors == 0 and report.created == 3
    julie = members.list_members(context, MemberQuery(search="julie", status="all")).rows[0]
    detail = members.get_member(context, julie.id)
    assert detail.exit_date == date(2025, 5, 30)
    assert detail.contracts[0].ended_early == date(2025, 5, 30)
    assert detail.form["education"] == "bac2_4"
    with pytest.raises(KpaError, match="existe déjà"):
        write_example(path)


@pytest.mark.parametrize(
    ("education", "planned", "expected"),
    [
        ("CAP", "18 mois", ("cap_bep", "1-2y")),
        ("Bac +2 à +4", "1 an", ("bac2_4", "1y")),
        ("master", "Deux ans", ("bac5", "2y")),
        ("sans diplôme", "6 mois", ("infra_cap", "<1y")),
        ("", "plus de 2 ans", ("inconnu", ">2y")),
    ],
)
def test_education_and_planned_duration_as_people_write_them(
    tmp_path: Path, education: str, planned: str, expected: tuple[str, str]
) -> None:
    text = f"Nom;Prénom;Date d'entrée;Niveau;Durée prévue\nDupont;Hélène;01/03/2025;{education};{planned}\n"
    draft = read_members_file(_write(tmp_path / "m.csv", text), today=TODAY).rows[0].draft
    assert draft is not None
    assert (draft.education, draft.planned_duration) == expected


def test_an_unknown_education_level_is_refused(tmp_path: Path) -> None:
    text = "Nom;Prénom;Date d'entrée;Niveau\nDupont;Hélène;01/03/2025;xyz\n"
    row = read_members_file(_write(tmp_path / "m.csv", text), today=TODAY).rows[0]
    assert row.draft is None and "xyz" in row.problems[0]


def test_a_file_of_empty_cells_is_explained(tmp_path: Path) -> None:
    with pytest.raises(KpaError, match="cases vides"):
        read_members_file(_write(tmp_path / "m.csv", ";;;\n;;\n"), today=TODAY)


def test_the_summary_counts_refused_rows_and_people_already_known(tmp_path: Path, context: Context) -> None:
    known = "Nom;Prénom;Date de naissance;Date d'entrée\nDupont;Hélène;12/05/1980;01/03/2025\n"
    import_members(context, _write(tmp_path / "known.csv", known))
    text = (
        known
        + "Diallo;Mamadou;31/02/2001;01/03/2025\n"
        + "Martin;Kévin;01/01/2015;01/03/2025\n"
        + "Petit;Léa;;\n"
        + "Roux;Anne;12/05/1980;32/03/2025\n"
        + "Bah;Awa;03/11/2001;02/03/2025\n"
        + "BAH;awa;03/11/2001;02/03/2025\n"
    )
    report = import_members(context, _write(tmp_path / "m.csv", text), dry_run=True)
    assert (report.errors, report.already_present, report.duplicates) == (4, 1, 1)
    assert report.message == (
        "Vérification seulement, rien n'a été enregistré : 1 nouvelle personne, 1 personne déjà enregistrée, "
        "1 ligne en double dans le fichier, 4 lignes refusées."
    )
    partial = import_members(context, _write(tmp_path / "m.csv", text), only_valid=True)
    assert partial.message.endswith("4 lignes refusées. Les lignes refusées n'ont pas été importées.")


@pytest.mark.parametrize(
    ("contract_start", "exit_date", "label"),
    [("31/12/9999", "", "Début du contrat"), ("01/03/2025", "31/12/9999", "Date de sortie")],
    ids=["début du contrat", "sortie"],
)
def test_a_year_9999_is_refused_naming_the_value_and_the_limit(
    tmp_path: Path, context: Context, contract_start: str, exit_date: str, label: str
) -> None:
    text = (
        "Nom;Prénom;Date d'entrée;Contrat;Début contrat;Date de sortie;Situation de sortie\n"
        f"Dupont;Hélène;01/03/2025;CAPE;{contract_start};{exit_date};{'emploi_cdi' if exit_date else ''}\n"
    )
    path = _write(tmp_path / "m.csv", text)
    report = import_members(context, path)
    assert not report.saved and [row.outcome for row in report.rows] == ["erreur"]
    assert report.rows[0].messages == (
        f"{label} : L'année 9999 de « 31/12/9999 » n'est pas possible : les dates vont de 1900 à 2100 ; "
        "vérifiez l'année.",
    )
    assert members.list_members(context, MemberQuery(status="all")).total == 0
