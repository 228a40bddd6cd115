# Set-up and checks. Needs only python3 (>= 3.10) and make: `make demo` and `make test`
# install everything else (see README, "Develop"). .ci/run runs `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# `make test-tools DRY_RUN=1` prints what would be installed and changes nothing.
DRY_RUN ?=

.PHONY: demo test test-fast test-tools lint typecheck pytest self-check golden bench dist clean

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
	@echo
	@echo "Open the .html files above in a browser; the .md files render on GitHub and the Hub."
	@echo "The tool is installed in $(VENV)/. Run it as"
	@echo "    $(BIN)/rlhf-disclosure --help"
	@echo "or put it on your PATH for this shell with"
	@echo "    source $(BIN)/activate"
	@echo "To use it in your own project: pip install . (from this checkout) or pipx install ."

# Everything CI runs: system tools first, then lint, types, the whole suite, the self-check.
test: test-tools $(TEST_STAMP)
	@$(MAKE) --no-print-directory lint typecheck pytest self-check

# The edit loop: no browser, no packaging tests, a tenth of the Hypothesis examples.
test-fast: $(TEST_STAMP)
	$(BIN)/pytest -q -n auto -m "not browser and not packaging" --hypothesis-profile=dev

# Chromium with fonts, Java and Node.js (apt-get, as root or through sudo) and the Node
# tools pinned in tools/package-lock.json (npm ci), each only when missing.
test-tools:
	$(PYTHON) tools/setup_test_tools.py $(if $(DRY_RUN),--dry-run)

# The repository checks its own examples, strictly, as its users' CI would.
self-check: $(STAMP)
	$(BIN)/rlhf-disclosure check --strict examples/

lint: $(TEST_STAMP)
	$(BIN)/ruff check rlhf_disclosure tests benchmarks tools
	$(BIN)/ruff format --check rlhf_disclosure tests benchmarks tools

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	$(BIN)/pytest -q -n auto

golden: $(TEST_STAMP)
	$(BIN)/pytest -q --update-golden

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py

# An sdist and a wheel in dist/, checked with twine.
dist: $(TEST_STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

clean:
	rm -rf $(VENV) out dist build .pytest_cache .mypy_cache .ruff_cache
