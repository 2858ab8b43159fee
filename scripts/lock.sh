#!/usr/bin/env bash
# Refresh requirements/lock.txt from pyproject.toml: newest versions the ranges allow, with hashes.
# Review the diff, run the whole suite, and commit the lock with any change it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras --extra test \
  -o requirements/lock.txt pyproject.toml
