"""`rec site`: a static website of the ledger, built purely from recommendations in memory.

Only `rec site` imports this package (it pulls in Jinja2, which no other command needs).
`build_site` returns every file as bytes keyed by its relative path; the caller writes them.
"""

from rectrack.exporters.site.builder import build_site
from rectrack.exporters.site.model import Checkpoint, RecordedEvent, SiteSource

__all__ = ["Checkpoint", "RecordedEvent", "SiteSource", "build_site"]
