#!/usr/bin/env bash
# The demo (`dotnet build nf.proj -t:Demo`, arguments through -p:DemoArgs="..."): builds the native
# library (build/native/liblk_rtc.so) and the host demo app (firmware/samples/HostDemo), then runs it.
#
#   tools/demo.sh                     offline: the demo app starts the local LiveKit-compatible server
#                                     and the official LiveKit client ("agent"), joins the same room as
#                                     "device" and shows the session with timings. Runs inside the test
#                                     network namespace (tests/server/netns.sh): nothing leaves loopback.
#   tools/demo.sh --url wss://x.livekit.cloud --token TOKEN
#   tools/demo.sh --url URL --api-key K --api-secret S --room R [--identity device]
#                                     joins a real LiveKit server (LiveKit Cloud, livekit-server), answers
#                                     RPC "ping", prints what it receives until Ctrl+C (or --seconds N).
#   --verbose                         the library's log at Debug level.
# LK_DEMO_TIMEOUT (seconds, default 180) bounds the offline run. Exit code: the demo app's (0: every
# step worked), 124 when the bound was hit.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p build/native out/logs

echo "demo: building the native library (build/native) and the host demo app..."
if ! { cmake -S native-interop -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >out/logs/demo-native-configure.log 2>&1 \
       && cmake --build build/native -j "$(nproc 2>/dev/null || echo 2)" --target lk_rtc >out/logs/demo-native-build.log 2>&1; }; then
  tail -n 40 out/logs/demo-native-configure.log out/logs/demo-native-build.log
  echo "demo: the native build failed (logs in out/logs/demo-native-*.log)" >&2
  exit 1
fi
if ! dotnet build firmware/samples/HostDemo/HostDemo.csproj -c Release -nologo -v q -clp:ErrorsOnly >out/logs/demo-build.log 2>&1; then
  cat out/logs/demo-build.log
  echo "demo: the host demo app did not build" >&2
  exit 1
fi
app="$top/firmware/samples/HostDemo/bin/Release/net10.0/HostDemo.dll"
export LK_REPO_ROOT="$top"

url_given=0
for a in "$@"; do case "$a" in --url|-h|--help) url_given=1;; esac; done
if [ "$url_given" = 1 ]; then
  # A real server (or only the usage): the app's traffic goes where the URL says; no namespace.
  exec dotnet "$app" "$@"
fi

if [ ! -d tests/node_modules/@livekit/rtc-node ]; then
  echo "demo: installing the Node packages of tests/ (npm ci)..."
  (cd tests && npm ci --no-audit --no-fund >"$top/out/logs/demo-npm.log" 2>&1) || { cat out/logs/demo-npm.log; exit 1; }
fi
bound="${LK_DEMO_TIMEOUT:-180}"
rc=0
timeout -k 10 "$bound" bash tests/server/netns.sh dotnet "$app" "$@" || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "demo: stopped after ${bound} s (LK_DEMO_TIMEOUT)" >&2
fi
exit "$rc"
