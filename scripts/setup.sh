#!/usr/bin/env bash
# Kafkascope: install what building, serving and testing need, skipping what is
# already present at the right version. Idempotent; safe to run again and again.
#
#   source scripts/setup.sh && setup_serve   # wasm target, wasm-bindgen, trunk, wasm-opt
#   source scripts/setup.sh && setup_test    # all of the above + rustfmt, clippy,
#                                            # chromium, chromedriver, wasm-pack, playwright-core
#   bash scripts/setup.sh [serve|test]       # the same, as a command (default: test)
#
# Sourcing also puts ~/.cargo/bin and ./node_modules/.bin on PATH for the caller.
# Needs: rustup + cargo (the machine's Rust toolchain), and the package registries
# (crates.io, Debian, npm, and PyPI for PyYAML). Nothing is downloaded from anywhere else.

# Versions. wasm-bindgen-cli's version is not set here: it must equal the
# `wasm-bindgen` crate in Cargo.lock, and is read from there.
KS_TRUNK_VERSION="0.21.14"
KS_WASM_TARGET="wasm32-unknown-unknown"

KS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ks_log() { printf 'setup: %s\n' "$*"; }
ks_die() {
    printf 'setup: ERROR: %s\n' "$*" >&2
    return 1
}

# Puts ~/.cargo/bin and ./node_modules/.bin first on PATH (once each).
ks_path() {
    local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in *":$cargo_bin:"*) ;; *) PATH="$cargo_bin:$PATH" ;; esac
    case ":$PATH:" in *":$KS_ROOT/node_modules/.bin:"*) ;; *) PATH="$KS_ROOT/node_modules/.bin:$PATH" ;; esac
    export PATH
}

# Runs a command as root: directly when root, else through sudo.
ks_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        ks_die "need root (or sudo) to run: $*"
    fi
}

KS_APT_UPDATED=""
ks_apt_install() {
    if [ -z "$KS_APT_UPDATED" ]; then
        ks_log "apt-get update"
        ks_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || return 1
        KS_APT_UPDATED=1
    fi
    ks_log "apt-get install $*"
    ks_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || return 1
}

# The version of a package in Cargo.lock, e.g. `ks_lock_version wasm-bindgen`.
ks_lock_version() {
    awk -v want="$1" '
        /^\[\[package\]\]/ { name = "" }
        /^name = / { name = $3; gsub(/"/, "", name) }
        /^version = / { if (name == want) { v = $3; gsub(/"/, "", v); print v; exit } }
    ' "$KS_ROOT/Cargo.lock"
}

# Prints the version a tool reports ("trunk 0.21.14" -> "0.21.14"), or nothing.
ks_tool_version() {
    local out=""
    command -v "$1" >/dev/null 2>&1 || return 0
    out="$("$1" --version 2>/dev/null)" || true
    printf '%s\n' "$out" | awk 'NR == 1 { print $2 }'
}

ks_need_cargo() {
    ks_path
    command -v cargo >/dev/null 2>&1 ||
        ks_die "cargo not found: this project needs the machine's Rust toolchain (rustup + cargo)"
}

ks_node() {
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        ks_log "node $(node --version), npm $(npm --version): present"
    else
        ks_apt_install nodejs npm || return 1
    fi
}

ks_wasm_target() {
    if ! command -v rustup >/dev/null 2>&1; then
        ks_log "rustup not found; assuming the $KS_WASM_TARGET target is installed"
    elif grep -qx "$KS_WASM_TARGET" <<<"$(rustup target list --installed 2>/dev/null)"; then
        ks_log "rust target $KS_WASM_TARGET: present"
    else
        ks_log "rustup target add $KS_WASM_TARGET"
        rustup target add "$KS_WASM_TARGET" || return 1
    fi
}

ks_components() {
    local c installed missing=()
    command -v rustup >/dev/null 2>&1 || return 0
    installed="$(rustup component list --installed 2>/dev/null)" || true
    for c in rustfmt clippy; do
        grep -q "^$c" <<<"$installed" || missing+=("$c")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        ks_log "rustfmt, clippy: present"
    else
        ks_log "rustup component add ${missing[*]}"
        rustup component add "${missing[@]}" || return 1
    fi
}

ks_wasm_bindgen() {
    if [ ! -f "$KS_ROOT/Cargo.lock" ]; then
        ks_log "no Cargo.lock: generating it"
        (cd "$KS_ROOT" && cargo generate-lockfile -q) || return 1
    fi
    local want have
    want="$(ks_lock_version wasm-bindgen)"
    [ -n "$want" ] || ks_die "no wasm-bindgen in Cargo.lock" || return 1
    have="$(ks_tool_version wasm-bindgen)"
    if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
        ks_log "wasm-bindgen-cli $want: present"
    else
        ks_log "cargo install wasm-bindgen-cli --version $want (was: ${have:-none}; about 2 min)"
        # Not --locked: one of its locked dependencies is missing from the registry.
        cargo install wasm-bindgen-cli --version "$want" --force || return 1
    fi
}

ks_trunk() {
    local have
    have="$(ks_tool_version trunk)"
    if [ "$have" = "$KS_TRUNK_VERSION" ]; then
        ks_log "trunk $KS_TRUNK_VERSION: present"
    else
        ks_log "cargo install trunk --version $KS_TRUNK_VERSION --locked (was: ${have:-none}; about 10 min)"
        # --locked: without it trunk 0.21 fails to compile; 0.22 needs a newer rustc.
        cargo install trunk --version "$KS_TRUNK_VERSION" --locked --force || return 1
    fi
}

ks_wasm_pack() {
    local have
    have="$(ks_tool_version wasm-pack)"
    if [ -n "$have" ]; then
        ks_log "wasm-pack $have: present"
    else
        ks_log "cargo install wasm-pack --locked (a few min)"
        cargo install wasm-pack --locked || return 1
    fi
}

ks_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        ks_log "chromium, chromedriver: present"
    else
        ks_apt_install chromium chromium-driver || return 1
    fi
}

# npm devDependencies (binaryen's wasm-opt, playwright-core) into ./node_modules,
# exactly as package-lock.json says. Skipped when node_modules is up to date.
ks_npm() {
    local stamp="$KS_ROOT/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ ! "$KS_ROOT/package-lock.json" -nt "$stamp" ] &&
        [ -x "$KS_ROOT/node_modules/.bin/wasm-opt" ] &&
        [ -f "$KS_ROOT/node_modules/playwright-core/package.json" ]; then
        ks_log "npm packages (binaryen, playwright-core): present"
    else
        ks_log "npm ci (binaryen, playwright-core)"
        (cd "$KS_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
    fi
    ks_path
}

setup_serve() {
    ks_need_cargo || return 1
    ks_wasm_target || return 1
    ks_wasm_bindgen || return 1
    ks_trunk || return 1
    ks_node || return 1
    ks_npm || return 1
}

# The release build of the page into dist/ (or --dist DIR): a plain `trunk build --release`
# on stable Rust, as yew's and Trunk's docs teach (Cargo.toml's [profile.release] and
# index.html's data-wasm-opt="z" are all the tuning there is). TRUNK_SKIP_VERSION_CHECK
# only stops Trunk asking the internet for a newer version of itself.
ks_release_build() {
    TRUNK_SKIP_VERSION_CHECK=true trunk build --release "$@"
}

# PyYAML, for tests/export.rs (it parses the exported docker-compose.yml), from PyPI.
ks_pyyaml() {
    python3 -c 'import yaml' >/dev/null 2>&1 && return 0
    ks_log "python3 -m pip install --user pyyaml"
    python3 -m pip install --user -q pyyaml && return 0
    # Debian's system python refuses pip (PEP 668): its own package, then
    ks_apt_install python3-yaml || ks_die "could not install PyYAML (python3 -m pip install --user pyyaml)"
}

setup_test() {
    setup_serve || return 1
    ks_components || return 1
    ks_chromium || return 1
    ks_wasm_pack || return 1
    ks_pyyaml || return 1
}

ks_path

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-test}" in
        serve) setup_serve ;;
        test) setup_test ;;
        *)
            echo "usage: bash scripts/setup.sh [serve|test]" >&2
            exit 2
            ;;
    esac
    ks_log "done"
fi
