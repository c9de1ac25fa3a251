"""What the installed program runs: the `kpa` command, exactly as the installed package's script does."""

import sys

from kpa_local.cli import main

if __name__ == "__main__":
    sys.exit(main())
