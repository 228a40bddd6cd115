"""How many examples a property test runs: its count in the `ci` profile, scaled to the active one.

`@settings(max_examples=examples(400))` runs 400 examples under `ci` (what `make test`
runs) and 40 under `dev` (`make test-fast`). Deadlines and health checks come from the
profile (tests/conftest.py): there is no deadline in either.
"""

from __future__ import annotations

from hypothesis import settings

CI_EXAMPLES = 300
"""`max_examples` of the `ci` profile."""


def examples(in_ci: int) -> int:
    """`in_ci` scaled by the active profile's share of the `ci` profile's examples."""
    return max(1, in_ci * settings.default.max_examples // CI_EXAMPLES)
