#!/usr/bin/env bash
# Install the Debian/Ubuntu packages hall_desk needs, only those that are missing.
#
#   scripts/setup-system.sh [--with-postgres] [--with-xvfb]
#
# Environment: HALL_DESK_WITH_POSTGRES=1 and HALL_DESK_WITH_XVFB=1 do the same as the options.
# When everything is installed already it does not touch apt at all, so reruns are instant.
set -euo pipefail

with_postgres="${HALL_DESK_WITH_POSTGRES:-0}"
with_xvfb="${HALL_DESK_WITH_XVFB:-0}"
for arg in "$@"; do
    case "$arg" in
        --with-postgres) with_postgres=1 ;;
        --with-xvfb) with_xvfb=1 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "setup-system.sh: unknown option: $arg" >&2; exit 2 ;;
    esac
done

# Qt 6 (PySide6 wheels) runtime. The offscreen platform (tests) needs GL/EGL, X11, xkbcommon,
# fontconfig/freetype, glib and dbus; the xcb platform (a real window, scripts/start.sh) adds
# the xcb utility libraries below, as read with ldd from libqxcb.so / libQt6XcbQpa.so.6.
# (Qt 6 no longer links libxcb-xinerama0, so it is not listed.)
packages=(
    libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
    libxkbcommon0
    libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
    libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
    fonts-wqy-microhei   # Chinese glyphs for Qt widgets (the PDFs embed resources/fonts)
    poppler-utils        # pdftoppm/pdftotext, used by some tests
)
[ "$with_postgres" = 1 ] && packages+=(postgresql)
[ "$with_xvfb" = 1 ] && packages+=(xvfb)

# A python3 of at least 3.11 with a working venv + ensurepip (Debian splits it off).
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    packages+=(python3 python3-venv)
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup-system.sh: not a Debian/Ubuntu system (no dpkg); install the equivalents of:" >&2
    echo "  ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup-system.sh: system packages already installed."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    # Without a terminal sudo cannot ask for a password: fail at once instead of hanging.
    if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
else
    echo "setup-system.sh: these packages are missing: ${missing[*]}" >&2
    echo "setup-system.sh: run this script as root, or install sudo, or install them yourself:" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "setup-system.sh: installing ${missing[*]}"
# sudo resets the environment, so pass the frontend setting through env(1).
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q)
if ! "${apt[@]}" update || ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; then
    echo "setup-system.sh: apt-get failed (as ${as_root[*]:-root}); install these yourself:" >&2
    echo "  ${missing[*]}" >&2
    exit 1
fi
