# Route 53 cost per 30-day month against the swept parameter: the whole bill (queries, health
# checks, hosted zones) and its query part, the mean across replicas with bars from the
# smallest to the largest replica; drawn from sweep-points.csv written by `dnssim sweep`
# (docs/sweeps.md; prices as of the table's date in route53.md section 8).
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').
# The x axis is the first --vary key, as in sweep-recovery.gp.

if (termtype eq 'svg') {
	set terminal svg size 1000,560 dynamic enhanced font 'sans,11' background rgb 'white'
} else {
	set terminal pngcairo size 1000,560 enhanced font 'sans,10' background rgb 'white'
}
set output outfile
set datafile separator ','
set datafile commentschars '#'
set datafile columnheaders

stats datafile using (xkey = strcol('x_key'), xunit = strcol('x_unit'), \
	xscale = strcol('x_scale'), column('series')) nooutput
nseries = int(STATS_max)
array slabel[nseries]
do for [k=1:nseries] {
	stats datafile using (column('series') == k ? (slabel[k] = strcol('series_label'), 1) : 0) nooutput
}
stats datafile using 'cost.month.queries_usd.min' nooutput
ylo = STATS_min
stats datafile using 'cost.month_usd.max' nooutput
yhi = STATS_max
stats datafile using 'x' nooutput
xlo = STATS_min
xhi = STATS_max

set title plottitle noenhanced
set xlabel (xunit eq 's' ? xkey . ' (s)' : xunit eq 'per-second' ? xkey . ' (per second)' : xkey) noenhanced
set ylabel 'Route 53 cost per 30-day month (USD)'
if (xscale eq 'log') {
	set logscale x
	set xrange [xlo / 1.5 : xhi * 1.5]
} else {
	set xrange [xlo - 0.05 * (xhi - xlo + 1) : xhi + 0.05 * (xhi - xlo + 1)]
}
if (ylo > 0 && yhi >= 100 * ylo) {
	set logscale y
	set yrange [ylo / 1.5 : yhi * 1.5]
} else {
	set yrange [0 : yhi * 1.1 + 0.01]
}
set grid lc rgb '#dddddd'
set key bottom left Left reverse noenhanced box opaque title 'mean of the replicas; bars from min to max'
if (nseries > 1) { set key below }  # several series: keep the key off the curves
set border 3
set xtics nomirror
set ytics nomirror
set format y '$%g'

if (xunit eq 'index') {
	set xtics () nomirror
	nx = int(xhi)
	do for [i=1:nx] {
		stats datafile using (column('x') == i ? (xl = strcol('label'), 1) : 0) nooutput
		set xtics add (xl i)
	}
	set xrange [0.5 : nx + 0.5]
}

part(k) = word('cost.month_usd cost.month.queries_usd', k)
pname(k) = word('whole_bill queries_only', k)
scolor(s) = word('#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666', (s - 1) % 8 + 1)
inseries(s) = column('series') == s
ctitle(s, k) = (k == 1 ? 'whole bill' : 'queries only') . (nseries == 1 ? '' : ' ' . slabel[s])

plot for [s=1:nseries] for [k=1:2] datafile \
	using (inseries(s) ? column('x') : NaN):(column(part(k) . '.mean')): \
	      (column(part(k) . '.min')):(column(part(k) . '.max')) \
	with yerrorlines lw 2 pt 7 ps 0.8 dt k lc rgb scolor(nseries == 1 ? k : s) \
	title ctitle(s, k), \
     for [s=1:nseries] datafile \
	using (inseries(s) ? column('x') : NaN):(column('cost.month_usd.mean')):(strcol('label')) \
	with labels offset char 0,1.2 font ',9' noenhanced notitle
