"""Dateline's terminal layer: the Textual explorer and the `dateline` command."""
