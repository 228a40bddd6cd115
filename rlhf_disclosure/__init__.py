"""rlhf-disclosure: validate, score and render disclosures of RLHF pipelines."""

from ._version import __version__
from .errors import ValidationFailed
from .issues import Issue
from .schema import Disclosure
from .validation.validate import load_disclosure, validate_file

__all__ = [
    "Disclosure",
    "Issue",
    "ValidationFailed",
    "__version__",
    "load_disclosure",
    "validate_file",
]
