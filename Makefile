# Two commands for users: `make site` and `make test`. Everything they need is installed here.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
# Reproducible by default: every generated file carries the last commit's time (override: make site SOURCE_DATE_EPOCH=…;
# outside git, kit uses its fixed default, see kit/downloads.py).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: site test serve bench clean system-site system-test

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 或更新版本（Debian：apt-get install python3 python3-venv）" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "需要 Python 3.11 或更新版本，当前：$$($(PYTHON) --version)" >&2; exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV) || { echo "无法创建虚拟环境（Debian：apt-get install python3-venv）" >&2; exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

system-site:
	@bash scripts/setup-system.sh site

system-test:
	@bash scripts/setup-system.sh test

site: $(STAMP) system-site
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(VENV)/bin/kit site

test: $(STAMP) system-test
	@bash scripts/fetch-test-js.sh
	$(PY) -m pytest -q

serve: $(STAMP) system-site
	$(VENV)/bin/mkdocs serve

bench: $(STAMP) system-test
	$(PY) scripts/bench.py

clean:
	rm -rf site .cache
