# Scenario — the two commands of the quick start, and the tools around them.
SWIFT ?= swift
RELEASE_BIN := .build/release/scenario

.PHONY: all setup build release demo test bench bench-embedding clean man docs install uninstall

all: build

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

# The Swift runtime and Foundation are linked in (--static-swift-stdlib):
# resolving their symbols at every start cost more than running a small
# script (issue 7: start-up 10 ms -> 6 ms).
release: setup
	$(SWIFT) build -c release --product scenario --static-swift-stdlib

# Builds the release binary and runs the seed scenario (SPEC §14).
demo: release
	$(RELEASE_BIN) run examples/spacexai-cursor.scn

# Builds everything and runs every test: unit, golden scripts, CLI, and a
# separate package that embeds ScenarioKit the way the README shows, with
# its own Swift Testing suite (scripts/embedding.sh). The
# DocC build runs too, its warnings as errors, so a broken link in a doc
# comment or the catalogue fails the tests.
test: setup
	$(SWIFT) build
	$(MAKE) man
	$(MAKE) docs
	$(SWIFT) test
	SWIFT=$(SWIFT) bash scripts/embedding.sh

# What embedding costs (issue 17): one evaluate's overhead, sync and async,
# and a long-lived session's memory over 100,000 evaluates; release build.
bench-embedding: setup
	SWIFT=$(SWIFT) bash scripts/embedding.sh bench

clean:
	rm -rf .build

# ScenarioKit's DocC documentation (issue 18): the catalogue in
# Sources/ScenarioKit/ScenarioKit.docc and the /// comments on every public
# symbol (DocCommentTests keeps them there), through swift-docc-plugin. It
# needs no network: the plugin comes through SwiftPM like any dependency.
# The archive lands in $(DOCS_DIR)/ScenarioKit.doccarchive; open it with
# `xcrun docc preview` on a Mac, or serve it as a static site.
DOCS_DIR := .build/docs
docs: setup
	mkdir -p $(DOCS_DIR)
	$(SWIFT) package --allow-writing-to-directory $(DOCS_DIR) generate-documentation \
		--target ScenarioKit --warnings-as-errors \
		--output-path $(DOCS_DIR)/ScenarioKit.doccarchive

# Installing (issue 18). `make install PREFIX=/usr/local` (the default;
# DESTDIR is honoured for staging) puts
#   $(PREFIX)/bin/scenario                          the release binary
#   $(PREFIX)/share/man/man1/scenario.1             the man page
#   $(PREFIX)/share/bash-completion/completions/scenario
#   $(PREFIX)/share/zsh/site-functions/_scenario
#   $(PREFIX)/share/fish/vendor_completions.d/scenario.fish
# and `make uninstall` (same PREFIX and DESTDIR) removes exactly these.
# BIN=path installs a binary built already instead of building the release
# one (`make install BIN=.build/debug/scenario` takes seconds; the test of
# this target does that). MANPAGE=path installs a man page made already (by
# `make man`; `make test` makes one) instead of making it: the install test
# runs inside `swift test`, which holds the build directory's lock, so it
# must not start SwiftPM itself.
# The man page comes from the command's own help through swift-argument-
# parser's generate-manual plugin, run on the debug build (the help is the
# same in both; the plugin's own release build would relink the release
# binary without --static-swift-stdlib). Its date is the last commit's, so
# the page is the same on every machine. The completions are what the
# installed binary's --generate-completion-script prints.
PREFIX ?= /usr/local
DESTDIR ?=
BIN ?=
MANPAGE ?=
MAN_DIR := .build/man
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)
MAN_FLAGS := --allow-writing-to-directory $(MAN_DIR) generate-manual \
	--configuration debug --date $(MAN_DATE) --output-directory $(MAN_DIR)
INSTALLED := $(DESTDIR)$(PREFIX)/bin/scenario \
	$(DESTDIR)$(PREFIX)/share/man/man1/scenario.1 \
	$(DESTDIR)$(PREFIX)/share/bash-completion/completions/scenario \
	$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_scenario \
	$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/scenario.fish

# The generated page has blank lines between paragraphs (mdoc warns about
# each) and a discussion line may start with ' (a roff control character
# that swallows the line): the first become .Pp, the second get a \& guard.
man: setup
	mkdir -p $(MAN_DIR)
	$(SWIFT) package $(MAN_FLAGS)
	sed -i -e 's/^$$/.Pp/' -e "s/^'/\\\\\&'/" $(MAN_DIR)/scenario.1

install: $(if $(BIN),,release) $(if $(MANPAGE),,man)
	@set -e; bin="$(or $(BIN),$(RELEASE_BIN))"; page="$(or $(MANPAGE),$(MAN_DIR)/scenario.1)"; \
	share="$(DESTDIR)$(PREFIX)/share"; \
	install -d "$(DESTDIR)$(PREFIX)/bin" "$$share/man/man1" "$$share/bash-completion/completions" \
	    "$$share/zsh/site-functions" "$$share/fish/vendor_completions.d"; \
	install -m 755 "$$bin" "$(DESTDIR)$(PREFIX)/bin/scenario"; \
	install -m 644 "$$page" "$$share/man/man1/scenario.1"; \
	for shell in bash zsh fish; do \
	    case $$shell in \
	        bash) to="$$share/bash-completion/completions/scenario";; \
	        zsh) to="$$share/zsh/site-functions/_scenario";; \
	        fish) to="$$share/fish/vendor_completions.d/scenario.fish";; \
	    esac; \
	    "$$bin" --generate-completion-script $$shell > "$$to.tmp"; \
	    chmod 644 "$$to.tmp"; mv "$$to.tmp" "$$to"; \
	done; \
	for f in $(INSTALLED); do echo "installed $$f"; done

uninstall:
	rm -f $(INSTALLED)

# Builds the release binary, installs hyperfine, lua5.4 and numpy when they
# are missing, and runs the benchmark suite against Lua, CPython, numpy and C
# (bench/run.sh; `make bench BENCH=fib` runs one; figures in bench/RESULTS.md).
bench: release
	bash bench/run.sh $(BENCH)

# Robustness (issue 8; what was run and found: docs/robustness.md).
.PHONY: fuzz sanitize
FUZZ_SECONDS ?= 600

# Builds the libFuzzer target (fuzz/build.sh) and runs it for FUZZ_SECONDS
# seconds with one process (fuzz/run.sh). Findings land in .build/fuzz/artifacts/.
fuzz:
	bash fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

# Builds and runs the whole test suite under AddressSanitizer (with leak
# checking), UndefinedBehaviorSanitizer and ThreadSanitizer (the parallel
# Monte Carlo), each in its own build directory; the CLI and REPL tests run
# that build's binary. Not part of `make test`: it takes a while.
# - Swift rejects -sanitize=undefined (Swift code traps on overflow, bounds
#   and nil by itself), so UBSan instruments the C of Sources/CEditLine
#   through clang and links its runtime.
# - ASan's use-after-return detection moves stack frames to the heap, which
#   makes the evaluator's stack-depth guard (an address comparison) see
#   nonsense and stop deep recursion early; it is off (docs/robustness.md).
# - TSan's shadow call stack holds 65,536 frames and overflows silently:
#   the tests that recurse to the 10,000-call limit skip themselves under
#   TSan (Sanitizer.thread in the tests), as does the REPL test under a
#   2 KB file size limit, where TSan's runtime cannot start
#   (SCENARIO_SANITIZER tells the REPL tests which sanitizer is in use).
SANITIZERS ?= address undefined thread
sanitize: setup
	@set -e; for s in $(SANITIZERS); do \
	    echo "== $$s"; \
	    case $$s in \
	        undefined) flags="-Xcc -fsanitize=undefined -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined";; \
	        *) flags="--sanitize=$$s";; \
	    esac; \
	    $(SWIFT) build --build-tests $$flags --build-path .build/sanitize-$$s; \
	    SCENARIO_BIN=$$PWD/.build/sanitize-$$s/debug/scenario SCENARIO_SANITIZER=$$s \
	    LSAN_OPTIONS=suppressions=$$PWD/Tests/lsan.supp ASAN_OPTIONS=detect_stack_use_after_return=0 \
	    TSAN_OPTIONS=halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	        $(SWIFT) test $$flags --build-path .build/sanitize-$$s; \
	done
