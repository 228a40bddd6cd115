"""The package's imports run one way, as ARCHITECTURE.md draws them.

Every import in every module is read from its syntax tree (those inside functions and
`if TYPE_CHECKING:` too), resolved to the module it names, and checked against the
table below: a stage may import only the stages beneath it. There is no cycle between
modules either.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.repo import REPO

PACKAGE = REPO / "rlhf_disclosure"
NAME = "rlhf_disclosure"

BOTTOM = {"_version", "issues", "errors", "figures"}
ALLOWED: dict[str, set[str]] = {
    # unit (a top-level module or subpackage): the units it may import
    "_version": set(),
    "issues": set(),
    "errors": {"issues"},
    "figures": set(),
    "schema": {"figures"},  # the models import nothing else of the package
    "reading": BOTTOM | {"schema"},  # only schema.paths.Loc, for types
    "output": BOTTOM,
    "validation": BOTTOM | {"schema", "reading"},
    "coverage": BOTTOM | {"schema", "output"},
    "gate": BOTTOM | {"schema", "reading", "validation", "coverage"},
    "scaffold": BOTTOM | {"schema", "output"},
    "migrate": BOTTOM | {"schema", "reading", "validation", "output"},
    "render": BOTTOM | {"schema", "reading", "validation", "coverage", "output"},
    "cli": BOTTOM
    | {
        "schema",
        "reading",
        "validation",
        "coverage",
        "gate",
        "output",
        "render",
        "scaffold",
        "migrate",
    },
    "__init__": BOTTOM | {"schema", "validation"},  # the public API
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """(line, module imported) for every import of the package in a module."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == NAME:
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != NAME:
                continue
            for alias in node.names:  # `from . import view` imports the module view
                sub = f"{target}.{alias.name}"
                yield node.lineno, sub if sub in known else target


def test_every_module_belongs_to_a_known_unit() -> None:
    assert {unit(m) for m in modules()} <= set(ALLOWED), "add the new unit to ALLOWED"


def test_imports_run_one_way() -> None:
    known = modules()
    wrong = []
    for module, path in known.items():
        here = unit(module)
        for line, target in imports(module, path, known):
            there = unit(target)
            if there != here and there not in ALLOWED[here]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {there}")
    assert wrong == [], "imports against the direction in ARCHITECTURE.md:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    known = modules()
    graph = {m: {t for _, t in imports(m, p, known) if t != m} for m, p in known.items()}
    state: dict[str, int] = {}  # 1 while on the stack, 2 when done
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    # A package importing its own submodules (schema/__init__ -> schema.common) is not a
    # cycle unless the submodule imports the package back by name.
    real = [c for c in cycles if not all(c[0].startswith(x) or x.startswith(c[0]) for x in c)]
    assert real == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in real)


@pytest.mark.parametrize("package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_each_package_says_its_job_in_its_docstring(package: str) -> None:
    tree = ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc.split()) >= 5, f"{package}/__init__.py needs a docstring"


def test_the_direction_test_would_catch_a_wrong_import(tmp_path: Path) -> None:
    """The reader resolves relative imports: schema importing validation is caught."""
    fake = tmp_path / NAME / "schema"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text("from ..validation import locate\n", encoding="utf-8")
    found = list(imports(f"{NAME}.schema.x", fake / "x.py", {}))
    assert found == [(1, f"{NAME}.validation")]
    assert unit(found[0][1]) not in ALLOWED["schema"]
