# Outcome of the client requests per time bucket, stacked to 100%: the share that succeeded
# (requests.ok) at the bottom, then each failure cause (requests.failed.CAUSE), from
# timeseries.csv (`dnssim run`); the failures of the timeline (events.csv) shaded and labelled.
# A bucket without finished requests has no point. Variables: see common.gp.

load plotsdir . '/common.gp'

header = csv_header(tsfile)
cols = col_named('requests.ok') . ' ' . cols_of('requests.failed.', '')
n = words(cols)
cnt(k) = column(word(cols, k) + 0)
upto(k) = k < 1 ? 0 : cnt(k) + upto(k - 1)
pct(k) = upto(n) > 0 ? 100.0 * upto(k) / upto(n) : NaN
name(k) = k == 1 ? 'ok' : entity(word(header, word(cols, k) + 0), 'requests.failed.', '')

load shade_events
set xlabel 'virtual time (min)'
set ylabel 'share of finished requests (%)'
set yrange [0:125]
set ytics 0, 25, 100
set format y (termtype eq 'table' ? '%g' : '%g%%')
set key outside right top noenhanced title 'outcome'
set style fill transparent solid 0.6 noborder
# ok in green, then one colour per cause
colour(k) = k == 1 ? 0x2ca02c : word('0xd62728 0xff7f0e 0x9467bd 0x8c564b 0xe377c2 0x7f7f7f', (k - 2) % 6 + 1) + 0

plot for [k=1:n] tsfile using ($1 / 60):(pct(k - 1)):(pct(k)) with filledcurves \
	lc rgb colour(k) title name(k)
