# Two commands for users: `make site` and `make test`. Everything they need is installed here.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
LOCK    := requirements.lock
PYTHON  ?= python3
# Reproducible by default: every generated file carries the last commit's time (override: make site SOURCE_DATE_EPOCH=…;
# outside git, kit uses its fixed default, see kit/downloads.py).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: site test test-fast lock serve bench clean system-site system-test

# Exact versions from the lock, then the project itself (its dependencies are all in the lock).
$(STAMP): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 或更新版本（Debian：apt-get install python3 python3-venv）" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "需要 Python 3.11 或更新版本，当前：$$($(PYTHON) --version)" >&2; exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV) || { echo "无法创建虚拟环境（Debian：apt-get install python3-venv）" >&2; exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check -r $(LOCK)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e '.[test]'
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

# The quick loop while working: everything but the browser, LibreOffice, whole-site and slow tests.
test-fast: $(STAMP) system-test
	$(PY) -m pytest -q -m "not (browser or libreoffice or site or slow)"

# Upgrade: the newest versions pyproject.toml allows, in a fresh environment → requirements.lock; then the search
# fix is checked against the new Material. Review the diff, then `make site && make test`.
lock:
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
	.cache/lock-venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
	.cache/lock-venv/bin/python scripts/lock.py --guard
	rm -rf .cache/lock-venv
	git diff --stat -- $(LOCK) || true

serve: $(STAMP) system-site
	$(VENV)/bin/mkdocs serve

bench: $(STAMP) system-test
	$(PY) scripts/bench.py

clean:
	rm -rf site .cache
