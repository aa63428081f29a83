#!/bin/sh
# Installs Docker Engine from Docker's official packages on Ubuntu/Debian (as in Docker's
# docs: get.docker.com). Run by Mission Control as root (directly or through sudo -n),
# read from stdin: `sh -s`. Prints what it does; exits non-zero on any failure.
set -eu

if command -v docker >/dev/null 2>&1 && docker version >/dev/null 2>&1; then
  echo "Docker is already installed and running."
  exit 0
fi

echo "Installing Docker Engine with Docker's convenience script..."
# A fresh private directory (mode 0700, unpredictable name): a fixed /tmp name could be
# pre-created or swapped by any local user between download and run, as root.
workdir=$(mktemp -d "${TMPDIR:-/tmp}/otternauts-docker.XXXXXXXXXX")
trap 'rm -rf "$workdir"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
script="$workdir/get-docker.sh"
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --max-time 60 https://get.docker.com -o "$script"
elif command -v wget >/dev/null 2>&1; then
  wget -q -T 60 -O "$script" https://get.docker.com
else
  echo "Neither curl nor wget is installed: install one of them (apt-get install -y curl) and retry." >&2
  exit 1
fi
sh "$script"
rm -rf "$workdir"

if command -v systemctl >/dev/null 2>&1; then
  systemctl enable --now docker
fi
docker version
