#!/usr/bin/env bash
# Set up and start hall_desk: system packages, .venv with the [postgres] extras, a demo hall
# on first start, then the app in a real window. Arguments go to hall-desk:
#
#   scripts/start.sh                     # default database; a demo hall on the first start
#   scripts/start.sh --lang en --db /tmp/try.sqlite3
#
# Environment:
#   HALL_DESK_NO_DEMO=1   never create the demo hall
#   PYTHON                interpreter for a new .venv (default python3, at least 3.11)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup-system.sh

# --- .venv, reinstalled only when pyproject.toml changed since the last install ----------
# shellcheck source=scripts/venv.sh
. "$repo/scripts/venv.sh"
ensure_venv postgres

# --- a demo hall on the first start -------------------------------------------------------
# hall-desk's own parser tells which database the arguments (or HALL_DESK_DB) point at. Only
# a window start on a SQLite database that is not set up yet gets the demo hall; a CLI
# command, --help/--version and a server database (--database-url) are left alone.
# Prints the demo command's global options, one a line, or nothing when no demo is wanted.
demo_plan() {
    "$venv/bin/python" - "$@" <<'EOF'
import contextlib, io, sys

from hall_desk import cli

try:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        args = cli.build_parser().parse_args(sys.argv[1:])
except SystemExit:      # --help, --version or a bad argument: hall-desk itself answers
    sys.exit()
path, url = cli.database_location(args)
if args.command not in (None, "gui") or url:
    sys.exit()
if path.is_file():
    try:
        from hall_desk.services import setup
        from hall_desk.store.connection import close_database, open_database

        open_database(path=path)
        done = setup.is_initialised()
        close_database()
    except Exception:   # a damaged or newer database: hall-desk itself reports it
        sys.exit()
    if done:
        sys.exit()
print("\n".join(["--db", str(path)] + (["--lang", args.lang] if args.lang else [])
                + (["--counter", args.counter] if args.counter else [])))
EOF
}

if [ "${HALL_DESK_NO_DEMO:-0}" != 1 ]; then
    mapfile -t demo_args < <(demo_plan "$@")
    if [ "${#demo_args[@]}" -gt 0 ]; then
        echo "start.sh: no hall in ${demo_args[1]} yet: creating a demo hall"
        "$venv/bin/hall-desk" "${demo_args[@]}" demo --tickets 300
    fi
fi

exec "$venv/bin/hall-desk" "$@"
