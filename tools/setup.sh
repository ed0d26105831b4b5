#!/usr/bin/env bash
# One-time set-up for a fresh machine: Debian packages (as root) and the Node packages of tests/.
# Idempotent: a second run only checks. Without root it names what is missing and stops.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
mapfile -t pkgs < <(grep -vE '^\s*(#|$)' "$top/tools/apt-packages.txt")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi
command -v node >/dev/null || { echo "setup: node (>= 20) is required" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "setup: the .NET SDK (>= 10) is required" >&2; exit 2; }
# npm ci only when the lock file changed since the last install
stamp="$top/tests/node_modules/.lk-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$top/tests/package-lock.json" "$stamp"; then
  echo "setup: npm ci in tests/"
  (cd "$top/tests" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$top/tests/package-lock.json" "$stamp"
fi
echo "setup: ok"
