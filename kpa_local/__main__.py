"""Lets `python -m kpa_local` behave like the `kpa` command."""

from kpa_local.cli import main

raise SystemExit(main())
