#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright's own browser download does not work
# offline). Install it when missing and we are allowed to; otherwise say what to do.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "chromium est absent : installez-le (sudo apt-get install chromium) pour les tests navigateur." >&2
exit 1
