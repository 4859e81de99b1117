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
)
# What the test suite needs on top: botocore as the signing oracle, the RDS emulation's servers,
# a Secret Service, Xvfb for screenshots, benchmarks and packaging.
SIGNET_TEST_PACKAGES=(
    python3 python3-botocore
    libbenchmark-dev
    mariadb-server mariadb-client postgresql postgresql-client libpam-script openssl
    dbus-x11 libsecret-tools xvfb xauth imagemagick
    dpkg-dev file
    clang libclang-rt-14-dev
    default-jdk-headless libmariadb-java libpostgresql-jdbc-java
)

signet_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the packages that are not installed yet; does nothing (and needs no network) otherwise.
signet_install_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    signet_log "Installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# signet_build DIR BUILD_TYPE [extra cmake args...]: configure once, then build incrementally.
signet_build() {
    local dir="$1" type="$2"
    shift 2
    cmake -S "$SIGNET_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
    cmake --build "$dir" --parallel "$(nproc)"
}
