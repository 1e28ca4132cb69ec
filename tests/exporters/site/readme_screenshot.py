"""Take the README's screenshots of the site (not a test): python -m tests.exporters.site.readme_screenshot

Clones this repository's demo ledger, builds it with the real `rec site`, and photographs
the index and recommendation 5 in Debian's Chromium (docs/site-index.png, docs/site-rec.png).
Run it again when the site's look changes, and look at the images before committing them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.exporters.site.browser import chromium

REPO = Path(__file__).resolve().parents[3]
#: Page -> (image, viewport height): the index down to its table, the top of rec 5's page.
SHOTS = {"index.html": ("site-index.png", 1080), "recs/5.html": ("site-rec.png", 820)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rec-screenshot-") as scratch:
        clone = Path(scratch) / "demo"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        title = "Force X: inspection recommendations"
        subprocess.run([sys.executable, "-m", "rectrack", "site", "--title", title],
                       cwd=clone, check=True)  # fmt: skip
        with chromium(Path(scratch) / "profile") as context:
            page = context.new_page()
            for source, (name, height) in SHOTS.items():
                page.set_viewport_size({"width": 1100, "height": height})
                page.goto((clone / "site" / source).as_uri())
                target = REPO / "docs" / name
                page.screenshot(path=str(target), full_page=False)
                print(f"{target}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
