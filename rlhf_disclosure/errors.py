"""One exception family for everything the library raises on purpose.

`DisclosureError` is the root. A `UserError` is the user's to fix - an invalid file,
an argument that makes no sense, an output that cannot be written, a broken template -
and the command line prints its message and exits 1 (2 for a `UsageProblem`). Any
other exception that escapes is a bug in the tool: exit 3, with a traceback only under
`--debug` (cli/errors.py holds that table). Exceptions of one stage live in it and
derive from these (reading.loader.YamlRefused is a UserError).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .issues import Issue


class DisclosureError(Exception):
    """The root of the library's own exceptions."""


class UserError(DisclosureError):
    """A problem the user can fix: its message says what and where."""


class UsageProblem(UserError):
    """Arguments that make no sense, such as an empty path (the command line exits 2)."""


class OutputProblem(UserError):
    """An output could not be written; nothing was changed."""


class TemplateProblem(UserError):
    """A template failed to load or render; the message names the file and line."""


class ValidationFailed(UserError):
    """A disclosure did not validate; `issues` says where and why."""

    def __init__(self, issues: list[Issue]) -> None:
        from .issues import sort_issues

        self.issues = sort_issues(issues)
        first = self.issues[0] if self.issues else None
        summary = f"{len(self.issues)} problem(s)"
        if first is not None:
            summary += f", first: {first.file}:{first.line}:{first.column}: {first.message}"
        super().__init__(summary)
