"""Data in and out: spreadsheet imports and, later, the network bundle."""
