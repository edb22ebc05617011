# Distribution (CDF) of the client recovery time after each backend failure, one curve per
# failure and client population, from recovery.csv (`dnssim run`): for each failure and
# population, the quantiles 0, 0.001, ..., 1 of the time each client took from the failure to
# its first successful request to another target. p50, p95 and p99 are marked and labelled.
# Variables: see common.gp.

load plotsdir . '/common.gp'
recfile = datadir . '/recovery.csv'

# one word per curve: FAILURE|POPULATION|BACKEND|FAILED_AT_S, in file order
curves = system(sprintf("grep -v '^#' '%s' | awk -F, 'NR > 1 && !seen[$1 \",\" $4]++ "\
	. "{ printf \"%%s|%%s|%%s|%%s \", $1, $4, $2, $3 }'", recfile))
n = words(curves)
part(k, i) = system(sprintf("echo '%s' | cut -d'|' -f%d", word(curves, k), i))
array cfail[n]
array cpop[n]
do for [k=1:n] {
	cfail[k] = part(k, 1)
	cpop[k] = part(k, 2)
}
nfail = int(system(sprintf("grep -v '^#' '%s' | awk -F, 'NR > 1 { f[$1] } END { print length(f) }'", recfile)))
curvename(k) = nfail > 1 ? sprintf("%s (failure %s: %s at %gm)", part(k, 2), part(k, 1), part(k, 3), part(k, 4) / 60.0) : part(k, 2)
failures = system(sprintf("grep -v '^#' '%s' | awk -F, 'NR > 1 && !seen[$1]++ { printf \"%%s%%s at %%gm\", (n++ ? \", \" : \"\"), $2, $3 / 60 }'", recfile))
is(k) = strcol(1) eq cfail[k] && strcol(4) eq cpop[k]
marked(q) = abs(q - 0.5) < 1e-9 || abs(q - 0.95) < 1e-9 || abs(q - 0.99) < 1e-9
pname(q) = abs(q - 0.5) < 1e-9 ? 'p50' : (abs(q - 0.95) < 1e-9 ? 'p95' : 'p99')

set xlabel sprintf('time from the failure (%s) to the first successful request elsewhere (s)', failures) noenhanced
set ylabel 'clients recovered (%)'
set yrange [0:100]
set xrange [0:*]
set ytics 0, 10, 100
set format y (termtype eq 'table' ? '%g' : '%g%%')
set key inside right bottom noenhanced title 'client population' box opaque
set arrow 101 from graph 0, first 50 to graph 1, first 50 nohead dt 3 lc rgb '#999999' back
set arrow 102 from graph 0, first 95 to graph 1, first 95 nohead dt 3 lc rgb '#999999' back
set arrow 103 from graph 0, first 99 to graph 1, first 99 nohead dt 3 lc rgb '#999999' back

if (termtype eq 'table') {
	# the table holds the marked points only: the curves are recovery.csv itself
	plot for [k=1:n] recfile using (is(k) && marked($5) ? $6 : NaN):(100 * $5):\
		(pname($5)) with labels title curvename(k)
	exit
}
plot for [k=1:n] recfile using (is(k) ? $6 : NaN):(100 * $5) with lines lw 2 lc k \
	title curvename(k), \
     for [k=1:n] recfile using (is(k) && marked($5) ? $6 : NaN):(100 * $5) with points pt 7 \
	ps 0.8 lc k notitle, \
     for [k=1:n] recfile using (is(k) && marked($5) ? $6 : NaN):(100 * $5):\
	(sprintf('%s %.0fs', pname($5), $6)) with labels left offset 0.8, -0.6 - 1.1 * ((k - 1) % 3) font ',9' \
	tc lt k notitle noenhanced
