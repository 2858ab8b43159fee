#!/usr/bin/env bash
# One-time setup on a fresh machine: the Python package with its test tools, and
# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "需要 Debian 的 chromium 来运行浏览器测试：sudo apt-get install chromium" >&2
  fi
fi
python3 -m pip install -q -e ".[test]"
