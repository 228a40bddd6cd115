"""The one Jinja environment: package templates, optionally shadowed by a user directory."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES = {"html": "report.html.j2", "md": "report.md.j2"}

# select_autoescape matches the end of the name, so list the .j2 forms explicitly:
# HTML templates escape, Markdown templates must not (escaping corrupts Markdown).
_autoescape = select_autoescape(
    enabled_extensions=("html", "html.j2", "htm", "xml", "svg.j2"),
    disabled_extensions=("md", "md.j2", "txt"),
    default_for_string=False,
    default=False,
)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, which also refuses to hand a template any module object.

    The stock sandbox blocks underscore attributes and unsafe callables, but a module
    reached through a helper (`helper.re.enum.sys.modules`) would still lead to `os`.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, ModuleType) or isinstance(value, ModuleType):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def make_environment(template_dir: str | os.PathLike[str] | None = None) -> Environment:
    """Package templates; with `template_dir`, its files shadow them by name and run sandboxed."""
    package = PackageLoader("rlhf_disclosure", "templates")
    kind = Environment if template_dir is None else _Sandbox
    loader: BaseLoader = package
    if template_dir is not None:
        loader = ChoiceLoader([FileSystemLoader(str(Path(template_dir))), package])
    return kind(
        loader=loader,
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
