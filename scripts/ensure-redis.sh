#!/usr/bin/env bash
# The test suite starts a real redis-server (test/support/global-setup.ts); the benchmark too.
# The package's postinst may try to start a system service: harmless, the tests start their own.
exec bash "$(dirname "$0")/ensure-debian-package.sh" redis-server redis-server
