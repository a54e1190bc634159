#!/usr/bin/env bash
# Installs the Debian packages the tests use, only those missing: chromium (and a CJK font so pages in Chinese render
# legibly in screenshots) for the browser tests in tests/web/, and faketime (libfaketime) for `npm run test:dates`,
# which runs the date-sensitive suites at a month's, a year's and a leap day's last minutes. Needs root and Debian's
# package archive; where neither is available it says so and exits 0: the browser tests then skip with a message,
# and test:dates stops with one.
set -uo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-wqy-zenhei)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: missing ${missing[*]} and cannot install here (needs root and apt-get); browser tests will be skipped, test:dates cannot run" >&2
  exit 0
fi
echo "ensure-test-tools: installing Debian's ${missing[*]} for the tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "ensure-test-tools: apt-get could not install ${missing[*]}; browser tests may be skipped, test:dates may not run" >&2
fi
exit 0
