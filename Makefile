# dnssim: discrete-event simulator of DNS.
#
#   make demo       install missing packages, build, run the bundled scenario, draw its plots
#   make test       install missing packages, build, run every test suite
#   make test-asan  the same test suites under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      build with optimisation and print the benchmark figures
#   make deps       install the missing Debian packages (apt-get as root, sudo otherwise)
#   make format-check / make format   clang-format, checked or applied
#   make conformance  play the testbound/Deckard .rpl files against the resolver (not in test)
#   make validation   run the validation programs of tests/validation (not in test)
#
# pkg-config is evaluated lazily (recipes run after `deps`), so `make test` works on a machine
# where the libraries are not installed yet.

CC       ?= cc
BUILD    ?= build
PKGS      = glib-2.0 ldns json-glib-1.0
OPTFLAGS ?= -O2 -g
WERROR   ?=
SANFLAGS ?=
WARNINGS  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
            -Wno-unused-parameter
CPPFLAGS_ALL = -I. -D_GNU_SOURCE -DDNSSIM_VERSION='"$(VERSION)"' -DDNSSIM_PLOTS_DIR='"$(CURDIR)/plots"' $(shell pkg-config --cflags $(PKGS))
CFLAGS_ALL   = -std=c11 $(OPTFLAGS) $(WARNINGS) $(WERROR) $(SANFLAGS) -MMD -MP $(CFLAGS)
LDLIBS_ALL   = $(shell pkg-config --libs $(PKGS)) -lm $(LDLIBS)
TEST_LDLIBS  = $(shell pkg-config --libs cmocka) $(LDLIBS_ALL)
VERSION     := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Debian packages the build, the tests, the plots, the format check and the report check
# (chromium renders report.html headless in tests/scenarios/run.sh) need.
DEB_PACKAGES = gcc make pkg-config libc6-dev libglib2.0-dev libldns-dev libjson-glib-dev \
               libcmocka-dev gnuplot-nox clang-format graphviz chromium

# Library sources: everything under the model folders except the command's entry point.
LIB_SRC  := $(shell find sim resolver authoritative plots -name '*.c' ! -path 'sim/cli/main.c' 2>/dev/null | sort)
CLI_SRC  := sim/cli/main.c
TEST_SRC := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | sort)
TEST_SUPPORT_SRC := $(shell find tests/unit tests/support -name '*.c' ! -name 'test_*.c' 2>/dev/null | sort)
BENCH_SRC := $(shell find bench -name '*.c' 2>/dev/null | sort)

LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB       = $(BUILD)/libdnssim.a
TEST_BIN  = $(TEST_SRC:%.c=$(BUILD)/%)
TEST_SUPPORT_OBJ = $(TEST_SUPPORT_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN = $(BENCH_SRC:%.c=$(BUILD)/%)
VALIDATION_SRC := $(shell find tests/validation -name '*.c' 2>/dev/null | sort)
VALIDATION_BIN  = $(VALIDATION_SRC:%.c=$(BUILD)/%)

.PHONY: golden tutorial-figures all deps build test test-build test-run test-asan bench demo clean format format-check

all: build

build: dnssim

dnssim: $(LIB) $(BUILD)/$(CLI_SRC:.c=.o)
	$(CC) $(CFLAGS_ALL) -o $@ $(BUILD)/$(CLI_SRC:.c=.o) $(LIB) $(LDLIBS_ALL)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB) $(TEST_SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(shell pkg-config --cflags cmocka) $(CFLAGS_ALL) -o $@ $< \
		$(TEST_SUPPORT_OBJ) $(LIB) $(TEST_LDLIBS)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(LIB) $(LDLIBS_ALL)

deps:
	@sh .ci/deps.sh $(DEB_PACKAGES)

test-build: dnssim $(TEST_BIN) $(VALIDATION_BIN) $(BENCH_BIN)

# Every suite runs even when an earlier one fails; the target fails if any did.
test-run: test-build
	@failed=0; for t in $(TEST_BIN); do \
		echo "== $$t"; \
		DNSSIM=$(CURDIR)/dnssim SRCDIR=$(CURDIR) $$t || failed=$$((failed + 1)); \
	done; \
	sh tests/scenarios/run.sh ./dnssim || failed=$$((failed + 1)); \
	if [ $$failed -ne 0 ]; then echo "$$failed test suite(s) failed"; exit 1; fi; \
	echo "all test suites passed"

test: deps
	@$(MAKE) --no-print-directory test-run

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPTFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" test-run-asan

# Sanitized binaries go in their own build folder; the dnssim binary is linked there too.
test-run-asan: $(TEST_BIN) $(BUILD)/dnssim
	@failed=0; for t in $(TEST_BIN); do \
		echo "== $$t"; \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		DNSSIM=$(CURDIR)/$(BUILD)/dnssim SRCDIR=$(CURDIR) $$t || failed=$$((failed + 1)); \
	done; \
	ASAN_OPTIONS=detect_leaks=1 sh tests/scenarios/run.sh $(BUILD)/dnssim || failed=$$((failed + 1)); \
	if [ $$failed -ne 0 ]; then echo "$$failed sanitized test suite(s) failed"; exit 1; fi; \
	echo "all sanitized test suites passed"

$(BUILD)/dnssim: $(LIB) $(BUILD)/$(CLI_SRC:.c=.o)
	$(CC) $(CFLAGS_ALL) -o $@ $(BUILD)/$(CLI_SRC:.c=.o) $(LIB) $(LDLIBS_ALL)

# The benchmarks measure a release build: -O3 and link-time optimisation, which inlines across
# the model folders (client stack, resolver, cache, engine); about a tenth faster than -O2.
RELEASE_OPTFLAGS = -O3 -g -flto=auto -ffat-lto-objects

bench: deps
	@$(MAKE) --no-print-directory BUILD=build-bench OPTFLAGS="$(RELEASE_OPTFLAGS)" bench-run

bench-run: $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

DEMO_SCENARIO ?= scenarios/demo/www-failover.dnssim
DEMO_OUT      ?= out/demo

demo: deps
	@$(MAKE) --no-print-directory dnssim
	./dnssim run $(DEMO_SCENARIO) --out $(DEMO_OUT) --force
	@echo "demo outputs and plots are in $(DEMO_OUT)/"

# Replay conformance: every .rpl file of both folders (unbound/, deckard/) against the resolver
# model, one line per file and a summary (docs/design/replay.md). Not part of `make test` yet;
# it fails while some file fails.
CONFORMANCE_DIR ?= ../shared/conformance/rpl

.PHONY: conformance
conformance: dnssim
	./dnssim replay $(sort $(wildcard $(CONFORMANCE_DIR)/*/*.rpl))

# Validation programs (tests/validation/*.c, validation.md): each prints its figures beside the
# range derived for them and fails if a sample leaves it. Not part of `make test`.

.PHONY: validation validation-run
validation: deps
	@$(MAKE) --no-print-directory validation-run

validation-run: $(VALIDATION_BIN)
	@failed=0; for v in $(VALIDATION_BIN); do \
		echo "== $$v"; $$v || failed=$$((failed + 1)); \
	done; \
	if [ $$failed -ne 0 ]; then echo "$$failed validation program(s) failed"; exit 1; fi

# Figures of docs/tutorial.md and of the README's worked example: each entry of
# TUTORIAL_SCENARIOS is SCENARIO:FIGURE,FIGURE...; the scenario is run (its expectations must
# hold) and each named figure of the run (availability, share, success, recovery, queries,
# cache: docs/design/plots.md) is copied to docs/images/tutorial/ as SCENARIO-FIGURE.png. The
# folder's old PNGs are removed first, so no stale figure survives; a figure the run did not
# draw is an error. The PNGs are committed; rerun this target when the figures change.
TUTORIAL_SCENARIOS ?= scenarios/basics/ttl-and-caching.dnssim:cache,queries \
	scenarios/failover/active-passive.dnssim:availability,share,success,recovery \
	scenarios/routing/weighted-split.dnssim:success \
	scenarios/routing/latency.dnssim:success \
	scenarios/caching/negative-caching.dnssim:success \
	scenarios/migration/lower-ttl-first.dnssim:success \
	scenarios/outage/authoritative-outage.dnssim:success \
	scenarios/clients/ttl-violators.dnssim:recovery
TUTORIAL_FIGURES ?= docs/images/tutorial

.PHONY: tutorial-figures
tutorial-figures: dnssim
	@mkdir -p $(TUTORIAL_FIGURES) && rm -f $(TUTORIAL_FIGURES)/*.png
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for entry in $(TUTORIAL_SCENARIOS); do \
		f=$${entry%%:*}; figs=$${entry#*:}; name=$$(basename $$f .dnssim); \
		./dnssim run $$f --out "$$tmp/$$name" --quiet >/dev/null || exit 1; \
		for fig in $$(echo $$figs | tr ',' ' '); do \
			png="$$tmp/$$name/$$fig.png"; \
			[ -f "$$png" ] || { echo "$$f: no figure $$fig.png" >&2; exit 1; }; \
			cp "$$png" "$(TUTORIAL_FIGURES)/$$name-$$fig.png"; \
		done; \
		echo "$$f: $$figs in $(TUTORIAL_FIGURES)/"; \
	done

# Rewrite the golden outputs of tests/scenarios/golden.list from the current program.
golden: dnssim
	sh tests/scenarios/golden.sh ./dnssim

FORMAT_SRC = $(shell find sim resolver authoritative plots tests bench -name '*.[ch]' | sort)

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_SRC) && echo "format-check: $(words $(FORMAT_SRC)) files formatted"

clean:
	rm -rf build build-asan build-bench dnssim out

-include $(shell find build build-asan build-bench -name '*.d' 2>/dev/null)
