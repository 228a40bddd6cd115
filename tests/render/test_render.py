"""Reports: golden output, determinism, the `render` command and user templates."""

from __future__ import annotations

import importlib.resources
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import Result

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.render.environment import make_environment
from rlhf_disclosure.validation.validate import validate_bytes
from tests.cli_helpers import run
from tests.repo import REPO

Golden = Callable[[str, Path], None]  # the `golden` fixture of conftest.py

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
GOLDEN = REPO / "tests" / "golden"
SUFFIX = {"html": ".html", "md": ".md"}

MINIMAL = "schema_version: 2\nmodel:\n  name: Tiny-1B\n"
OTHER = "schema_version: 2\nmodel:\n  name: Small-3B\n"
BROKEN = "schema_version: 2\nmodel:\n  name: Tiny-1B\n  licence: NO\n"
BROKEN_LINE = "b.yaml:4:12: error[unquoted-value] model.licence:"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (hidden ones too) with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def report(text: str, fmt: str) -> str:
    result = validate_bytes(text.encode("utf-8"))
    assert result.disclosure is not None, result.issues
    return render(result.disclosure, fmt)  # type: ignore[arg-type]


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


# --- Golden files and determinism ---------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_report(example: Path, fmt: str, golden: Golden) -> None:
    text = render(load_disclosure(example), fmt)  # type: ignore[arg-type]
    golden(text, GOLDEN / f"{example.stem}{SUFFIX[fmt]}")


SHAPES = sorted((REPO / "tests" / "fixtures" / "valid").glob("schema2-*.yaml"))
"""A fixture for each schema 2 shape: their reports are golden files too."""


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("fixture", SHAPES, ids=[p.stem for p in SHAPES])
def test_golden_report_of_each_schema_shape(fixture: Path, fmt: str, golden: Golden) -> None:
    text = render(load_disclosure(fixture), fmt)  # type: ignore[arg-type]
    golden(text, GOLDEN / "shapes" / f"{fixture.stem}{SUFFIX[fmt]}")


def test_every_example_has_golden_files_and_no_stale_ones() -> None:
    expected = {f"{p.stem}{s}" for p in EXAMPLES for s in SUFFIX.values()}
    assert len(EXAMPLES) >= 3
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} == expected
    shapes = {f"{p.stem}{s}" for p in SHAPES for s in SUFFIX.values()}
    assert len(SHAPES) >= 10
    assert {p.name for p in (GOLDEN / "shapes").iterdir()} == shapes


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_rendering_twice_gives_the_same_bytes(example: Path, fmt: str) -> None:
    first = render(load_disclosure(example), fmt)  # type: ignore[arg-type]
    second = render(load_disclosure(example), fmt)  # type: ignore[arg-type]
    assert first.encode("utf-8") == second.encode("utf-8")


def test_reports_do_not_depend_on_hash_seed_or_locale(tmp_path: Path) -> None:
    """Two fresh processes with different hash seeds and locales write the same bytes."""
    outputs = []
    for seed, lang in (("1", "C.UTF-8"), ("4242", "POSIX")):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": lang, "LANG": lang, "TZ": "UTC"}
        for fmt in ("html", "md"):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "rlhf_disclosure",
                    "render",
                    *map(str, EXAMPLES),
                    "--format",
                    fmt,
                    "--out-dir",
                    str(out),
                ],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
            )
        outputs.append(snapshot(out))
    assert len(outputs[0]) == 2 * len(EXAMPLES)
    assert outputs[0] == outputs[1]


def test_report_ends_with_one_newline_and_no_trailing_spaces() -> None:
    for example in EXAMPLES:
        for fmt in ("html", "md"):
            text = render(load_disclosure(example), fmt)  # type: ignore[arg-type]
            assert text.endswith("\n") and not text.endswith("\n\n"), (example.name, fmt)
            assert "\r" not in text
            if fmt == "md":
                trailing = [
                    n for n, line in enumerate(text.splitlines(), 1) if line != line.rstrip()
                ]
                assert trailing == [], (example.name, trailing[:10])


# --- The render() API -----------------------------------------------------------


def test_render_markdown_api() -> None:
    text = report(MINIMAL, "md")
    assert isinstance(text, str)
    assert text.startswith("# Tiny-1B\n")
    assert "## At a glance" in text
    assert "<" not in text.replace("<https://", "").replace("<mailto:", "")


def test_render_html_api_is_the_default() -> None:
    result = validate_bytes(MINIMAL.encode())
    assert result.disclosure is not None
    text = render(result.disclosure)
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Tiny-1B — RLHF disclosure</title>" in text


def test_render_rejects_an_unknown_format() -> None:
    result = validate_bytes(MINIMAL.encode())
    assert result.disclosure is not None
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(result.disclosure, "pdf")  # type: ignore[arg-type]


def test_free_text_is_shown_as_written() -> None:
    """Survey questions in a demographic dimension keep their capitals in both reports."""
    doc = (
        MINIMAL
        + "feedback_collections:\n"
        + "  - id: prefs\n"
        + "    name: Preferences\n"
        + "    annotators:\n"
        + "      demographics:\n"
        + '        - dimension: ethnicity ("What ethnicities do you identify as?")\n'
        + "          survey_size: 10\n"
        + "          categories:\n"
        + "            - {category: Latinx, share: 0.5}\n"
        + "            - {category: East Asian, share: 0.5}\n"
    )
    for fmt in ("html", "md"):
        text = report(doc, fmt)
        shown = "What ethnicities do you identify as?"
        assert shown in text.replace("&#34;", '"').replace("&quot;", '"'), fmt


# --- Autoescaping -----------------------------------------------------------------


@pytest.mark.parametrize("template_dir", [None, "user"])
def test_autoescape_is_on_for_html_and_off_for_markdown(
    template_dir: str | None, tmp_path: Path
) -> None:
    env = make_environment(tmp_path if template_dir else None)
    assert callable(env.autoescape)
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("_macros.html.j2") is True
    assert env.autoescape("report.md.j2") is False
    assert env.autoescape("_macros.md.j2") is False


def test_user_templates_get_the_same_escaping(workdir: Path) -> None:
    write(workdir / "t" / "report.html.j2", "<p>{{ d.model.name }}</p>\n")
    write(workdir / "t" / "report.md.j2", "{{ d.model.name }}\n")
    write(workdir / "d.yaml", MINIMAL.replace("Tiny-1B", "'<b>Tiny & 1B</b>'"))
    assert run("render", "d.yaml", "-o", "d.html", "--template-dir", "t").exit_code == 0
    assert run("render", "d.yaml", "-f", "md", "-o", "d.md", "--template-dir", "t").exit_code == 0
    assert (workdir / "d.html").read_text() == "<p>&lt;b&gt;Tiny &amp; 1B&lt;/b&gt;</p>\n"
    assert (workdir / "d.md").read_text() == "<b>Tiny & 1B</b>\n"


# --- The render command: where reports go -------------------------------------------


def test_one_file_with_out(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    result = run("render", "d.yaml", "-o", "report.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "report.html\n"
    assert (workdir / "report.html").read_text(encoding="utf-8") == report(MINIMAL, "html")
    assert sorted(os.listdir(workdir)) == ["d.yaml", "report.html"]


def test_one_file_markdown_with_out(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    result = run("render", "d.yaml", "--format", "md", "--out", "report.md")
    assert result.exit_code == 0, result.output
    assert (workdir / "report.md").read_text(encoding="utf-8") == report(MINIMAL, "md")


def test_one_file_without_out_goes_beside_it(workdir: Path) -> None:
    write(workdir / "sub" / "d.yaml", MINIMAL)
    result = run("render", "sub/d.yaml", "-f", "md")
    assert result.exit_code == 0, result.output
    assert (workdir / "sub" / "d.md").read_text(encoding="utf-8") == report(MINIMAL, "md")


def test_several_files_need_out_dir(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", OTHER)
    before = snapshot(workdir)
    result = run("render", "a.yaml", "b.yaml")
    assert result.exit_code == 2
    assert "--out-dir" in result.stderr
    assert_no_traceback(result)
    assert snapshot(workdir) == before


def test_several_files_with_out_refused(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", OTHER)
    before = snapshot(workdir)
    result = run("render", "a.yaml", "b.yaml", "-o", "x.html")
    assert result.exit_code == 2
    assert "--out-dir" in result.stderr
    assert snapshot(workdir) == before


def test_out_and_out_dir_together_refused(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    result = run("render", "a.yaml", "-o", "x.html", "--out-dir", "out")
    assert result.exit_code == 2
    assert not (workdir / "x.html").exists() and not (workdir / "out").exists()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_out_dir_writes_one_report_per_input_named_after_it(workdir: Path, fmt: str) -> None:
    write(workdir / "in" / "alpha.yaml", MINIMAL)
    write(workdir / "in" / "beta.yml", OTHER)
    result = run("render", "in/alpha.yaml", "in/beta.yml", "-f", fmt, "--out-dir", "out/reports")
    assert result.exit_code == 0, result.output
    out = workdir / "out" / "reports"
    assert sorted(os.listdir(out)) == [f"alpha{SUFFIX[fmt]}", f"beta{SUFFIX[fmt]}"]
    assert (out / f"alpha{SUFFIX[fmt]}").read_text(encoding="utf-8") == report(MINIMAL, fmt)
    assert (out / f"beta{SUFFIX[fmt]}").read_text(encoding="utf-8") == report(OTHER, fmt)
    assert result.stdout.splitlines() == [
        str(Path("out/reports") / f"alpha{SUFFIX[fmt]}"),
        str(Path("out/reports") / f"beta{SUFFIX[fmt]}"),
    ]


def test_out_dir_takes_a_directory_of_inputs(workdir: Path) -> None:
    write(workdir / "in" / "alpha.yaml", MINIMAL)
    write(workdir / "in" / "beta.yaml", OTHER)
    result = run("render", "in", "--out-dir", "out")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(workdir / "out")) == ["alpha.html", "beta.html"]


def test_two_inputs_with_one_name_refused(workdir: Path) -> None:
    write(workdir / "x" / "d.yaml", MINIMAL)
    write(workdir / "y" / "d.yaml", OTHER)
    result = run("render", "x/d.yaml", "y/d.yaml", "--out-dir", "out")
    assert result.exit_code == 2
    assert "both be written" in result.stderr
    assert not (workdir / "out").exists()


# --- Invalid input: located messages, nothing written -------------------------------


def test_invalid_input_writes_nothing(workdir: Path) -> None:
    write(workdir / "b.yaml", BROKEN)
    validate = run("validate", "b.yaml")
    assert validate.exit_code == 1
    [issue_line] = [line for line in validate.stdout.splitlines() if line.startswith("b.yaml:")]
    assert issue_line.startswith(BROKEN_LINE)

    result = run("render", "b.yaml", "-o", "b.html")
    assert result.exit_code == 1
    assert issue_line in result.stderr.splitlines()
    assert "nothing written" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)
    assert not (workdir / "b.html").exists()
    assert sorted(os.listdir(workdir)) == ["b.yaml"]


def test_invalid_input_leaves_an_existing_report_unchanged(workdir: Path) -> None:
    write(workdir / "b.yaml", BROKEN)
    write(workdir / "b.md", "the old report\n")
    result = run("render", "b.yaml", "-f", "md")
    assert result.exit_code == 1
    assert BROKEN_LINE in result.stderr
    assert (workdir / "b.md").read_text() == "the old report\n"


def test_one_invalid_input_stops_every_report(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", BROKEN)
    result = run("render", "a.yaml", "b.yaml", "--out-dir", "out")
    assert result.exit_code == 1
    assert BROKEN_LINE in result.stderr
    assert "a.yaml" not in result.stderr  # a.yaml is fine: no message about it
    assert not (workdir / "out").exists(), "a failed render created its --out-dir"
    assert sorted(os.listdir(workdir)) == ["a.yaml", "b.yaml"]


def test_missing_input_is_located(workdir: Path) -> None:
    result = run("render", "nope.yaml", "-o", "x.html")
    assert result.exit_code == 1
    assert "nope.yaml:1:1:" in result.stderr
    assert "no such file" in result.stderr
    assert not (workdir / "x.html").exists()


# --- Where reports may not go -----------------------------------------------------------


def test_refuses_to_write_over_its_input(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    result = run("render", "d.yaml", "-f", "html", "-o", "d.yaml")
    assert result.exit_code == 2
    assert "refusing to write the report over its input d.yaml" in result.stderr
    assert (workdir / "d.yaml").read_text() == MINIMAL


def test_refuses_to_write_over_its_input_by_another_name(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    os.symlink("d.yaml", workdir / "link.html")
    result = run("render", "d.yaml", "-o", "link.html")
    assert result.exit_code == 2
    assert "refusing to write the report over its input" in result.stderr
    assert (workdir / "d.yaml").read_text() == MINIMAL


def test_refuses_to_write_over_an_input_in_out_dir(workdir: Path) -> None:
    # An input named like a report, rendered into its own directory.
    write(workdir / "in" / "d.md", MINIMAL)
    result = run("render", "in/d.md", "-f", "md", "--out-dir", "in")
    assert result.exit_code == 2
    assert "refusing to write the report over its input" in result.stderr
    assert (workdir / "in" / "d.md").read_text() == MINIMAL


def test_missing_parent_directory_is_a_clear_error(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    result = run("render", "d.yaml", "-o", "no/such/dir/r.html")
    assert result.exit_code == 1
    assert "error: no/such/dir/r.html: the directory no/such/dir does not exist" in result.stderr
    assert_no_traceback(result)
    assert not (workdir / "no").exists()


def test_output_that_is_a_directory_is_a_clear_error(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    (workdir / "r.html").mkdir()
    result = run("render", "d.yaml", "-o", "r.html")
    assert result.exit_code == 1
    assert "error: r.html: is a directory" in result.stderr
    assert_no_traceback(result)
    assert os.listdir(workdir / "r.html") == []
    assert sorted(os.listdir(workdir)) == ["d.yaml", "r.html"]


def test_out_dir_under_a_file_is_a_clear_error(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "afile", "x")
    result = run("render", "d.yaml", "--out-dir", "afile/out")
    assert result.exit_code == 1
    assert "afile/out" in result.stderr
    assert "cannot create directory" in result.stderr
    assert_no_traceback(result)
    assert (workdir / "afile").read_text() == "x"


def test_existing_report_is_replaced_whole_without_leftovers(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    old = "stale\n" * 50_000  # longer than the new report: no tail may survive
    write(workdir / "d.html", old)
    result = run("render", "d.yaml")
    assert result.exit_code == 0, result.output
    assert (workdir / "d.html").read_text(encoding="utf-8") == report(MINIMAL, "html")
    assert sorted(os.listdir(workdir)) == ["d.html", "d.yaml"]  # no .d.html.*.tmp


def test_existing_report_replaced_in_out_dir_without_leftovers(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", OTHER)
    write(workdir / "out" / "a.md", "x" * 100_000)
    write(workdir / "out" / "keep.txt", "unrelated\n")
    result = run("render", "a.yaml", "b.yaml", "-f", "md", "--out-dir", "out")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(workdir / "out")) == ["a.md", "b.md", "keep.txt"]
    assert (workdir / "out" / "a.md").read_text(encoding="utf-8") == report(MINIMAL, "md")
    assert (workdir / "out" / "keep.txt").read_text() == "unrelated\n"


# --- User templates ----------------------------------------------------------------------


def test_template_dir_shadows_the_markdown_report(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    # The user template can still import the package's macros.
    write(
        workdir / "tpl" / "report.md.j2",
        '{% import "_macros.md.j2" as m with context %}'
        "# Custom report for {{ d.model.name }}\n\n{{ total }} items.\n",
    )
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 0, result.output
    text = (workdir / "out.md").read_text(encoding="utf-8")
    assert text == "# Custom report for Tiny-1B\n\n11 items.\n"
    # Templates it does not shadow are the package's own.
    result = run("render", "d.yaml", "-o", "out.html", "--template-dir", "tpl")
    assert result.exit_code == 0, result.output
    assert (workdir / "out.html").read_text(encoding="utf-8") == report(MINIMAL, "html")


SHADOWED_EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"


def _default_and_shadowed(workdir: Path, fmt: str, name: str, source: str) -> tuple[str, str]:
    """An example's report as the package renders it, and with `tpl/<name>` shadowing."""
    write(workdir / "tpl" / name, source)
    texts = []
    for out, extra in ((f"default.{fmt}", []), (f"shadowed.{fmt}", ["--template-dir", "tpl"])):
        result = run("render", str(SHADOWED_EXAMPLE), "-f", fmt, "-o", out, *extra)
        assert result.exit_code == 0, result.output
        texts.append((workdir / out).read_text(encoding="utf-8"))
    return texts[0], texts[1]


def test_template_dir_shadows_one_markdown_section_alone(workdir: Path) -> None:
    default, shadowed = _default_and_shadowed(
        workdir,
        "md",
        "sections/risks.md.j2",
        # A section template imports the package's macros like the package's own do.
        '{% import "_macros.md.j2" as m with context %}\n'
        "## 10. Expected risks\n\n"
        "{% for x in d.risks %}\n- {{ x.risk|cell }}\n{% endfor %}\n\n"
        "{{ m.status(none) }}\n\n",
    )
    risks = load_disclosure(SHADOWED_EXAMPLE).risks
    assert isinstance(risks, list) and len(risks) > 1
    section = (
        "## 10. Expected risks\n\n"
        + "".join(f"- {x.risk}\n" for x in risks)
        + "\n> ✗ **Not disclosed**\n\n"
    )
    start = default.index("## 10. Expected risks\n")
    end = default.index("## 11. Monitoring and correction\n")
    assert default[start:end] != section
    # Only that section changed: everything before and after it is the package's own.
    assert shadowed == default[:start] + section + default[end:]


def test_template_dir_shadows_one_html_section_alone_escaped_and_sandboxed(
    workdir: Path,
) -> None:
    name = "sections/risks.html.j2"
    default, shadowed = _default_and_shadowed(
        workdir,
        "html",
        name,
        '{% import "_macros.html.j2" as m with context %}\n'
        '<section aria-labelledby="item-10-risks">\n'
        '<h2 id="item-10-risks">Risks {{ "<&>" }}</h2>\n'
        "<ul>\n{% for x in d.risks %}<li>{{ x.risk }}</li>\n{% endfor %}\n</ul>\n"
        '{{ m.badge("withheld") }}\n'
        "</section>\n",
    )
    risks = load_disclosure(SHADOWED_EXAMPLE).risks
    assert isinstance(risks, list) and len(risks) > 1
    section = (
        '<section aria-labelledby="item-10-risks">\n'
        '<h2 id="item-10-risks">Risks &lt;&amp;&gt;</h2>\n'  # a .html.j2 name: autoescaped
        "<ul>\n" + "".join(f"<li>{escape(x.risk)}</li>\n" for x in risks) + "</ul>\n"
        '<span class="badge st-withheld"><span aria-hidden="true">⊘</span> Withheld</span>\n'
        "</section>\n"
    )
    start = default.index('<section aria-labelledby="item-10-risks">')
    end = default.index('\n<section aria-labelledby="item-11-monitoring">')
    assert default[start:end] != section
    assert shadowed == default[:start] + section + default[end:]

    # The shadowing section runs in the sandbox like any user template.
    write(workdir / "tpl" / name, "<section>\n{{ ''.__class__ }}\n</section>\n")
    result = run("render", str(SHADOWED_EXAMPLE), "-o", "refused.html", "--template-dir", "tpl")
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    [line] = result.stderr.splitlines()
    assert line.startswith("template error: ")
    assert f"{name}:2: SecurityError:" in line, line
    assert "__class__" in line, line
    assert not (workdir / "refused.html").exists()


TEMPLATES = importlib.resources.files("rlhf_disclosure") / "templates"
SECTIONS = TEMPLATES / "sections"


def test_the_readme_lists_every_section_template_and_no_other() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [part] = re.findall(r"^## Templates\n(.*?)^## ", readme, re.S | re.M)
    rows = [line for line in part.splitlines() if line.startswith("| `")]
    listed = [name for row in rows for name in re.findall(r"`([\w.]+)`", row.split(" | ")[0])]
    packaged = sorted(p.name for p in SECTIONS.iterdir() if p.name.endswith(".j2"))
    assert len(listed) == len(set(listed)), "a template listed twice"
    assert sorted(listed) == packaged
    assert len(packaged) >= 20 and all(n.endswith((".html.j2", ".md.j2")) for n in packaged)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_each_report_includes_every_section_of_its_format_once(fmt: str) -> None:
    skeleton = (TEMPLATES / f"report.{fmt}.j2").read_text(encoding="utf-8")
    included = re.findall(r'{% include "sections/([\w.]+)" %}', skeleton)
    assert sorted(included) == sorted(
        p.name for p in SECTIONS.iterdir() if p.name.endswith(f".{fmt}.j2")
    )
    assert len(included) == len(set(included))


def test_template_dir_must_be_a_directory(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    result = run("render", "d.yaml", "--template-dir", "missing")
    assert result.exit_code == 2
    assert "--template-dir: missing is not a directory" in result.stderr
    assert not (workdir / "d.html").exists()


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "d.__class__.__init__.__globals__",
        "''.__class__.__mro__[1].__subclasses__()",
        "'{0.__class__}'.format(d)",
        "v.__dict__",
        "cycler.__init__.__globals__.os",
        # Walking from a helper through modules to os: the sandbox's own checks miss it.
        'v.re.enum.sys.modules["os"].system("touch pwned")',
        "v.is_empty.__module__",
        'result_charts.__globals__["os"]',
    ],
)
def test_user_templates_run_sandboxed(workdir: Path, expression: str) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / "report.md.j2", f"# Report\n\n{{{{ {expression} }}}}\n")
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    [line] = result.stderr.splitlines()
    assert line.startswith("template error: ")
    assert "report.md.j2:3" in line, line
    assert re.search(r"SecurityError|UndefinedError", line), line
    assert not (workdir / "out.md").exists()
    assert not (workdir / "pwned").exists()


def test_a_python_error_in_a_user_template_is_located_not_a_crash(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / "report.md.j2", "# Report\n\n{{ 1 / 0 }}\n")
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    assert "report.md.j2:3: ZeroDivisionError" in result.stderr
    assert not (workdir / "out.md").exists()


def test_sandbox_blocks_dunder_access_with_security_error(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / "report.md.j2", "{{ ''.__class__.__mro__ }}\n")
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1
    assert "report.md.j2:1: SecurityError:" in result.stderr
    assert "__class__" in result.stderr
    assert "unsafe" in result.stderr
    assert_no_traceback(result)


def test_package_templates_are_not_sandboxed_but_user_ones_are(tmp_path: Path) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    assert not isinstance(make_environment(), SandboxedEnvironment)
    assert isinstance(make_environment(tmp_path), SandboxedEnvironment)


@pytest.mark.parametrize(
    ("name", "source", "line"),
    [
        ("report.md.j2", "# Report\n\n{% if %}\n", 3),
        ("report.md.j2", "# Report\n{{ d.model.name \n", 2),
        ("report.md.j2", "line 1\nline 2\nline 3\n{% for x in d %}\nno end\n", 5),
        ("report.html.j2", "<p>\n{% endblock %}\n", 2),
    ],
)
def test_template_syntax_error_names_file_and_line(
    workdir: Path, name: str, source: str, line: int
) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / name, source)
    fmt = "md" if name.endswith(".md.j2") else "html"
    result = run("render", "d.yaml", "-f", fmt, "-o", f"out.{fmt}", "--template-dir", "tpl")
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    [message] = result.stderr.splitlines()
    assert message.startswith("template error: ")
    assert f"{name}:{line}:" in message, message
    assert str(workdir / "tpl" / name) in message or f"tpl/{name}" in message, message
    assert not (workdir / f"out.{fmt}").exists()


def test_syntax_error_in_an_included_user_template_names_that_file(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / "report.md.j2", '# Report\n{% include "part.md.j2" %}\n')
    write(workdir / "tpl" / "part.md.j2", "ok\n\n{{ 1 + }}\n")
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1
    assert "part.md.j2:3:" in result.stderr
    assert_no_traceback(result)


def test_undefined_name_in_user_template_is_a_clean_error(workdir: Path) -> None:
    write(workdir / "d.yaml", MINIMAL)
    write(workdir / "tpl" / "report.md.j2", "# Report\n\n{{ no_such_thing.x }}\n")
    result = run("render", "d.yaml", "-f", "md", "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1
    assert "report.md.j2:3: UndefinedError:" in result.stderr
    assert "no_such_thing" in result.stderr
    assert_no_traceback(result)


def test_template_error_writes_no_report_of_a_set(workdir: Path) -> None:
    """Everything is rendered before anything is written."""
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", OTHER)
    write(
        workdir / "tpl" / "report.md.j2",
        "{% if d.model.name == 'Small-3B' %}{{ ''.__class__ }}{% endif %}ok\n",
    )
    result = run(
        "render", "a.yaml", "b.yaml", "-f", "md", "--out-dir", "out", "--template-dir", "tpl"
    )
    assert result.exit_code == 1
    assert "SecurityError" in result.stderr
    assert not (workdir / "out").exists(), "a failed render created its --out-dir"


@pytest.mark.parametrize(
    ("name", "args", "starts"),
    [
        ("r.md", [], "# "),
        ("r.MARKDOWN", [], "# "),
        ("r.html", [], "<!DOCTYPE html>"),
        ("r.txt", ["--format", "md"], "# "),
        ("report", ["--format", "html"], "<!DOCTYPE html>"),
    ],
)
def test_the_output_name_chooses_the_format_unless_told(
    workdir: Path, name: str, args: list[str], starts: str
) -> None:
    result = run("render", *args, str(REPO / "examples" / "open-dpo-aif.yaml"), "-o", name)
    assert result.exit_code == 0, result.output
    assert Path(name).read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize("name", ["report.txt", "report", "report.html.bak", ".md"])
def test_an_output_name_that_names_no_format_is_a_usage_error(workdir: Path, name: str) -> None:
    """Without --format, a name the suffix table does not know is refused, not written as HTML."""
    result = run("render", str(REPO / "examples" / "open-dpo-aif.yaml"), "-o", name)
    assert result.exit_code == 2
    assert result.stderr == (
        f"usage error: cannot tell the report format from the name {name}: end it in "
        ".html, .htm, .md, .markdown, or give --format html or --format md\n"
    )
    assert os.listdir(workdir) == []


def test_a_format_that_contradicts_the_output_name_is_a_usage_error(workdir: Path) -> None:
    result = run(
        "render", "--format", "html", str(REPO / "examples" / "open-dpo-aif.yaml"), "-o", "r.md"
    )
    assert result.exit_code == 2
    assert "--format html does not fit the output name r.md" in result.output
    assert not Path("r.md").exists()
