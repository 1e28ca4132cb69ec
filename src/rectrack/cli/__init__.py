"""The `rec` command line: parse arguments, call one `app` function, render its result.

`fast.py` is the console script: it handles the most-typed command shapes without
importing typer, and hands everything else to the typer application (`main.py`, which
registers the commands of `writes`, `reads`, `audit`, `transfer` and `integrity`).
`exits.py` is the one place where failures become exit codes, for both front ends.
Importing this package imports nothing, so the fast front end stays fast.
"""
