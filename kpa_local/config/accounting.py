"""The [accounting] section of config/kpa.toml: the journals and accounts of the entries written for the accountant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from kpa_local.config import checks
from kpa_local.config.keys import setting
from kpa_local.config.kinds import Text

if TYPE_CHECKING:
    from kpa_local.domain.accounting import ChartOfAccounts

# A journal code, or the start of each client's account: 1 to 8 letters or digits.
CODE = Text(checks.prefix)
# Each VAT rate as stored (`5.5`) and as its keys end (`5_5`).
RATE_KEYS = {"20": "20", "10": "10", "5.5": "5_5", "2.1": "2_1", "0": "0"}


def _account(default: str, start: str, what: str, label: str) -> Any:
    return setting(default, Text(checks.account(start, what)), label, required=True)


def _revenue(rate: str, default: str) -> Any:
    return _account(default, "7", "de produits", f"Chiffre d'affaires à {rate} % de TVA")


def _vat(rate: str, default: str) -> Any:
    return _account(default, "4457", "de TVA collectée", f"TVA collectée à {rate} %")


@dataclass(frozen=True)
class AccountingSettings:
    """The plan of accounts of `kpa invoices fec`; the defaults follow the French chart (PCG) and work as they are."""

    TITLE: ClassVar[str] = "La comptabilité (écritures pour le comptable, expliquées dans config/kpa.toml)"

    sales_journal: str = setting("VT", CODE, "Code du journal des ventes", required=True)
    bank_journal: str = setting("BQ", CODE, "Code du journal de banque", required=True)
    cash_journal: str = setting("CA", CODE, "Code du journal de caisse", required=True)
    client_account: str = _account("411000", "411", "de clients", "Compte des clients")
    client_prefix: str = setting("411", CODE, "Début du compte de chaque client")
    deposit_account: str = _account("419100", "419", "d'acomptes reçus", "Compte des acomptes reçus")
    bank_account: str = _account("512000", "51", "de banque", "Compte de la banque")
    cash_account: str = _account("530000", "53", "de caisse", "Compte de la caisse")
    revenue_20: str = _revenue("20", "706100")
    revenue_10: str = _revenue("10", "706200")
    revenue_5_5: str = _revenue("5,5", "706300")
    revenue_2_1: str = _revenue("2,1", "706400")
    revenue_0: str = _revenue("0", "706500")
    vat_20: str = _vat("20", "445711")
    vat_10: str = _vat("10", "445712")
    vat_5_5: str = _vat("5,5", "445713")
    vat_2_1: str = _vat("2,1", "445714")

    def plan(self) -> ChartOfAccounts:
        """The plan these settings give, for the entries."""
        from kpa_local.domain.accounting import ChartOfAccounts

        return ChartOfAccounts(
            sales_journal=self.sales_journal,
            bank_journal=self.bank_journal,
            cash_journal=self.cash_journal,
            client_account=self.client_account,
            client_prefix=self.client_prefix,
            deposit_account=self.deposit_account,
            bank_account=self.bank_account,
            cash_account=self.cash_account,
            revenue={rate: getattr(self, f"revenue_{key}") for rate, key in RATE_KEYS.items()},
            vat={rate: getattr(self, f"vat_{key}") for rate, key in RATE_KEYS.items() if rate != "0"},
        )
