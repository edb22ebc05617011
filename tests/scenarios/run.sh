#!/bin/sh
# End-to-end tests of the dnssim command on bundled scenarios: validity, exit codes, expectation
# failures, determinism (same seed -> byte-identical files), outputs not clobbered, --set.
# Usage: tests/scenarios/run.sh PATH-TO-DNSSIM
# Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
set -u
DNSSIM=${1:-./dnssim}
case "$DNSSIM" in /*) ;; *) DNSSIM="$(pwd)/$DNSSIM" ;; esac
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# expect_rc NAME WANT CMD...: run CMD, compare its exit code
expect_rc() {
	name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"; else
		bad "$name (exit $rc, want $want)"
		sed 's/^/     /' "$TMP/err" | head -n 5
	fi
}

# every bundled scenario is valid
for f in $(find scenarios -name '*.dnssim' | sort); do
	expect_rc "check $f" 0 "$DNSSIM" check "$f"
done

demo=scenarios/demo/www-failover.dnssim

# the demo runs and its expectations hold
expect_rc "run demo" 0 "$DNSSIM" run "$demo" --out "$TMP/a" --no-plots --quiet
for f in summary.json timeseries.csv events.csv; do
	if [ -s "$TMP/a/$f" ]; then ok "demo wrote $f"; else bad "demo wrote $f"; fi
done

# determinism: the same scenario and seed give byte-identical files
"$DNSSIM" run "$demo" --out "$TMP/b" --no-plots --quiet >/dev/null 2>&1
for f in summary.json timeseries.csv events.csv; do
	if cmp -s "$TMP/a/$f" "$TMP/b/$f"; then ok "same seed, identical $f"; else bad "same seed, identical $f"; fi
done

# every output names the seed, the digest and the version
if head -n 1 "$TMP/a/timeseries.csv" | grep -q '^# dnssim .* seed=7 digest=sha256:[0-9a-f]\{64\}$'; then
	ok "timeseries.csv header names version, seed and digest"
else
	bad "timeseries.csv header names version, seed and digest"
fi

# an existing output folder is not clobbered without --force
expect_rc "existing --out refused" 2 "$DNSSIM" run "$demo" --out "$TMP/a" --no-plots --quiet
expect_rc "existing --out with --force" 0 "$DNSSIM" run "$demo" --out "$TMP/a" --no-plots --quiet --force

# a failed expectation exits 1 and says by how much: web-east is down 10m..30m, so 20m of
# downtime; asking for less than 15m must fail by 5m
cat >"$TMP/fail.dnssim" <<'SC'
duration 45m
backend web-east address=192.0.2.10
at 10m backend web-east down
at 30m backend web-east up
expect backend.web-east.downtime < 15m
SC
expect_rc "failed expectation exits 1" 1 "$DNSSIM" run "$TMP/fail.dnssim" --out "$TMP/f" --no-plots
if grep -q 'FAIL backend.web-east.downtime < 15m .*actual 20m, off by 5m' "$TMP/out"; then
	ok "failed expectation names the metric and the gap"
else
	bad "failed expectation names the metric and the gap"
fi

# --set changes the run: web-east fails at 10m and never recovers; a 45m run has 35m of
# downtime, the same run cut to 20m by --set has 10m
cat >"$TMP/cut.dnssim" <<'SC'
duration 45m
backend web-east address=192.0.2.10
at 10m backend web-east down
expect backend.web-east.downtime == 35m
SC
expect_rc "45m run: 35m down" 0 "$DNSSIM" run "$TMP/cut.dnssim" --out "$TMP/g1" --no-plots
expect_rc "--set duration=20m: 35m expectation fails" 1 "$DNSSIM" run "$TMP/cut.dnssim" --set duration=20m --out "$TMP/g2" --no-plots
if grep -q 'actual 10m, off by 25m' "$TMP/out"; then ok "--set duration=20m gives 10m down"; else bad "--set duration=20m gives 10m down"; fi
# a timeline action after the end of a shortened run is an input error, not silently dropped
expect_rc "--set duration before an action" 2 "$DNSSIM" check "$TMP/fail.dnssim" --set duration=20m
expect_rc "--set bad key" 2 "$DNSSIM" check "$TMP/fail.dnssim" --set backend.web-east.adress=192.0.2.1
if grep -q "^--set:1:18: error: unknown key 'adress'.*did you mean 'address'" "$TMP/err"; then
	ok "--set error names its place and suggests"
else
	bad "--set error names its place and suggests"
	cat "$TMP/err"
fi

# a flapping backend (period 2m, down first) over 10m is down half the time: 5m
cat >"$TMP/flap.dnssim" <<'SC'
duration 10m
backend b address=192.0.2.1 state=flapping period=2m
expect backend.b.downtime == 5m
expect backend.b.availability == 50%
SC
expect_rc "flapping backend is down half the time" 0 "$DNSSIM" run "$TMP/flap.dnssim" --out "$TMP/h" --no-plots

# input errors exit 2, usage errors exit 2, --version exits 0
expect_rc "missing file exits 2" 2 "$DNSSIM" check "$TMP/nope.dnssim"
expect_rc "unknown command exits 2" 2 "$DNSSIM" frobnicate
expect_rc "--version" 0 "$DNSSIM" --version
expect_rc "run --version" 0 "$DNSSIM" run --version
expect_rc "check --help" 0 "$DNSSIM" check --help
expect_rc "run --help" 0 "$DNSSIM" run --help

# the input file is never modified
before=$(sha256sum "$demo")
"$DNSSIM" run "$demo" --out "$TMP/c" --no-plots --quiet >/dev/null 2>&1
if [ "$(sha256sum "$demo")" = "$before" ]; then ok "input not modified"; else bad "input not modified"; fi

# route53 health-propagation=: web-east dies at 600 s; with 16 checkers, a 30 s interval and
# threshold 3 the aggregate flips between 2 intervals (660 s) and 3 intervals plus three 4 s
# timeouts (702 s) after it. At 710 s, a 5 s delay means the name servers already answer the
# secondary; a 60 s delay means they cannot yet (660 + 60 = 720 > 710).
"$DNSSIM" answer "$demo" www.jmpesp.xyz --at 710s >"$TMP/prop5.txt" 2>&1
"$DNSSIM" answer "$demo" www.jmpesp.xyz --at 710s --set route53.health-propagation=60s \
	>"$TMP/prop60.txt" 2>&1
if grep -q "answering secondary" "$TMP/prop5.txt" && grep -q "primary 'primary' healthy" "$TMP/prop60.txt"; then
	ok "route53 health-propagation delays the failover"
else
	bad "route53 health-propagation delays the failover"
fi

# private hosted zone (route53.md 6.5): the VPC's resolver asks the VPC's server and gets the
# private data; the ISP's resolver gets the public data; a name only the public zone has is
# NXDOMAIN inside the VPC (the private zone shadows the public one)
split=scenarios/route53/split-horizon.dnssim
"$DNSSIM" trace "$split" www.corp.example --from vpc-dns >"$TMP/split-vpc.txt" 2>&1
"$DNSSIM" trace "$split" www.corp.example --from isp >"$TMP/split-isp.txt" 2>&1
"$DNSSIM" answer "$split" public.corp.example --resolver vpc-dns >"$TMP/split-nx.txt" 2>&1
if grep -q "to vpc:prod (169.254.53.1)" "$TMP/split-vpc.txt" &&
	grep -q "IN	A	10.0.0.10" "$TMP/split-vpc.txt" &&
	grep -q "IN	A	198.51.100.10" "$TMP/split-isp.txt" &&
	! grep -q "vpc:prod" "$TMP/split-isp.txt" &&
	grep -q "zone corp.example. (private, VPC prod" "$TMP/split-nx.txt" &&
	grep -q "answer kind: nxdomain" "$TMP/split-nx.txt"; then
	ok "private zone split horizon in trace and answer"
else
	bad "private zone split horizon in trace and answer"
fi

# a weight change on the timeline moves traffic: blue serves before 5m, green between 6m and
# 15m (past the 60 s TTL), blue again from 16m; summary.json carries the cost keys and the
# price table's date
bg=scenarios/route53/blue-green.dnssim
"$DNSSIM" run "$bg" --out "$TMP/bg" --no-plots --quiet >/dev/null 2>&1
awk -F, '
	/^#/ { next }
	NR > 0 && $1 == "time_s" { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ t = $1 + 0; b = $col["backend.blue.requests"]; g = $col["backend.green.requests"]
	  if (t < 300) { before_b += b; before_g += g }
	  else if (t >= 360 && t < 900) { during_b += b; during_g += g }
	  else if (t >= 960) { after_b += b; after_g += g } }
	END { exit !(before_b > 0 && before_g == 0 && during_g > 0 && during_b == 0 &&
		     after_b > 0 && after_g == 0) }' "$TMP/bg/timeseries.csv" &&
	ok "weight change on the timeline moves traffic" ||
	bad "weight change on the timeline moves traffic"
if grep -q '"prices_as_of": "2026-09-20"' "$TMP/bg/summary.json" &&
	grep -q '"cost.queries.standard": [1-9]' "$TMP/bg/summary.json" &&
	grep -q '"cost.scenario_usd"' "$TMP/bg/summary.json" &&
	grep -q '"cost.month_usd"' "$TMP/bg/summary.json" &&
	grep -q 'Route 53 weight 0 -> 100\|Route 53 record set: weight 0 -> 100' "$TMP/bg/events.csv"; then
	ok "cost keys in summary.json, weight change in events.csv"
else
	bad "cost keys in summary.json, weight change in events.csv"
fi

# figures (docs/design/plots.md): each one real, PNG and SVG, holding the scenario's names.
# is_png FILE: PNG magic and more than 10 KB (a figure with axes, curves and text)
is_png() {
	[ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(wc -c <"$1")" -gt 10240 ]
}
# svg_has NAME FILE WORD...: the SVG names every WORD (a legend entry or a label)
svg_has() {
	name=$1 file=$2
	shift 2
	for word in "$@"; do
		if ! grep -qF ">$word" "$file" 2>/dev/null; then
			bad "$name ($file lacks '$word')"
			return
		fi
	done
	ok "$name"
}
small=scenarios/demo/weighted-small.dnssim
expect_rc "run with figures" 0 "$DNSSIM" run "$small" --out "$TMP/fig" --quiet
for fig in availability share success queries cache; do
	if is_png "$TMP/fig/$fig.png"; then ok "$fig.png is a PNG over 10 KB"; else bad "$fig.png is a PNG over 10 KB"; fi
	svg_has "$fig.svg is titled with the scenario" "$TMP/fig/$fig.svg" "weighted pair, east fails: "
done
svg_has "share.svg: backends and the timeline's failures" "$TMP/fig/share.svg" east west "east down" "ns-2 down" "isp flush"
svg_has "success.svg: every outcome" "$TMP/fig/success.svg" ok dns-timeout servfail nxdomain connect
svg_has "queries.svg: every name server" "$TMP/fig/queries.svg" ns-1 ns-2 "queries per minute"
svg_has "cache.svg: every resolver" "$TMP/fig/cache.svg" isp public
# east fails at 4m: recovery.csv and its figure, one curve per population
if is_png "$TMP/fig/recovery.png" && [ -s "$TMP/fig/recovery.csv" ]; then
	ok "a failure: recovery.csv and recovery.png"
else
	bad "a failure: recovery.csv and recovery.png"
fi
svg_has "recovery.svg: every population" "$TMP/fig/recovery.svg" office mobile

# dnssim plot redraws from the data alone, through the same drawing as run: identical SVGs
expect_rc "plot DIR --out" 0 "$DNSSIM" plot "$TMP/fig" --out "$TMP/fig2" --quiet
for fig in availability share success queries cache; do
	if cmp -s "$TMP/fig/$fig.svg" "$TMP/fig2/$fig.svg"; then ok "plot redraws $fig.svg as run drew it"; else bad "plot redraws $fig.svg as run drew it"; fi
done
# the recovery figure from the fixture (hand-written recovery.csv, tests/fixtures/plots): one
# curve per population, p50/p95/p99 marked with the values of its formulas (office: 10 + 100 q
# s, so p95 = 105 s; mobile: 5 + 60 q^2 s, so p50 = 20 s and p99 = 63.8 s)
expect_rc "plot the fixture" 0 "$DNSSIM" plot tests/fixtures/plots/weighted-small --out "$TMP/fx" --quiet
if is_png "$TMP/fx/recovery.png"; then ok "recovery.png is a PNG over 10 KB"; else bad "recovery.png is a PNG over 10 KB"; fi
svg_has "recovery.svg: populations and percentiles" "$TMP/fx/recovery.svg" office mobile \
	"p95 105s" "p50 20s" "p99 64s" "weighted pair, east fails: client recovery time"
# errors name the folder or the file
expect_rc "plot a missing folder exits 2" 2 "$DNSSIM" plot "$TMP/nope"
if grep -q "$TMP/nope: no such folder" "$TMP/err"; then ok "plot names the missing folder"; else bad "plot names the missing folder"; fi
mkdir -p "$TMP/part"
cp "$TMP/fig/summary.json" "$TMP/fig/events.csv" "$TMP/part/"
expect_rc "plot without timeseries.csv exits 2" 2 "$DNSSIM" plot "$TMP/part"
if grep -q "$TMP/part/timeseries.csv: cannot read" "$TMP/err"; then ok "plot names the missing timeseries.csv"; else bad "plot names the missing timeseries.csv"; fi
rm "$TMP/part/summary.json"
expect_rc "plot without summary.json exits 2" 2 "$DNSSIM" plot "$TMP/part"
if grep -q "$TMP/part/summary.json" "$TMP/err"; then ok "plot names the missing summary.json"; else bad "plot names the missing summary.json"; fi
expect_rc "plot --help" 0 "$DNSSIM" plot --help

# progress bar: on a terminal (script(1) gives the run one) stderr shows the virtual time done;
# the run writes the same files as without a terminal; piped, stderr stays empty
expect_rc "run piped: no progress bar" 0 "$DNSSIM" run "$small" --out "$TMP/p1" --no-plots
if [ ! -s "$TMP/err" ]; then ok "piped run prints nothing on stderr"; else bad "piped run prints nothing on stderr"; fi
if command -v script >/dev/null 2>&1; then
	script -qec "'$DNSSIM' run '$small' --out '$TMP/p2' --no-plots >/dev/null" /dev/null >"$TMP/tty.txt" 2>&1
	if grep -q 'virtual 12m of 12m' "$TMP/tty.txt"; then ok "terminal run shows the progress bar"; else bad "terminal run shows the progress bar"; fi
	if cmp -s "$TMP/p1/timeseries.csv" "$TMP/p2/timeseries.csv" && cmp -s "$TMP/p1/summary.json" "$TMP/p2/summary.json"; then
		ok "progress bar run writes identical files"
	else
		bad "progress bar run writes identical files"
	fi
	script -qec "'$DNSSIM' run '$small' --out '$TMP/p3' --no-plots --quiet" /dev/null >"$TMP/tty.txt" 2>&1
	if ! grep -q 'virtual' "$TMP/tty.txt"; then ok "--quiet: no progress bar"; else bad "--quiet: no progress bar"; fi
fi

# golden outputs (tests/scenarios/golden.list; `make golden` rewrites them)
while read -r name args; do
	case "$name" in ''|'#'*) continue ;; esac
	case "$args" in
	*' => '*) # run into a folder, compare the listed files (see golden.sh)
		rm -rf "$TMP/golden"
		# shellcheck disable=SC2086
		"$DNSSIM" ${args%%' => '*} --out "$TMP/golden" >"$TMP/golden.out" 2>&1
		for f in ${args#*' => '}; do
			echo "== $f"
			cat "$TMP/golden/$f" 2>&1
		done >"$TMP/golden.txt"
		;;
	*)
		# shellcheck disable=SC2086
		"$DNSSIM" $args >"$TMP/golden.txt" 2>&1
		;;
	esac
	if cmp -s "$TMP/golden.txt" "tests/scenarios/golden/$name.txt"; then
		ok "golden $name"
	else
		bad "golden $name"
		diff -u "tests/scenarios/golden/$name.txt" "$TMP/golden.txt" | head -n 20
	fi
done <tests/scenarios/golden.list

# design review (dnssim check; docs/scenario-language.md "Design review"): warnings exit 0,
# --strict turns them into errors (exit 2, as an invalid scenario)
cat >"$TMP/review.dnssim" <<'SC'
zone example.com. servers=ns-1
  api 60 IN A 192.0.2.1 set=na continent=NA
  api 60 IN A 192.0.2.2 set=eu continent=EU
end
health db tcp 192.0.2.1 port=5432
SC
expect_rc "check with design warnings exits 0" 0 "$DNSSIM" check "$TMP/review.dnssim"
if grep -q "review.dnssim:2:3: warning: api.example.com. A: geolocation has no default record (country=\*).* \[geo-no-default\]$" "$TMP/err" &&
	grep -q "review.dnssim:5:1: warning: health db: a tcp check .* \[health-check-shallow\]$" "$TMP/err" &&
	[ "$(tail -n 1 "$TMP/err")" = "2 warnings" ]; then
	ok "check lists each warning with its place, record and rule"
else
	bad "check lists each warning with its place, record and rule"
	cat "$TMP/err"
fi
expect_rc "check --strict with design warnings exits 2" 2 "$DNSSIM" check --strict "$TMP/review.dnssim"
if [ "$(grep -c ': error: .* \[[a-z0-9-]*\]$' "$TMP/err")" -eq 2 ] && [ "$(tail -n 1 "$TMP/err")" = "2 errors" ] &&
	! grep -q '^scenario ' "$TMP/out"; then
	ok "check --strict reports the warnings as errors"
else
	bad "check --strict reports the warnings as errors"
	cat "$TMP/err"
fi
expect_rc "check --strict --quiet still fails" 2 "$DNSSIM" check --strict --quiet "$TMP/review.dnssim"
expect_rc "check --quiet exits 0 on warnings" 0 "$DNSSIM" check --quiet "$TMP/review.dnssim"
if [ ! -s "$TMP/err" ]; then ok "check --quiet prints no warning"; else bad "check --quiet prints no warning"; fi
expect_rc "check --strict on a clean scenario" 0 "$DNSSIM" check --strict scenarios/dns/delegation.dnssim

# the bundled scenarios warn about nothing but this: the demo's www primary has TTL 60, and its
# check web-east (interval 30s, failure-threshold 3) with the default 5 s propagation takes
# 30 x 3 + 5 = 95 s to see a failure (route53.md 5.5); and the split-horizon lesson's private
# zone lacks a name of the public one on purpose (route53.md 6.5: no fallback)
cat >"$TMP/review-expected.txt" <<'EXP'
scenarios/demo/www-failover.dnssim:11:3: warning: www.jmpesp.xyz. A set=primary: TTL 60 is shorter than the 1m35s health check web-east needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/route53/split-horizon.dnssim:17:1: warning: zone corp.example. (private): shadows public zone corp.example. but lacks public.corp.example.: its VPCs get NXDOMAIN there, with no fallback to the public zone [private-zone-shadows]
EXP
: >"$TMP/review-actual.txt"
for f in $(find scenarios -name '*.dnssim' | sort); do
	"$DNSSIM" check "$f" 2>&1 >/dev/null | grep ': warning: ' >>"$TMP/review-actual.txt"
done
if cmp -s "$TMP/review-expected.txt" "$TMP/review-actual.txt"; then
	ok "bundled scenarios: only the expected design warnings"
else
	bad "bundled scenarios: only the expected design warnings"
	diff -u "$TMP/review-expected.txt" "$TMP/review-actual.txt" | head -n 20
fi

# a trace file of client queries: a malformed line is reported at the trace's FILE:LINE:COL with
# what was expected, and both check and run exit 2; a good trace replays its lines
mkdir -p "$TMP/trace"
cat >"$TMP/trace/pop.dnssim" <<'SC'
duration 10m
zone example.com. servers=ns-1
  www 60 IN A 192.0.2.10
end
backend web address=192.0.2.10
resolver isp at=US-OH
clients home count=2 at=US-OH resolver=isp trace=q.trace
SC
printf '# time client name type\n1 0 www.example.com A\n0.5 1 www.example.com A\n' >"$TMP/trace/q.trace"
expect_rc "trace out of order: check exits 2" 2 "$DNSSIM" check "$TMP/trace/pop.dnssim"
if grep -q "^$TMP/trace/q.trace:3:1: error: time '0.5' is before the time of line 2; expected lines in time order$" "$TMP/err"; then
	ok "trace out of order: FILE:LINE:COL and what was expected"
else
	bad "trace out of order: FILE:LINE:COL and what was expected"
	cat "$TMP/err"
fi
printf '1 0 www.example.com A\n2 7 www.example.com A\n' >"$TMP/trace/q.trace"
expect_rc "trace client out of range: run exits 2" 2 "$DNSSIM" run "$TMP/trace/pop.dnssim" --out "$TMP/trace/out" --no-plots --quiet
if grep -q "^$TMP/trace/q.trace:2:3: error: bad client '7'; expected an integer from 0 to 1" "$TMP/err"; then
	ok "trace client out of range: FILE:LINE:COL and what was expected"
else
	bad "trace client out of range: FILE:LINE:COL and what was expected"
	cat "$TMP/err"
fi
if [ ! -e "$TMP/trace/out" ]; then ok "bad trace: no output folder"; else bad "bad trace: no output folder"; fi
printf '1 0 www.example.com A\n2 1 www.example.com A\n1m 1 www.example.com A\n' >"$TMP/trace/q.trace"
expect_rc "good trace runs" 0 "$DNSSIM" run "$TMP/trace/pop.dnssim" --out "$TMP/trace/out" --no-plots --quiet
if grep -q '"requests.total": 3[,}]' "$TMP/trace/out/summary.json"; then
	ok "good trace: one request per line"
else
	bad "good trace: one request per line"
	grep -o '"requests[^,]*' "$TMP/trace/out/summary.json" | head -n 5
fi

echo "scenario tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
