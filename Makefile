# Scenario — the two commands of the quick start, and the tools around them.
SWIFT ?= swift
RELEASE_BIN := .build/release/scenario

.PHONY: all setup build release demo test bench clean

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
# separate package that embeds ScenarioKit the way the README shows.
test: setup
	$(SWIFT) build
	$(SWIFT) test
	$(SWIFT) build --package-path examples/embedding
	examples/embedding/.build/debug/embedding-demo

clean:
	rm -rf .build

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
