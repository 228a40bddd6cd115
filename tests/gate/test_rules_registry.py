"""Every row of the policy's rule table has its check, and every check its row."""

from __future__ import annotations

import pytest

from rlhf_disclosure.gate.policy import RULES
from rlhf_disclosure.gate.rules import RULE_CHECKS, rule


def test_each_rule_of_the_policy_table_has_one_check() -> None:
    assert set(RULE_CHECKS) == set(RULES)


def test_a_check_without_a_row_in_the_table_is_refused() -> None:
    with pytest.raises(KeyError, match=r"no row in policy\.RULES"):
        rule("no-such-rule")
