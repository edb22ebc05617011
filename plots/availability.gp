# Availability swimlanes: one lane per backend ("serving"), name server ("up") and health
# check ("healthy"), drawn from timeseries.csv written by `dnssim run`.
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').
# Each lane shows the share of its time bucket during which the entity served (1) or not (0).
# Count columns (requests...) are left to requests.gp.

if (termtype eq 'svg') {
	set terminal svg size 1000,480 dynamic enhanced font 'sans,11' background rgb 'white'
} else {
	set terminal pngcairo size 1000,480 enhanced font 'sans,10' background rgb 'white'
}
set output outfile
set datafile separator ','
set datafile commentschars '#'

# column names, from the first line that is not a comment
header = system(sprintf("grep -v '^#' '%s' | head -n 1 | tr ',' ' '", datafile))
ncols = words(header)
set datafile columnheaders

# the state columns: names ending in .serving, .up or .healthy
cols = ''
do for [i=2:ncols] {
	h = word(header, i)
	n = strlen(h)
	if ((n > 8 && h[n-7:n] eq '.serving') || (n > 3 && h[n-2:n] eq '.up') || \
	    (n > 8 && h[n-7:n] eq '.healthy')) {
		cols = cols . ' ' . i
	}
}
lanes = words(cols)

set title plottitle noenhanced
set xlabel 'virtual time (min)'
set ylabel ''
set yrange [-0.5 : lanes * 1.5]
set ytics () nomirror
do for [k=1:lanes] {
	set ytics add (word(header, word(cols, k) + 0) (k - 1) * 1.5 + 0.5)
}
set ytics noenhanced
set grid xtics lc rgb '#dddddd'
set key off
set border 3
set xtics nomirror
set style fill solid 0.35 noborder

plot for [k=1:lanes] datafile using ($1 / 60):((k - 1) * 1.5 + column(word(cols, k) + 0)):((k - 1) * 1.5) \
	with filledcurves lc k notitle, \
     for [k=1:lanes] datafile using ($1 / 60):((k - 1) * 1.5 + column(word(cols, k) + 0)) \
	with steps lw 2 lc k notitle
