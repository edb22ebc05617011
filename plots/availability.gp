# Availability swimlanes: one lane per backend ("serving") and per name server ("up"),
# drawn from timeseries.csv written by `dnssim run`.
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').
# Each lane shows the share of its time bucket during which the entity served (1) or not (0).

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
lanes = ncols - 1
set datafile columnheaders

set title plottitle noenhanced
set xlabel 'virtual time (min)'
set ylabel ''
set yrange [-0.5 : lanes * 1.5]
set ytics () nomirror
do for [i=2:ncols] {
	set ytics add (word(header, i) (i - 2) * 1.5 + 0.5)
}
set ytics noenhanced
set grid xtics lc rgb '#dddddd'
set key off
set border 3
set xtics nomirror
set style fill solid 0.35 noborder

plot for [i=2:ncols] datafile using ($1 / 60):((i - 2) * 1.5 + column(i)):((i - 2) * 1.5) \
	with filledcurves lc i - 1 notitle, \
     for [i=2:ncols] datafile using ($1 / 60):((i - 2) * 1.5 + column(i)) \
	with steps lw 2 lc i - 1 notitle
