# Shared set-up of every figure script in this folder (loaded first by each of them).
#
# Variables the driver (plot.c) sets with gnuplot -e:
#   datadir    the run's output folder (timeseries.csv, events.csv, recovery.csv...)
#   outfile    the file to write
#   plottitle  the figure's title (names the scenario)
#   termtype   'png', 'svg', or 'table' (the plotted points as text, for the golden tests)
#   plotsdir   this folder, for the helper scripts
# A script may set figheight before loading this file (default 480 pixels).

if (!exists('figheight')) { figheight = 480 }
if (termtype eq 'svg') {
	set terminal svg size 1000,figheight dynamic enhanced font 'sans,11' background rgb 'white'
	set output outfile
} else {
	if (termtype eq 'table') {
		set table outfile
	} else {
		set terminal pngcairo size 1000,figheight enhanced font 'sans,10' background rgb 'white'
		set output outfile
	}
}
set datafile separator ','
set datafile commentschars '#'
set datafile missing ''
set datafile columnheaders
set title plottitle noenhanced
set border 3
set xtics nomirror
set ytics nomirror
set grid lc rgb '#dddddd'

tsfile = datadir . '/timeseries.csv'
eventsfile = datadir . '/events.csv'

# The column names of a CSV file: its first line that is not a comment, one word per column.
csv_header(f) = system(sprintf("awk '!/^#/ { gsub(\",\", \" \"); print; exit }' '%s'", f))

# Whether column name h starts with prefix p and ends with suffix s.
has_prefix(h, p) = strlen(h) >= strlen(p) && h[1:strlen(p)] eq p
has_suffix(h, s) = strlen(h) >= strlen(s) && h[strlen(h) - strlen(s) + 1:strlen(h)] eq s
# The entity name in a column name PREFIX.NAME.SUFFIX.
entity(h, p, s) = h[strlen(p) + 1:strlen(h) - strlen(s)]

# The column (number, as a word) of the time series named h, or ''. Read from the file by awk:
# a header passed on a command line overflows gnuplot's command buffer in large scenarios.
col_named(h) = system(sprintf("awk -F, -v h='%s' '!/^#/ { for (i = 1; i <= NF; i++) "\
	. "if ($i == h) printf \"%%d \", i; exit }' '%s'", h, tsfile))
# The columns (numbers, as words) of the time series whose name is PREFIX.NAME.SUFFIX.
cols_of(p, s) = system(sprintf("awk -F, -v p='%s' -v s='%s' '!/^#/ { for (i = 1; i <= NF; i++) "\
	. "if (index($i, p) == 1 && substr($i, length($i) - length(s) + 1) == s "\
	. "&& length($i) > length(p) + length(s)) printf \"%%d \", i; exit }' '%s'", p, s, tsfile))

# Width of a time bucket of the time series (s): the step between its first two rows.
bucket_width(f) = real(system(sprintf("awk -F, '/^#/ { next } ++r == 2 { a = $1 } r == 3 { b = $1; exit } "\
	. "END { print (b > a ? b - a : 1) }' '%s'", f)))

# Failures and changes of the timeline (events.csv), shaded and labelled on a time axis in
# minutes: sets objects and labels (no effect on a table).
shade_events = sprintf("< awk -F, -f '%s/events.awk' '%s'", plotsdir, eventsfile)
