"""Terminal output: the only package that imports rich.

`console.py` owns the consoles and the one progress bar; the other modules draw one
thing each (a timeline, the list table, history, stats, import and verify reports).
Text from the ledger is data, never markup. Colour and styles appear on a terminal only;
piped output and NO_COLOR get plain text that still reads well in 80 columns.
"""
