"""Readers for the data rectrack takes in: tracker pages, spreadsheets, its own JSON export.

Each reader is pure: text in, records out, no files and no git. `rectrack.imports` writes.
"""
