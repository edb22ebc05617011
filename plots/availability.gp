# Availability swimlanes: one lane per backend ("serving"), name server ("up") and health
# check ("healthy"), drawn from timeseries.csv written by `dnssim run`.
#
# Each lane shows the share of its time bucket during which the entity served (1) or not (0).
# Variables: see common.gp.

load plotsdir . '/common.gp'

header = csv_header(tsfile)
ncols = words(header)

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

set xlabel 'virtual time (min)'
set ylabel ''
set yrange [-0.5 : lanes * 1.5]
set ytics () nomirror
do for [k=1:lanes] {
	set ytics add (word(header, word(cols, k) + 0) (k - 1) * 1.5 + 0.5)
}
set ytics noenhanced
unset grid
set grid xtics lc rgb '#dddddd'
set key off
set style fill solid 0.35 noborder

plot for [k=1:lanes] tsfile using ($1 / 60):((k - 1) * 1.5 + column(word(cols, k) + 0)):((k - 1) * 1.5) \
	with filledcurves lc k notitle, \
     for [k=1:lanes] tsfile using ($1 / 60):((k - 1) * 1.5 + column(word(cols, k) + 0)) \
	with steps lw 2 lc k notitle
