# The trade-off of a sweep: recovery time (p95 of the clients, after the failure) against the
# Route 53 cost per 30-day month, one point per value of the swept parameter, labelled with
# that value: the picture that answers "which TTL should I pick". Lower left is better; a
# line joins the points in the order of the --vary list. Means across replicas, bars from the
# smallest to the largest replica in both directions. Drawn from sweep-points.csv written by
# `dnssim sweep` (docs/sweeps.md).
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').

if (termtype eq 'svg') {
	set terminal svg size 1000,560 dynamic enhanced font 'sans,11' background rgb 'white'
} else {
	set terminal pngcairo size 1000,560 enhanced font 'sans,10' background rgb 'white'
}
set output outfile
set datafile separator ','
set datafile commentschars '#'
set datafile columnheaders

stats datafile using (xkey = strcol('x_key'), column('series')) nooutput
nseries = int(STATS_max)
array slabel[nseries]
do for [k=1:nseries] {
	stats datafile using (column('series') == k ? (slabel[k] = strcol('series_label'), 1) : 0) nooutput
}
stats datafile using 'recovery.p95.min' nooutput
ylo = STATS_min
stats datafile using 'recovery.p95.max' nooutput
yhi = STATS_max
stats datafile using 'cost.month_usd.min' nooutput
xlo = STATS_min
stats datafile using 'cost.month_usd.max' nooutput
xhi = STATS_max

set title plottitle noenhanced
set xlabel 'Route 53 cost per 30-day month (USD)'
set ylabel 'recovery time p95 after the failure (s)'
if (xlo > 0 && xhi >= 100 * xlo) {
	set logscale x
	set xrange [xlo / 1.5 : xhi * 1.5]
} else {
	set xrange [0 : xhi * 1.15 + 0.01]
}
if (ylo > 0 && yhi >= 20 * ylo) {
	set logscale y
	set yrange [ylo / 1.5 : yhi * 1.5]
} else {
	set yrange [0 : yhi * 1.15 + 1]
}
set format x '$%g'
set grid lc rgb '#dddddd'
set key bottom left Left reverse noenhanced box opaque title sprintf('points labelled with %s', xkey)
if (nseries > 1) { set key below }  # several series: keep the key off the curves
set border 3
set xtics nomirror
set ytics nomirror

scolor(s) = word('#d95f02 #1b9e77 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666', (s - 1) % 8 + 1)
inseries(s) = column('series') == s
ctitle(s) = nseries == 1 ? 'mean of the replicas; bars from min to max' : slabel[s]

plot for [s=1:nseries] datafile \
	using (inseries(s) ? column('cost.month_usd.mean') : NaN):(column('recovery.p95.mean')): \
	      (column('cost.month_usd.min')):(column('cost.month_usd.max')): \
	      (column('recovery.p95.min')):(column('recovery.p95.max')) \
	with xyerrorlines lw 2 pt 7 ps 1 lc rgb scolor(s) title ctitle(s), \
     for [s=1:nseries] datafile \
	using (inseries(s) ? column('cost.month_usd.mean') : NaN):(column('recovery.p95.mean')):(strcol('label')) \
	with labels offset char 1,0.8 left font ',10' noenhanced notitle
