"""Validation speed against PyYAML's own C loader, measured side by side in one run.

Prints ratios, not absolute targets: the machines here are shared and noisy.
Usage: python benchmarks/bench_load.py [MEGABYTES]
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

import yaml

from rlhf_disclosure.validation.validate import validate_bytes


def make_disclosure(target_bytes: int) -> bytes:
    """A valid disclosure of about `target_bytes`, mostly evaluation results."""
    head = "schema_version: 1\nmodel:\n  name: Benchmark model\npolicy_evaluation:\n  results:\n"
    parts = [head]
    size, i = len(head), 0
    while size < target_bytes:
        part = (
            f'    - name: "benchmark {i}"\n'
            "      metric: accuracy\n"
            f"      value: {i % 100}.5\n"
            "      unit: '%'\n"
            f"      n: {1000 + i}\n"
            "      uncertainty:\n        ci_lower: 1.0\n        ci_upper: 2.5\n        ci_level: 0.95\n"
            f"      dataset:\n        name: test set {i}\n        split: test\n"
            f'      notes: "How result {i} was obtained, with the caveats a reader needs."\n'
        )
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts).encode("utf-8")


def best_of(runs: int, func: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    raw = make_disclosure(int(megabytes * 1024 * 1024))
    text = raw.decode("utf-8")
    result = validate_bytes(raw, "bench.yaml")
    assert result.valid, result.issues[:3]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def c_loader_gc_paused() -> None:
        gc.disable()
        try:
            yaml.load(text, Loader=loader)
        finally:
            gc.enable()

    timings = {
        "yaml.load(CSafeLoader)": best_of(3, lambda: yaml.load(text, Loader=loader)),
        "yaml.load(CSafeLoader), gc paused": best_of(3, c_loader_gc_paused),
        "rlhf-disclosure validate (full)": best_of(3, lambda: validate_bytes(raw, "bench.yaml")),
    }
    base = timings["yaml.load(CSafeLoader), gc paused"]
    print(f"file: {len(raw) / 1e6:.1f} MB, libyaml: {yaml.__with_libyaml__}")
    for name, seconds in timings.items():
        print(f"{name:<38} {seconds:6.2f} s   ratio to C loader (gc paused): {seconds / base:4.2f}")


if __name__ == "__main__":
    main()
