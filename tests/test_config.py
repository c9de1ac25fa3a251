import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kpa_local.config import ConfigError, load_settings, parse_settings, save_sections
from kpa_local.workspace import Workspace


def test_the_template_is_valid() -> None:
    settings = parse_settings(Path("config/kpa.toml").read_text(encoding="utf-8"), Path("kpa.toml"))
    assert settings.members.cape_max_months == 36
    assert settings.members.contract_alert_days == 60


def test_a_wrong_value_names_key_file_and_line(workspace: Workspace) -> None:
    path = workspace.config_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('code = "coop-test"', 'code = "Coop Test"'), encoding="utf-8")
    expected_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("code ="))
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert error.value.problems == (
        f"{path}, ligne {expected_line} : la clé « kpa.code » doit être en lettres minuscules sans accent, "
        "chiffres et tirets (par exemple roubaix-manau).",
    )


def test_missing_keys_wrong_types_and_bad_identifiers_are_all_reported(workspace: Workspace) -> None:
    path = workspace.config_file
    text = path.read_text(encoding="utf-8")
    text = text.replace("contract_alert_days = 60\n", "").replace("cape_max_months = 36", 'cape_max_months = "36"')
    text = text.replace('siren = ""', 'siren = "123456789"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    keys = [problem.split("« ")[1].split(" »")[0] for problem in error.value.problems]
    assert keys == ["portage.siren", "members.cape_max_months", "members.contract_alert_days"]


def test_unreadable_and_missing_files_are_explained(tmp_path: Path) -> None:
    broken = tmp_path / "kpa.toml"
    broken.write_text("[kpa\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kpa.toml, ligne 1 \(colonne 5\) : il manque le crochet fermant"):
        load_settings(broken)
    with pytest.raises(ConfigError, match="kpa init"):
        load_settings(tmp_path / "absent.toml")


def test_saving_keeps_comments_and_order(workspace: Workspace) -> None:
    path = workspace.config_file
    before = path.read_text(encoding="utf-8")
    settings = save_sections(path, {"portage": {"name": "CAE du Nord", "siren": "832145676"}})
    after = path.read_text(encoding="utf-8")
    assert settings.portage.siren == "832145676"
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert comments == [line for line in after.splitlines() if line.startswith("#")]
    assert after.replace('name = "CAE du Nord"', 'name = ""').replace('siren = "832145676"', 'siren = ""') == before


def test_an_invalid_save_changes_nothing(workspace: Workspace) -> None:
    path = workspace.config_file
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError):
        save_sections(path, {"portage": {"siret": "12345678900000"}})
    assert path.read_text(encoding="utf-8") == before


def test_billing_settings_are_checked(workspace: Workspace) -> None:
    path = workspace.config_file
    text = path.read_text(encoding="utf-8")
    for key, value, expected in (
        ("iban", '"FR76 3000 6000 0112 3456 7890 180"', "IBAN"),
        ("payment_days", "90", "60"),
        ("number_format", '"{prefix}-{year}"', "{seq}"),
        ("operation_kind", '"prestations"', "services, goods ou both"),
        ("payment_methods", '"virement, paypal"', "moyens de paiement"),
        ("franchise", '"oui"', "true (oui) ou false (non)"),
    ):
        changed = text.replace(f"\n{key} = ", f"\n{key} = {value}\n# avant : ", 1)
        with pytest.raises(ConfigError, match=re.escape(expected)) as refusal:
            parse_settings(changed, path)
        assert f"billing.{key}" in str(refusal.value)


def test_a_settings_file_without_billing_gets_its_defaults(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    settings = parse_settings(text[: text.index("[billing]")], workspace.config_file)
    assert settings.billing.number_format == "{prefix}-{year}-{seq:04d}"
    assert settings.billing.payment_days == 30
    assert settings.billing.payment_methods == ("virement", "cheque")
    assert (
        settings.notes[0]
        == f"{workspace.config_file} : la section [billing] manque ; ses valeurs par défaut s'appliquent."
    )


def _typed(section: str, key: str, text: str) -> object:
    """The value a text typed on the Paramètres screen is saved as."""
    from kpa_local.config.sections import BY_NAME

    return BY_NAME[section].key(key).kind.typed(text)


def test_iban_and_bic_are_written_compact(workspace: Workspace) -> None:
    iban = _typed("billing", "iban", " fr76 3000 6000 0112 3456 7890 189 ")
    assert iban == "FR7630006000011234567890189"
    settings = save_sections(workspace.config_file, {"billing": {"iban": iban, "bic": "agrifrpp".upper()}})
    assert (settings.billing.iban, settings.billing.bic) == (iban, "AGRIFRPP")


def test_the_vat_number_keeps_its_country_code_when_written_compact() -> None:
    for typed in ("FR 40 303 265 045", "fr40303265045", "40 303 265 045"):
        assert _typed("portage", "vat_number", typed) == "FR40303265045"
    assert _typed("portage", "siret", "732 829 320 00074") == "73282932000074"


def test_the_person_to_call_is_a_setting_an_older_file_may_lack(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    assert re.search(r'^contact = ""$', text, re.MULTILINE)
    older = re.sub(r'^contact = ""\n', "", text, flags=re.MULTILINE)
    assert parse_settings(older, workspace.config_file).kpa.contact == ""
    settings = save_sections(workspace.config_file, {"kpa": {"contact": "Camille Martin"}})
    assert settings.kpa.contact == "Camille Martin"


@pytest.mark.parametrize(
    ("line", "typed", "said"),
    [
        (2, 'name "Coop"', "il manque le signe ="),
        (2, 'name = "Coop', "un guillemet n'est pas refermé"),
        (2, "name = Coop", "un texte se met entre guillemets"),
        (3, 'name = "Autre"', "écrit deux fois"),
    ],
)
def test_a_syntax_error_is_said_in_french_with_its_line(tmp_path: Path, line: int, typed: str, said: str) -> None:
    broken = tmp_path / "kpa.toml"
    before = '[kpa]\nname = "Coop"\n' if line == 3 else "[kpa]\n"
    broken.write_text(f"{before}{typed}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(broken)
    text = str(refused.value)
    assert f"ligne {line}" in text and said in text
    assert not re.search(r"\b(at line|column|Invalid|Expected|Illegal|Cannot)\b", text), text


def test_a_file_saved_with_a_byte_order_mark_is_read_and_saved(workspace: Workspace) -> None:
    """Windows' Notepad may start the file with a BOM: it is read, and a save keeps the file readable."""
    text = workspace.config_file.read_text(encoding="utf-8")
    workspace.config_file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_settings(workspace.config_file).kpa.name == workspace.kpa_name() != ""
    save_sections(workspace.config_file, {"kpa": {"name": "Coop Manau du Pile"}})
    assert load_settings(workspace.config_file).kpa.name == "Coop Manau du Pile"


def test_saving_a_file_with_a_syntax_error_says_its_line_in_french_and_changes_nothing(workspace: Workspace) -> None:
    path = workspace.config_file
    text = path.read_text(encoding="utf-8")
    broken = text.replace('code = "coop-test"', 'code = "coop-test', 1)
    path.write_text(broken, encoding="utf-8")
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if row.startswith("code ="))
    with pytest.raises(ConfigError) as refused:
        save_sections(path, {"kpa": {"contact": "Camille Martin"}})
    assert refused.value.problems == (
        f"{path}, ligne {line} (colonne 18) : un guillemet n'est pas refermé avant la fin de la ligne, ou un "
        "caractère n'est pas permis. Corrigez cette ligne dans un éditeur de texte (le Bloc-notes suffit) : tant "
        "qu'elle est mal écrite, les paramètres ne sont pas lus.",
    )
    assert path.read_text(encoding="utf-8") == broken
    assert workspace.kpa_name() == ""


def test_a_settings_file_that_is_not_utf8_is_refused_in_french(workspace: Workspace) -> None:
    path = workspace.config_file
    path.write_bytes(path.read_text(encoding="utf-8").replace("[kpa]", "[kpa]\n# Créée", 1).encode("cp1252"))
    attempts: tuple[Callable[[], object], ...] = (
        lambda: load_settings(path),
        lambda: save_sections(path, {"kpa": {"contact": "Léa"}}),
    )
    for attempt in attempts:
        with pytest.raises(ConfigError, match=r"le fichier doit être enregistré en UTF-8 \(dans le Bloc-notes"):
            attempt()


def test_every_toml_file_of_the_app_is_read_by_one_reader() -> None:
    """tomllib and tomlkit parse only in kpa_local/toml_files.py: a BOM and a French error everywhere."""
    package = Path(__file__).resolve().parent.parent / "kpa_local"
    parsing = re.compile(r"\b(tomllib\.loads?|tomlkit\.(parse|loads))\(")
    places = sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if parsing.search(p.read_text("utf-8")))
    assert places == ["toml_files.py"]


@pytest.mark.parametrize(
    ("english", "said"),
    [
        ("Invalid value (at line 4, column 8)", "kpa.toml, ligne 4 (colonne 8) : la valeur n'est pas comprise"),
        ("Unexpected character: 'x' at line 3 col 2", "kpa.toml, ligne 3 (colonne 2) : la ligne est mal écrite"),
        ("Unclosed array (at end of document)", "kpa.toml, à la fin du fichier : un guillemet, un crochet"),
    ],
)
def test_the_place_of_an_error_is_read_from_tomllib_and_tomlkit(english: str, said: str) -> None:
    from kpa_local.toml_files import toml_error_text

    assert toml_error_text(Path("kpa.toml"), english).startswith(said)


def test_a_misspelt_key_or_section_is_refused_with_its_line_and_the_nearest_name(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    misspelt = text.replace("[security]\n", "[security]\nidle_lock_minute = 2\n", 1) + "\n[securite]\nx = 1\n"
    with pytest.raises(ConfigError) as refused:
        parse_settings(misspelt, workspace.config_file)
    problems = refused.value.problems
    key_line = misspelt.splitlines().index("idle_lock_minute = 2") + 1
    section_line = misspelt.splitlines().index("[securite]") + 1
    assert f"ligne {key_line} : la clé « security.idle_lock_minute » n'existe pas (vouliez-vous dire " \
           "idle_lock_minutes ?)" in problems[0]  # fmt: skip
    assert f"ligne {section_line} : la section [securite] n'existe pas (vouliez-vous dire security ?)" in problems[1]
    assert "vouliez-vous" not in parse_settings_problem(text + "\n[zzz]\n", workspace.config_file)


def parse_settings_problem(text: str, path: Path) -> str:
    with pytest.raises(ConfigError) as refused:
        parse_settings(text, path)
    return " ".join(refused.value.problems)


def test_a_number_format_is_checked_with_the_kpas_own_prefixes(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    long_prefix = re.sub(r'^invoice_prefix = ".*"$', 'invoice_prefix = "FACTURES"', text, flags=re.MULTILINE)
    long_format = re.sub(r'^number_format = ".*"$', 'number_format = "{prefix}-{year}-{seq:04d}-KPA-ROUBAIX-NORD"',
                         long_prefix, flags=re.MULTILINE)  # fmt: skip
    parse_settings(long_prefix, workspace.config_file)  # each setting alone is fine
    said = parse_settings_problem(long_format, workspace.config_file)
    assert "billing.number_format" in said and "avec le préfixe « FACTURES »" in said
    before = workspace.config_file.read_text(encoding="utf-8")
    with pytest.raises(ConfigError):
        save_sections(
            workspace.config_file,
            {"billing": {"invoice_prefix": "FACTURES", "number_format": "{prefix}-{year}-{seq:04d}-KPA-ROUBAIX-NORD"}},
        )
    assert workspace.config_file.read_text(encoding="utf-8") == before
