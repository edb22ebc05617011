#!/bin/sh
# Rewrite every golden output listed in tests/scenarios/golden.list (make golden).
# A line "NAME ARGS" keeps the output of `dnssim ARGS`; a line "NAME ARGS => FILE..." runs
# `dnssim ARGS --out DIR` into a fresh folder and keeps the listed files of DIR, each after a
# "== FILE" line.
set -eu
DNSSIM=${1:-./dnssim}
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
grep -v '^#' tests/scenarios/golden.list | while read -r name args; do
	[ -n "$name" ] || continue
	case "$args" in
	*' => '*)
		files=${args#*' => '}
		# shellcheck disable=SC2086
		"$DNSSIM" ${args%%' => '*} --out "$TMP/$name" >/dev/null
		for f in $files; do
			echo "== $f"
			cat "$TMP/$name/$f"
		done >"tests/scenarios/golden/$name.txt"
		;;
	*)
		# shellcheck disable=SC2086
		"$DNSSIM" $args >"tests/scenarios/golden/$name.txt"
		;;
	esac
	echo "wrote tests/scenarios/golden/$name.txt"
done
