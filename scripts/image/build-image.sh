#!/usr/bin/env bash
# Builds Mission Control's image, otternauts/mission-control:local, from this checkout, on the
# base that scripts/image/build-base.sh makes (no image registry is needed; build-base.sh runs
# first and returns at once when the base is there).
#
#   bash scripts/image/build-image.sh
#
# OTTERNAUTS_IMAGE and OTTERNAUTS_BASE_IMAGE override the two names. `--network host`: the
# host's dockerd runs without a bridge (host-docker.sh), and apt and npm inside the build reach
# their mirrors the way the host does. The classic builder (DOCKER_BUILDKIT=0): it is in every
# dockerd, where BuildKit would need the buildx plugin; its layer cache is all the Dockerfile needs.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${OTTERNAUTS_IMAGE:-otternauts/mission-control:local}
BASE=${OTTERNAUTS_BASE_IMAGE:-otternauts/node-base:22-bookworm}
DOCKER_HOST=$(bash scripts/image/host-docker.sh)
export DOCKER_HOST OTTERNAUTS_BASE_IMAGE=$BASE

bash scripts/image/build-base.sh
t0=$SECONDS
# npm in the build stage trusts what npm here trusts (a TLS-inspecting proxy's CA, say); the
# file's own time is kept, so the classic builder's COPY cache (it hashes times too) holds
ca_dir=scripts/image/build-ca
ca_file=${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}
rm -f "$ca_dir/ca-certificates.crt"
if [[ -n $ca_file && $ca_file != null && -s $ca_file ]]; then cp --preserve=timestamps "$ca_file" "$ca_dir/ca-certificates.crt"; fi
trap 'rm -f "$ca_dir/ca-certificates.crt"' EXIT
echo "build-image: docker build $IMAGE on $BASE" >&2
DOCKER_BUILDKIT=0 docker build --network host --build-arg "NODE_IMAGE=$BASE" \
  --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  -t "$IMAGE" . >&2
size=$(docker image inspect "$IMAGE" --format '{{.Size}}')
echo "build-image: $IMAGE: $((size / 1000000)) MB in $((SECONDS - t0)) s" >&2
