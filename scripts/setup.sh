#!/usr/bin/env bash
# One-time machine set-up for the test suite: Debian packages (Ceph RGW for the S3 integration tests,
# Chromium for the HTML report test) and the npm dependencies. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for bin in radosgw ceph-mon ceph-osd ceph uuidgen curl chromium; do command -v "$bin" >/dev/null 2>&1 || need+=("$bin"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages for: ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    radosgw ceph-mon ceph-osd ceph-common uuid-runtime curl chromium >/dev/null
fi
npm ci --no-audit --no-fund
