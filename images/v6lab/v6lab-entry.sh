#!/bin/sh
# The v6lab image's entry point: the lab's CLI in the working directory (the mounted /lab). What
# the run writes there (as root, or as a daemon's own user: pcap files, logs) is given to that
# directory's owner (the caller), and the exit code is the lab's own (0 pass, 1 checks failed,
# 2 usage, 3 environment, 4 deploy).
stamp=$(mktemp)
node /opt/v6lab/dist/lab/cli.js "$@" &
pid=$!
# docker stop / Ctrl-C: the lab tears down on the signal, then exits with its code.
trap 'kill -TERM "$pid" 2>/dev/null' TERM
trap 'kill -INT "$pid" 2>/dev/null' INT
while :; do
  wait "$pid"
  rc=$?
  kill -0 "$pid" 2>/dev/null || break
done
owner=$(stat -c %u:%g .)
if [ "$owner" != "0:0" ]; then
  find . -newer "$stamp" -exec chown -h "$owner" {} + 2>/dev/null
fi
rm -f "$stamp"
exit "$rc"
