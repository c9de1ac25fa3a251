"""Pure rules of a KPA: no database, no screen, only the standard library."""
