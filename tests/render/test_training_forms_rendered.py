"""Schema 2's training forms reach both reports: compute, time and energy of pretraining
and of each stage; reward models with several outputs, and verifiable rewards;
iterated pipelines, data-generation stages and several configurations of a stage.

Each new fact of the fixtures must show in the HTML and in the Markdown report, and
hostile text in any of their free-text fields must come out as text."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.validation.validate import validate_bytes
from tests.render.test_injection import md_problems, md_to_html, parse_html
from tests.repo import REPO

VALID = REPO / "tests" / "fixtures" / "valid"

SHOWN = {
    "schema2-compute": [
        # Pretraining compute, every field.
        "512 x H100 80GB",
        "about 1,200,000",
        "Training time (hours)",
        "about 2,350",
        "About 14 weeks, counting restarts after node failures.",
        "8.4e23",
        "FLOPs measurement",
        "Estimated as 6 x parameters x training tokens.",
        "at most 900,000",
        "Metered at the cluster's power distribution units.",
        "Emissions (kg CO2e)",
        "312,000",
        "Pretraining ran on one cluster in a single region.",
        # A stage's compute.
        "12.5",
        "Estimated from measured average board power.",
        "The grid's carbon intensity is not published.",
    ],
    "schema2-reward-outputs": [
        "Outputs of Attribute reward model",
        "helpfulness",
        "overall helpfulness of the response",
        "0 to 4",
        "Regression head trained on the helpfulness ratings.",
        "amount of detail relative to what the prompt asks for",
        "The scale of the safety head is not published.",
        "learned",
        "verifiable",
        "Exact match of the final answer with the reference answer.",
        "rule-based",
        "The answer must be enclosed in the required answer tags.",
        "No model is fit; the verifier computes the reward.",
    ],
    "schema2-pipeline": [
        # An iterated pipeline: the rounds, and in each stage the rounds it ran in.
        "Rounds",
        "The pipeline was iterated: each round ran the stages listed for it.",
        "RLHF-V1 (round-1)",
        "Step 2 (data generation): Best-of-n sampling, then Stage 3: Fine-tuning on the best "
        "samples",
        "Preference comparisons, first batch",
        "Reward model, first version",
        "Rejection sampling only; PPO was added in the next round.",
        "RLHF-V2 (round-2)",
        "then Stage 4: PPO against the reward model",
        "Comparisons of samples from the RLHF-V1 model.",
        "Reward model, second version",
        "round-3",
        "Which stages ran in the third round is not published.",
        "Runs in rounds RLHF-V1, RLHF-V2",
        "Runs in rounds RLHF-V2",
        "Runs in rounds Not in any listed round",
        # A stage that generates data, and the stage trained on what it produced.
        "Step 2 (data generation): Best-of-n sampling (data generation, best-of-n with the "
        "round's reward model)",
        "Data generation. This stage produced data for later stages; it did not train the model.",
        "Produces Best-of-8 samples",
        "Samples per prompt Pipeline-70B-Chat: 16; all others: 8",
        "Data Best-of-8 samples",
        # Settings common to most stages.
        "Optimizer",
        "AdamW, beta1 0.9, beta2 0.95, weight decay 0.1",
        "Warmup ratio 0.03",
        "Steps about 4,000",
        "Max sequence length 4,096",
        "Warmup steps 100",
        "Samples per prompt 4",
        "Max new tokens 1,024",
        # Several configurations of one stage.
        "Hyperparameters of every configuration",
        "Configuration: paper recipe",
        "The settings the paper reports results for.",
        "KL coefficient 0.05",
        "Steps 200",
        "Configuration: released model",
        "The settings of the released checkpoint, tuned after the paper.",
        "Learning rate 5e-7",
        "The released model's number of steps is not published.",
    ],
}

FORMATS = ("html", "md")


def report(name: str, fmt: str) -> str:
    return render(load_disclosure(VALID / f"{name}.yaml"), fmt)  # type: ignore[arg-type]


def as_text(text: str, fmt: str) -> str:
    """A report as a reader sees it: markup gone, entities decoded, spaces collapsed."""
    return parse_html(md_to_html(text) if fmt == "md" else text).text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_each_new_fact_is_shown(name: str, fmt: str) -> None:
    shown = as_text(report(name, fmt), fmt)
    missing = [text for text in SHOWN[name] if " ".join(text.split()).casefold() not in shown]
    assert missing == []


# --- Hostile text in the new fields ---------------------------------------------

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> *a* | b"


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str):
        yield path


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _valid(data: dict[str, Any]) -> bool:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return validate_bytes(text.encode("utf-8"), "hostile.yaml").valid


def _marked(n: int) -> str:
    return f"zq{n:03d} {PAYLOAD}"


def hostile(name: str) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """The fixture with a marked payload in every string that stays valid with it (free
    text; ids, kinds and references do not), and the paths that took it."""
    data = yaml.safe_load((VALID / f"{name}.yaml").read_text(encoding="utf-8"))
    kept: list[tuple[Any, ...]] = []
    for path in list(_strings(data)):
        trial = copy.deepcopy(data)
        _set(trial, path, _marked(len(kept)))
        if _valid(trial):
            _set(data, path, _marked(len(kept)))
            kept.append(path)
    return kept, data


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_hostile_text_in_the_new_fields_stays_text(name: str, fmt: str) -> None:
    paths, data = hostile(name)
    assert len(paths) >= 5  # the payload really went into the fixture's free text
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    result = validate_bytes(text.encode("utf-8"), "hostile.yaml")
    assert result.disclosure is not None
    out = render(result.disclosure, fmt)  # type: ignore[arg-type]
    if fmt == "md":
        assert md_problems(out) == []
    parsed = parse_html(md_to_html(out) if fmt == "md" else out)
    assert not [tag for tag, _ in parsed.elements if tag in ("script", "img")]
    # Each field's payload is shown as text, after its marker.
    visible = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    lost = [p for n, p in enumerate(paths) if f"zq{n:03d} {visible}" not in parsed.text]
    assert lost == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_computed_reward_is_not_shown_as_a_trained_network(fmt: str) -> None:
    text = as_text(report("schema2-reward-outputs", fmt), fmt)
    verifier = text.split("verifiable reward for maths (math-verifier)")[1].split("loss")[0]
    assert "verifier" in verifier
    for trained_only in ("base model", "architecture", "parameters", "trained on", "training"):
        assert trained_only not in verifier
    learned = text.split("attribute reward model (attribute-rm)")[1].split("loss")[0]
    assert "base model rewards-8b-base" in learned  # its trained-model fields are shown
    assert "architecture" not in learned  # absent: listed once in the gaps, not as a row


def stage_texts(fmt: str) -> dict[str, str]:
    """schema2-pipeline's stages as read, by the name in their heading."""
    text = as_text(report("schema2-pipeline", fmt), fmt)
    section = text.rsplit("8. policy evaluation", 1)[0]
    # Stage 1 is in no round, so the rounds table does not name it: its heading opens the list.
    stages = "stage 1: " + section.split("stage 1: ", 1)[1]
    parts = re.split(r"(?:stage \d+|step \d+ \(data generation\)): ", stages)[1:]
    return {part.split("(")[0].strip(): part for part in parts}


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_the_data_generation_stage_reads_as_one(fmt: str) -> None:
    stages = stage_texts(fmt)
    assert set(stages) >= {"best-of-n sampling", "fine-tuning on the best samples"}
    for name, text in stages.items():
        assert ("data generation." in text) == (name == "best-of-n sampling"), name
        # What a stage produced is listed where the file gives it (or the stage makes data).
        assert ("produces" in text) == (name == "best-of-n sampling"), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_stage_says_which_rounds_it_ran_in(fmt: str) -> None:
    rounds = {
        "supervised fine-tuning": "not in any listed round",
        "best-of-n sampling": "rlhf-v1, rlhf-v2",
        "fine-tuning on the best samples": "rlhf-v1, rlhf-v2",
        "ppo against the reward model — rlhf": "rlhf-v2",
    }
    stages = stage_texts(fmt)
    assert set(stages) == set(rounds)
    for name, text in stages.items():
        assert f"runs in rounds {rounds[name]} " in text, name


DATA_WITHHELD = b"""\
schema_version: 2
model: {name: Data-7B}
reward_models:
  - id: rm
    name: Reward model
    training_data: {status: withheld, reason: The reward model's data is not published.}
policy_training:
  stages:
    - id: dpo
      name: DPO
      kind: dpo
      data: {status: withheld, reason: The stage's data is not published.}
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_status_for_the_data_a_stage_or_reward_model_used_is_shown(fmt: str) -> None:
    result = validate_bytes(DATA_WITHHELD, "data.yaml")
    assert result.disclosure is not None
    text = as_text(render(result.disclosure, fmt), fmt)  # type: ignore[arg-type]
    assert "⊘ withheld: the reward model's data is not published." in text
    assert "data ⊘ withheld: the stage's data is not published." in text
