#!/usr/bin/env bash
# npm run test:fresh -- [trixie|bookworm]: README's two commands on a fresh Debian root, as a new
# user meets them. The root is made with debootstrap, Debian's own nodejs and npm are installed in
# it with apt, this repository (its HEAD) is cloned into its /root (mode 0700), and
#   npm ci && npm run lab -- nat64
#   npm test
# run there, in a private mount namespace (nothing is mounted on this machine's own tree). The
# root and everything started in it are removed at the end; the suite's results are kept as
# test-results/fresh-<release>.json. Exit: the first failing step's.
# V6LAB_FRESH_ROOT=DIR reuses a root made before (kept; for working on this script).
set -euo pipefail
release=${1:-trixie}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
mirror=http://deb.debian.org/debian

root=${V6LAB_FRESH_ROOT:-}
made=0
if [ -z "$root" ]; then root=$(mktemp -d /var/tmp/v6lab-fresh-XXXXXX); made=1; fi
root=$(realpath "$root")
# mktemp -d makes it 0700: as the new system's "/", daemons that drop to their own user (Squid as
# proxy) and the suite's unprivileged checks could not enter it.
chmod 0755 "$root"

# Whatever still runs inside the root at the end is this script's (nothing else enters it): by PID.
in_root_pids() { for p in /proc/[0-9]*; do [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && echo "${p#/proc/}"; done; true; }
cleanup() {
  local left
  left=$(in_root_pids)
  if [ -n "$left" ]; then echo "test:fresh: processes left in the root, killed: $left" >&2; kill -9 $left 2>/dev/null || true; fi
  if [ "$made" = 1 ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT

echo "== test:fresh on Debian $release: root $root"
if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap; }
  debootstrap --variant=minbase "$release" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || { tail -20 "$root.debootstrap.log"; rm -f "$root.debootstrap.log"; exit 1; }
  rm -f "$root.debootstrap.log"
fi
# This machine's apt settings (its mirror's quirks), resolver and npm CA file, as a user's machine has its own.
for f in /etc/apt/apt.conf.d/*; do [ -e "$root/etc/apt/apt.conf.d/$(basename "$f")" ] || cp "$f" "$root/etc/apt/apt.conf.d/"; done
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cafile=$(npm config get cafile 2>/dev/null || true)
npmrc=""
if [ -n "$cafile" ] && [ -f "$cafile" ]; then cp -L "$cafile" "$root/etc/v6lab-npm-ca.pem"; npmrc="cafile=/etc/v6lab-npm-ca.pem"; fi

rm -rf "$root/root/v6lab"
git clone -q "$repo" "$root/root/v6lab"
chmod 0700 "$root/root"

inside=$(cat <<EOF
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
echo "== apt-get install nodejs npm git ca-certificates iproute2 (Debian's own)"
apt-get update -qq
apt-get install -y -qq --no-install-recommends nodejs npm git ca-certificates iproute2 >/dev/null
[ -z "$npmrc" ] || echo "$npmrc" >> /root/.npmrc
echo "node \$(node --version), npm \$(npm --version), \$(. /etc/os-release && echo "\$PRETTY_NAME")"
cd /root/v6lab
echo "== npm ci && npm run lab -- nat64"
npm ci --no-audit --no-fund
# The browsers are left out here (V6LAB_BROWSERS=off): this root checks Debian 13's packaging of
# the methods; the browser cells are measured by the host suite (test/lab/browsers.test.ts).
export V6LAB_BROWSERS=off
npm run lab -- nat64
echo "== npm test"
npm test
EOF
)

# A private mount namespace: the root is bind-mounted onto itself (ip netns exec needs a mount
# point at /), with its own proc, sys, dev, run and tmp; all of it goes when the namespace does.
set +e
unshare --mount --propagation private bash -c '
  set -e
  root=$1
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/run"
  mount -t tmpfs tmpfs "$root/tmp"
  exec chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb CI=true bash -c "$2"
' fresh "$root" "$inside"
rc=$?
set -e
if [ -f "$root/root/v6lab/test-results/vitest.json" ]; then
  # Kept beside this repository's own results (the root goes): .ci/run counts them too.
  mkdir -p "$repo/test-results" && cp "$root/root/v6lab/test-results/vitest.json" "$repo/test-results/fresh-$release.json"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`test:fresh (Debian '"$release"'): npm test ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  ' "$root/root/v6lab/test-results/vitest.json" || true
fi
echo "test:fresh on Debian $release: exit $rc"
exit "$rc"
