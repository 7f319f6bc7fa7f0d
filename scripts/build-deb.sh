#!/usr/bin/env bash
# Build dist/hall-desk_VERSION_ARCH.deb from the PyInstaller bundle dist/hall-desk/ (build.spec).
#
#   .venv/bin/pyinstaller --noconfirm build.spec && bash scripts/build-deb.sh
#
# Needs dpkg-deb and rsvg-convert (apt-get install librsvg2-bin) for the PNG icons.
# The package installs the bundle in /opt/hall-desk, the launcher /usr/bin/hall-desk, the menu
# entry and the icon. It has no maintainer scripts: dpkg's triggers of desktop-file-utils and
# hicolor-icon-theme refresh the menu and icon caches, and nothing the package does at install,
# remove or purge touches a user's data (~/.local/share/hall-desk, ~/.config/hall-desk).
#
# Environment: HALL_DESK_DEB_MAINTAINER overrides the Maintainer field; HALL_DESK_DEB_BUNDLE
# (default dist/hall-desk) and HALL_DESK_DEB_OUT (default dist) the bundle and the output folder.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bundle="${HALL_DESK_DEB_BUNDLE:-dist/hall-desk}"
outdir="${HALL_DESK_DEB_OUT:-dist}"
if [ ! -x "$bundle/hall-desk" ]; then
    echo "build-deb.sh: no bundle at $bundle/hall-desk; build it first: pyinstaller --noconfirm build.spec" >&2
    exit 1
fi
for tool in dpkg-deb dpkg rsvg-convert objdump; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build-deb.sh: $tool is missing (apt-get install dpkg-dev librsvg2-bin binutils)" >&2
        exit 1
    fi
done

version="$(sed -nE 's/^__version__ = "([^"]+)"$/\1/p' hall_desk/__init__.py)"
[ -n "$version" ] || { echo "build-deb.sh: no __version__ in hall_desk/__init__.py" >&2; exit 1; }
arch="$(dpkg --print-architecture)"
maintainer="${HALL_DESK_DEB_MAINTAINER:-hall_desk maintainers <maintainers@users.noreply.h-seed-5b88245b.example>}"

# The newest glibc symbol the bundle uses (it was built against this machine's libc): the
# package must not install where the libc is older. Build on the oldest system you target.
glibc="$(find "$bundle" -type f \( -name '*.so*' -o -name hall-desk \) -exec objdump -T {} + 2>/dev/null \
    | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -u -V | tail -n 1 || true)"

# What the bundle takes from the system. PyInstaller copies most X11/xcb/fontconfig libraries
# into the bundle, but leaves out libGL/libEGL, libxcb and libc (read with objdump -p: the
# NEEDED entries no file of the bundle provides). The xcb platform's libraries are listed
# too, as scripts/setup-system.sh installs them, so the package does not rely on which of
# them a PyInstaller version happens to copy. Wayland's client libraries are only
# recommended: without them Qt uses the xcb platform (XWayland).
depends=(
    "libc6 (>= ${glibc:-2.28})" libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
    libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
    libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
    libxcb-xkb1
)
# The window uses a system CJK font when there is one and the bundled WenQuanYi otherwise.
recommends=("fonts-wqy-microhei | fonts-noto-cjk" libwayland-client0 libwayland-cursor0 libwayland-egl1)

out="$outdir/hall-desk_${version}_${arch}.deb"
stage="$outdir/hall-desk_${version}_${arch}.stage"   # beside the output: same disk, not /tmp
mkdir -p "$outdir"
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/doc/hall-desk" "$stage/usr/share/icons/hicolor/scalable/apps"

cp -a "$bundle" "$stage/opt/hall-desk"
# /proc/self/exe resolves the link, so the bundle still finds its _internal folder.
ln -s /opt/hall-desk/hall-desk "$stage/usr/bin/hall-desk"
install -m 0644 packaging/linux/hall-desk.desktop "$stage/usr/share/applications/hall-desk.desktop"
install -m 0644 resources/icons/hall_desk.svg \
    "$stage/usr/share/icons/hicolor/scalable/apps/hall-desk.svg"
for size in 16 24 32 48 64 128 256; do
    dir="$stage/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert -w "$size" -h "$size" -o "$dir/hall-desk.png" resources/icons/hall_desk.svg
done
cat > "$stage/usr/share/doc/hall-desk/README.Debian" <<'EOF'
hall_desk counter desk / 营业厅柜台工作台

The program is in /opt/hall-desk; /usr/bin/hall-desk starts it.
Each user's data stays in ~/.local/share/hall-desk (the database and its backups) and
~/.config/hall-desk (this PC's settings). Neither "apt-get remove" nor "apt-get purge"
touches them; delete them yourself only when the hall's records are no longer needed.
A newer package installed over an older one keeps the data; on its first start the
program copies the database (*.bak-vN beside it) before migrating it.
EOF

# Readable by every user whatever the builder's umask; dpkg-deb wants 0755 control folders.
chmod -R u+rwX,go+rX,go-w "$stage"

installed_kb="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }
cat > "$stage/DEBIAN/control" <<EOF
Package: hall-desk
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: $(join "${depends[@]}")
Recommends: $(join "${recommends[@]}")
Section: misc
Priority: optional
Description: counter desk of an offline customer-service hall (营业厅柜台工作台)
 hall_desk is the counter PC's program of a customer-service hall: staff
 register complaints, requests, reports, consultations and suggestions,
 hand out numbered receipts, follow every open case against its time
 limits, receive official visitors and hand over each shift. It needs no
 network: the data is a SQLite file in each user's home, or a PostgreSQL
 server shared by the counters.
 .
 营业厅柜台工作台：柜台登记投诉、诉求、举报、咨询和建议，出具编号回执，
 按时限跟踪每一件未办结工单，接待来访检查，办理交接班。无需联网，
 数据保存在用户目录下的 SQLite 文件中，或多个柜台共用的 PostgreSQL 服务器。
EOF

# gzip -1, not xz or zstd: seconds instead of a minute (101 MB instead of 93 MB), and every
# dpkg, also the older ones of UOS and Kylin, reads it.
dpkg-deb --build --root-owner-group -Zgzip -z1 "$stage" "$out" >/dev/null
echo "build-deb.sh: $out ($(du -h "$out" | cut -f1), installs $((installed_kb / 1024)) MB, needs libc6 >= ${glibc:-2.28})"
