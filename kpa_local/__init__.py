"""kpa_local: la gestion d'une KPA du réseau KPA-Cité, sur l'ordinateur du local."""

__version__ = "0.1.0"
