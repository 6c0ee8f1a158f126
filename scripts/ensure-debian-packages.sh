#!/bin/sh
# Install the Debian packages the tests use, when run as root and they are missing.
# Not root: say what is missing; the tests that need them are skipped with a reason.
missing=""
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "note: not root, not installing Debian packages:$missing (tests that need them are skipped)" >&2
    exit 0
fi
echo "installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null; }; then
    echo "warning: could not install:$missing; the tests that need them will be skipped (see pytest -ra)" >&2
fi
exit 0
