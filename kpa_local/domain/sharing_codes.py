"""The words of a sharing rule, as written in config/kpa.toml (kept light: read when the settings are)."""

from __future__ import annotations

BASIS_PAYMENTS = "paiements"
BASIS_INVOICES = "factures"
BASES = {BASIS_PAYMENTS: "paiements reçus", BASIS_INVOICES: "factures émises"}

CAE_ON_REVENUE = "recettes"
CAE_ON_MARGIN = "recettes_moins_depenses"
CAE_BASES = {CAE_ON_REVENUE: "des recettes", CAE_ON_MARGIN: "des recettes moins les dépenses"}

INSURANCE_PERCENT = "pourcentage"
INSURANCE_FIXED = "forfait"

BY_HOURS = "heures"
EQUAL_SHARES = "parts_egales"
BY_WEIGHTS = "poids"
METHODS = {
    BY_HOURS: "au prorata des heures",
    EQUAL_SHARES: "à parts égales entre les personnes qui ont travaillé",
    BY_WEIGHTS: "selon le poids de chaque personne",
}
