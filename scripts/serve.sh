#!/usr/bin/env bash
# Kafkascope, command 1: install what is missing, then build and serve the app at
# http://127.0.0.1:8080 (rebuilds and reloads on every source change; Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."

URL="http://127.0.0.1:8080"
echo "Kafkascope will be served on $URL"

# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_serve

echo
echo "Kafkascope: $URL  (open it once trunk says the build is done; Ctrl-C stops)"
echo
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --address 127.0.0.1 --port 8080
