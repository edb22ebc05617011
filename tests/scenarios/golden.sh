#!/bin/sh
# Rewrite every golden output listed in tests/scenarios/golden.list (make golden).
set -eu
DNSSIM=${1:-./dnssim}
cd "$(dirname "$0")/../.."
grep -v '^#' tests/scenarios/golden.list | while read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	"$DNSSIM" $args >"tests/scenarios/golden/$name.txt"
	echo "wrote tests/scenarios/golden/$name.txt"
done
