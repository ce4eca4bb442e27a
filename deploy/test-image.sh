#!/usr/bin/env bash
# Build Lupa's image and start it, then check /healthz: run before a release (not in .ci/run,
# whose time it would double). Needs podman (Debian: apt-get install podman) or buildah +
# podman. Usage: deploy/test-image.sh [tag]
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-lupa:test}"
name="lupa-image-test-$$"
port="${LUPA_TEST_PORT:-38080}"

# The docker image format: podman's and buildah's default (OCI) has no place for HEALTHCHECK and
# drops it with only a warning.
if command -v podman >/dev/null 2>&1; then
    podman build --format docker -f deploy/Dockerfile -t "$tag" .
elif command -v buildah >/dev/null 2>&1; then
    buildah bud --format docker -f deploy/Dockerfile -t "$tag" .
else
    echo "need podman or buildah (apt-get install podman)" >&2
    exit 1
fi
if [ "$(podman image inspect --format '{{json .HealthCheck}}' "$tag")" = "null" ]; then
    echo "image $tag has no HEALTHCHECK" >&2
    exit 1
fi

cleanup() { podman rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
podman run -d --name "$name" -p "127.0.0.1:$port:3000" "$tag"

for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
        echo "healthz ok"
        podman exec "$name" lupa check-config
        # Graceful stop: SIGTERM, exit 0.
        podman stop -t 30 "$name" >/dev/null
        status="$(podman inspect -f '{{.State.ExitCode}}' "$name")"
        [ "$status" = "0" ] || { echo "exited with $status" >&2; exit 1; }
        echo "image $tag: started, healthy, stopped cleanly"
        exit 0
    fi
    sleep 1 # waiting for a container to start
done
podman logs "$name" >&2 || true
echo "/healthz did not answer" >&2
exit 1
