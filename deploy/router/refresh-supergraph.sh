#!/usr/bin/env sh
# Fetches the supergraph our gateway composed (GET /supergraph.graphql) and replaces the Router's file only when
# it changed, atomically, so a Router started with --hot-reload picks it up. Run it every minute (cron, a systemd
# timer or a sidecar loop):  refresh-supergraph.sh http://127.0.0.1:4000 /etc/router/supergraph.graphql
set -eu
gateway="${1:?usage: refresh-supergraph.sh <gateway base URL> <supergraph file>}"
target="${2:?usage: refresh-supergraph.sh <gateway base URL> <supergraph file>}"
tmp="$(mktemp "${target}.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# A gateway without a supergraph yet answers 503: keep the last good file.
curl -fsS --max-time 20 "$gateway/supergraph.graphql" -o "$tmp"
if [ -s "$tmp" ] && ! cmp -s "$tmp" "$target" 2>/dev/null; then
  chmod 644 "$tmp"
  mv "$tmp" "$target"
  echo "supergraph updated: $target"
fi
