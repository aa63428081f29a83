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
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --max-time 60 https://get.docker.com -o /tmp/otternauts-get-docker.sh
elif command -v wget >/dev/null 2>&1; then
  wget -q -T 60 -O /tmp/otternauts-get-docker.sh https://get.docker.com
else
  echo "Neither curl nor wget is installed: install one of them (apt-get install -y curl) and retry." >&2
  exit 1
fi
sh /tmp/otternauts-get-docker.sh
rm -f /tmp/otternauts-get-docker.sh

if command -v systemctl >/dev/null 2>&1; then
  systemctl enable --now docker
fi
docker version
