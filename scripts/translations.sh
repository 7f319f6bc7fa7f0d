#!/usr/bin/env bash
# Regenerate the GUI translations: collect the source strings of hall_desk/ui into the .ts
# file (keeping the translations already there), then compile it to the .qm the program loads.
#
#   scripts/translations.sh            # update resources/translations/*.ts and *.qm
#
# Translate new strings (type="unfinished") with pyside6-linguist or a text editor, then run
# this again; tests/ui/test_translations.py fails while any string is untranslated.
# Environment: PYSIDE6_BIN  folder of pyside6-lupdate/pyside6-lrelease (default: .venv/bin,
# then the PATH).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bin="${PYSIDE6_BIN:-}"
if [ -z "$bin" ] && [ -x .venv/bin/pyside6-lupdate ]; then
    bin=.venv/bin
fi
lupdate="${bin:+$bin/}pyside6-lupdate"
lrelease="${bin:+$bin/}pyside6-lrelease"

sources=$(find hall_desk/ui -name '*.py' | sort)
for ts in resources/translations/hall_desk_*.ts; do
    # -locations none: line numbers would change the .ts on every edit of the code.
    # shellcheck disable=SC2086
    "$lupdate" $sources -no-obsolete -locations none -ts "$ts"
    "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
