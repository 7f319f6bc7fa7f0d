#!/usr/bin/env bash
# Sourced by start.sh and test.sh: ensure_venv EXTRAS makes .venv (Python >= 3.11, or
# $PYTHON) and runs `pip install -e .[EXTRAS]` only when pyproject.toml changed since the
# last install of those extras. Expects $repo to be the repository root.
venv="$repo/.venv"
ensure_venv() {  # $1: the extras to install, e.g. "test"
    local python="${PYTHON:-python3}" stamp want me
    me="$(basename "$0")"
    if ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$me: $python is missing or older than 3.11; set PYTHON=/path/to/python3.11" >&2
            exit 1
        fi
        echo "$me: creating .venv with $("$python" --version 2>&1)"
        rm -rf "$venv"
        "$python" -m venv "$venv"
    fi
    stamp="$venv/.hall-desk-installed-$1"
    want="$(sha256sum "$repo/pyproject.toml" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "$me: pip install -e .[$1] (a first install takes a minute or two)"
        "$venv/bin/python" -m pip install --disable-pip-version-check -q -e "$repo[$1]"
        echo "$want" >"$stamp"
    fi
}
