# secret-graph: the two commands of the README, and the tools around them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fix bench validate clean

# Create the virtual environment and install the package with its test tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Set up, then serve the page on http://localhost:8501 with its embedded default scenario.
run: $(STAMP)
	$(BIN)/streamlit run app.py --browser.gatherUsageStats=false

# Set up, then run the whole suite: lint, data validation, unit, scenario, page and browser tests.
test: $(STAMP)
	bash scripts/ensure_chromium.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/secretgraph validate
	$(BIN)/pytest

# Lint only: ruff, then mypy (strict on graph/, settings in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Apply ruff's safe fixes and formatting.
fix: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Time loading and answering over every scenario (see README, "Vitesse").
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_reasoning.py

# Validate the knowledge base against its SHACL shapes.
validate: $(STAMP)
	$(BIN)/secretgraph validate

clean:
	rm -rf $(VENV) artifacts
