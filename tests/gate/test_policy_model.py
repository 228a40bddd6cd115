"""The policy model's typed keys stay in step with the registries they name."""

from __future__ import annotations

from typing import get_args

from rlhf_disclosure.coverage.items import FRAMEWORK_IDS, ITEMS_BY_ID
from rlhf_disclosure.gate.policy import RULES, FrameworkId, ItemId, RuleCode


def test_item_ids_match_the_registry() -> None:
    assert set(get_args(ItemId)) == set(ITEMS_BY_ID)


def test_framework_ids_match() -> None:
    assert set(get_args(FrameworkId)) == set(FRAMEWORK_IDS)


def test_rule_codes_match_the_rules_table() -> None:
    assert set(get_args(RuleCode)) == set(RULES)
