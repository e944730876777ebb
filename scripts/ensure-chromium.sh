#!/usr/bin/env bash
# The browser test (test/explorer.browser.test.ts) drives Debian's chromium with playwright-core
# (no browser download).
exec bash "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium chromium "a few minutes"
