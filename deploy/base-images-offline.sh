#!/usr/bin/env bash
# The two base images deploy/Dockerfile starts from, made without a container registry: for a
# build machine that reaches Debian's package mirror but not Docker Hub. Debian trixie is
# bootstrapped with debootstrap (apt-get install debootstrap podman) and imported under the
# names the Dockerfile uses; the build image adds gcc and this machine's Rust toolchain (the
# one `rustup` installed for the user running this), since rustup's own servers may be out of
# reach too. Certificate authorities this machine adds to Debian's (a company's TLS-inspecting
# proxy: /usr/local/share/ca-certificates) are trusted in the build image as well, so that
# cargo can fetch crates. Then deploy/test-image.sh builds and starts the image as usual.
# Usage (as root): deploy/base-images-offline.sh [work folder, default /var/tmp/lupa-bases]
set -euo pipefail
work="${1:-/var/tmp/lupa-bases}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
toolchain="$(rustc --print sysroot)"

mkdir -p "$work"
if [ ! -x "$work/rootfs/bin/sh" ]; then
    debootstrap --variant=minbase trixie "$work/rootfs" "$mirror"
fi
# debian:trixie-slim: the bootstrapped system without apt's downloaded lists.
rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/archives/"*.deb
tar -C "$work/rootfs" -c . | podman import - docker.io/library/debian:trixie-slim

# rust:1-slim-trixie: the same system, a C compiler for the crates that build C, and Rust.
rm -rf "$work/rust"
cp -a "$work/rootfs" "$work/rust"
cp /etc/resolv.conf "$work/rust/etc/resolv.conf"
chroot "$work/rust" apt-get update
chroot "$work/rust" apt-get install -y --no-install-recommends gcc libc6-dev ca-certificates
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$work/rust/usr/local/share/ca-certificates/"
    chroot "$work/rust" update-ca-certificates
fi
rm -rf "$work/rust/var/lib/apt/lists/"* "$work/rust/var/cache/apt/archives/"*.deb
mkdir -p "$work/rust/usr/local/rust"
cp -a "$toolchain/." "$work/rust/usr/local/rust/"
tar -C "$work/rust" -c . | podman import \
    --change 'ENV PATH=/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV CARGO_HOME=/usr/local/cargo' \
    - docker.io/library/rust:1-slim-trixie
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'debian:trixie-slim|rust:1-slim-trixie'
