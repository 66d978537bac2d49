#!/usr/bin/env bash
# Install summitry with its test tools, then run the whole test suite. README's test command and
# .ci/run both run this script. Tools the tests need beyond PyPI packages are installed when the
# machine allows it; a test whose tool is missing skips with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e '.[test]'
# ConvoKit 5 without its torch dependency (the export test loads our corpus with it).
python -m pip install -q --no-deps convokit==5.0.0 \
  && python -m pip install -q pyyaml requests numpy pandas scipy tqdm pymongo scikit-learn \
  || echo "convokit not installed: its test will skip"
# Headless Chromium for the browser tests.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "chromium not installed: browser tests will skip"
fi
# A PostgreSQL server for the copy tests (they start their own, on a free port, data in a temporary folder).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
    || echo "postgresql not installed: the PostgreSQL tests will skip"
fi
python -m pytest "$@"
