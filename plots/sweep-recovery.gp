# Recovery time against the swept parameter: p50, p95 and p99 of the clients' recovery time
# (the mean across replicas, with bars from the smallest to the largest replica), drawn from
# sweep-points.csv written by `dnssim sweep` (docs/sweeps.md).
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').
# The x axis is the first --vary key: its value in seconds for durations (log scale when the
# values span a factor 100 or more, as TTLs from 10 s to 1 d do), its number, or its position
# with the value as the tic label. With several --vary keys, one set of curves per combination
# of the others (the series column).

if (termtype eq 'svg') {
	set terminal svg size 1000,560 dynamic enhanced font 'sans,11' background rgb 'white'
} else {
	set terminal pngcairo size 1000,560 enhanced font 'sans,10' background rgb 'white'
}
set output outfile
set datafile separator ','
set datafile commentschars '#'
set datafile columnheaders

# the x axis's key, unit and scale, and the number of series
stats datafile using (xkey = strcol('x_key'), xunit = strcol('x_unit'), \
	xscale = strcol('x_scale'), column('series')) nooutput
nseries = int(STATS_max)
array slabel[nseries]
do for [k=1:nseries] {
	stats datafile using (column('series') == k ? (slabel[k] = strcol('series_label'), 1) : 0) nooutput
}
stats datafile using 'recovery.p50.min' nooutput
ylo = STATS_min
stats datafile using 'recovery.p99.max' nooutput
yhi = STATS_max

set title plottitle noenhanced
set xlabel (xunit eq 's' ? xkey . ' (s)' : xunit eq 'per-second' ? xkey . ' (per second)' : xkey) noenhanced
set ylabel 'client recovery time after the failure (s)'
stats datafile using 'x' nooutput
xlo = STATS_min
xhi = STATS_max
if (xscale eq 'log') {
	set logscale x
	set xrange [xlo / 1.5 : xhi * 1.5]
} else {
	set xrange [xlo - 0.05 * (xhi - xlo + 1) : xhi + 0.05 * (xhi - xlo + 1)]
}
if (ylo > 0 && yhi >= 20 * ylo) {
	set logscale y
	set yrange [ylo / 1.5 : yhi * 1.5]
} else {
	set yrange [0 : yhi * 1.1 + 1]
}
set grid lc rgb '#dddddd'
set key top left Left reverse noenhanced box opaque title 'mean of the replicas; bars from min to max'
if (nseries > 1) { set key below }  # several series: keep the key off the curves
set border 3
set xtics nomirror
set ytics nomirror

q(k) = word('p50 p95 p99', k)
qcolor(k) = word('#1b9e77 #d95f02 #7570b3', k)
scolor(s) = word('#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666', (s - 1) % 8 + 1)
inseries(s) = column('series') == s
ctitle(s, k) = nseries == 1 ? q(k) : q(k) . ' ' . slabel[s]

# a parameter that is not a number is placed by position, its values as tic labels
if (xunit eq 'index') {
	set xtics () nomirror
	stats datafile using 'x' nooutput
	nx = int(STATS_max)
	do for [i=1:nx] {
		stats datafile using (column('x') == i ? (xl = strcol('label'), 1) : 0) nooutput
		set xtics add (xl i)
	}
	set xrange [0.5 : nx + 0.5]
}

plot for [s=1:nseries] for [k=1:3] datafile \
	using (inseries(s) ? column('x') : NaN):(column('recovery.' . q(k) . '.mean')): \
	      (column('recovery.' . q(k) . '.min')):(column('recovery.' . q(k) . '.max')) \
	with yerrorlines lw 2 pt 7 ps 0.8 dt k \
	lc rgb (nseries == 1 ? qcolor(k) : scolor(s)) title ctitle(s, k), \
     for [s=1:nseries] datafile \
	using (inseries(s) ? column('x') : NaN):(column('recovery.p95.mean')):(strcol('label')) \
	with labels offset char 0,1.2 font ',9' noenhanced notitle
