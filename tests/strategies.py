"""Hypothesis strategies for disclosures: plain data a valid disclosure loads from,
with text YAML would retype, escape or fold, shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Text that YAML 1.1 would retype, misparse or that needs escaping when unquoted.
TRICKY = [
    "NO",
    "yes",
    "off",
    "on",
    "~",
    "null",
    "1.10",
    "2024-01-01",
    "0x1F",
    "1_000",
    "12:30",
    ".inf",
    "-",
    "- item",
    "key: value",
    "# not a comment",
    "'quoted'",
    '"double"',
    "@at",
    "`tick`",
    "a\nb",
    " leading space",
    "trailing space ",
    "tab\there",
    "é ü 漢字 🙂",
    "<script>",
    "{{ 7*7 }}",
    "*alias",
    "&anchor",
    "!tag",
    "%",
    "|",
    ">",
    # Unicode line breaks, which YAML folds unless they are written as escapes:
    "line\u2028separator",
    "next\x85line",
    "paragraph end\u2029",
]
text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1),
).filter(lambda s: s.strip() != "")
ident = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,20}\Z")
number = st.floats(allow_nan=False, allow_infinity=False, width=64)
count = st.integers(min_value=0, max_value=10**12)
url = st.sampled_from(["https://example.org/a?b=1#c", "http://x.test/", "HTTPS://EXAMPLE.ORG/P"])
date = st.dates().map(lambda d: d.isoformat()) | st.sampled_from(["2023", "2023-07"])


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


reference = st.fixed_dictionaries({"url": url}, optional={"title": text, "locator": text})
undisclosed = st.one_of(
    st.fixed_dictionaries(
        {"status": st.sampled_from(["withheld", "not_applicable", "none"]), "reason": text}
    ),
    st.fixed_dictionaries(
        {"status": st.just("elsewhere"), "references": st.lists(reference, min_size=1)},
        optional={"reason": text},
    ),
)


def qualified(figure: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A figure as published: exact, a bound, an approximation or a range."""
    one = st.sampled_from(["about", "at_least", "more_than", "at_most", "less_than"])
    return st.one_of(
        figure,
        st.builds(lambda k, v: {k: v}, one, figure),
        st.tuples(figure, figure).map(lambda t: {"from": min(t), "to": max(t)}),
    )


def disclosable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field's value, or a status in its place."""
    return strategy | undisclosed


uncertainty = st.one_of(
    st.fixed_dictionaries({"stderr": number.map(abs)}),
    st.tuples(number, number).map(lambda t: {"ci_lower": min(t), "ci_upper": max(t)}),
    st.fixed_dictionaries({"description": text}),
)
finding = text | st.fixed_dictionaries(
    {"statement": text},
    optional={
        "direction": st.sampled_from(["better", "similar", "worse", "mixed"]),
        "significant": st.booleans(),
        "test": text,
    },
)
result = st.fixed_dictionaries(
    {"name": text, "metric": disclosable(text), "value": disclosable(qualified(number))},
    optional={
        "finding": finding,
        "unit": text,
        "n": disclosable(qualified(count)),
        "slice": text,
        "uncertainty": uncertainty,
        "dataset": st.fixed_dictionaries({"name": text}, optional={"split": text}),
        "baseline": st.fixed_dictionaries({"name": text}, optional={"value": number}),
        "evaluator": st.fixed_dictionaries({"kind": st.sampled_from(["internal", "external"])}),
        "source": reference,
    },
)
annotators = st.fixed_dictionaries(
    {},
    optional={
        "workforce": st.lists(st.sampled_from(["contractors", "crowdworkers", "ai_model"])),
        "count": disclosable(qualified(count)),
        "countries": disclosable(st.lists(text, max_size=3)),
        "compensation": st.fixed_dictionaries(
            {"amount": number.map(abs), "currency": st.just("USD"), "unit": st.just("hour")}
        ),
        "notes": text,
    },
)
collection = st.fixed_dictionaries(
    {"id": ident, "name": text},
    optional={
        "annotators": annotators | undisclosed,
        "feedback_type": st.fixed_dictionaries(
            {"kinds": st.just([{"kind": "ranking", "k": 4, "k_max": 9}])}
        )
        | undisclosed,
        "quality_assurance": st.fixed_dictionaries(
            {},
            optional={
                "agreement": st.lists(
                    st.fixed_dictionaries(
                        {"metric": st.sampled_from(["percent_agreement", "cohens_kappa"])},
                    ).map(lambda d: {**d, "value": 0.5}),
                    max_size=2,
                )
            },
        ),
    },
)
disclosure = st.fixed_dictionaries(
    {
        "schema_version": st.just(2),
        "model": st.fixed_dictionaries(
            {"name": text},
            optional={"version": text, "release_date": date, "licence": text, "contact": url},
        ),
    },
    optional={
        "pretraining": st.fixed_dictionaries(
            {"description": text}, optional={"data_cutoff": date, "references": st.lists(reference)}
        )
        | undisclosed,
        "feedback_collections": st.lists(collection, max_size=3, unique_by=lambda c: c["id"])
        | undisclosed,
        "policy_evaluation": st.fixed_dictionaries({"results": st.lists(result, max_size=3)})
        | undisclosed,
        "audits": undisclosed,
        "extensions": st.dictionaries(ident, text | number | st.booleans(), max_size=3),
    },
)


def _maybe(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


share = st.floats(min_value=0, max_value=1)
settings_ = _maybe(
    learning_rate=st.floats(min_value=1e-9, max_value=1.0),
    epochs=count | number.map(abs),
    batch_size=count,
    kl_coefficient=number.map(abs),
    other=st.dictionaries(ident, text | number | st.booleans(), max_size=3),
)
loss = st.fixed_dictionaries(
    {"kind": st.sampled_from(["bradley_terry", "margin", "ranking", "other"])},
    optional={
        "formula": text,
        "description": text,
        "disagreement": st.lists(st.sampled_from(["majority_vote", "soft_labels"]), max_size=2),
    },
)


@st.composite
def full_disclosure(draw: st.DrawFn) -> dict[str, Any]:
    """A disclosure with every section, its references between sections consistent."""
    data = draw(disclosure)
    collections = draw(st.lists(collection, min_size=1, max_size=3, unique_by=lambda c: c["id"]))
    sources = st.sampled_from([c["id"] for c in collections])
    uses = st.lists(st.fixed_dictionaries({"source": sources}, optional={"share": share}))
    rms = draw(
        st.lists(
            st.fixed_dictionaries(
                {"id": ident, "name": text, "training_data": uses},
                optional={
                    "purpose": text,
                    "parameters": count,
                    "loss": loss | undisclosed,
                    "hyperparameters": settings_ | undisclosed,
                    "evaluation": _maybe(
                        results=st.lists(result, max_size=3),
                        failure_modes=st.lists(text, max_size=2),
                        reward_hacking=text,
                    )
                    | undisclosed,
                },
            ),
            max_size=2,
            unique_by=lambda r: r["id"],
        )
    )
    stage_kinds = st.sampled_from(["sft", "rlhf_ppo", "dpo", "kto"])
    stages = draw(
        st.lists(
            st.fixed_dictionaries(
                {"id": ident, "name": text, "kind": stage_kinds, "data": uses},
                optional={
                    "algorithm": text,
                    "reward_models": st.just([r["id"] for r in rms]),
                    "hyperparameters": settings_,
                    "compute": _maybe(hardware=text, gpu_hours=number.map(abs)),
                    "rounds": count,
                },
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda s: s["id"],
        )
    )
    for stage in stages:  # only reinforcement-learning stages use reward models
        if stage["kind"] != "rlhf_ppo":
            stage.pop("reward_models", None)
    named = st.fixed_dictionaries(
        {"id": ident, "risk": text},
        optional={"mitigations": st.lists(text, max_size=2), "likelihood": text},
    )
    data.update(
        feedback_collections=collections,
        reward_models=rms or draw(undisclosed),
        policy_training={"stages": stages},
        risks=draw(st.lists(named, max_size=2, unique_by=lambda r: r["id"]) | undisclosed),
        audits=draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "id": ident,
                        "kind": st.sampled_from(["internal", "external"]),
                        "auditor": text,
                    },
                    optional={"findings": text, "report_url": url, "start_date": date},
                ),
                max_size=2,
                unique_by=lambda a: a["id"],
            )
            | undisclosed
        ),
        monitoring=draw(_maybe(monitored=text, reporting=text, updates=text) | undisclosed),
    )
    return data
