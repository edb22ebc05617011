# Queries that reached each authoritative name server of the scenario, per second (or per
# minute when every server gets less than one a second), from the server.NAME.queries columns
# of timeseries.csv (`dnssim run`: counts per bucket, divided by the bucket width); the
# failures of the timeline (events.csv) shaded and labelled. Variables: see common.gp.

load plotsdir . '/common.gp'

header = csv_header(tsfile)
cols = cols_of('server.', '.queries')
n = words(cols)
width = bucket_width(tsfile)
# the busiest bucket of any server decides the unit
peak = 0
do for [k=1:n] {
	stats tsfile using (column(word(cols, k) + 0) / width) nooutput
	peak = STATS_max > peak ? STATS_max : peak
}
per = peak >= 1 ? 1 : 60
set xrange [*:*]

load shade_events
set xlabel 'virtual time (min)'
set ylabel per == 1 ? 'queries per second' : 'queries per minute'
set yrange [0:*]
set offsets 0, 0, graph 0.2, 0
set key outside right top noenhanced title 'name server'

plot for [k=1:n] tsfile using ($1 / 60):(per * column(word(cols, k) + 0) / width) \
	with steps lw 2 title entity(word(header, word(cols, k) + 0), 'server.', '.queries')
