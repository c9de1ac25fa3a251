"""The terminal interface, in French: the only package that imports textual."""
