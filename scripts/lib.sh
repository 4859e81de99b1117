# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/run and scripts/test: package installation and the CMake build.
# shellcheck shell=bash

SIGNET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What building and running Signet needs.
SIGNET_BUILD_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins qt6-svg-dev
    libqt6sql6-psql libqt6sql6-mysql
    qtkeychain-qt6-dev libssl-dev
    libmariadb-dev libpq-dev libqscintilla2-qt6-dev
    gnome-keyring dbus
    dpkg-dev file help2man
)
# What the test suite needs on top: botocore and Node.js (for AWS's npm signers, see
# signet_install_npm_oracles) as the signing oracles, the RDS emulation's servers,
# (its AWSAuthenticationPlugin is compiled at start with gcc from libmariadbd-dev's server headers),
# a Secret Service, Xvfb for screenshots, benchmarks, and the release checks (lintian, rpmbuild and
# rpm2cpio's cpio, AppStream and desktop-entry validators, man for `man --warnings`, zsh and fish for
# their completions). (Packaging's dpkg-shlibdeps and file, and help2man for the man pages, are build
# packages: `cpack -G DEB` after scripts/run needs them too.)
SIGNET_TEST_PACKAGES=(
    python3 python3-botocore nodejs
    libbenchmark-dev
    mariadb-server mariadb-client postgresql postgresql-client libpam-script openssl
    gcc libmariadbd-dev
    dbus-x11 libsecret-tools xvfb xauth imagemagick
    clang libclang-rt-14-dev
    default-jdk-headless libmariadb-java libpostgresql-jdbc-java
    lintian rpm cpio appstream desktop-file-utils man-db zsh fish
    python3-pymysql python3-psycopg2
    openssh-server
)

signet_log() { printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

# Installs the packages that are not installed yet; does nothing (and needs no network) otherwise.
signet_install_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    signet_can_be_root || { echo "Need root or sudo to install: ${missing[*]}" >&2; return 1; }
    signet_log "Installing ${missing[*]}"
    signet_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    signet_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# AWS's JavaScript token signers (npm @aws-sdk/dsql-signer and @aws-sdk/rds-signer), the reference of
# tst_dsql_parity and tst_rds_js_parity: `npm ci` from the pinned tests/support/npm/package-lock.json
# into build/npm (SIGNET_NPM_DIR), only when that cache is missing or was installed from another lock
# file (build/npm/.lock-sha256 records it). Needs the npm registry only then. Debian's nodejs package
# comes without npm (NodeSource's includes it), so npm is installed only when the command is missing.
signet_install_npm_oracles() {
    local dir="${SIGNET_NPM_DIR:-$SIGNET_ROOT/build/npm}" src="$SIGNET_ROOT/tests/support/npm" sha
    command -v npm >/dev/null || signet_install_packages npm
    sha="$(sha256sum "$src/package-lock.json" | cut -d' ' -f1)"
    if [ -d "$dir/node_modules" ] && [ "$(cat "$dir/.lock-sha256" 2>/dev/null)" = "$sha" ]; then
        return 0
    fi
    signet_log "Installing AWS's npm token signers into ${dir#"$SIGNET_ROOT"/} (npm ci)"
    mkdir -p "$dir"
    rm -f "$dir/.lock-sha256"
    cp "$src/package.json" "$src/package-lock.json" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$sha" >"$dir/.lock-sha256"
}

signet_can_be_root() { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; }

# signet_as_root CMD [ARGS...]: runs CMD as root: directly when we are root, through sudo otherwise.
signet_as_root() {
    signet_can_be_root || { echo "Need root or sudo to run: $*" >&2; return 1; }
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# signet_emulator start|stop|status|env: the local RDS emulation (tests/emulator/emulator), which must
# run as root; through sudo for other users, passing on the SIGNET_EMU_* settings it reads (sudo resets
# the environment). What `env` names for clients (CA, log, identities) is world-readable, so its
# output works for the caller; only the admin sockets stay root-only.
signet_emulator() {
    local settings=() var
    for var in SIGNET_EMU_DIR SIGNET_EMU_MYSQL_PORT SIGNET_EMU_MYSQL_BACKEND_PORT SIGNET_EMU_PG_PORT \
        SIGNET_EMU_MYSQL_NOTLS_PORT SIGNET_EMU_PG_NOTLS_PORT \
        SIGNET_EMU_REGION; do
        [ -n "${!var:-}" ] && settings+=("$var=${!var}")
    done
    signet_as_root env "${settings[@]}" "$SIGNET_ROOT/tests/emulator/emulator" "$@"
}

# The Release build that scripts/run starts (and scripts/demo, when it is missing): build/release/app/signet.
signet_build_release() {
    signet_install_packages "${SIGNET_BUILD_PACKAGES[@]}"
    signet_log "Building Release in build/release"
    signet_build "$SIGNET_ROOT/build/release" Release -DSIGNET_BUILD_TESTS=OFF -DSIGNET_BUILD_BENCH=OFF
}

# signet_build DIR BUILD_TYPE [extra cmake args...]: configure once, then build incrementally —
# everything, or only the targets named in SIGNET_BUILD_ONLY (space-separated).
signet_build() {
    local dir="$1" type="$2"
    shift 2
    cmake -S "$SIGNET_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
    if [ -n "${SIGNET_BUILD_ONLY:-}" ]; then
        # shellcheck disable=SC2086 # a list of target names
        cmake --build "$dir" --parallel "$(nproc)" --target $SIGNET_BUILD_ONLY
    else
        cmake --build "$dir" --parallel "$(nproc)"
    fi
}

# signet_existing_targets DIR NAME...: the NAMEs that are build targets of the configured tree DIR.
signet_existing_targets() {
    local dir="$1"
    shift
    local known
    known="$(ninja -C "$dir" -t targets all | sed -n 's/^\([A-Za-z0-9_.+-]*\): phony$/\1/p')"
    printf '%s\n' "$@" | grep -Fx -f <(printf '%s\n' "$known") | sort -u
}
