"""The ids of the checklists coverage knows, from data/checklists.yaml.

Light on purpose (PyYAML only, no models): the command line's help reads it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


def read_data(name: str) -> Any:
    """A packaged YAML file of rlhf_disclosure/data/, as plain data."""
    import yaml

    text = resources.files("rlhf_disclosure").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def framework_ids() -> tuple[str, ...]:
    """The checklists by id, in the order they are listed to users."""
    listed = read_data("checklists.yaml").get("checklists")
    if not isinstance(listed, list) or not listed or not all(isinstance(i, str) for i in listed):
        raise ValueError("data/checklists.yaml: `checklists` must list checklist ids")
    return tuple(listed)
