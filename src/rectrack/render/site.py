"""What `rec site` prints: where the site went and from which commit (stdout), and each
note the user should read (stderr, `rec: note: ...`)."""

from __future__ import annotations

import sys

from rectrack.app.site import BuiltSite


def built(site: BuiltSite) -> None:
    for note in site.notes:
        sys.stderr.write(f"rec: note: {note}\n")
    sys.stderr.flush()
    count = "1 recommendation" if site.recs == 1 else f"{site.recs} recommendations"
    sys.stdout.write(
        f"wrote {site.files} files ({count}) to {site.folder}, from commit {site.commit[:12]} "
        f"of {site.committed:%Y-%m-%d %H:%M}\n"
    )
    sys.stdout.flush()
