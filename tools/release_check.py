#!/usr/bin/env python3
"""Before a release is published: the tag, the package version and the CHANGELOG agree.

    python3 tools/release_check.py v0.2.0

passes when rlhf_disclosure/_version.py says 0.2.0 and the newest version section of
CHANGELOG.md is headed `## 0.2.0 - YYYY-MM-DD` (a real date, not "Unreleased").
Without a tag it checks only that the version and the newest section agree, which is
what the test suite asks of every commit. The release workflow runs it on the tag.

Only the standard library: it runs before anything is installed.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^## (?P<version>\d+\.\d+\.\d+\S*) - (?P<date>.+?)\s*$", re.M)


def package_version(root: Path) -> str:
    text = (root / "rlhf_disclosure" / "_version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
    if found is None:
        raise SystemExit("release_check: no __version__ in rlhf_disclosure/_version.py")
    return found.group(1)


def newest_section(root: Path) -> tuple[str, str] | None:
    """(version, date text) of the first `## X.Y.Z - ...` heading of CHANGELOG.md."""
    found = HEADING.search((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    return None if found is None else (found.group("version"), found.group("date"))


def problems(root: Path, tag: str | None) -> list[str]:
    version = package_version(root)
    section = newest_section(root)
    found: list[str] = []
    if section is None:
        return [f"CHANGELOG.md has no `## {version} - DATE` section"]
    if section[0] != version:
        found.append(
            f"the newest CHANGELOG.md section is {section[0]}, the package version is {version}"
        )
    if tag is None:
        return found
    if tag != f"v{version}":
        found.append(f"the tag is {tag}, the package version is {version} (tag v{version})")
    try:
        dt.date.fromisoformat(section[1])
    except ValueError:
        found.append(
            f"the CHANGELOG.md section of {section[0]} is dated {section[1]!r}; "
            "write the release date as YYYY-MM-DD before tagging"
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1:
        print("usage: release_check.py [TAG]", file=sys.stderr)
        return 2
    found = problems(ROOT, args[0] if args else None)
    for problem in found:
        print(f"release_check: {problem}", file=sys.stderr)
    if not found:
        print(f"release_check: version {package_version(ROOT)} agrees")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
