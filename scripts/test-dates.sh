#!/usr/bin/env bash
# `npm run test:dates`: the date-sensitive suites under libfaketime (Debian's faketime, installed by
# scripts/ensure-test-tools.sh) at the hard instants, in China time: the last minutes of a month (31 Jan 23:58), of a
# year (31 Dec 23:58) and of a leap day (29 Feb 23:58). The fake clock starts there and runs on, so each run crosses
# midnight while it works. Everything in the processes the tests start (nodes, CLI, jobs) reads this clock; FerretDB
# (a static Go binary) keeps the real one, which the code never asks for "now".
# Arguments (optional) replace the suites, e.g. `npm run test:dates -- services/src/officers`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null 2>&1; then
  echo "test:dates: faketime is missing; run as root on Debian (scripts/ensure-test-tools.sh installs it)" >&2
  exit 1
fi
suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
  suites=(
    services/src/officers services/src/newspaper services/src/readers services/src/console/operationsConsole.test.ts
    services/src/site/recordArticleViews.test.ts services/src/catalog/catalogQueries.test.ts
    services/src/directory/registerNode.test.ts services/src/directory/storeNodeKeys.test.ts
    tests/officers tests/newspaper/newspaper.test.ts tests/readers/readers.test.ts tests/content/import.test.ts
    tests/syndication/forgedEvents.test.ts
  )
fi
# UTC instants = 23:58 in China (UTC+8), where the network's months and days are counted.
instants=('2027-01-31 15:58:00' '2026-12-31 15:58:00' '2028-02-29 15:58:00')
for instant in "${instants[@]}"; do
  echo "test:dates: $instant UTC (23:58 China time)" >&2
  TZ=UTC faketime "$instant" npx jest --ci "${suites[@]}"
done
