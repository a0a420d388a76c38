#!/bin/sh
# Throughput of ocslog2pcap on one core: generates a synthetic client log of about
# SIZE_MB megabytes (not checked in) from captures/logs/uccapilog-oc2007r2.log with
# advancing time stamps, converts it, and prints MB/s of log input.
#
#   bench/ocslog-bench.sh [build-dir] [size-MB]      (defaults: build-ocslog, 200)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${1:-$repo/build-ocslog}
size_mb=${2:-200}
tool=$build/plugins/extcap/ocslog/ocslog2pcap
work=${TMPDIR:-/tmp}/ocslog-bench
log=$work/synthetic-${size_mb}MB.log
mkdir -p "$work"
[ -x "$tool" ] || { echo "build $tool first" >&2; exit 2; }

if [ ! -s "$log" ]; then
    /usr/bin/python3 - "$repo/captures/logs/uccapilog-oc2007r2.log" "$log" "$size_mb" <<'PY'
import sys, datetime
src, dst, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src, "rb").read().decode("utf-8")
stamp = "11/21/2008|23:31:1"          # every line prefix in the sample starts with this
parts = text.split(stamp)
base = datetime.datetime(2008, 11, 21, 0, 0, 0)
target = size_mb * 1000 * 1000
written, block = 0, 0
with open(dst, "wb") as out:
    while written < target:
        t = base + datetime.timedelta(seconds=block)
        pfx = t.strftime("%m/%d/%Y|%H:%M:") + "%d" % (t.second // 10)
        chunk = (parts[0] + "".join(pfx + p for p in parts[1:])).encode("utf-8")
        out.write(chunk)
        written += len(chunk)
        block += 1
PY
fi

bytes=$(stat -c %s "$log")
out=$work/out.pcapng
# best of three runs, pinned to one core; wall clock and CPU time (user+sys) both count,
# since other jobs on a shared machine stretch the wall clock only
best=""; best_cpu=""; rss=""
for i in 1 2 3; do
    rc=0
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" taskset -c 0 "$tool" -q --tz UTC "$log" "$out" || rc=$?
    [ "$rc" -eq 0 ] || { echo "ocslog2pcap exit status $rc" >&2; exit 1; }
    read -r wall user sys rss < "$work/time.txt"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" -eq 1 ]; then best=$wall; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" -eq 1 ]; then best_cpu=$cpu; fi
done
msgs=$(capinfos -c -M "$out" 2>/dev/null | awk '/Number of packets/ {print $NF}')
printf 'input %s bytes, %s messages, max RSS %s KB\n' "$bytes" "${msgs:-?}" "$rss"
printf 'best of 3: wall %.2f s = %.1f MB/s; CPU %.2f s = %.1f MB/s (MB = 10^6 bytes)\n' \
    "$best" "$(echo "$bytes / 1000000 / $best" | bc -l)" \
    "$best_cpu" "$(echo "$bytes / 1000000 / $best_cpu" | bc -l)"
