#!/usr/bin/env bash
# Run a command in a fresh network namespace laid out for the official LiveKit client:
#   lo up (127.0.0.1), and a veth pair whose one end carries 127.0.0.2/32.
# rtc-node (libwebrtc) ignores loopback interfaces when it gathers ICE candidates, so in here it
# gathers 127.0.0.2 on the veth, and the local server (bound to 127.0.0.1) pairs with it. No other
# interface exists, so no traffic can leave the machine. The namespace ends with the command.
#   tests/server/netns.sh node --test tests/server/test/
set -euo pipefail
if [ "${LK_IN_NETNS:-}" != "1" ]; then
  if [ "$(id -u)" = "0" ]; then flag=-n; else flag=-rn; fi
  exec env LK_IN_NETNS=1 unshare "$flag" -- "$0" "$@"
fi
ip link set lo up
ip link add lkv0 type veth peer name lkv1
# No IPv6 link-local addresses: nothing but 127.0.0.2 to gather.
for i in lkv0 lkv1; do sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1" 2>/dev/null || true; done
ip addr add 127.0.0.2/32 dev lkv0
ip link set lkv0 up
ip link set lkv1 up
exec "$@"
