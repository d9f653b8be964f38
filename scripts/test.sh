#!/usr/bin/env bash
# Kafkascope, command 2: install what is missing, then run every check and test, in
# order, stopping at the first failure:
#   rustfmt, clippy (native and wasm32), cargo test (native), browser tests
#   (wasm-pack test in headless Chromium), the release build (ks_release_build), end-to-end tests
#   of the built page (e2e/run.mjs), and the size budget of the built page.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

export TRUNK_SKIP_VERSION_CHECK=true
# Property tests draw their cases from a fixed seed here, so a run of this script is as
# deterministic as the simulator (a new random case that fails is a finding, not a flake:
# run `cargo test` alone, or with PROPTEST_CASES=2000, to explore new cases; failures are
# saved in tests/*.proptest-regressions and replayed first).
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261126}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

STEPS_TOTAL=9
STEP_NO=0
TIMINGS=()
TESTS_PASSED=0
TESTS_FAILED=0
COUNTS=()
STEP_LOG="$(mktemp)"
trap 'rm -f "$STEP_LOG"' EXIT
T0=$SECONDS

print_timings() {
    local t
    echo
    echo "test.sh: step timings (seconds)"
    for t in "${TIMINGS[@]}"; do echo "  $t"; done
}

# step NAME COMMAND...: runs one step with its output shown (and kept for counting).
step() {
    local name="$1" start status
    shift
    STEP_NO=$((STEP_NO + 1))
    echo
    echo "==> [$STEP_NO/$STEPS_TOTAL] $name"
    start=$SECONDS
    set +e
    "$@" 2>&1 | tee "$STEP_LOG"
    status=${PIPESTATUS[0]}
    set -e
    TIMINGS+=("$(printf '%5ss  %s' "$((SECONDS - start))" "$name")")
    if [ "$status" -ne 0 ]; then
        print_timings
        echo
        echo "test.sh: FAILED at step $STEP_NO/$STEPS_TOTAL ($name), exit code $status, after $((SECONDS - T0))s"
        exit "$status"
    fi
}

# Adds up libtest's "test result: ok. N passed; M failed; ..." lines of the last step
# (cargo test and wasm-bindgen-test-runner both print them).
count_libtest() {
    local p f
    read -r p f < <(awk '/^test result: (ok|FAILED)\./ {
        for (i = 1; i <= NF; i++) {
            if ($(i + 1) ~ /^passed;?$/) p += $i
            if ($(i + 1) ~ /^failed;?$/) f += $i
        }
    } END { print p + 0, f + 0 }' "$STEP_LOG")
    TESTS_PASSED=$((TESTS_PASSED + p))
    TESTS_FAILED=$((TESTS_FAILED + f))
    COUNTS+=("$1 $p")
}

# Adds up the "N passed, M failed" closing line of e2e/run.mjs.
count_plain() {
    local p f
    read -r p f < <(awk '/^[0-9]+ passed, [0-9]+ failed$/ { p = $1; f = $3 } END { print p + 0, f + 0 }' "$STEP_LOG")
    TESTS_PASSED=$((TESTS_PASSED + p))
    TESTS_FAILED=$((TESTS_FAILED + f))
    COUNTS+=("$1 $p")
}

step "setup (install what is missing)" setup_test
step "cargo fmt --check" cargo fmt --check
step "cargo clippy (native)" cargo clippy --all-targets -- -D warnings
step "cargo clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "cargo test (native)" cargo test
count_libtest "native"
# Only the test targets that hold wasm_bindgen_test tests are built for the browser: the
# other integration tests are native (#[test]), and building each of them as a wasm
# binary as well cost about 1.3 GB of disk for no test run.
BROWSER_TESTS=()
for f in tests/*.rs; do
    if grep -q "wasm_bindgen_test" "$f"; then BROWSER_TESTS+=(--test "$(basename "$f" .rs)"); fi
done
step "wasm-pack test (headless Chromium)" wasm-pack test --headless --chrome --mode no-install -- "${BROWSER_TESTS[@]}"
count_libtest "browser"
step "trunk build --release (ks_release_build)" ks_release_build
step "e2e tests (node e2e/run.mjs)" node e2e/run.mjs
count_plain "e2e"
step "size budget (node e2e/size.mjs)" node e2e/size.mjs

print_timings
echo
echo "test.sh: all $STEPS_TOTAL steps passed in $((SECONDS - T0))s; tests: ${COUNTS[*]}"
echo "summary: $TESTS_PASSED passed, $TESTS_FAILED failed"
