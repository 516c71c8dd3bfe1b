"""Dateline's model: events, dates, casualties, the store and the query language.

Pure Python: nothing here imports the terminal layer.
"""

__version__ = "0.1.0"
