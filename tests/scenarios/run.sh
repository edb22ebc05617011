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

# dnssim trace follows its own query: both name servers of shop.example are down 7m..27m and
# www (TTL 300) expired before 15m. The resolver with serve-stale (unbound-stale: RFC 8767
# client response timer 1.8 s, reply TTL min(30, 300) = 30) answers the expired copy 1.8 s after
# the traced query; the plain one (unbound, serve-expired off) has no data to give before the
# servers return: SERVFAIL, or the fresh record (TTL 300) no earlier than 27m - 15m = 720 s.
# Neither shows the steps of the other 100 clients' queries to the same resolver.
outage=scenarios/outage/authoritative-outage.dnssim
"$DNSSIM" trace "$outage" www.shop.example --from plain --at 15m >"$TMP/outage-plain.txt" 2>&1
"$DNSSIM" trace "$outage" www.shop.example --from stale --at 15m >"$TMP/outage-stale.txt" 2>&1
plain_after=$(sed -n 's/^;; answer after \([0-9.]*\) s$/\1/p' "$TMP/outage-plain.txt")
if [ "$(grep -c 'client asks' "$TMP/outage-plain.txt")" -eq 1 ] &&
	[ "$(grep -c 'client asks' "$TMP/outage-stale.txt")" -eq 1 ] &&
	! grep -q "www.shop.example.	30	IN	A" "$TMP/outage-plain.txt" &&
	{ grep -q "rcode SERVFAIL" "$TMP/outage-plain.txt" ||
		{ grep -q "www.shop.example.	300	IN	A	192.0.2.110" "$TMP/outage-plain.txt" &&
			awk -v t="${plain_after:-0}" 'BEGIN { exit !(t >= 720) }'; }; } &&
	grep -q "^;; answer after 1.800 s" "$TMP/outage-stale.txt" &&
	grep -q "www.shop.example.	30	IN	A	192.0.2.110" "$TMP/outage-stale.txt"; then
	ok "trace: serve-stale only from the resolver that has it, one query's steps"
else
	bad "trace: serve-stale only from the resolver that has it, one query's steps"
	tail -n 6 "$TMP/outage-plain.txt" | sed 's/^/     /'
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

# dnssim draw: dot output that Graphviz renders without a warning, and an SVG that holds every
# set identifier of the tree (the ids are read from the scenario's own set= attributes)
if command -v dot >/dev/null 2>&1; then
	for f in $(find scenarios tests/scenarios/draw -name '*.dnssim' | sort); do
		for at in "" "--at 1m"; do
			# shellcheck disable=SC2086
			"$DNSSIM" draw "$f" $at --format dot >"$TMP/tree.dot" 2>"$TMP/err"
			if dot -Tsvg "$TMP/tree.dot" >"$TMP/tree.svg" 2>"$TMP/dot.err" &&
				[ ! -s "$TMP/dot.err" ]; then
				ok "draw $f $at: dot renders without warnings"
			else
				bad "draw $f $at: dot renders without warnings"
				head -n 5 "$TMP/dot.err" "$TMP/err"
			fi
		done
		rm -f "$TMP/draw.svg"
		"$DNSSIM" draw "$f" --format svg --out "$TMP/draw.svg" 2>"$TMP/err"
		# Graphviz writes '-' as the character reference &#45; in SVG text
		sed 's/&#45;/-/g' "$TMP/draw.svg" >"$TMP/draw.txt" 2>/dev/null
		missing=""
		for id in $(grep -o ' set=[^ ]*' "$f" | sed 's/ set=//' | sort -u); do
			grep -q "set $id\b" "$TMP/draw.txt" 2>/dev/null || missing="$missing $id"
		done
		if [ -z "$missing" ] && { [ -s "$TMP/draw.svg" ] || ! grep -q ' set=' "$f"; }; then
			ok "draw $f: the SVG holds every set identifier"
		else
			bad "draw $f: the SVG holds every set identifier (missing:$missing)"
		fi
	done
else
	bad "draw: Graphviz's dot is missing (make deps installs graphviz)"
fi
expect_rc "draw: unknown name exits 2" 2 "$DNSSIM" draw "$demo" nothing.jmpesp.xyz
expect_rc "draw: svg without --out exits 2" 2 "$DNSSIM" draw "$demo" --format svg
expect_rc "draw: unknown resolver exits 2" 2 "$DNSSIM" draw "$demo" --resolver nobody
expect_rc "propagation without --at exits 2" 2 "$DNSSIM" propagation "$demo" www.jmpesp.xyz
expect_rc "import traffic-policy: invalid JSON exits 2" 2 "$DNSSIM" import traffic-policy \
	tests/fixtures/traffic-policy/invalid.json --name www.example.com --ttl 60
if grep -q '^tests/fixtures/traffic-policy/invalid.json:4:[0-9]*: error: invalid JSON' "$TMP/err"; then
	ok "import traffic-policy: invalid JSON names FILE:LINE:COL"
else
	bad "import traffic-policy: invalid JSON names FILE:LINE:COL"
fi

# dnssim sweep (docs/sweeps.md): the record TTL of the TTL-choice scenario from 10 s to 1 h,
# 5 replicas. The same command on 1 and on 2 workers writes byte-identical files; recovery p95
# rises with the TTL and the monthly cost falls with it (the scenario's header derives both:
# recovery ~ detection + TTL, queries ~ 1/TTL per resolver)
ttl=scenarios/route53/ttl-choice.dnssim
vary="record.www.ttl.example/A.ttl=10s,30s,60s,300s,3600s"
expect_rc "sweep on 2 workers" 0 "$DNSSIM" sweep "$ttl" --vary "$vary" --replicas 5 --jobs 2 --out "$TMP/sw2"
expect_rc "sweep on 1 worker" 0 "$DNSSIM" sweep "$ttl" --vary "$vary" --replicas 5 --jobs 1 --out "$TMP/sw1" --no-plots --quiet
for f in sweep.csv sweep-points.csv; do
	if [ -s "$TMP/sw1/$f" ] && cmp -s "$TMP/sw1/$f" "$TMP/sw2/$f"; then
		ok "sweep: --jobs 1 and --jobs 2 give identical $f"
	else
		bad "sweep: --jobs 1 and --jobs 2 give identical $f"
	fi
done
if [ "$(grep -vc '^#' "$TMP/sw2/sweep.csv")" -eq 26 ] && [ "$(grep -vc '^#' "$TMP/sw2/sweep-points.csv")" -eq 6 ]; then
	ok "sweep.csv has a row per run (25), sweep-points.csv a row per point (5)"
else
	bad "sweep.csv has a row per run (25), sweep-points.csv a row per point (5)"
fi
awk -F, '
	/^#/ { next }
	$1 == "point" { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ n++; r[n] = $col["recovery.p95.mean"]; c[n] = $col["cost.month_usd.mean"] }
	END { if (n != 5) exit 1
	      for (i = 1; i < n; i++) if (!(r[i] + 0 < r[i + 1] + 0) || !(c[i] + 0 > c[i + 1] + 0)) exit 1 }' \
	"$TMP/sw2/sweep-points.csv" &&
	ok "sweep: recovery p95 rises with the TTL and the cost falls" ||
	bad "sweep: recovery p95 rises with the TTL and the cost falls"
for fig in sweep-recovery sweep-cost sweep-tradeoff; do
	png_size=$(wc -c <"$TMP/sw2/$fig.png" 2>/dev/null || echo 0)
	if [ "$png_size" -gt 10000 ] && head -c 8 "$TMP/sw2/$fig.png" | grep -q PNG &&
		grep -q '<svg' "$TMP/sw2/$fig.svg" && grep -q '3600s' "$TMP/sw2/$fig.svg"; then
		ok "sweep figure $fig: PNG and SVG with the labels"
	else
		bad "sweep figure $fig: PNG and SVG with the labels"
	fi
done
grep -q '>p95<' "$TMP/sw2/sweep-recovery.svg" && ok "sweep-recovery.svg names p50/p95/p99" ||
	bad "sweep-recovery.svg names p50/p95/p99"
expect_rc "sweep: existing --out refused" 2 "$DNSSIM" sweep "$ttl" --vary "$vary" --out "$TMP/sw1" --quiet
expect_rc "sweep: unknown key" 2 "$DNSSIM" sweep "$ttl" --vary backend.web.adress=192.0.2.1,192.0.2.2 --out "$TMP/sw3"
if grep -q "^--vary:1:13: error: unknown key 'adress'.*did you mean 'address'" "$TMP/err" && [ ! -e "$TMP/sw3" ]; then
	ok "sweep: a bad key is named at its --vary, as --set names it, and nothing is written"
else
	bad "sweep: a bad key is named at its --vary, as --set names it, and nothing is written"
	cat "$TMP/err"
fi
expect_rc "sweep: no --vary" 2 "$DNSSIM" sweep "$ttl" --out "$TMP/sw4"
expect_rc "sweep --help" 0 "$DNSSIM" sweep --help

# dnssim run --report: report.html is one self-contained page. A real browser (headless
# Chromium, Debian's chromium package, which `make deps` installs: a missing browser fails
# here) renders it offline; the page's script marks how many of its figures decoded, and
# --dump-dom shows the mark. Every figure the run drew must be embedded and load.
expect_rc "run --report" 0 "$DNSSIM" run "$demo" --out "$TMP/rep" --report --quiet
nfig=$(ls "$TMP/rep" | grep -c '\.png$')
if [ -s "$TMP/rep/report.html" ] && [ "$nfig" -ge 1 ] &&
	[ "$(grep -c '<img alt="[^"]*" src="data:image/png;base64,' "$TMP/rep/report.html")" -eq "$nfig" ] &&
	! grep -q 'src="http\|href="http\|src="file\|url(' "$TMP/rep/report.html"; then
	ok "report.html embeds every figure ($nfig) as data: URIs, no external reference"
else
	bad "report.html embeds every figure ($nfig) as data: URIs, no external reference"
fi
# the decision tree at three moments of the demo's failure (web-east down 10m..30m; its check:
# 30 s x 3 + 5 s propagation = 95 s): 1 s before (9m59s), the midpoint (20m), and back plus
# 95 s (31m35s), each an SVG data: URI
ntree=$(grep -c '<figure class="tree"><img alt="decision tree at [^"]*" src="data:image/svg+xml;base64,' "$TMP/rep/report.html")
if [ "$ntree" -eq 3 ] &&
	grep -q '<b>Decision tree at 9m59s</b>: Before the first failure' "$TMP/rep/report.html" &&
	grep -q '<b>Decision tree at 20m</b>: During the failure' "$TMP/rep/report.html" &&
	grep -q '<b>Decision tree at 31m35s</b>: After recovery' "$TMP/rep/report.html"; then
	ok "report.html embeds the decision tree before, during and after the failure"
else
	bad "report.html embeds the decision tree before, during and after the failure ($ntree trees)"
fi
nimg=$((nfig + ntree))
# headless Chromium, kept off the network: no proxy, every host name unresolvable, no
# background, component or sync traffic, a throwaway profile
chromium_dom() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$TMP/chromium" --proxy-server=127.0.0.1:9 \
		--host-resolver-rules='MAP * ~NOTFOUND' --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--disable-default-apps --no-default-browser-check --virtual-time-budget=10000 \
		--dump-dom "file://$1" 2>"$TMP/chromium.err"
}
if ! command -v chromium >/dev/null 2>&1; then
	bad "report.html in headless Chromium: chromium is not installed (make deps installs it)"
else
	chromium_dom "$TMP/rep/report.html" >"$TMP/rep-dom.html"
	if grep -q "id=\"figure-check\" data-loaded=\"$nimg/$nimg\">figures: $nimg of $nimg loaded" "$TMP/rep-dom.html" &&
		grep -q '<h2>Recovery</h2>' "$TMP/rep-dom.html" &&
		grep -q 'Prices as of <b>2026-09-20</b>' "$TMP/rep-dom.html" &&
		grep -q 'ttl-below-detection' "$TMP/rep-dom.html" &&
		grep -q '8 of 8 passed' "$TMP/rep-dom.html"; then
		ok "report.html in headless Chromium: $nimg of $nimg figures and trees load; recovery, cost, review, expectations"
	else
		bad "report.html in headless Chromium: $nimg of $nimg figures and trees load; recovery, cost, review, expectations"
		grep 'figure-check' "$TMP/rep-dom.html" | head -n 3
		tail -n 3 "$TMP/chromium.err"
	fi
	# scenario text is escaped: a title and a header comment with markup stay text
	cat >"$TMP/xss.dnssim" <<'SC'
# <img src=x onerror="document.title='pwned'"> & <b>bold</b>
scenario "<script>document.title='pwned'</script> & co"
duration 1m
backend web address=192.0.2.1
SC
	expect_rc "run --report --no-plots on a hostile title" 0 "$DNSSIM" run "$TMP/xss.dnssim" --out "$TMP/xss" --report --no-plots --quiet
	chromium_dom "$TMP/xss/report.html" >"$TMP/xss-dom.html"
	if grep -q '<h1>&lt;script&gt;document.title=.pwned.&lt;/script&gt; &amp; co</h1>' "$TMP/xss-dom.html" &&
		grep -q '&lt;img src=x onerror=' "$TMP/xss-dom.html" &&
		! grep -q '<title>pwned' "$TMP/xss-dom.html" &&
		grep -q 'data-loaded="0/0"' "$TMP/xss-dom.html"; then
		ok "report.html escapes the scenario's text (title, header comment)"
	else
		bad "report.html escapes the scenario's text (title, header comment)"
	fi
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
# zone lacks a name of the public one on purpose (route53.md 6.5: no fallback). The lessons
# (scenarios/<topic>/) trigger, on purpose and said in each header: ttl-below-detection on
# their TTL-60 records behind 30 s checks (active-passive, chained-design, static-page-check,
# multivalue, multivalue-all-down, weighted-health, weighted-all-down),
# negative-ttl-hides-record on Route 53's default SOA (negative-caching), health-check-shallow
# on a check of / (static-page-check), ns-ttl-mismatch (move-name-servers),
# private-zone-shadows (split-horizon-vpc) and geo-no-default (geolocation, geolocation-ecs)
cat >"$TMP/review-expected.txt" <<'EXP'
scenarios/caching/negative-caching.dnssim:37:3: warning: zone r53.example.: negative TTL 15m (min of SOA TTL 900 and MINIMUM 86400) hides new.r53.example., created at 5m, for up to 15m from resolvers that asked before; AWS advises at most 60s while records change [negative-ttl-hides-record]
scenarios/demo/www-failover.dnssim:11:3: warning: www.jmpesp.xyz. A set=primary: TTL 60 is shorter than the 1m35s health check web-east needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/failover/active-passive.dnssim:56:3: warning: www.shop.example. A set=app: TTL 60 is shorter than the 1m35s health check app-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/failover/chained-design.dnssim:58:3: warning: na.shop.example. A set=east: TTL 60 is shorter than the 1m35s health check na-east-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/failover/chained-design.dnssim:59:3: warning: na.shop.example. A set=west: TTL 60 is shorter than the 1m35s health check na-west-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/failover/chained-design.dnssim:60:3: warning: eu.shop.example. A set=west: TTL 60 is shorter than the 1m35s health check eu-west-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/failover/chained-design.dnssim:61:3: warning: eu.shop.example. A set=central: TTL 60 is shorter than the 1m35s health check eu-central-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/health/static-page-check.dnssim:43:3: warning: www.shop.example. A set=app: TTL 60 is shorter than the 1m35s health check app-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/health/static-page-check.dnssim:47:1: warning: health app-http: an http check of / passes on any status 200-399, which the web server returns for its front page or a redirect even when the application fails: check a health path, or use http-str-match [health-check-shallow]
scenarios/migration/move-name-servers.dnssim:50:3: warning: shop.example. NS: NS TTL 20m in the parent (ns-ttl=) but 40m at the zone's apex (written): resolvers that trust the parent and those that trust the child see a server change at different times [ns-ttl-mismatch]
scenarios/private/split-horizon-vpc.dnssim:47:1: warning: zone corp.example. (private): shadows public zone corp.example. but lacks status.corp.example.: its VPCs get NXDOMAIN there, with no fallback to the public zone [private-zone-shadows]
scenarios/route53/split-horizon.dnssim:17:1: warning: zone corp.example. (private): shadows public zone corp.example. but lacks public.corp.example.: its VPCs get NXDOMAIN there, with no fallback to the public zone [private-zone-shadows]
scenarios/routing/geolocation-ecs.dnssim:64:3: warning: us-only.shop.example. A: geolocation has no default record (country=*): queries from locations no record covers, or that Route 53 cannot place, get no answer [geo-no-default]
scenarios/routing/geolocation.dnssim:58:3: warning: us-only.shop.example. A: geolocation has no default record (country=*): queries from locations no record covers, or that Route 53 cannot place, get no answer [geo-no-default]
scenarios/routing/multivalue-all-down.dnssim:29:3: warning: www.shop.example. A set=a: TTL 60 is shorter than the 1m35s health check a-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/multivalue-all-down.dnssim:30:3: warning: www.shop.example. A set=b: TTL 60 is shorter than the 1m35s health check b-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/multivalue-all-down.dnssim:31:3: warning: www.shop.example. A set=c: TTL 60 is shorter than the 1m35s health check c-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/multivalue.dnssim:47:3: warning: www.shop.example. A set=a: TTL 60 is shorter than the 1m35s health check a-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/multivalue.dnssim:48:3: warning: www.shop.example. A set=b: TTL 60 is shorter than the 1m35s health check b-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/multivalue.dnssim:49:3: warning: www.shop.example. A set=c: TTL 60 is shorter than the 1m35s health check c-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-all-down.dnssim:35:3: warning: www.shop.example. A set=a: TTL 60 is shorter than the 1m35s health check a-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-all-down.dnssim:36:3: warning: www.shop.example. A set=b: TTL 60 is shorter than the 1m35s health check b-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-all-down.dnssim:37:3: warning: www.shop.example. A set=c: TTL 60 is shorter than the 1m35s health check c-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-all-down.dnssim:38:3: warning: www.shop.example. A set=d: TTL 60 is shorter than the 1m35s health check d-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-health.dnssim:42:3: warning: www.shop.example. A set=a: TTL 60 is shorter than the 1m35s health check a-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-health.dnssim:43:3: warning: www.shop.example. A set=b: TTL 60 is shorter than the 1m35s health check b-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-health.dnssim:44:3: warning: www.shop.example. A set=c: TTL 60 is shorter than the 1m35s health check c-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
scenarios/routing/weighted-health.dnssim:45:3: warning: www.shop.example. A set=d: TTL 60 is shorter than the 1m35s health check d-http needs to see a failure (30s x 3 + 5s propagation): answers re-asked sooner are the same, so the check, not the TTL, bounds failover [ttl-below-detection]
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

# the scenario library: every bundled scenario runs and its expectations hold (exit 0); each
# lesson's header derives the bounds its expect lines assert
for f in $(find scenarios -name '*.dnssim' | sort); do
	out="$TMP/lesson-$(echo "$f" | tr '/' '_')"
	expect_rc "run $f: expectations hold" 0 "$DNSSIM" run "$f" --out "$out" --no-plots --quiet
done

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

# the demo (the largest bundled header: long column lists once broke the figures' shell
# commands) draws every figure its data supports, with no warning
"$DNSSIM" run scenarios/demo/www-failover.dnssim --out "$TMP/demo-figs" --quiet 2>"$TMP/demo-figs.err"
if ! grep -q 'warning: figures' "$TMP/demo-figs.err" &&
	(for fig in availability share success recovery queries cache; do is_png "$TMP/demo-figs/$fig.png" || exit 1; done); then
	ok "demo: all six figures, no figure warning"
else
	bad "demo: all six figures, no figure warning"
	cat "$TMP/demo-figs.err"
fi

echo "scenario tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
