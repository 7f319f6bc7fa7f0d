#!/usr/bin/env bash
# Set up and run the tests: system packages, .venv with the [test] extras, a throwaway
# PostgreSQL server when one can be had, then pytest (Qt offscreen). Arguments go to pytest.
#
#   scripts/test.sh                      # the whole suite, one worker per core (pytest-xdist)
#   scripts/test.sh -q tests/core -k pin # any pytest arguments, paths relative to the repo
#   scripts/test.sh -n 0 tests/ui/test_login.py   # in this one process (-s, --pdb, a debugger)
#
# Environment:
#   CI=true                 also install PostgreSQL (the PG tests must run in CI)
#   HALL_DESK_TEST_PG_URL   use this server instead of starting one
#   HALL_DESK_TEST_PG=0     do not start a PostgreSQL server (PG tests then skip, outside CI)
#   PYTHON                  interpreter for a new .venv (default python3, at least 3.11)
# Exit code: pytest's own.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if [ "${CI:-}" = true ]; then
    bash scripts/setup-system.sh --with-postgres
else
    bash scripts/setup-system.sh
fi

# --- .venv, reinstalled only when pyproject.toml changed since the last install ----------
# shellcheck source=scripts/venv.sh
. "$repo/scripts/venv.sh"
ensure_venv test

# --- a throwaway PostgreSQL cluster for this run -----------------------------------------
pg_dir=""
pg_as=()
stop_pg() {
    if [ -n "$pg_dir" ]; then
        "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
        echo "test.sh: PostgreSQL test server stopped."
        pg_dir=""
    fi
}
start_pg() {
    local port try
    pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/hall-desk-pg.XXXXXX")"
    if [ "$(id -u)" -eq 0 ]; then
        # The server refuses to run as root: initdb and pg_ctl run as the postgres user.
        if ! id postgres >/dev/null 2>&1; then
            echo "test.sh: running as root and there is no 'postgres' user to run the server" >&2
            return 1
        fi
        chown postgres: "$pg_dir"
        pg_as=(runuser -u postgres --)
    fi
    if ! "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
        cat "$pg_dir/initdb.log" >&2
        return 1
    fi
    # A free port can be taken by someone else before the server binds it: try again then.
    for try in 1 2 3; do
        port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        if "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
            -o "-k $pg_dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off" \
            start >/dev/null; then
            export HALL_DESK_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
            echo "test.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') test server on 127.0.0.1:$port"
            return 0
        fi
        echo "test.sh: PostgreSQL did not start (try $try), log:" >&2
        tail -n 5 "$pg_dir/server.log" >&2 || true
    done
    return 1
}

if [ -z "${HALL_DESK_TEST_PG_URL:-}" ] && [ "${HALL_DESK_TEST_PG:-1}" != 0 ]; then
    pg_bin="$(find /usr/lib/postgresql -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)"
    pg_bin="${pg_bin%/initdb}"
    if [ -n "$pg_bin" ]; then
        trap stop_pg EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        if ! start_pg; then
            stop_pg
            if [ "${CI:-}" = true ]; then
                echo "test.sh: could not start PostgreSQL, which CI needs" >&2
                exit 1
            fi
            echo "test.sh: could not start PostgreSQL; the PG tests will be skipped" >&2
        fi
    elif [ "${CI:-}" = true ]; then
        echo "test.sh: no PostgreSQL server binaries in /usr/lib/postgresql, which CI needs" >&2
        exit 1
    else
        echo "test.sh: no PostgreSQL server installed (scripts/setup-system.sh --with-postgres);" \
            "the PG tests will be skipped"
    fi
fi

# --- the tests ------------------------------------------------------------------------------
# In parallel (pytest-xdist): a worker per core unless -n says how many (-n 0: this process),
# each test file whole on one worker so that its module-scoped fixtures are built once.
# A worker that crashes (a segfault) fails the run at once, naming the test: pytest-xdist
# 3.8 re-runs that test on each replacement and then waits forever under --dist loadfile.
# -p no:xdist leaves the plugin out altogether.
parallel=(--dist loadfile --max-worker-restart 0)
numprocesses=(-n auto)
for arg in "$@"; do
    case "$arg" in
        -n|-n?*|--numprocesses|--numprocesses=*) numprocesses=() ;;
        no:xdist|-pno:xdist) parallel=(); numprocesses=(); break ;;
    esac
done
export QT_QPA_PLATFORM=offscreen
rc=0
"$venv/bin/python" -m pytest "${parallel[@]}" "${numprocesses[@]}" "$@" || rc=$?
exit "$rc"
