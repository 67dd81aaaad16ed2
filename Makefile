# Every target creates .venv when it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := texts/S-2017-613/en.txt texts/S-2017-613/zh.txt texts/S-2017-613/ru.txt

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml setup.py src/alignkit/align/_kernel.pyx
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/alignkit align $(SAMPLE) --glossary glossaries/korean-peninsula.csv \
		-o out/S-2017-613.tmx -o out/S-2017-613.xlsx -o out/S-2017-613.csv
	$(BIN)/alignkit check $(SAMPLE) -g glossaries/korean-peninsula.csv -g glossaries/un-core.csv \
		--fail-on never -o out/S-2017-613.terms.html

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# make bench BENCH_ARGS="--windows --scale-sizes 20": see python benchmarks/run.py --help
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out build dist src/*.egg-info src/alignkit/align/_kernel.c src/alignkit/align/_kernel.*.so
