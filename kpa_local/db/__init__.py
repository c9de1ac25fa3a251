"""The database: typed models, the engine with its safety settings, and migrations."""
