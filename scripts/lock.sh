#!/usr/bin/env bash
# Write requirements/lock.txt from pyproject.toml: exact versions with hashes, runtime and test dependencies.
#   bash scripts/lock.sh            add what pyproject.toml newly asks for, keep every other pin
#   bash scripts/lock.sh --upgrade  move every pin to the newest version the ranges allow
# Review the diff, run the whole suite, and commit the lock with any change it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --extra test \
  -o requirements/lock.txt "$@" pyproject.toml
