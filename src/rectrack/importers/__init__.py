"""Readers for the data rectrack takes in: tracker pages (scraped text or saved web pages),
spreadsheets (CSV and Excel), its own JSON export.

Each reader is pure: text or bytes in, records out, no files and no git. `rectrack.app.importing`
writes.
"""
