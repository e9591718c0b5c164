# Two commands matter: `make book` and `make test`. Both create .venv and install what they need
# on first use, so they work on a fresh machine with only python3 (3.11) on the PATH.
# Three locks, each written by `make lock` from its .in file: requirements.txt (runtime: the book
# build and Binder), requirements-test.txt (runtime + test tools), requirements-lab.txt (runtime +
# JupyterLab). `make book` installs the runtime only; `make test` the runtime and the test tools.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install -qq --disable-pip-version-check
# Re-install whenever the pins or the package metadata change.
STAMP      := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
PORT   ?= 8000

.PHONY: book student instructor kits test serve lab clean lock bench calibrate pdf figure-hashes quiz

# Each lock is complete (the test and lab locks repeat the runtime pins), then the package itself,
# editable, with no extra resolution: everything is already pinned. A second argument is one more
# step, run before the stamp is touched, so that a failed step is retried next time.
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r $(1)
	$(PIP) --no-deps --no-build-isolation -e .
	$(2)
	touch $@
endef

$(STAMP): requirements.txt pyproject.toml
	$(call install,requirements.txt)

# The explorers' JavaScript (Vega, Vega-Lite, vega-embed), pinned by explorers/package-lock.json and
# installed with the machine's npm: the book serves the bundles itself and draws the explorers'
# static figures with the same engine (naltrexone/explorers.py). npm writes the hidden lock copy last.
NODE_STAMP := explorers/node_modules/.package-lock.json

$(NODE_STAMP): explorers/package.json explorers/package-lock.json
	@command -v npm >/dev/null || { echo "The explorers need Node.js and npm (Debian: $(SUDO) apt-get install -y nodejs npm)"; exit 1; }
	npm ci --prefix explorers --no-audit --no-fund --loglevel=error
	touch $@

# The tests install the built wheel into a fresh virtual environment and run a notebook there
# (tests/test_packaging.py), with no network: its dependencies, and the kernel and nbclient that
# run the notebook, come from this wheelhouse, filled here (where the network is allowed) at the
# runtime lock's pins. The package's own wheel is left out: the test builds it from the checkout.
WHEELHOUSE := $(VENV)/wheelhouse
FILL_WHEELHOUSE = rm -rf $(WHEELHOUSE) && $(BIN)/python -m pip wheel -q --disable-pip-version-check \
	--no-build-isolation --wheel-dir $(WHEELHOUSE) -c requirements.txt . nbclient ipykernel \
	&& rm -f $(WHEELHOUSE)/naltrexone-*.whl

$(TEST_STAMP): requirements-test.txt requirements.txt pyproject.toml
	$(call install,requirements-test.txt,$(FILL_WHEELHOUSE))

book: $(STAMP) $(NODE_STAMP)
	@# Pages compute from data/ through the package: re-execute them when the modules they import or
	@# the files they read change; re-render them (from the execution cache) when only the build code does.
	@$(BIN)/python -m naltrexone.sphinxext.cachekey _build
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html  (or run: make serve)"

# The two editions (naltrexone/sphinxext/editions.py), each strict and in its own folder, sharing
# the default build's execution cache: the student edition has no worked solutions, instructor
# notes or page sources; the instructor edition has the notes open and prints them and solutions.
student instructor: $(STAMP) $(NODE_STAMP)
	@$(BIN)/python -m naltrexone.sphinxext.cachekey _build
	@$(BIN)/python -m naltrexone.sphinxext.cachekey _build/$@
	$(BIN)/python -m naltrexone.sphinxext.editions $@ _build
	@echo
	@echo "The $@ edition is built. Open: file://$(CURDIR)/_build/$@/html/index.html"

# A projection-and-print kit per seminar (naltrexone/kits.py), read from both editions: slides with
# speaker notes from the instructor edition, worksheet and case cards from the student edition (so
# they cannot hold an answer). Written to _build/kits/<seminar>/ and copied into the instructor
# edition, whose seminar pages link to it. Offline files: open them from a USB stick.
kits: student instructor
	$(BIN)/python -m naltrexone.kits _build

# The browser tests drive Debian's chromium (never a browser downloaded by Playwright).
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (one time, about a minute)"
	$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null \
	  || echo "chromium could not be installed: the browser tests will be skipped"

test: $(TEST_STAMP) $(NODE_STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest

# While working: every test but the book build, the browser, the notebook kernels and the installed
# wheel (markers in pyproject.toml), on two workers; under 30 s on a two-core machine. `make test`
# stays the gate.
.PHONY: test-fast lint
test-fast: $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 -m "not build and not browser and not notebook and not wheel"

# Ruff's lint rules and formatter, configured in pyproject.toml ([tool.ruff]); the same checks run
# as pre-commit hooks (.pre-commit-config.yaml) and in tests/test_lint.py.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

serve: book
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# JupyterLab on top of the book's environment (pinned in requirements-lab.txt, installed once),
# opened on the notebooks. The package is installed, so the notebooks run exactly as in the book.
LAB_STAMP := $(VENV)/.installed-lab

$(LAB_STAMP): requirements-lab.txt pyproject.toml
	$(call install,requirements-lab.txt)

# (Jupyter refuses to run as root without being told; containers often are root.)
lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# Optional, not part of `make test`: the book as one PDF through LaTeX (XeLaTeX + latexmk), with the
# SVG figures turned into vector PDF by rsvg-convert. Needs Debian's TeX Live and librsvg; see README.
# `make pdf` prints the student edition (no worked solutions, instructor notes or self-check
# explanations: a handout), `make pdf-instructor` the instructor edition (everything). Both reuse the
# HTML build's execution cache in _build; tests/test_editions.py searches the student .tex for answers.
PDF      := _build/student/latex/naltrexone-textbook.pdf
PDF_APT  := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended latexmk \
            texlive-xetex fonts-freefont-otf librsvg2-bin

.PHONY: pdf-instructor
pdf: EDITION := student
pdf-instructor: EDITION := instructor
pdf pdf-instructor: $(STAMP) $(NODE_STAMP)
	@for tool in latexmk xelatex rsvg-convert; do command -v $$tool >/dev/null || { \
	  echo "make $@ needs $$tool. Install: $(SUDO) apt-get install -y --no-install-recommends $(PDF_APT)"; \
	  exit 1; }; done
	@$(BIN)/python -m naltrexone.sphinxext.cachekey _build
	@$(BIN)/python -m naltrexone.sphinxext.cachekey _build/$(EDITION)
	$(BIN)/python -m naltrexone.sphinxext.editions $(EDITION) _build --latex
	$(MAKE) -C _build/$(EDITION)/latex all-pdf
	@echo
	@echo "PDF built: $(CURDIR)/_build/$(EDITION)/latex/naltrexone-textbook.pdf"

# The question bank (data/question_bank.yaml) for a learning platform: GIFT, Moodle XML and a QTI
# zip in _build/quiz (naltrexone/quiz.py; tests/test_quiz.py parses each back).
quiz: $(STAMP)
	$(BIN)/python -m naltrexone.quiz _build/quiz

# Refit the PK model to data/ and store the parameters (a test fails if they go stale).
calibrate: $(STAMP)
	$(BIN)/python -c "from naltrexone.pk_calibration import write_calibration; write_calibration()"

# Store the SHA-256 of every figure's SVG (tests/figures/figure_hashes.json), after a change to a
# figure that is meant; tests/figures/test_figure_hashes.py reports any other drift.
figure-hashes: $(TEST_STAMP)
	$(BIN)/python tests/figures/figure_hashes.py

# Page weights are measured through Playwright, a test tool.
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

# Re-pin: resolve each requirements*.in into its requirements*.txt with uv (pinned here, installed
# from PyPI into a scratch venv). Existing pins are kept unless an .in file asks otherwise;
# `make lock UPGRADE=1` moves every unpinned package to its newest release. Order matters: the test
# lock is constrained by the runtime lock, and the lab lock by the test lock.
UV_VERSION := 0.13.9
LOCK_VENV  := .lock-venv
UV_COMPILE  = $(LOCK_VENV)/bin/uv pip compile --quiet --python-version 3.11 --universal \
              --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-test.in -o requirements-test.txt
	$(UV_COMPILE) requirements-lab.in -o requirements-lab.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -prune -exec rm -rf {} +
