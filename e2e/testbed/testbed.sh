#!/usr/bin/env bash
# Otternauts end-to-end test bed: N fake "servers" (otn1..otnN) on this machine,
# each with its own network/mount/UTS/IPC/PID namespaces, its own sshd and dockerd.
# Usage: see `testbed.sh help` and e2e/testbed/README.md.
set -euo pipefail
# Daemons started here outlive the script and would keep every file descriptor it inherited
# open for ever: the caller's pipes, or the lock of `flock FILE testbed.sh up` (flock without
# -o), which would then lock every later e2e run out. Keep stdio only (255: bash's script).
for fd in $(ls /proc/$$/fd); do
  if ((fd > 2 && fd != 255)); then eval "exec $fd>&-"; fi
done

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# Outside every directory a node mounts over (/tmp, /root, /home, /run...): a checkout under
# /tmp or /root would otherwise vanish inside the node halfway through its bind mounts.
TESTBED_DIR=${TESTBED_DIR:-/var/tmp/otternauts-testbed}
NODES_DIR=$TESTBED_DIR/nodes
KEYS_DIR=$TESTBED_DIR/keys
STATE_FILE=$TESTBED_DIR/state.json

BRIDGE=otnbr0
SUBNET=10.77.0.0/24
HOST_ADDR=10.77.0.1
# IPv6: a ULA /64 next to the IPv4 /24 (node I = fd77::(10+I), as 10.77.0.(10+I)).
SUBNET6=fd77::/64
HOST_ADDR6=fd77::1
NODE_PREFIX=otn
IPT_TAG=otn-testbed            # comment on every iptables rule we add, so `down` finds them
ECDSA_PASSPHRASE=otter-pass
IMAGE=local/busybox:1
# Docker Engine on the nodes: Debian 13's docker.io/docker-cli/containerd, unpacked once per
# machine into ENGINE_CACHE (outside the repo, outside every directory a node mounts over,
# and not removed by `down`), then bind-mounted over /usr/bin/docker etc. inside each node,
# so every path in a node (SSH as root or through sudo, `exec`, dockerd's own PATH) finds
# Engine 26 like on a Debian 13 server. Debian 13's runc needs glibc 2.38: the host's
# Debian 12 runc (/usr/sbin/runc) is used instead. See `testbed.sh engine`.
ENGINE_CACHE=${TESTBED_ENGINE_CACHE:-/var/cache/otternauts-testbed}
ENGINE_SUITE=trixie
ENGINE_PACKAGES=(docker.io docker-cli containerd docker-buildx)
# BuildKit's client (`docker build` on a current server is `docker buildx build`): the plugin
# folder is bind-mounted over the same (empty, created once) folder inside each node.
CLI_PLUGINS_DIR=/usr/libexec/docker/cli-plugins
ENGINE_MIN_MAJOR=24           # the product's default minimum Docker version
# Files of the unpacked tree that replace the host's (Debian 12) ones inside docker nodes.
ENGINE_FILES=(/usr/bin/docker /usr/sbin/dockerd /usr/sbin/docker-proxy /usr/bin/containerd
  /usr/bin/containerd-shim /usr/bin/containerd-shim-runc-v1 /usr/bin/containerd-shim-runc-v2 /usr/bin/ctr)
# The script's own docker calls run inside the node, where /usr/bin/docker is Engine 26's CLI.
DOCKER_CLI=/usr/bin/docker
CLEAN_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Per-node directories bind-mounted over the same path inside the node.
NODE_BIND_DIRS=(/run /var/lib/docker /etc/ssh /etc/docker /root /home /tmp /var/log)
NODE_BIND_FILES=(/etc/hostname /etc/hosts /etc/resolv.conf)
for shadowed in "${NODE_BIND_DIRS[@]}"; do
  case "$(realpath -m "$TESTBED_DIR")/" in
    "$shadowed"/*) echo "[testbed] TESTBED_DIR ($TESTBED_DIR) must not be under $shadowed: nodes mount their own $shadowed" >&2; exit 2 ;;
  esac
  case "$(realpath -m "$ENGINE_CACHE")/" in
    "$shadowed"/*) echo "[testbed] TESTBED_ENGINE_CACHE ($ENGINE_CACHE) must not be under $shadowed: nodes mount their own $shadowed" >&2; exit 2 ;;
  esac
done

export PATH=$CLEAN_PATH:$PATH
unset DOCKER_HOST DOCKER_CONTEXT

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'EOF'
testbed.sh engine [--refresh]   download + unpack Docker Engine 26 once (needs apt's mirror)
testbed.sh up [--nodes N] [--no-docker NODE]... [--preswarm NODE]...
testbed.sh down
testbed.sh status
testbed.sh exec NODE -- CMD...
testbed.sh sshd-stop NODE | sshd-start NODE | rekey NODE
testbed.sh block-port NODE PORT[/tcp|/udp] | unblock-port NODE PORT[/tcp|/udp]
testbed.sh git-repo NODE NAME            bare repo ssh://git@NODE/~/NAME.git (git-shell user)
testbed.sh git-authorize NODE "KEY LINE" add a public key for the git user
testbed.sh hosts-add NODE ADDRESS NAME...  /etc/hosts line in the node (a domain that resolves there)
testbed.sh registry-up NODE USER <password   private registry (basic auth, TLS from a test CA) on NODE:5000
testbed.sh registry-push NODE REPO:TAG      the test image pushed there from NODE; prints its digest
Env: TESTBED_DIR (default /var/tmp/otternauts-testbed),
     TESTBED_ENGINE_CACHE (default /var/cache/otternauts-testbed),
     TESTBED_DEBIAN_MIRROR (default: the machine's own apt mirror for Debian)
EOF
}

# ---------------------------------------------------------------- small helpers

node_index() { echo "${1#"$NODE_PREFIX"}"; }
node_addr() { echo "10.77.0.$((10 + $(node_index "$1")))"; }
node_addr6() { echo "fd77::$((10 + $(node_index "$1")))"; }
node_dir() { echo "$NODES_DIR/$1"; }
host_veth() { echo "veth-$1"; }

# Every mutating command holds this lock. Daemons we start must not inherit fd 9
# (they would hold the lock forever), hence the `9>&-` on every launch.
take_lock() {
  mkdir -p "$TESTBED_DIR"
  exec 9>"$TESTBED_DIR/.lock"
  flock -w 600 9 || die "another testbed.sh is running (lock $TESTBED_DIR/.lock)"
}

# Nodes that exist on disk, in numeric order (otn10 after otn9).
known_nodes() {
  [[ -d $NODES_DIR ]] || return 0
  find "$NODES_DIR" -mindepth 1 -maxdepth 1 -type d -name "${NODE_PREFIX}*" -printf '%f\n' | sort -V
}

# Network namespaces that look like ours (also catches a half-created state).
our_netns() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${NODE_PREFIX}[0-9]+$" || true; }

# The node's long-lived holder is the init (pid 1) of the node's PID namespace.
# Find it as "the process in the node's netns whose innermost pid is 1".
holder_pid_of() {
  local name=$1 p
  for p in $(ip netns pids "$name" 2>/dev/null); do
    if awk '/^NSpid:/ { exit !(NF == 3 && $3 == 1) }' "/proc/$p/status" 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  p=$(cat "$(node_dir "$name")/holder.pid" 2>/dev/null || true)
  if [[ -n $p ]] && kill -0 "$p" 2>/dev/null && grep -q "otn-testbed-holder" "/proc/$p/cmdline" 2>/dev/null; then
    echo "$p"; return 0
  fi
  return 1
}

# Translate a pid as seen inside the node (e.g. from /run/sshd.pid) to the host pid.
host_pid_in_node() {
  local name=$1 nspid=$2 p
  [[ -n $nspid ]] || return 1
  for p in $(ip netns pids "$name" 2>/dev/null); do
    if awk -v want="$nspid" '/^NSpid:/ { exit !(NF == 3 && $3 == want) }' "/proc/$p/status" 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  return 1
}

daemon_pid() { # NODE sshd|docker -> host pid of the running daemon, or nothing
  local name=$1 which=$2 nspid
  nspid=$(cat "$(node_dir "$name")/fs/run/$which.pid" 2>/dev/null || true)
  host_pid_in_node "$name" "$nspid" || true
}

wait_pid_gone() { # PID TIMEOUT_SECONDS
  local pid=$1 deadline=$((SECONDS + $2))
  while [[ -d /proc/$pid ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Run a command inside all of the node's namespaces with a clean root environment.
in_node() {
  local name=$1; shift
  local holder
  holder=$(holder_pid_of "$name") || die "node $name is not running"
  # nsenter (not `ip netns exec`): the latter remounts /sys and dockerd then fails
  # with "Devices cgroup isn't mounted". -p makes nsenter fork into the node's pid ns.
  nsenter -t "$holder" -m -u -i -n -p --wd=/root -- \
    env -i PATH="$CLEAN_PATH" HOME=/root USER=root LOGNAME=root LANG=C.UTF-8 "$@"
}

require_node() {
  local name=$1
  [[ $name =~ ^${NODE_PREFIX}[0-9]+$ && -d $(node_dir "$name") ]] || die "unknown node '$name' (known: $(known_nodes | tr '\n' ' '))"
}

# ---------------------------------------------------------------- host preparation

ensure_host_tools() {
  local missing=() c
  [[ $(id -u) == 0 ]] || die "must run as root"
  for c in ip iptables ip6tables nsenter unshare flock sshd ssh-keygen dockerd containerd runc busybox apt-get dpkg-deb git git-shell runuser; do
    command -v "$c" >/dev/null || missing+=("$c")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install docker.io openssh-server busybox-static iproute2 iptables git)"
  # Engine 26's files are bind-mounted over the host's: the mount points must exist.
  for c in "${ENGINE_FILES[@]}"; do
    [[ -e $c ]] || missing+=("$c")
  done
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (apt-get install docker.io containerd)"
  # the nodes' buildx plugin folder is mounted here; on the host it stays empty
  mkdir -p "$CLI_PLUGINS_DIR"
  if ! command -v sudo >/dev/null; then
    # The `otter` user needs real sudo; only thing we install, and only if missing.
    log "installing sudo (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y sudo >/dev/null
  fi
}

ensure_users() {
  local u
  for u in otter nosudo; do
    if ! id -u "$u" >/dev/null 2>&1; then
      # -M: homes live per node (bind-mounted /home), not on the host.
      useradd -M -d "/home/$u" -s /bin/bash -U "$u"
    fi
    # '*' = no password but not "locked" ('!'): sshd rejects locked accounts when UsePAM is off.
    usermod -p '*' "$u"
    if id -nG "$u" | tr ' ' '\n' | grep -qx docker; then gpasswd -d "$u" docker >/dev/null; fi
  done
  # git: a Git host's account. Its login shell git-shell runs only git-upload-pack,
  # git-receive-pack and git-upload-archive, so a deploy key in its authorized_keys reads (and
  # the test bed's client key pushes) repositories but never opens a shell.
  if ! id -u git >/dev/null 2>&1; then
    useradd -M -d /home/git -s /usr/bin/git-shell -U git
  fi
  usermod -p '*' -s /usr/bin/git-shell git
  printf 'otter ALL=(ALL:ALL) NOPASSWD: ALL\n' >/etc/sudoers.d/otternauts-testbed
  chmod 0440 /etc/sudoers.d/otternauts-testbed
  visudo -cqf /etc/sudoers.d/otternauts-testbed || die "bad sudoers file"
}

ensure_client_keys() {
  mkdir -p "$KEYS_DIR"; chmod 0700 "$KEYS_DIR"
  [[ -f $KEYS_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C otn-testbed-client -f "$KEYS_DIR/id_ed25519"
  [[ -f $KEYS_DIR/wrong_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C otn-testbed-wrong -f "$KEYS_DIR/wrong_ed25519"
  [[ -f $KEYS_DIR/id_rsa ]] || ssh-keygen -q -t rsa -b 3072 -m PEM -N '' -C otn-testbed-rsa -f "$KEYS_DIR/id_rsa"
  [[ -f $KEYS_DIR/id_ecdsa_pass ]] || ssh-keygen -q -t ecdsa -b 256 -N "$ECDSA_PASSPHRASE" -C otn-testbed-ecdsa -f "$KEYS_DIR/id_ecdsa_pass"
}

# busybox rootfs -> tar, imported into every node's dockerd (nothing can be pulled here).
build_image_tar() {
  local root=$TESTBED_DIR/image/rootfs tar=$TESTBED_DIR/image/busybox-rootfs.tar applet
  rm -rf "$root"; mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/www}
  cp "$(readlink -f "$(command -v busybox)")" "$root/bin/busybox"
  while read -r applet; do
    [[ $applet == bin/busybox || -e $root/$applet ]] && continue
    ln -s /bin/busybox "$root/$applet"
  done < <(busybox --list-full)
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'otternauts test bed\n' >"$root/var/www/index.html"
  tar --numeric-owner -C "$root" -cf "$tar" .
  rm -rf "$root"
}

setup_host_network() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$HOST_ADDR/24" dev "$BRIDGE"
  sysctl -qw "net.ipv6.conf.$BRIDGE.disable_ipv6=0" "net.ipv6.conf.$BRIDGE.accept_ra=0"
  # nodad: usable at once, not "tentative" for the first second (the same on the nodes).
  ip addr add "$HOST_ADDR6/64" dev "$BRIDGE" nodad
  ip link set "$BRIDGE" up
  local ipt
  for ipt in iptables ip6tables; do
    # br_netfilter is active here, so bridged node<->node traffic crosses the host FORWARD
    # chain, whose policy is DROP once a dockerd ever ran in the root namespace.
    $ipt -I FORWARD 1 -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j ACCEPT
    # Address rule: nothing from the nodes may be routed beyond the bridge (and nothing in),
    # in IPv6 as in IPv4.
    $ipt -I FORWARD 2 -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j REJECT
    $ipt -I FORWARD 3 -o "$BRIDGE" ! -i "$BRIDGE" -m comment --comment "$IPT_TAG" -j REJECT
    # Host (10.77.0.1, fd77::1) -> node:22 is OUTPUT/INPUT on the host; INPUT lets replies in.
    $ipt -I INPUT 1 -i "$BRIDGE" -m comment --comment "$IPT_TAG" -j ACCEPT
  done
}

remove_host_iptables_rules() {
  local chain rule ipt
  for ipt in iptables ip6tables; do
    for chain in FORWARD INPUT; do
      while rule=$($ipt -S "$chain" 2>/dev/null | grep -m1 -- "--comment $IPT_TAG"); do
        # shellcheck disable=SC2086 # the rule text is iptables' own word list
        eval "$ipt ${rule/-A /-D }"
      done
    done
  done
}

# ---------------------------------------------------------------- Docker Engine 26 (Debian 13)

# The Debian mirror the machine's own apt uses (so CI fetches from where it already may),
# e.g. http://deb.debian.org/debian. Comments are stripped first (a snapshot URL in a comment
# is not a mirror); debian-security does not end in /debian and is skipped.
debian_mirror() {
  local f uri
  if [[ -n ${TESTBED_DEBIAN_MIRROR:-} ]]; then echo "${TESTBED_DEBIAN_MIRROR%/}"; return; fi
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(sed -e 's/#.*//' "$f" | grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' | head -n1 | tr -d '[:space:]' || true)
    if [[ -n $uri ]]; then echo "${uri%/}"; return; fi
  done
  echo http://deb.debian.org/debian
}

# The unpacked tree `up` uses, or nothing when `engine` never ran on this machine.
engine_root() {
  local root
  root=$(readlink -f "$ENGINE_CACHE/current" 2>/dev/null)/root || return 0
  [[ -x $root/usr/sbin/dockerd && -x $root/usr/bin/docker && -x $root$CLI_PLUGINS_DIR/docker-buildx ]] && echo "$root"
  return 0
}

engine_version() { # ROOT -> upstream version of the unpacked dockerd, e.g. 26.1.5+dfsg1
  [[ -n $1 ]] || return 0
  "$1/usr/sbin/dockerd" --version | sed -E 's/^Docker version ([^,]+),.*/\1/'
}

# apt-get download into a private apt state (sources, lists, cache, empty dpkg status): the
# machine's own apt configuration and package lists stay untouched. Keyed by the package
# version: a tree that is there is used as is, without any network (`--refresh` checks again).
download_engine() {
  local mirror work apt_opts version dir tmp deb bin
  mirror=$(debian_mirror)
  work=$ENGINE_CACHE/apt
  rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$ENGINE_SUITE" >"$work/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root -o Acquire::Retries=3)
  log "engine: Debian $ENGINE_SUITE package lists from $mirror"
  apt-get "${apt_opts[@]}" -qq update >&2 || die "apt-get update of $mirror $ENGINE_SUITE failed"
  version=$(apt-cache "${apt_opts[@]}" show --no-all-versions docker.io | awk '/^Version:/ {print $2; exit}')
  [[ -n $version ]] || die "no docker.io package in $mirror $ENGINE_SUITE"
  (( ${version%%.*} >= ENGINE_MIN_MAJOR )) || die "docker.io $version in $ENGINE_SUITE is older than $ENGINE_MIN_MAJOR"
  dir=$ENGINE_CACHE/engine-$version
  if [[ ! -x $dir/root/usr/sbin/dockerd || ! -x $dir/root$CLI_PLUGINS_DIR/docker-buildx ]]; then
    log "engine: downloading ${ENGINE_PACKAGES[*]} (docker.io $version)"
    (cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download "${ENGINE_PACKAGES[@]}" >&2) || die "apt-get download failed"
    tmp=$dir.partial; rm -rf "$tmp"; mkdir -p "$tmp/root"
    for deb in "$work"/debs/*.deb; do
      dpkg-deb -x "$deb" "$tmp/root"
      dpkg-deb -f "$deb" Package Version | paste -sd' ' >>"$tmp/packages"
    done
    # Debian 13's runc needs glibc 2.38 (Debian 12 has 2.36): the host's runc is found instead.
    rm -f "$tmp/root/usr/sbin/runc" "$tmp/root/usr/bin/runc"
    for bin in "${ENGINE_FILES[@]}"; do
      [[ -x $tmp/root$bin ]] || die "$bin is not in the unpacked packages ($tmp)"
    done
    for bin in usr/sbin/dockerd usr/bin/docker usr/bin/containerd; do
      "$tmp/root/$bin" --version >/dev/null || die "$bin from $ENGINE_SUITE does not run on this machine"
    done
    "$tmp/root$CLI_PLUGINS_DIR/docker-buildx" version >/dev/null || die "docker-buildx from $ENGINE_SUITE does not run on this machine"
    rm -rf "$dir"; mv "$tmp" "$dir"
  fi
  ln -sfn "$(basename "$dir")" "$ENGINE_CACHE/current"
  rm -rf "$work"
  log "engine: Docker $(engine_version "$dir/root") in $dir"
}

ensure_engine() {
  [[ -n $(engine_root) ]] || download_engine
}

cmd_engine() {
  [[ $(id -u) == 0 ]] || die "must run as root"
  local refresh=no
  case ${1:-} in --refresh) refresh=yes ;; '') ;; *) die "unknown option for engine: $1" ;; esac
  take_lock
  if [[ $refresh == yes || -z $(engine_root) ]]; then download_engine; fi
  echo "$(engine_version "$(engine_root)") $(engine_root)"
}

# ---------------------------------------------------------------- one node

write_node_files() { # NAME DOCKER(yes|no) PRESWARM(yes|no) — per-node directory tree
  local name=$1 docker=$2 preswarm=$3 dir fs addr u
  dir=$(node_dir "$name"); fs=$dir/fs; addr=$(node_addr "$name")
  mkdir -p "$dir"
  echo "$docker" >"$dir/docker"; echo "$preswarm" >"$dir/preswarm"
  mkdir -p "$fs/run/sshd" "$fs/run/lock" "$fs/var/lib/docker" "$fs/etc/ssh/sshd_config.d" \
    "$fs/etc/docker" "$fs/root/.ssh" "$fs/home" "$fs/tmp" "$fs/var/log"
  chmod 0755 "$fs/run" "$fs/run/sshd"   # sshd privsep dir must exist and be root-owned, not writable by others
  chmod 1777 "$fs/tmp" "$fs/run/lock"
  chmod 0700 "$fs/root" "$fs/root/.ssh"; chmod 0711 "$fs/var/lib/docker"
  cp /etc/skel/.bashrc /etc/skel/.profile "$fs/root/"

  # sshd: host config files (moduli, ssh_config) plus our own sshd_config and fresh host keys.
  cp -r /etc/ssh/moduli /etc/ssh/ssh_config /etc/ssh/ssh_config.d "$fs/etc/ssh/" 2>/dev/null || true
  cat >"$fs/etc/ssh/sshd_config" <<'EOF'
# Otternauts test bed node sshd (generated by testbed.sh)
Include /etc/ssh/sshd_config.d/*.conf
Port 22
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# UsePAM yes works here (pam_loginuid etc. are fine inside the node's namespaces).
UsePAM yes
# Node files live under the repo; StrictModes would reject any group/world-writable parent.
StrictModes no
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
PidFile /run/sshd.pid
# VERBOSE logs one "Starting session: command for USER from ADDR port P id N" line per exec
# channel: the suites count on the server's side how many commands Mission Control ran.
LogLevel VERBOSE
EOF
  generate_host_keys "$name"

  # root: all client keys; otter/nosudo: the main ed25519 key.
  cat "$KEYS_DIR/id_ed25519.pub" "$KEYS_DIR/id_rsa.pub" "$KEYS_DIR/id_ecdsa_pass.pub" >"$fs/root/.ssh/authorized_keys"
  chmod 0600 "$fs/root/.ssh/authorized_keys"
  for u in otter nosudo; do
    mkdir -p "$fs/home/$u/.ssh"
    cp /etc/skel/.bashrc /etc/skel/.profile "$fs/home/$u/"
    cp "$KEYS_DIR/id_ed25519.pub" "$fs/home/$u/.ssh/authorized_keys"
    chmod 0700 "$fs/home/$u/.ssh"; chmod 0600 "$fs/home/$u/.ssh/authorized_keys"
    chown -R "$u:$u" "$fs/home/$u"; chmod 0750 "$fs/home/$u"
  done
  # git: the client key pushes (tests play the developer); `git-authorize` adds deploy keys.
  mkdir -p "$fs/home/git/.ssh"
  cp "$KEYS_DIR/id_ed25519.pub" "$fs/home/git/.ssh/authorized_keys"
  chmod 0700 "$fs/home/git/.ssh"; chmod 0600 "$fs/home/git/.ssh/authorized_keys"
  chown -R git:git "$fs/home/git"; chmod 0750 "$fs/home/git"

  # Bind-mounted single files: own hostname; hosts resolves the node name (sudo looks it
  # up: without it, every sudo waits for DNS); resolv.conf points at the bridge, where
  # nothing listens, so no DNS query ever leaves the test bed (the host's resolver is not
  # a test-bed address) and lookups of other names fail at once. Over TCP (use-vc): a
  # closed port answers with a reset at once, while the ICMP port-unreachable for UDP is
  # rate-limited by the kernel (about 6, then 1 a second): measured, 20 UDP lookups took
  # 50 s and each later one 5 s; 30 TCP lookups take 0.06 s.
  echo "$name" >"$fs/hostname"
  printf '127.0.0.1\tlocalhost\n%s\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$addr" "$name" >"$fs/hosts"
  printf 'nameserver %s\noptions use-vc\n' "$HOST_ADDR" >"$fs/resolv.conf"
}

generate_host_keys() {
  local fs; fs=$(node_dir "$1")/fs
  rm -f "$fs"/etc/ssh/ssh_host_*
  ssh-keygen -q -A -f "$fs" >/dev/null  # writes $fs/etc/ssh/ssh_host_{rsa,ecdsa,ed25519}_key
}

create_node_netns() {
  local name=$1 veth addr
  veth=$(host_veth "$name"); addr=$(node_addr "$name")
  ip netns add "$name"
  ip link add "$veth" type veth peer name eth0 netns "$name"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$name" link set lo up
  ip -n "$name" addr add "$addr/24" dev eth0
  nsenter --net="/run/netns/$name" -- sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 net.ipv6.conf.eth0.accept_ra=0
  ip -n "$name" addr add "$(node_addr6 "$name")/64" dev eth0 nodad
  ip -n "$name" link set eth0 up
  # Default routes like a real server has (so `swarm init` without --advertise-addr
  # behaves normally); the host REJECTs anything routed beyond the bridge.
  ip -n "$name" route add default via "$HOST_ADDR"
  ip -n "$name" -6 route add default via "$HOST_ADDR6" dev eth0
}

start_holder() {
  local name=$1 dir init holder i
  dir=$(node_dir "$name")
  # tini as pid 1 of the node's pid namespace reaps orphans (daemonized sshd, ssh
  # session leftovers); a plain `sleep` would leave zombies that still answer kill -0.
  init=$(readlink -f /usr/bin/docker-init 2>/dev/null || true)
  [[ -x $init ]] || init=/usr/bin/tini-static
  [[ -x $init ]] || die "need docker-init (tini) from docker.io"
  setsid nsenter --net="/run/netns/$name" -- \
    unshare --mount --uts --ipc --pid --fork --mount-proc --propagation private -- \
    "$init" -- bash -c 'exec -a "otn-testbed-holder $0" sleep infinity' "$name" \
    </dev/null >"$dir/holder.log" 2>&1 9>&- &
  for i in $(seq 50); do
    holder=$(holder_pid_of "$name") && break
    sleep 0.1
  done
  [[ -n ${holder:-} ]] || die "holder for $name did not start (see $dir/holder.log)"
  echo "$holder" >"$dir/holder.pid"
}

mount_node_dirs() {
  local name=$1 dir fs holder p
  dir=$(node_dir "$name"); fs=$dir/fs
  holder=$(holder_pid_of "$name")
  nsenter -t "$holder" -u -- hostname "$name"
  # The node's mount namespace got private copies of the host's /run/netns/* mounts;
  # detach them, or every node would keep the other nodes' network namespaces alive.
  # (-p as well: the node's /proc belongs to its pid namespace, /proc/self is empty from outside.)
  if nsenter -t "$holder" -m -p -- mountpoint -q /run/netns; then
    nsenter -t "$holder" -m -p -- umount -R -l /run/netns
  fi
  for p in "${NODE_BIND_DIRS[@]}"; do
    # Mount points must exist; on a fresh host /var/lib/docker does not (harmless to create).
    nsenter -t "$holder" -m -p -- mkdir -p "$p"
    nsenter -t "$holder" -m -p -- mount --bind "$fs$p" "$p"
  done
  for p in "${NODE_BIND_FILES[@]}"; do
    [[ -L $p ]] && die "$p is a symlink on the host; cannot bind a per-node copy"
    nsenter -t "$holder" -m -p -- mount --bind "$fs/$(basename "$p")" "$p"
  done
}

# Make files truly absent in a node's DIR: a read-only overlay whose top layer holds
# whiteouts hides them (a bind-mounted empty file would still be "found").
hide_in_node() { # NAME DIR FILE...
  local name=$1 d=$2 dir holder f layer n=0
  shift 2
  dir=$(node_dir "$name"); holder=$(holder_pid_of "$name")
  layer=$dir/hide$(echo "$d" | tr / _)
  rm -rf "$layer"; mkdir -p "$layer"
  for f in "$@"; do
    if [[ -e $d/$f || -L $d/$f ]]; then mknod "$layer/$f" c 0 0; n=$((n + 1)); fi
  done
  ((n > 0)) || return 0
  nsenter -t "$holder" -m -p -- mount -t overlay overlay -o "ro,lowerdir=$layer:$d" "$d"
}

# A server without Docker: `docker`, `dockerd`, `docker-proxy` are nowhere in PATH.
hide_docker_in_node() {
  local d
  for d in /usr/bin /usr/sbin /usr/local/bin; do hide_in_node "$1" "$d" docker dockerd docker-proxy; done
}

# A Debian 13 server's docker.io: Engine 26's files over the host's Debian 12 ones, and the
# host's static 28.2 CLI in /usr/local/bin (first in PATH) hidden, so `docker` is 26 on every
# path (SSH as root, sudo's secure_path, `exec`) and client and daemon match.
install_engine_in_node() {
  local name=$1 root holder f
  root=$(engine_root); holder=$(holder_pid_of "$name")
  hide_in_node "$name" /usr/local/bin docker dockerd docker-proxy containerd ctr runc
  for f in "${ENGINE_FILES[@]}"; do
    nsenter -t "$holder" -m -p -- mount --bind -o ro "$root$f" "$f"
  done
  nsenter -t "$holder" -m -p -- mount --bind -o ro "$root$CLI_PLUGINS_DIR" "$CLI_PLUGINS_DIR"
}

start_sshd() {
  local name=$1 fs i
  fs=$(node_dir "$name")/fs
  rm -f "$fs/run/sshd.pid"
  in_node "$name" /usr/sbin/sshd -t || die "sshd config test failed on $name"
  # sshd daemonizes itself after binding port 22; stdio to /dev/null so nobody's pipe stays open.
  in_node "$name" /usr/sbin/sshd -E /var/log/sshd.log </dev/null >/dev/null 2>&1 9>&-
  for i in $(seq 50); do
    [[ -n $(daemon_pid "$name" sshd) ]] && return 0
    sleep 0.1
  done
  die "sshd did not start on $name (see $fs/var/log/sshd.log)"
}

stop_sshd() {
  local name=$1 pid
  pid=$(daemon_pid "$name" sshd)
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
}

start_dockerd() {
  local name=$1 fs holder
  fs=$(node_dir "$name")/fs
  holder=$(holder_pid_of "$name")
  # setsid + own stdio: dockerd must outlive this script, survive the caller's Ctrl-C and
  # not hold the caller's pipes open (execFile would wait forever).
  # --shutdown-timeout 3 bounds dockerd's wait for plain containers (busybox as pid 1
  # ignores SIGTERM); swarm tasks use their own grace period, so `down` kills those itself.
  # The unpacked usr/bin first in PATH: dockerd starts that containerd and its shims (they
  # are bind-mounted over /usr/bin too; runc is the host's /usr/sbin/runc).
  local root; root=$(engine_root)
  setsid nsenter -t "$holder" -m -u -i -n -p --wd=/ -- \
    env -i PATH="$root/usr/bin:$root/usr/sbin:$CLEAN_PATH" HOME=/root LANG=C.UTF-8 /usr/sbin/dockerd --shutdown-timeout 3 \
    </dev/null >>"$fs/var/log/dockerd.log" 2>&1 9>&- &
}

wait_dockerd() {
  local name=$1 i version want
  want=$(engine_version "$(engine_root)")
  for i in $(seq 120); do
    if version=$(in_node "$name" "$DOCKER_CLI" version --format '{{.Client.Version}} {{.Server.Version}}' 2>/dev/null); then
      [[ $version == "$want $want" ]] || die "$name runs Docker client/server $version, expected $want"
      return 0
    fi
    sleep 0.5
  done
  die "dockerd did not come up on $name (see $(node_dir "$name")/fs/var/log/dockerd.log)"
}

import_image() {
  local name=$1
  in_node "$name" "$DOCKER_CLI" import -c 'CMD ["sh"]' - "$IMAGE" <"$TESTBED_DIR/image/busybox-rootfs.tar" >/dev/null
}

# Kill every container of the node: the children of its containerd shims are the
# containers' init processes; the kernel takes the rest of each container with them.
kill_containers() {
  local name=$1 p
  for p in $(ip netns pids "$name" 2>/dev/null); do
    if [[ $(cat "/proc/$p/comm" 2>/dev/null) == containerd-shim* ]]; then
      pkill -KILL -P "$p" 2>/dev/null || true
    fi
  done
}

stop_dockerd() { # sends TERM and returns the pid to wait for
  local name=$1 pid
  pid=$(daemon_pid "$name" docker)
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  echo "$pid"
}

# ---------------------------------------------------------------- state

json_pid() { if [[ -n ${1:-} ]]; then echo "$1"; else echo null; fi; }

fingerprint() { ssh-keygen -lf "$1" 2>/dev/null | awk '{print $2}'; }

write_state() {
  local name dir first=1 holder sshd dockerd docker preswarm ssh_dir
  {
    printf '{\n  "subnet": "%s",\n  "bridge": "%s",\n  "hostAddress": "%s",\n  "testbedDir": "%s",\n' \
      "$SUBNET" "$BRIDGE" "$HOST_ADDR" "$TESTBED_DIR"
    printf '  "subnet6": "%s",\n  "hostAddress6": "%s",\n' "$SUBNET6" "$HOST_ADDR6"
    printf '  "image": "%s",\n' "$IMAGE"
    if [[ -n $(registry_host) ]]; then
      printf '  "registry": {"host": "%s", "user": "%s", "ca": "%s"},\n' "$(registry_host)" "$(cat "$REGISTRY_DIR/user")" "$REGISTRY_DIR/ca.crt"
    fi
    printf '  "dockerVersion": "%s",\n' "$(engine_version "$(engine_root)")"
    printf '  "keys": {"ed25519": "%s", "wrong": "%s", "rsaPem": "%s", "ecdsaPass": "%s", "ecdsaPassphrase": "%s"},\n' \
      "$KEYS_DIR/id_ed25519" "$KEYS_DIR/wrong_ed25519" "$KEYS_DIR/id_rsa" "$KEYS_DIR/id_ecdsa_pass" "$ECDSA_PASSPHRASE"
    printf '  "users": {"root": "root", "sudo": "otter", "noSudo": "nosudo", "git": "git"},\n'
    printf '  "nodes": ['
    for name in $(known_nodes); do
      dir=$(node_dir "$name"); ssh_dir=$dir/fs/etc/ssh
      holder=$(holder_pid_of "$name" || true)
      sshd=""; dockerd=""
      if [[ -n $holder ]]; then sshd=$(daemon_pid "$name" sshd); dockerd=$(daemon_pid "$name" docker); fi
      docker=false; [[ $(cat "$dir/docker" 2>/dev/null) == yes ]] && docker=true
      preswarm=false; [[ $(cat "$dir/preswarm" 2>/dev/null) == yes ]] && preswarm=true
      ((first)) || printf ','
      first=0
      printf '\n    {"name": "%s", "address": "%s", "address6": "%s", "sshPort": 22, "hostKeyFingerprints": {"ed25519": "%s", "rsa": "%s", "ecdsa": "%s"}, "docker": %s, "preswarm": %s, "holderPid": %s, "sshdPid": %s, "dockerdPid": %s, "dir": "%s"}' \
        "$name" "$(node_addr "$name")" "$(node_addr6 "$name")" \
        "$(fingerprint "$ssh_dir/ssh_host_ed25519_key.pub")" "$(fingerprint "$ssh_dir/ssh_host_rsa_key.pub")" \
        "$(fingerprint "$ssh_dir/ssh_host_ecdsa_key.pub")" \
        "$docker" "$preswarm" "$(json_pid "$holder")" "$(json_pid "$sshd")" "$(json_pid "$dockerd")" "$dir"
    done
    printf '\n  ]\n}\n'
  } >"$STATE_FILE.tmp"
  mv "$STATE_FILE.tmp" "$STATE_FILE"
}

# ---------------------------------------------------------------- commands

cmd_up() {
  local nodes=4 no_docker=() preswarm=() name i docker pre pids=() failed=0
  while (($#)); do
    case $1 in
      --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
      --no-docker) IFS=, read -ra i <<<"${2:?--no-docker needs a node}"; no_docker+=("${i[@]}"); shift 2 ;;
      --preswarm) IFS=, read -ra i <<<"${2:?--preswarm needs a node}"; preswarm+=("${i[@]}"); shift 2 ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  [[ $nodes =~ ^[0-9]+$ ]] && ((nodes >= 1 && nodes <= 200)) || die "--nodes must be 1..200"
  for name in ${no_docker[@]+"${no_docker[@]}"} ${preswarm[@]+"${preswarm[@]}"}; do
    [[ $name =~ ^${NODE_PREFIX}([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= nodes)) ||
      die "node '$name' is not one of ${NODE_PREFIX}1..${NODE_PREFIX}$nodes"
  done
  ensure_host_tools
  take_lock
  if [[ -e $STATE_FILE || -n $(our_netns) || -n $(known_nodes) ]] || ip link show "$BRIDGE" >/dev/null 2>&1; then
    log "test bed is (partly) up already: tearing it down first"
    teardown
  fi
  local t0=$SECONDS
  ensure_engine
  ensure_users
  ensure_client_keys
  build_image_tar
  setup_host_network
  for i in $(seq "$nodes"); do
    name=$NODE_PREFIX$i
    docker=yes; pre=no
    [[ " ${no_docker[*]-} " == *" $name "* ]] && docker=no
    [[ " ${preswarm[*]-} " == *" $name "* ]] && pre=yes
    [[ $docker == no && $pre == yes ]] && die "$name cannot be both --no-docker and --preswarm"
    log "node $name ($(node_addr "$name")) docker=$docker preswarm=$pre"
    write_node_files "$name" "$docker" "$pre"
    create_node_netns "$name"
    start_holder "$name"
    mount_node_dirs "$name"
    if [[ $docker == yes ]]; then
      install_engine_in_node "$name"
      start_dockerd "$name"
    else
      hide_docker_in_node "$name"
    fi
    start_sshd "$name"
  done
  # dockerds start in parallel; wait for each, then import the image into all at once.
  for name in $(known_nodes); do
    [[ $(cat "$(node_dir "$name")/docker") == yes ]] || continue
    wait_dockerd "$name"
    import_image "$name" &
    pids+=($!)
  done
  for i in ${pids[@]+"${pids[@]}"}; do wait "$i" || failed=1; done
  ((failed == 0)) || die "image import failed"
  for name in ${preswarm[@]+"${preswarm[@]}"}; do
    log "$name: docker swarm init (pre-existing foreign swarm)"
    in_node "$name" "$DOCKER_CLI" swarm init --advertise-addr "$(node_addr "$name")" >/dev/null
  done
  write_state
  log "up: $nodes node(s) in $((SECONDS - t0))s; state in $STATE_FILE"
  cat "$STATE_FILE"
}

# Stops everything we may have started, also from a half-created state.
teardown() {
  local names name holder pid dockerd_pids=() p container_ids
  names=$( { known_nodes; our_netns; } | sort -uV)
  container_ids=$(ls "$NODES_DIR"/*/fs/var/lib/docker/containers 2>/dev/null | grep -E '^[0-9a-f]{64}$' || true)
  # 1. dockerd first (it needs seconds), all nodes in parallel. Swarm stops each task with
  #    its own grace period (10 s; busybox httpd as pid 1 ignores SIGTERM), so we kill the
  #    container processes ourselves right after: the nodes are thrown away anyway.
  for name in $names; do
    pid=$(stop_dockerd "$name" 2>/dev/null || true)
    [[ -n $pid ]] && dockerd_pids+=("$pid")
  done
  for name in $names; do kill_containers "$name"; done
  for pid in ${dockerd_pids[@]+"${dockerd_pids[@]}"}; do
    wait_pid_gone "$pid" 20 || { log "dockerd $pid did not stop in 20s; killing"; kill -KILL "$pid" 2>/dev/null || true; }
  done
  for name in $names; do
    stop_sshd "$name" 2>/dev/null || true
    # 2. Killing the pid-namespace init kills every process left in the node
    #    (containerd, shims, containers, ssh sessions); the mount namespace dies with them.
    holder=$(holder_pid_of "$name" 2>/dev/null || true)
    if [[ -n $holder ]]; then
      kill -KILL "$holder" 2>/dev/null || true
      wait_pid_gone "$holder" 10 || log "holder $holder of $name still there"
    fi
    # Anything else still in the netns (e.g. a stray `nsenter -n` helper).
    for p in $(ip netns pids "$name" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$name" 2>/dev/null || true
    ip link del "$(host_veth "$name")" 2>/dev/null || true
  done
  # Holders whose netns is already gone (crash mid-way): found by their argv0.
  for p in $(pgrep -f '^otn-testbed-holder ' 2>/dev/null || true); do
    holder=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null || true)
    [[ -n $holder ]] && kill -KILL "$holder" 2>/dev/null || true
    kill -KILL "$p" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  remove_host_iptables_rules
  # cgroups are not namespaced here (cgroup v1): killed containers leave empty
  # /sys/fs/cgroup/*/docker/<id> directories behind; remove ours.
  for p in $container_ids; do
    rmdir /sys/fs/cgroup/*/docker/"$p" 2>/dev/null || true
  done
  # Node mounts live in private namespaces; this only catches leaks into the host.
  findmnt -rn -o TARGET | awk -v d="$TESTBED_DIR" 'index($0, d) == 1' | sort -r | while read -r p; do
    umount -l "$p" || true
  done
  stop_registry
  rm -rf "$NODES_DIR" "$TESTBED_DIR/image" "$STATE_FILE"
}

cmd_down() {
  ensure_host_tools
  take_lock
  local t0=$SECONDS
  teardown
  log "down in $((SECONDS - t0))s"
}

cmd_status() {
  [[ -e $STATE_FILE ]] || { log "test bed is down"; exit 1; }
  take_lock
  write_state
  cat "$STATE_FILE"
}

cmd_exec() {
  local name=${1:?exec needs a node}; shift
  [[ ${1:-} == -- ]] && shift
  (($#)) || die "exec needs a command after --"
  require_node "$name"
  in_node "$name" "$@"
}

parse_port() { # PORT[/tcp|/udp] -> "port proto"
  [[ $1 =~ ^([0-9]+)(/(tcp|udp))?$ ]] || die "bad port '$1' (want PORT[/tcp|/udp])"
  echo "${BASH_REMATCH[1]} ${BASH_REMATCH[3]:-tcp}"
}

block_rule() { # PORT PROTO iptables|ip6tables -> rule args (without -I/-D)
  local proto=$2 unreachable=icmp-port-unreachable
  [[ $3 == ip6tables ]] && unreachable=icmp6-port-unreachable
  if [[ $proto == tcp ]]; then
    # REJECT with a TCP reset so clients fail at once ("connection refused"), not after a timeout.
    echo "INPUT -p tcp --dport $1 -m comment --comment $IPT_TAG-block -j REJECT --reject-with tcp-reset"
  else
    echo "INPUT -p udp --dport $1 -m comment --comment $IPT_TAG-block -j REJECT --reject-with $unreachable"
  fi
}

cmd_block_port() {
  local name=${1:?block-port NODE PORT}; require_node "$name"; take_lock
  local port proto rule ipt; read -r port proto <<<"$(parse_port "${2:?block-port NODE PORT}")"
  for ipt in iptables ip6tables; do # IPv4 and IPv6 alike
    rule=$(block_rule "$port" "$proto" "$ipt")
    # shellcheck disable=SC2086
    in_node "$name" $ipt -C $rule 2>/dev/null || in_node "$name" $ipt -I $rule
  done
  log "$name: $port/$proto blocked (INPUT REJECT, IPv4 and IPv6)"
}

cmd_unblock_port() {
  local name=${1:?unblock-port NODE PORT}; require_node "$name"; take_lock
  local port proto rule ipt; read -r port proto <<<"$(parse_port "${2:?unblock-port NODE PORT}")"
  for ipt in iptables ip6tables; do
    rule=$(block_rule "$port" "$proto" "$ipt")
    # shellcheck disable=SC2086
    while in_node "$name" $ipt -C $rule 2>/dev/null; do in_node "$name" $ipt -D $rule; done
  done
  log "$name: $port/$proto unblocked"
}

# Every sshd process whose pid namespace is the node's: the listener's children, i.e. the
# established sessions (stopping the listener alone leaves them working).
kill_node_ssh_sessions() {
  local name=$1 holder ns pid
  holder=$(holder_pid_of "$name") || return 0
  ns=$(readlink "/proc/$holder/ns/pid") || return 0
  for pid in $(pgrep -x sshd || true); do
    [[ $(readlink "/proc/$pid/ns/pid" 2>/dev/null) == "$ns" ]] && kill -KILL "$pid" 2>/dev/null || true
  done
}

# A server whose sshd is down: no listener and no open session (a pooled connection drops).
cmd_sshd_stop() {
  local name=${1:?sshd-stop NODE}; require_node "$name"; take_lock
  stop_sshd "$name"; kill_node_ssh_sessions "$name"; write_state; log "$name: sshd stopped"
}

cmd_sshd_start() {
  local name=${1:?sshd-start NODE}; require_node "$name"; take_lock
  [[ -n $(daemon_pid "$name" sshd) ]] || start_sshd "$name"
  write_state; log "$name: sshd running"
}

cmd_rekey() {
  local name=${1:?rekey NODE}; require_node "$name"; take_lock
  # a rebuilt server: new host keys, and no session of the old one survives
  stop_sshd "$name"; kill_node_ssh_sessions "$name"
  generate_host_keys "$name"
  start_sshd "$name"
  write_state
  log "$name: new host keys, sshd restarted"
}

# A bare repository in the git user's home: ssh://git@<node>/~/NAME.git (or git@<node>:NAME.git).
# Created as git inside the node, so git-upload-pack finds it owned by its own user.
cmd_git_repo() {
  local name=${1:?git-repo NODE NAME} repo=${2:?git-repo NODE NAME}; require_node "$name"
  [[ $repo =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ && $repo != *.. ]] || die "bad repository name '$repo' (letters, digits, . _ -)"
  # --chdir: the node's exec starts in /root, which git (as git) may not read
  in_node "$name" env --chdir=/home/git runuser -u git -- git init -q --bare --initial-branch=main "/home/git/$repo.git" >&2
  echo "/home/git/$repo.git"
}

# One OpenSSH public key line (a deploy key) into the git user's authorized_keys.
cmd_git_authorize() {
  local name=${1:?git-authorize NODE "KEY LINE"} key=${2:?git-authorize NODE "KEY LINE"}; require_node "$name"
  [[ $key != *$'\n'* ]] && ssh-keygen -lf <(printf '%s\n' "$key") >/dev/null 2>&1 || die "not one OpenSSH public key line"
  printf '%s\n' "$key" | in_node "$name" runuser -u git -- tee -a /home/git/.ssh/authorized_keys >/dev/null
  log "$name: key authorised for git"
}

# A name that resolves inside one node only (no DNS in the test bed): "ADDRESS NAME..." appended
# to the node's own /etc/hosts (the bind-mounted per-node copy; `down` throws it away).
cmd_hosts_add() {
  local name=${1:?hosts-add NODE ADDRESS NAME...} addr=${2:?hosts-add NODE ADDRESS NAME...} n; require_node "$name"
  shift 2
  (($#)) || die "hosts-add needs at least one NAME"
  [[ $addr =~ ^[0-9a-fA-F:.]+$ ]] || die "bad address '$addr'"
  for n in "$@"; do [[ $n =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || die "bad host name '$n'"; done
  take_lock
  printf '%s\t%s\n' "$addr" "$*" >>"$(node_dir "$name")/fs/hosts"
  log "$name: $* -> $addr in /etc/hosts"
}

# ---------------------------------------------------------------- registry

# A private image registry on one node, like a real one: Debian's Distribution registry 2.8
# with basic auth (htpasswd, bcrypt) and TLS from a test CA made here. Every docker node
# trusts that CA for this registry only (/etc/docker/certs.d/<host:port>/ca.crt), so pulls
# and pushes are real HTTPS with real 401s. It runs in the node's network namespace only
# (files stay on the host, under $REGISTRY_DIR), listening on the node's address.
REGISTRY_DIR=$TESTBED_DIR/registry
REGISTRY_PORT=5000

registry_host() { cat "$REGISTRY_DIR/host" 2>/dev/null || true; }

trust_registry_in_nodes() {
  local host name d
  host=$(registry_host); [[ -n $host ]] || return 0
  for name in $(known_nodes); do
    d=$(node_dir "$name")/fs/etc/docker/certs.d/$host
    mkdir -p "$d"; cp "$REGISTRY_DIR/ca.crt" "$d/ca.crt"
  done
}

stop_registry() {
  local pid
  pid=$(cat "$REGISTRY_DIR/pid" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$REGISTRY_DIR"
}

# registry-up NODE USER, the password on stdin: prints host:port.
cmd_registry_up() {
  local name=${1:?registry-up NODE USER (password on stdin)} user=${2:?registry-up NODE USER (password on stdin)} password addr holder i
  require_node "$name"
  [[ $user =~ ^[a-z][a-z0-9_-]{0,31}$ ]] || die "bad registry user '$user'"
  IFS= read -r password || true
  [[ -n $password ]] || die "registry-up reads the password on stdin"
  command -v docker-registry >/dev/null && command -v htpasswd >/dev/null && command -v openssl >/dev/null ||
    die "registry-up needs docker-registry, apache2-utils and openssl (apt-get install docker-registry apache2-utils openssl)"
  take_lock
  stop_registry
  addr=$(node_addr "$name"); holder=$(holder_pid_of "$name")
  mkdir -p "$REGISTRY_DIR/data"; chmod 0700 "$REGISTRY_DIR"
  (
    cd "$REGISTRY_DIR"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt \
      -days 3 -subj "/CN=Otternauts test bed CA" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout registry.key -out registry.csr \
      -subj "/CN=$addr" 2>/dev/null
    printf 'subjectAltName=IP:%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' "$addr" >ext.cnf
    openssl x509 -req -in registry.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out registry.crt -days 3 -extfile ext.cnf 2>/dev/null
    htpasswd -Bbin "$user" >htpasswd <<<"$password" 2>/dev/null
    printf '%s\n' "$user" >user; printf '%s\n' "$password" >password; chmod 0600 password
    cat >config.yml <<EOF
version: 0.1
log: {level: info}
storage: {filesystem: {rootdirectory: $REGISTRY_DIR/data}, delete: {enabled: true}}
http: {addr: "$addr:$REGISTRY_PORT", tls: {certificate: $REGISTRY_DIR/registry.crt, key: $REGISTRY_DIR/registry.key}}
auth: {htpasswd: {realm: otternauts-testbed, path: $REGISTRY_DIR/htpasswd}}
EOF
  ) || die "could not make the registry's CA, certificate or htpasswd"
  setsid nsenter -t "$holder" -n -- docker-registry serve "$REGISTRY_DIR/config.yml" \
    </dev/null >>"$REGISTRY_DIR/registry.log" 2>&1 9>&- &
  echo $! >"$REGISTRY_DIR/pid"
  echo "$addr:$REGISTRY_PORT" >"$REGISTRY_DIR/host"
  for i in $(seq 50); do
    # 401 without credentials: it is up, and it asks for them
    [[ $(curl -s -o /dev/null -w '%{http_code}' --cacert "$REGISTRY_DIR/ca.crt" "https://$addr:$REGISTRY_PORT/v2/" || true) == 401 ]] && break
    ((i < 50)) || die "the registry did not answer on $addr:$REGISTRY_PORT (see $REGISTRY_DIR/registry.log)"
    sleep 0.2
  done
  trust_registry_in_nodes
  write_state
  log "registry on $name at $addr:$REGISTRY_PORT (user $user); CA in $REGISTRY_DIR/ca.crt, trusted by every node"
  echo "$addr:$REGISTRY_PORT"
}

# registry-push NODE REPOSITORY:TAG: the test image, pushed from NODE as the registry's user;
# the login lives in a throw-away config folder, removed at once. Prints the pushed digest.
cmd_registry_push() {
  local name=${1:?registry-push NODE REPOSITORY:TAG} ref=${2:?registry-push NODE REPOSITORY:TAG} host out
  require_node "$name"
  host=$(registry_host); [[ -n $host ]] || die "no registry: run registry-up first"
  [[ $ref =~ ^[a-z0-9]+([._/-][a-z0-9]+)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "bad image reference '$ref' (repository:tag)"
  out=$(in_node "$name" sh -c 'set -e; c=$(mktemp -d); trap "rm -rf $c" EXIT
    docker --config "$c" login -u "$1" --password-stdin "$2" >/dev/null
    docker tag "$3" "$2/$4"; docker --config "$c" push "$2/$4"' sh "$(cat "$REGISTRY_DIR/user")" "$host" "$IMAGE" "$ref" \
    <"$REGISTRY_DIR/password" 2>&1) || die "push of $host/$ref from $name failed: $out"
  grep -oE 'sha256:[0-9a-f]{64}' <<<"$out" | tail -n1
}

main() {
  local cmd=${1:-help}; (($#)) && shift
  case $cmd in
    engine) cmd_engine "$@" ;;
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    exec) cmd_exec "$@" ;;
    sshd-stop) cmd_sshd_stop "$@" ;;
    sshd-start) cmd_sshd_start "$@" ;;
    block-port) cmd_block_port "$@" ;;
    unblock-port) cmd_unblock_port "$@" ;;
    rekey) cmd_rekey "$@" ;;
    git-repo) cmd_git_repo "$@" ;;
    git-authorize) cmd_git_authorize "$@" ;;
    hosts-add) cmd_hosts_add "$@" ;;
    registry-up) cmd_registry_up "$@" ;;
    registry-push) cmd_registry_push "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
