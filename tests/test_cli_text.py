"""The command line speaks Chinese: every help screen, every argument, argparse's own words and errors."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from changjing.cli import build_parser, main

ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help",
                    "error:", "required:", "invalid choice", "unrecognized arguments", "expected one argument")


def _parsers(parser: argparse.ArgumentParser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


PARSERS = list(_parsers(build_parser()))


@pytest.mark.parametrize("path,parser", PARSERS, ids=[" ".join(p) or "changjing" for p, _ in PARSERS])
def test_every_help_screen_is_chinese(path, parser):
    text = parser.format_help()
    for english in ARGPARSE_ENGLISH:
        assert english not in text, (path, english)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help and re.search(r"[\u4e00-\u9fff]", action.help), (path, action.option_strings, action.dest)
        if action.metavar is None and action.nargs != 0 and not action.choices:
            pytest.fail(f"{' '.join(path)} {action.option_strings}: no Chinese metavar (shows {action.dest.upper()})")


@pytest.mark.parametrize("argv", [["check", "--bogus"], ["status"], ["serve", "--port", "abc"], ["nope"],
                                  ["check", "--today", "2026-13-01"], ["new", "thing"]])
def test_argparse_errors_are_chinese(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "错误：" in err
    for english in ARGPARSE_ENGLISH:
        assert english not in err, english


def test_version():
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert re.fullmatch(r"changjing \d+\.\d+\.\d+\S*\n", proc.stdout)
