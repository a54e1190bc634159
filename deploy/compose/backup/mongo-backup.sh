#!/usr/bin/env bash
# mongodump of the whole MongoDB replica set (every node's database) into BACKUP_DIR, keeping BACKUP_KEEP_DAYS days.
# Runs in the mongo:7 image (it carries mongodump). Used by the `backup` service of city.yml and county.yml:
#   (no argument)  wait for BACKUP_AT every day (local time of TZ), dump, prune; forever
#   --once         dump and prune now, then exit:  docker compose … run --rm backup --once
# One gzip archive per run, taken with --oplog so it is one consistent point in time across all databases;
# restore it with `mongorestore --oplogReplay` (deploy/README.md, "Restore").
set -euo pipefail

uri="${MONGODB_URI:?MONGODB_URI is not set}"
at="${BACKUP_AT:-02:30}"
keep="${BACKUP_KEEP_DAYS:-14}"
dir="${BACKUP_DIR:-/backups}"

if ! [[ "$keep" =~ ^[1-9][0-9]*$ ]]; then
  echo "BACKUP_KEEP_DAYS must be a whole number of days (1 or more), not '$keep'" >&2
  exit 2
fi
mkdir -p "$dir"

backup_once() {
  local name partial
  name="djnet-$(date +%Y%m%d-%H%M%S).archive.gz"
  partial="$dir/.partial-$name"
  echo "$(date -Iseconds) backup: mongodump to $dir/$name"
  if ! mongodump --uri="$uri" --oplog --gzip --archive="$partial" --quiet; then
    rm -f "$partial"
    echo "$(date -Iseconds) backup FAILED; earlier archives are kept" >&2
    return 1
  fi
  mv "$partial" "$dir/$name"
  echo "$(date -Iseconds) backup: done, $(du -h "$dir/$name" | cut -f1)"
  # Keep the archives of the last $keep days (and always the one just written).
  find "$dir" -maxdepth 1 -name 'djnet-*.archive.gz' ! -name "$name" -mtime "+$((keep - 1))" -print -delete
}

if [[ "${1:-}" == "--once" ]]; then
  backup_once
  exit
fi

echo "backup: daily at $at (TZ=${TZ:-UTC}), keeping $keep days, into $dir"
while :; do
  now=$(date +%s)
  next=$(date -d "today $at" +%s)
  if ((next <= now)); then next=$(date -d "tomorrow $at" +%s); fi
  echo "backup: next run $(date -d "@$next" -Iseconds)"
  sleep $((next - now))
  backup_once || true
done
