"""A commented YAML scaffold generated from the schema, for `rlhf-disclosure init`."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import OutputProblem, UsageProblem
from .output.files import create_exclusive, write_atomic
from .schema import Disclosure, Undisclosed
from .schema.common import LINK, PerVariant, has_marker
from .schema.disclosure import SCHEMA_VERSION
from .schema.json_schema import SCHEMA_URL
from .schema.paths import flatten
from .schema.values import _Qualified

TODO = "TODO"

# Fields kept by `init --minimal`, by model: the identity basics and, for each of the
# eleven items, the fields that answer it most directly. Required fields are always kept.
MINIMAL: dict[str, tuple[str, ...]] = {
    "Disclosure": (
        "schema_version",
        "model",
        "pretraining",
        "feedback_collections",
        "reward_models",
        "policy_training",
        "policy_evaluation",
        "audits",
        "risks",
        "monitoring",
    ),
    "ModelIdentity": ("name", "version", "developer", "release_date", "licence", "contact"),
    "Pretraining": ("base_model", "description", "data_cutoff"),
    "FeedbackCollection": (
        "id",
        "name",
        "annotators",
        "example_selection",
        "feedback_type",
        "quality_assurance",
    ),
    "Annotators": ("workforce", "count", "recruitment", "compensation", "countries"),
    "Recruitment": ("description",),
    "Compensation": ("description",),
    "ExampleSelection": ("prompt_sources", "adversarial_share"),
    "PromptSource": ("kind", "share"),
    "FeedbackType": ("kinds",),
    "FeedbackKind": ("kind",),
    "QualityAssurance": ("review_process", "agreement"),
    "Agreement": ("metric", "value"),
    "RewardModel": ("id", "name", "loss", "evaluation"),
    "Loss": ("kind", "disagreement"),
    "RewardModelEvaluation": ("results",),
    "EvaluationResult": ("name", "metric", "value", "uncertainty", "n"),
    "Uncertainty": ("ci_lower", "ci_upper", "ci_level"),
    "PolicyTraining": ("stages",),
    "PolicyStage": ("id", "name", "kind", "reward_models", "hyperparameters"),
    "Hyperparameters": ("kl_coefficient", "learning_rate"),
    "PolicyEvaluation": ("results", "red_teaming"),
    "RedTeaming": ("people", "scope", "findings"),
    "Audit": ("id", "kind", "auditor", "findings"),
    "Risk": ("id", "risk", "mitigations"),
    "Monitoring": ("monitored", "reporting", "correction"),
}

_SKIP_ALWAYS = {"references", "notes", "extensions"}
# ...but a transcription needs them: the full scaffold shows them where they matter
# most, on the document (references, extensions) and on each item's own section.
_SHOWN_AT = {
    "Disclosure",
    *(
        "Pretraining",
        "FeedbackCollection",
        "Dataset",
        "RewardModel",
        "PolicyTraining",
        "PolicyEvaluation",
        "Audit",
        "Risk",
        "Monitoring",
    ),
}


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 86 - len(indent))]


class _Writer:
    def __init__(self, minimal: bool) -> None:
        self.minimal = minimal
        self.lines: list[str] = []

    def keep(self, model: type[BaseModel], name: str, info: FieldInfo) -> bool:
        if name == "schema_version":
            return True
        if name == "cite":
            return False  # the header says how to cite; on every mapping it would be noise
        if name in _SKIP_ALWAYS and not info.is_required():
            return not self.minimal and model.__name__ in _SHOWN_AT
        if not self.minimal or info.is_required():
            return True
        return name in MINIMAL.get(model.__name__, ())

    def model(self, model: type[BaseModel], indent: str, first_prefix: str | None = None) -> None:
        first = True
        for name, info in model.model_fields.items():
            if not self.keep(model, name, info):
                continue
            opening_item = first and first_prefix is not None
            prefix = first_prefix if opening_item and first_prefix is not None else indent
            if info.description:
                # The first field of a list item is commented above its '- ' line.
                where = prefix[:-2] if opening_item else indent
                self.lines.extend(_comment(info.description, where))
            # An example goes beside the TODO unless the description already gives one.
            shown = None if "e.g." in (info.description or "") else info.examples
            self.field(name, info.annotation, prefix, indent, tuple(info.metadata), shown)
            first = False
        if first and first_prefix is not None:  # a model with nothing kept
            self.lines.append(f"{first_prefix}{{}}")

    def field(
        self,
        name: str,
        annotation: Any,
        prefix: str,
        indent: str,
        metadata: tuple[Any, ...] = (),
        examples: list[Any] | None = None,
    ) -> None:
        alts = flatten(annotation)
        if name == "schema_version":
            self.lines.append(f"{prefix}schema_version: {SCHEMA_VERSION}")
            return
        # A qualified figure ({about: ...}) is an alternative to a number, not a section.
        models = [
            a
            for a in alts
            if isinstance(a, type)
            and issubclass(a, BaseModel)
            and not issubclass(a, (_Qualified, PerVariant))
        ]
        lists = [a for a in alts if get_origin(a) is list]
        section = [m for m in models if m is not Undisclosed]
        if section and any(m is Undisclosed for m in models):
            self.lines.append(
                f"{indent}# Or, if not disclosed here: 'status: withheld' (or 'not_applicable', "
                "'none', 'elsewhere') and 'reason: ...'"
            )
        if section:
            several = [m for a in lists for m in flatten(get_args(a)[0]) if _extends(m, section[0])]
            if several:
                # The list form (annotator pools) is the mapping's fields plus a name each.
                extra = [n for n in several[0].model_fields if n not in section[0].model_fields]
                self.lines.append(
                    f"{indent}# Or, for several groups: a list of mappings like this one, "
                    f"each with its own {' and '.join(repr(f'{n}:') for n in extra)}"
                )
            self.lines.append(f"{prefix}{name}:")
            self.model(section[0], indent + "  ")
            return
        if lists:
            item = get_args(lists[0])[0]
            item_alts = flatten(item)
            item_models = [a for a in item_alts if isinstance(a, type) and issubclass(a, BaseModel)]
            self.lines.append(f"{prefix}{name}:")
            if item_models:
                self.model(item_models[0], indent + "    ", first_prefix=indent + "  - ")
            else:
                self.lines.append(f"{indent}  - {self.placeholder(item, (), examples)}")
            return
        if any(get_origin(a) is dict for a in alts):
            self.lines.append(f"{prefix}{name}: {{}}")
            return
        self.lines.append(f"{prefix}{name}: {self.placeholder(annotation, metadata, examples)}")

    def placeholder(
        self, annotation: Any, metadata: tuple[Any, ...] = (), examples: list[Any] | None = None
    ) -> str:
        values = [v for a in flatten(annotation) if get_origin(a) is Literal for v in get_args(a)]
        if values:
            return f"{TODO}  # one of: {', '.join(str(v) for v in values)}"
        if has_marker(annotation, LINK, metadata):
            return f"{TODO}  # an https:// link"
        example = _example(examples)
        return f"{TODO}  # e.g. {example}" if example else TODO


def _extends(sub: Any, model: type[BaseModel]) -> bool:
    return isinstance(sub, type) and issubclass(sub, model) and sub is not model


def _example(examples: list[Any] | None) -> str:
    """A field's first example as it would be written in YAML, if it is short."""
    if not examples:
        return ""
    value = examples[0]
    if isinstance(value, list):  # a list field's example: show one item
        value = value[0] if value else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, width=1000).strip()
    text = text.removesuffix("...").strip()
    return text if len(text) <= 48 and "\n" not in text else ""


def scaffold(minimal: bool = False, schema_url: str = SCHEMA_URL) -> str:
    """YAML for a new disclosure: every field (or the core ones), commented, with TODOs."""
    writer = _Writer(minimal)
    head = [
        f"# yaml-language-server: $schema={schema_url}",
        "# An RLHF disclosure. Replace every TODO; `rlhf-disclosure check` lists those left.",
        "# Delete optional fields you cannot fill. Where the source says something instead",
        "# of a value, any field, list or section takes a status: {status: withheld, reason:",
        "# ...}, or not_applicable, none (nothing of the kind was done) or elsewhere (with",
        "# references). A number may be {about: N}, {at_least: N}, {more_than: N},",
        "# {at_most: N}, {less_than: N} or {from: A, to: B}. Any mapping can cite its",
        "# sources: cite: [{ref: ID, locator: ...}], ID being a document's id under",
        "# references. Values that differ by model size: declare model.variants, then",
        "# write {per_variant: {ID: value}, otherwise: value}.",
        "",
    ]
    writer.model(Disclosure, "")
    return "\n".join([*head, *writer.lines]) + "\n"


def write_scaffold(
    path: str,
    *,
    minimal: bool = False,
    force: bool = False,
    schema_url: str | None = None,
    named: bool = True,
) -> None:
    """Write the scaffold to `path`, refusing a directory, and an existing file unless `force`.

    Without `force` the file is created exclusively: of concurrent runs one writes it.
    `named` is false for the default name, which must then not be a symbolic link.
    """
    if not path.strip():
        raise UsageProblem("PATH is empty; name the file to write, e.g. disclosure.yaml")
    if schema_url is not None and (
        not schema_url.strip() or any(c.isspace() or not c.isprintable() for c in schema_url)
    ):
        # The URL goes into a comment line: a line break would add YAML to the scaffold.
        raise UsageProblem(
            f"--schema-url must be one URL or path without spaces, not {schema_url!r}"
        )
    target = Path(path)
    if target.is_dir():
        raise OutputProblem(
            f"{path} is a directory; name a file in it, e.g. {target / 'disclosure.yaml'}"
        )
    text = scaffold(minimal=minimal, schema_url=schema_url or SCHEMA_URL)
    if force:
        write_atomic(target, text, named=named)
    else:
        create_exclusive(target, text, named=named)
