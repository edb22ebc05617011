#!/bin/sh
# Install the Debian packages named on the command line that are not installed yet.
# As root: apt-get. Otherwise: sudo apt-get. If neither is possible, name the packages and fail.
set -eu

missing=""
for pkg in "$@"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = "installed" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	run="sudo"
else
	echo "deps: cannot install packages (not root and no sudo). Please install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -q || { echo "deps: apt-get update failed; install by hand:$missing" >&2; exit 1; }
# shellcheck disable=SC2086
$run apt-get install -y -q --no-install-recommends $missing || {
	echo "deps: apt-get install failed; install by hand:$missing" >&2
	exit 1
}
