"""Writers for the documents rectrack gives out: JSON, CSV, Markdown, HTML.

Each is pure: recommendations in, text out. The CLI decides where the text goes.
"""
