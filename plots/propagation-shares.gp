# Share of the resolvers giving each answer over the run (sampled every report bucket).
# Input: propagation-shares.csv of `dnssim propagation --out DIR`: time_s, then one column per
# answer (its share, 0 to 1). Called by plots/plot.c with datafile, outfile, plottitle and
# termtype set.
if (termtype eq 'png') { set terminal pngcairo size 1000,500 } else { set terminal svg size 1000,500 dynamic }
set output outfile
set datafile separator ','
set title plottitle
set xlabel 'time (s)'
set ylabel 'share of resolvers'
set yrange [0:1.05]
set grid
set key outside bottom center horizontal
stats datafile skip 1 nooutput
ncols = STATS_columns
plot for [i=2:ncols] datafile using 1:i with steps lw 2 title columnhead(i)
