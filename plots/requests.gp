# Client requests per second over time, by outcome, from timeseries.csv (`dnssim run`).
#
# Variables (set with gnuplot -e): datafile, outfile, plottitle, termtype ('png' or 'svg').
# The request columns hold counts per bucket; they are divided by the bucket width (the time
# step between rows) to give requests per second.

if (termtype eq 'svg') {
	set terminal svg size 1000,420 dynamic enhanced font 'sans,11' background rgb 'white'
} else {
	set terminal pngcairo size 1000,420 enhanced font 'sans,10' background rgb 'white'
}
set output outfile
set datafile separator ','
set datafile commentschars '#'

header = system(sprintf("grep -v '^#' '%s' | head -n 1 | tr ',' ' '", datafile))
ncols = words(header)
set datafile columnheaders
# bucket width: the difference of the first two times
t0 = real(system(sprintf("grep -v '^#' '%s' | sed -n 2p | cut -d, -f1", datafile)))
t1 = real(system(sprintf("grep -v '^#' '%s' | sed -n 3p | cut -d, -f1", datafile)))
width = t1 > t0 ? t1 - t0 : 1

cols = ''
do for [i=2:ncols] {
	h = word(header, i)
	if (strstrt(h, 'requests.') == 1) {
		cols = cols . ' ' . i
	}
}

set title plottitle noenhanced
set xlabel 'virtual time (min)'
set ylabel 'requests per second'
set grid lc rgb '#dddddd'
set key outside right top noenhanced
set border 3
set xtics nomirror
set ytics nomirror
set yrange [0:*]

plot for [k=1:words(cols)] datafile using ($1 / 60):(column(word(cols, k) + 0) / width) \
	with steps lw 2 title word(header, word(cols, k) + 0)
