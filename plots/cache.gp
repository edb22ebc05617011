# Share of the client queries each resolver answered from its cache alone, per time bucket,
# from the resolver.NAME.hits and resolver.NAME.queries columns of timeseries.csv
# (`dnssim run`); the failures of the timeline (events.csv) shaded and labelled. A bucket
# without queries has no point. Variables: see common.gp.

load plotsdir . '/common.gp'

header = csv_header(tsfile)
qcols = cols_of('resolver.', '.queries')
n = words(qcols)
array hcol[n]
do for [k=1:n] {
	name = entity(word(header, word(qcols, k) + 0), 'resolver.', '.queries')
	hcol[k] = col_named('resolver.' . name . '.hits') + 0
}
queries(k) = column(word(qcols, k) + 0)
ratio(k) = queries(k) > 0 ? 100.0 * column(hcol[k]) / queries(k) : NaN

load shade_events
set xlabel 'virtual time (min)'
set ylabel 'client queries answered from the cache (%)'
set yrange [0:125]
set ytics 0, 25, 100
set format y (termtype eq 'table' ? '%g' : '%g%%')
set key outside right top noenhanced title 'resolver'

plot for [k=1:n] tsfile using ($1 / 60):(ratio(k)) with steps lw 2 \
	title entity(word(header, word(qcols, k) + 0), 'resolver.', '.queries')
