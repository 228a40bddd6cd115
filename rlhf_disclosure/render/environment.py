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
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from ..errors import TemplateProblem
from .limits import bounded_filters, bounded_lipsum, check_binop, check_call

TEMPLATES = {"html": "report.html.j2", "md": "report.md.j2"}

# select_autoescape matches the end of the name, so list the .j2 forms explicitly:
# HTML templates escape, Markdown templates must not (escaping corrupts Markdown).
_autoescape = select_autoescape(
    enabled_extensions=("html", "html.j2", "htm", "xml", "svg.j2"),
    disabled_extensions=("md", "md.j2", "txt"),
    default_for_string=False,
    default=False,
)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, which also refuses to hand a template any module object.

    The stock sandbox blocks underscore attributes and unsafe callables, but a module
    reached through a helper (`helper.re.enum.sys.modules`) would still lead to `os`.
    The immutable one also refuses to change lists, dicts and sets: the status words,
    anchors and registries a template sees are shared by every later report.
    """

    # Operations that could build a huge value in one step are checked first
    # (render/limits.py): `*`, `+`, `**` and `%`, some string methods and filters.
    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = bounded_filters(self.filters)
        self.globals["lipsum"] = bounded_lipsum(generate_lorem_ipsum)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, ModuleType) or isinstance(value, ModuleType):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


class _UserLoader(FileSystemLoader):
    """A --template-dir: only regular files inside it, in UTF-8, shadow templates.

    Jinja's own loader skips a name that is a directory or a FIFO (the package's
    template is used without a word) and follows symbolic links out of the directory.
    Here each is an error naming the file.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        super().__init__(str(directory))
        self.root = Path(directory).resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        path = Path(self.searchpath[0]) / template
        if not os.path.lexists(path):
            return super().get_source(environment, template)  # raises TemplateNotFound
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise TemplateProblem(
                f"{template}: the template is a link to {real}, outside --template-dir"
            )
        if not real.is_file():
            raise TemplateProblem(f"{template}: is not a regular file")
        try:
            real.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateProblem(
                f"{template}: the template is not valid UTF-8 (byte {exc.start})"
            ) from None
        except OSError as exc:
            raise TemplateProblem(f"{template}: cannot read: {exc.strerror or exc}") from None
        return super().get_source(environment, template)


def make_environment(template_dir: str | os.PathLike[str] | None = None) -> Environment:
    """Package templates; with `template_dir`, its files shadow them by name and run sandboxed."""
    package = PackageLoader("rlhf_disclosure", "templates")
    kind = Environment if template_dir is None else _Sandbox
    loader: BaseLoader = package
    if template_dir is not None:
        loader = ChoiceLoader([_UserLoader(template_dir), package])
    return kind(
        loader=loader,
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
