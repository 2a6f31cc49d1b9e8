# The two commands of the quick start, and a few more. The real build is CMake
# (CMakeLists.txt); this file only names the usual steps.
#   make run    install what is missing, build, start the server with the bundled
#               questionnaires on an embedded SQLite file (lytt.db)
#   make test   the same set-up, then every test: the normal build with warnings
#               as errors, and the address+undefined sanitizer build
PORT ?= 8080
BIND ?= 127.0.0.1
DB ?= lytt.db
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all build run test test-release test-asan test-fuzz fuzz test-valgrind bench check-style clean

all: build

build:
	@scripts/setup.sh $(BUILD) RelWithDebInfo

run: build
	@echo "Open http://$(BIND):$(PORT)/ (Ctrl-C stops the server)"
	$(BUILD)/src/server/lytt-server --port $(PORT) --bind $(BIND) --db $(DB) --surveys survey

test: test-release test-asan test-fuzz test-valgrind

test-release:
	@scripts/setup.sh $(BUILD) RelWithDebInfo -DLYTT_WERROR=ON
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	@scripts/setup.sh $(BUILD)-asan Asan -DLYTT_WERROR=ON
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# The end-to-end tests with lytt-server and lytt-analyze under valgrind memcheck.
test-valgrind:
	@scripts/setup.sh $(BUILD) RelWithDebInfo -DLYTT_WERROR=ON >/dev/null
	tests/valgrind/run.sh $(BUILD)

# A short fuzzing run of every libFuzzer target (clang, address+undefined sanitizers).
test-fuzz:
	@scripts/setup.sh $(BUILD) RelWithDebInfo >/dev/null
	tests/fuzz/run.sh 10

# The long run whose execution counts go in docs/robustness.md.
fuzz:
	@scripts/setup.sh $(BUILD) RelWithDebInfo >/dev/null
	tests/fuzz/run.sh $${FUZZ_SECONDS:-300}

# Figures, never tests: see bench/run.sh and docs/performance.md.
bench:
	bench/run.sh

check-style:
	tests/style/check-style.sh .

clean:
	rm -rf $(BUILD) $(BUILD)-asan build-fuzz build-release
