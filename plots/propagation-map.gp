# Resolvers on a world map (longitude, latitude), coloured by the answer they would give.
# Input: propagation-map.dat of `dnssim propagation --out DIR`: one block per answer (blocks
# separated by two blank lines), each starting with a header line whose first field is the
# answer, then "lat,lon,resolver" rows. No coastline data is drawn (no Debian package ships
# one in a form gnuplot reads directly): each resolver is a labelled point on a graticule.
# Called by plots/plot.c with datafile, outfile, plottitle and termtype set.
if (termtype eq 'png') { set terminal pngcairo size 1100,620 } else { set terminal svg size 1100,620 dynamic }
set output outfile
set datafile separator ','
set title plottitle
set xrange [-180:180]
set yrange [-90:90]
set xtics -180,30,180
set ytics -90,30,90
set grid xtics ytics lc rgb '#d0d0d0'
set xlabel 'longitude (degrees east)'
set ylabel 'latitude (degrees north)'
set size ratio 0.5
set key outside bottom center horizontal
stats datafile using 1 nooutput
plot for [k=0:STATS_blocks-1] datafile index k using 2:1 with points pt 7 ps 1.6 \
	title columnheader(1), \
	datafile using 2:1:3 with labels offset 0,1 font ',8' notitle
