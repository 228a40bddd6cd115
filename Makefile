# Set-up and checks. Needs only python3 (>= 3.10); everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest self-check golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	@$(BIN)/rlhf-disclosure validate examples/
	@$(BIN)/rlhf-disclosure coverage examples/
	@mkdir -p out
	@echo "Reports:"
	@$(BIN)/rlhf-disclosure render examples/*.yaml --format html --out-dir out
	@$(BIN)/rlhf-disclosure render examples/*.yaml --format md --out-dir out
	@echo "Open the .html files above in a browser; the .md files render on GitHub and the Hub."

test: $(TEST_STAMP) lint typecheck pytest self-check

# The repository checks its own examples, strictly, as its users' CI would.
self-check: $(STAMP)
	$(BIN)/rlhf-disclosure check --strict examples/

lint: $(TEST_STAMP)
	$(BIN)/ruff check rlhf_disclosure tests benchmarks
	$(BIN)/ruff format --check rlhf_disclosure tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	$(BIN)/pytest -q

golden: $(TEST_STAMP)
	$(BIN)/pytest -q --update-golden

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
