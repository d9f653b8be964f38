#!/usr/bin/env bash
# Kafkascope's release build: install what is missing, then build the page into dist/
# (`bash scripts/build.sh --dist DIR` elsewhere) the way scripts/test.sh builds and
# measures it: a plain `trunk build --release` (ks_release_build in scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_serve
ks_release_build "$@"
