"""Use cases: one transaction per call, plain dataclasses out; screens and CLI call these."""
