#!/usr/bin/env bash
# Prints the DOCKER_HOST the image scripts use: the Docker daemon that already answers
# (DOCKER_HOST, or the default socket), or else one this script starts on the host.
#
#   export DOCKER_HOST=$(bash scripts/image/host-docker.sh)
#
# The daemon we start is the machine's own dockerd (Debian's docker.io) with everything of its
# own, so it never meets the e2e test bed, whose nodes run their dockerds in network and mount
# namespaces of their own (testbed.sh): its own socket, data root, exec root (its containerd) and
# pid file. `--iptables=false --bridge=none`: it touches no firewall rule (the test bed's FORWARD
# rules stay as they are) and makes no docker0; images are built and run with `--network host`.
# It keeps running after this script (the next call finds it answering); stop it with
#   kill "$(cat /run/otternauts-image-docker.pid)"
set -euo pipefail

SOCKET=/run/otternauts-image-docker.sock
OURS="unix://$SOCKET"
DATA_ROOT=${OTTERNAUTS_IMAGE_DOCKER_DATA:-/var/lib/otternauts-image-docker}
EXEC_ROOT=/run/otternauts-image-docker
PIDFILE=/run/otternauts-image-docker.pid
LOG=/var/log/otternauts-image-docker.log

answers() { DOCKER_HOST=$1 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# a daemon someone already runs: the caller's, then ours, then the default socket
for candidate in ${DOCKER_HOST:+"$DOCKER_HOST"} "$OURS" unix:///var/run/docker.sock; do
  if answers "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

command -v dockerd >/dev/null || { echo "host-docker: no dockerd here (apt-get install docker.io)" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "host-docker: starting dockerd needs root" >&2; exit 1; }

mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
# a stale pid file from a daemon that died would make dockerd refuse to start
if [[ -f $PIDFILE ]] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then rm -f "$PIDFILE"; fi
echo "host-docker: starting dockerd on $SOCKET (data in $DATA_ROOT, log in $LOG)" >&2
# setsid + closed fds: the daemon outlives this script and holds none of its caller's files
# (a flock'ed e2e lock, a pipe a test reads)
setsid dockerd \
  --host "$OURS" --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
  --iptables=false --ip6tables=false --bridge=none --ip-masq=false \
  </dev/null >>"$LOG" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &

for _ in $(seq 1 60); do
  if answers "$OURS"; then
    echo "$OURS"
    exit 0
  fi
  sleep 0.5
done
echo "host-docker: dockerd did not answer on $SOCKET within 30 s; its log:" >&2
tail -n 20 "$LOG" >&2
exit 1
