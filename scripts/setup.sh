#!/usr/bin/env bash
# One-time setup on a fresh machine (stock Debian 12, Ubuntu 24.04, or any Python >= 3.11):
#   - a project-local virtual environment in .venv/, filled from requirements/lock.txt (exact versions and hashes),
#     so nothing is installed into the system Python and nothing floats;
#   - Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser);
#   - node_modules/ from package-lock.json (`npm ci`: exact versions and integrity hashes): axe-core, which the
#     browser tests inject to check accessibility. Node and npm come from apt when missing.
# Run it again at any time: it brings .venv/ back in line with the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
  else
    echo "请先安装：sudo apt-get install $*" >&2
    return 1
  fi
}

# Chinese pages need a CJK font to be laid out and screenshotted as readers see them.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  apt_install chromium fonts-noto-cjk || echo "没有 chromium 或中文字体，浏览器测试无法运行。" >&2
fi

# axe-core for the accessibility tests, exactly as locked in package-lock.json.
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm || echo "没有 node 和 npm，无障碍测试（axe-core）无法运行。" >&2
fi
if command -v npm >/dev/null 2>&1; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# Debian and Ubuntu ship venv without ensurepip unless python3-venv is installed.
if [ ! -x .venv/bin/python ]; then
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
  python3 -m venv .venv
fi

# Install exactly the lock (pip and setuptools included), then the project itself without touching the lock.
.venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/lock.txt
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
echo "安装完成：.venv/bin/changjing $( .venv/bin/changjing --version 2>/dev/null || true )"
