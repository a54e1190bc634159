#!/usr/bin/env bash
# Installs Debian's chromium (and a CJK font so pages in Chinese render legibly in screenshots) for the browser
# tests in tests/web/, only when /usr/bin/chromium is missing. Needs root and Debian's package archive; where
# neither is available it says so and exits 0: the browser tests then skip with a message instead of failing.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get); browser tests will be skipped" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >/dev/null; }; then
  echo "ensure-chromium: apt-get could not install chromium; browser tests will be skipped" >&2
fi
exit 0
