#!/usr/bin/env bash
# Idempotent toolchain setup for this workspace, for developers and CI.
#
# Makes the toolchain pinned in rust-toolchain.toml available under its exact
# name, with the wasm32-unknown-unknown target (and rustfmt/clippy when they
# can be had). Never lets rustup install implicitly: works with
# RUSTUP_AUTO_INSTALL=0 and without network access when the machine already
# has a toolchain of the pinned version (e.g. `stable` at 1.95.0).
#
# Configuration (environment):
#   SETUP_TOOLCHAIN         toolchain to provide (default: channel in rust-toolchain.toml)
#   SETUP_SOURCE_TOOLCHAIN  installed toolchain to alias when it has that version (default: stable)
#   SETUP_TARGETS           targets to ensure (default: wasm32-unknown-unknown)
#   SETUP_COMPONENTS        optional components, best effort (default: "rustfmt clippy")
#   CHROMIUM_BIN            the browser of the page's tests (default: /usr/bin/chromium, apt's)
set -euo pipefail

usage() {
  echo "usage: bash scripts/setup.sh [-h|--help]   (configure with SETUP_* environment variables; see the header)"
}

case "${1:-}" in
  "") ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

command -v rustup >/dev/null 2>&1 || die "rustup is not installed; install it (https://rustup.rs) and re-run"

pinned_channel() {
  sed -n 's/^[[:space:]]*channel[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' rust-toolchain.toml | head -n 1
}

TOOLCHAIN="${SETUP_TOOLCHAIN:-$(pinned_channel)}"
SOURCE_TOOLCHAIN="${SETUP_SOURCE_TOOLCHAIN:-stable}"
TARGETS="${SETUP_TARGETS:-wasm32-unknown-unknown}"
COMPONENTS="${SETUP_COMPONENTS:-rustfmt clippy}"
[ -n "$TOOLCHAIN" ] || die "no toolchain channel found in rust-toolchain.toml"

# Every rustc/rustup call below names its toolchain explicitly, so the
# rust-toolchain.toml override in this directory never triggers an install.
has_toolchain() {
  rustup toolchain list | awk '{print $1}' | grep -Eq "^$(printf '%s' "$1" | sed 's/[.]/\\./g')(-|$)"
}

if has_toolchain "$TOOLCHAIN"; then
  log "toolchain $TOOLCHAIN is installed"
else
  source_version=""
  if has_toolchain "$SOURCE_TOOLCHAIN"; then
    source_version="$(rustc "+$SOURCE_TOOLCHAIN" --version | awk '{print $2}')"
  fi
  if [ "$source_version" = "$TOOLCHAIN" ]; then
    # `rustup toolchain link` refuses names that look like release channels
    # ("invalid custom toolchain name"), so register the existing toolchain
    # under the pinned name the way rustup lays out installed toolchains.
    host="$(rustc "+$SOURCE_TOOLCHAIN" -vV | sed -n 's/^host: //p')"
    sysroot="$(rustc "+$SOURCE_TOOLCHAIN" --print sysroot)"
    toolchains_dir="${RUSTUP_HOME:-$HOME/.rustup}/toolchains"
    mkdir -p "$toolchains_dir"
    ln -sfn "$sysroot" "$toolchains_dir/$TOOLCHAIN-$host"
    log "registered $SOURCE_TOOLCHAIN ($source_version) as toolchain $TOOLCHAIN-$host"
  else
    log "toolchain $TOOLCHAIN is not installed and $SOURCE_TOOLCHAIN is ${source_version:-absent}; installing it with rustup"
    rustup toolchain install "$TOOLCHAIN" --profile minimal ||
      die "could not install toolchain $TOOLCHAIN (no network access to the Rust distribution server?)"
  fi
  has_toolchain "$TOOLCHAIN" || die "toolchain $TOOLCHAIN still not visible to rustup"
fi

sysroot="$(rustc "+$TOOLCHAIN" --print sysroot)"
for target in $TARGETS; do
  if [ -d "$sysroot/lib/rustlib/$target" ]; then
    log "target $target is installed"
  else
    log "adding target $target"
    rustup target add --toolchain "$TOOLCHAIN" "$target" ||
      die "could not add target $target to toolchain $TOOLCHAIN"
  fi
done

installed_components="$(rustup component list --installed --toolchain "$TOOLCHAIN" 2>/dev/null || true)"
for component in $COMPONENTS; do
  if printf '%s\n' "$installed_components" | grep -q "^$component"; then
    log "component $component is installed"
  elif rustup component add --toolchain "$TOOLCHAIN" "$component" >/dev/null 2>&1; then
    log "added component $component"
  else
    log "warning: component $component unavailable (not needed to build or test)"
  fi
done

# Installs Debian package $1 with apt-get (as root), or stops saying how to ($2: what is missing).
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $1 with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null ||
      die "could not install $1"
  else
    die "$2 is missing: install it with your package manager, e.g. 'sudo apt-get install $1'"
  fi
}

# binaryen's wasm-opt shrinks the deployed program (see xtask/src/build.rs `wasm_opt`).
if command -v wasm-opt >/dev/null 2>&1; then
  log "wasm-opt is installed ($(wasm-opt --version))"
else
  apt_install binaryen "wasm-opt (binaryen)"
fi

# Debian's chromium, driven by playwright-core in the page's browser tests
# (packages/lst-registry-page); $CHROMIUM_BIN names another build.
if [ -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ]; then
  log "chromium is installed (${CHROMIUM_BIN:-/usr/bin/chromium})"
else
  apt_install chromium "chromium (or \$CHROMIUM_BIN)"
fi

# The npm workspace (contracts/: solc-js, viem, anvil; packages/lst-registry: TypeScript,
# vitest; packages/lst-registry-page: Vite, playwright-core), exactly as package-lock.json
# pins it.
command -v npm >/dev/null 2>&1 || die "npm (Node.js 20.19 or later) is missing: install Node.js"
# vitest 4 runs on vite 8: Node.js ^20.19 or >=22.12.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)' ||
  die "Node.js $(node --version) is too old: 20.19 (or 22.12) or later is needed"
if [ -d node_modules/solc ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  log "npm packages are installed"
else
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed (no access to the npm registry?)"
fi

# web3.py for the node's Python checks (lst-devnet/py), pinned, in .venv/; its eth-account
# also writes scripts/deploy.sh's temporary keystore.
command -v python3 >/dev/null 2>&1 || die "python3 (3.9 or later, with venv) is missing"
if [ -x .venv/bin/python ] && [ .venv/.installed -nt lst-devnet/py/requirements.txt ]; then
  log "web3.py is installed in .venv"
else
  log "installing web3.py into .venv (pip, pinned by lst-devnet/py/requirements.txt)"
  python3 -m venv .venv || die "python3 -m venv failed (install python3-venv)"
  .venv/bin/pip install --quiet --disable-pip-version-check -r lst-devnet/py/requirements.txt ||
    die "pip install failed (no access to PyPI?)"
  touch .venv/.installed
fi

log "ready: $(rustc "+$TOOLCHAIN" --version), $(cargo "+$TOOLCHAIN" --version), $(wasm-opt --version), node $(node --version)"
