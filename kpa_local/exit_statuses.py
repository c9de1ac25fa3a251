"""How `kpa` ends, the command line and the app alike: the statuses README « Codes de sortie » lists."""

EXIT_DONE = 0
EXIT_REFUSED = 1  # a value to correct, a missing right, a « non »: nothing was changed
EXIT_USAGE = 2  # the command is written wrong (argparse said how)
EXIT_UNEXPECTED = 3  # an unexpected error, written to data/kpa.log
