#!/usr/bin/env bash
# Rewrites the <Compile Include> items of the project files from the .cs files on disk, or with --check
# lists the differences and fails. Without project arguments: firmware/LiveKit/LiveKit.nfproj,
# tests/managed/NFUnitTest/NFUnitTest.nfproj and every firmware/samples/*/*.nfproj.
#   tools/nfproj-sync.sh [--check] [Project.nfproj ...]
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
check=()
projects=()
for a in "$@"; do
  case "$a" in
    --check) check=(--check) ;;
    *) projects+=("$a") ;;
  esac
done
if [ ${#projects[@]} -eq 0 ]; then
  projects=(firmware/LiveKit/LiveKit.nfproj tests/managed/NFUnitTest/NFUnitTest.nfproj)
  for p in firmware/samples/*/*.nfproj; do [ -e "$p" ] && projects+=("$p"); done
fi
dll="$top/build/nfgate/bin/Release/net10.0/nfgate.dll"
if [ ! -f "$dll" ] || [ -n "$(find tools/nfgate/src tools/nfgate/nfgate.csproj -newer "$dll" -print -quit)" ]; then
  dotnet build tools/nfgate/nfgate.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
rc=0
for p in "${projects[@]}"; do
  dotnet "$dll" sync "${check[@]}" "$p" || rc=1
done
exit $rc
