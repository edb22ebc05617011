# Share of the successful client requests that reached each backend, per time bucket, from the
# backend.NAME.requests columns of timeseries.csv (`dnssim run`); the failures of the
# timeline (events.csv) shaded and labelled. A bucket without successful requests has no point.
# Variables: see common.gp.

load plotsdir . '/common.gp'

header = csv_header(tsfile)
cols = cols_of('backend.', '.requests')
n = words(cols)
# column k of the backends, and their sum in a row
cnt(k) = column(word(cols, k) + 0)
total(k) = k < 1 ? 0 : cnt(k) + total(k - 1)
share(k) = total(n) > 0 ? 100.0 * cnt(k) / total(n) : NaN

load shade_events
set xlabel 'virtual time (min)'
set ylabel 'share of successful requests (%)'
set yrange [0:125]
set ytics 0, 25, 100
set format y (termtype eq 'table' ? '%g' : '%g%%')
set key outside right top noenhanced title 'backend'

plot for [k=1:n] tsfile using ($1 / 60):(share(k)) with steps lw 2 \
	title entity(word(header, word(cols, k) + 0), 'backend.', '.requests')
