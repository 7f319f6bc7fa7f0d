"""``hall-desk COMMAND --help`` describes every option and argument of every command."""

from __future__ import annotations

import argparse

import pytest

from hall_desk.cli import build_parser

# The pdf command's sheet names come from the sheet registry (another branch's line).
UNDESCRIBED: set[tuple[str, str]] = set()


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, path + (name,))


def _undescribed(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> list[str]:
    return [f"{' '.join(path) or 'hall-desk'}: {a.option_strings or a.dest}"
            for a in parser._actions
            if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
            and not a.help and (path[-1:] + (a.dest,)) not in UNDESCRIBED]


def test_every_option_of_every_command_has_a_description():
    missing = [line for path, parser in _commands(build_parser())
               for line in _undescribed(parser, path)]
    assert not missing, "\n".join(missing)


def test_demo_help_describes_its_options(capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["demo", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--tickets N" in out and "receptions' one included" in out
    assert "--seed" in out and "same hall and tickets" in out


def test_the_check_sees_an_option_without_help():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiet", action="store_true")
    assert _undescribed(parser, ("x",)) == ["x: ['--quiet']"]
