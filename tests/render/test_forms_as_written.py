"""Schema 2's forms reach both reports as the file writes them: figures with their
digits and qualifiers, statuses under their own labels, findings in words."""

from __future__ import annotations

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from tests.repo import REPO

VALID = REPO / "tests" / "fixtures" / "valid"

SHOWN = {
    "schema2-figures": [
        "about 1,500",  # {about: 1500}
        "2 to 4 hours",  # {from: 2, to: 4}
        "at most 0.10",  # a share {at_most: 0.10}, with its digits
        "more than 200,000",
        "at least 30,000",
        "less than 5,000",
        "at least 60%",
        "0.41 to 0.60",
        "1e-5",
        "8 to 12",
        "at most 512",
        "72.0%",
        "0.50",
        "more than 0.9",
    ],
    "schema2-statuses": [
        "Withheld",
        "Not published for competitive reasons.",
        "Disclosed elsewhere",
        "https://example.org/base-model-card",
        "Base model technical report",
        "The vendor does not disclose where its staff work.",
        "No agreement between annotators was measured.",
        "No external audit was performed.",
        "Not applicable",
        "The model was not deployed to users.",
        "Reported to the AI Office only.",
    ],
    "schema2-findings": [
        "Most disagreements were between adjacent points of the scale.",
        "On par with the larger model. (similar; not significant; two-sided binomial test)",
        "5.1 — Preferred in most comparisons.",
        "No significant difference from the baseline.",
    ],
}


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_each_form_is_shown_as_written(name: str, fmt: str) -> None:
    report = render(load_disclosure(VALID / f"{name}.yaml"), fmt)  # type: ignore[arg-type]
    missing = [text for text in SHOWN[name] if text not in report]
    assert missing == []


def test_a_bound_is_never_drawn_as_a_bar() -> None:
    report = render(load_disclosure(VALID / "schema2-figures.yaml"), "html")
    # Each result is alone on its metric and scale, so none is charted (tests/render/
    # test_charts.py draws bounds); the bound is never a bar of its figure.
    assert "Win rate against the SFT model" in report
    assert 'aria-label="Bar at more than' not in report


VARIANTS_SHOWN = [
    "Family-8B-Chat",
    "family-70b-no-rl",
    "8,192",
    "The same recipe, stopped after DPO.",
    "Family-8B-Chat: 5e-7; all others: 2e-7",  # per-variant values under the variant names
    "Family-8B-Chat: 1; Family-70B without the RL stage: ",
    "Held-out chat prompts",
    "about 1,500",
    "Staff writers who wrote no training prompts",
    "13-gram overlap checked against all post-training data.",
    "All win rates are judged by one model.",
    "SFT model; Family-70B-Chat v1 (52.0%)",
    "Ties counted as half a win.",
]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_family_shows_its_variants_and_values_per_variant(fmt: str) -> None:
    report = render(load_disclosure(VALID / "schema2-variants.yaml"), fmt)  # type: ignore[arg-type]
    assert [text for text in VARIANTS_SHOWN if text not in report] == []
    assert "family-8b" in report  # the result about the 8B names it


PROVENANCE_SHOWN = [
    "Example technical report",
    "Table 1",
    "Section 3.1",
    "Example dataset card",
    "secondary source: the dataset card",
    "Table 4",
]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_citations_show_the_document_the_locator_and_the_note(fmt: str) -> None:
    report = render(load_disclosure(VALID / "schema2-provenance.yaml"), fmt)  # type: ignore[arg-type]
    assert [text for text in PROVENANCE_SHOWN if text not in report] == []


def _with_results(results: list[dict[str, object]]) -> object:
    from rlhf_disclosure.schema import Disclosure

    return Disclosure.model_validate(
        {"schema_version": 2, "model": {"name": "m"}, "policy_evaluation": {"results": results}}
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_uncertainty_given_as_a_status_renders_as_that_status(fmt: str) -> None:
    withheld = {"status": "withheld", "reason": "The evaluation set is confidential."}
    d = _with_results([{"name": "Win rate", "value": 0.6, "uncertainty": withheld}])
    out = render(d, fmt)  # type: ignore[arg-type]
    assert "The evaluation set is confidential." in out


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_interval_prints_both_ends_with_the_unit_joined_by_to(fmt: str) -> None:
    interval = {"ci_lower": 1210, "ci_upper": 1290, "ci_level": 0.95}
    d = _with_results(
        [
            {"name": "Elo", "value": 1250, "unit": "points", "uncertainty": interval},
            {
                "name": "Accuracy",
                "value": 68.5,
                "unit": "%",
                "uncertainty": {"ci_lower": 67.2, "ci_upper": 69.8},
            },
        ]
    )
    out = render(d, fmt)  # type: ignore[arg-type]
    assert "95% CI 1,210 points to 1,290 points" in out
    assert "CI 67.2% to 69.8%" in out
    assert "[1,210, 1,290]" not in out


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_status_standing_in_a_description_is_shown(fmt: str) -> None:
    from rlhf_disclosure.schema import Disclosure

    held = {"status": "withheld", "reason": "The recipe is a trade secret."}
    none = {"status": "none", "reason": "No held-out evaluation was described."}
    d = Disclosure.model_validate(
        {
            "schema_version": 2,
            "model": {"name": "m", "description": held},
            "policy_training": {
                "description": none,
                "stages": [{"id": "s", "name": "SFT", "kind": "sft", "description": held}],
            },
            "policy_evaluation": {"description": none},
        }
    )
    out = render(d, fmt)
    assert out.count("The recipe is a trade secret.") >= 2
    assert out.count("No held-out evaluation was described.") >= 2


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_pool_with_only_notes_and_per_variant_settings_keep_what_they_say(fmt: str) -> None:
    from rlhf_disclosure.schema import Disclosure

    d = Disclosure.model_validate(
        {
            "schema_version": 2,
            "model": {"name": "m", "variants": [{"id": "small", "name": "Small"}]},
            "feedback_collections": [
                {
                    "id": "c",
                    "name": "C",
                    "annotators": [{"name": "writers", "notes": "Hired for the prompts only."}],
                }
            ],
            "policy_training": {
                "stages": [
                    {
                        "id": "dpo",
                        "name": "DPO",
                        "kind": "dpo",
                        "hyperparameters": {
                            "per_variant": {"small": {"beta": 0.1, "other": {"zq_gamma": 0.5}}},
                            "otherwise": {"beta": 0.5},
                        },
                    }
                ]
            },
        }
    )
    out = render(d, fmt).replace("<wbr>", "")
    assert "Hired for the prompts only." in out
    assert "zq_gamma" in out
