# Babel's data for French only (the app speaks nothing else): this hook replaces PyInstaller's own,
# which takes every language (35 MB).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("babel", includes=["global.dat", "locale-data/root.dat", "locale-data/fr*.dat"])
