# Turns events.csv (dnssim run) into gnuplot commands that shade and label the timeline on a
# time axis in minutes: a range from each failure of a backend, server or resolver (any verb
# or setting other than `up`) to its end (`up`, or the end of a ranged action), or to the end
# of the run if it never ends; a dashed line at every other action (flush, record changes...).
# Usage: awk -F, -f events.awk events.csv (prints `set object` and `set label` commands).

# Shade the open range of key up to x (a gnuplot coordinate) and label it at its start.
function shade(key, x,    col) {
	col = open_kind[key] == "backend" ? "#d62728" : (open_kind[key] == "server" ? "#ff7f0e" : "#9467bd")
	n++
	printf "set object %d rect from first %g, graph 0 to %s, graph 1 behind fc rgb '%s' fs transparent solid 0.13 noborder\n", n, open_at[key] / 60, x, col
	printf "set label %d \"%s\" at first %g, graph %.2f offset 0.4,0 left front textcolor rgb '%s' font ',9' noenhanced\n", n, open_label[key], open_at[key] / 60, 0.975 - 0.045 * ((n - 1) % 3), col
	delete open_at[key]
}

/^#/ || /^time_s,/ { next }
{
	t = $1 + 0
	target = $2
	name = $3
	# the action is the first quoted field (it may hold commas: value=a,b)
	rest = $0
	sub(/^[^,]*,[^,]*,[^,]*,"/, "", rest)
	action = substr(rest, 1, index(rest, "\"") - 1)
	key = target SUBSEP name
	if (target == "backend" || target == "server" || (target == "resolver" && action == "down") || (target == "resolver" && action == "up")) {
		ends = action == "up" || action ~ /^end of /
		if (key in open_at) {
			shade(key, sprintf("first %g", t / 60))
		}
		if (!ends) {
			open_at[key] = t
			open_label[key] = name " " action
			open_kind[key] = target
		}
		next
	}
	if (action ~ /^end of /) {
		next
	}
	n++
	printf "set arrow %d from first %g, graph 0 to first %g, graph 1 nohead back dt 2 lc rgb '#7f7f7f'\n", n, t / 60, t / 60
	printf "set label %d \"%s %s\" at first %g, graph 0.04 offset 0.4,0 left front textcolor rgb '#555555' font ',9' noenhanced\n", n, name, action, t / 60
}
END {
	for (key in open_at) {
		keys[++nk] = key
	}
	# a fixed order, not awk's hash order
	for (i = 1; i <= nk; i++) {
		for (j = i + 1; j <= nk; j++) {
			if (open_at[keys[j]] < open_at[keys[i]] || (open_at[keys[j]] == open_at[keys[i]] && keys[j] < keys[i])) {
				tmp = keys[i]; keys[i] = keys[j]; keys[j] = tmp
			}
		}
	}
	for (i = 1; i <= nk; i++) {
		shade(keys[i], "graph 1")
	}
}
