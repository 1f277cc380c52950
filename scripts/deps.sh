#!/usr/bin/env bash
# Installs what HireFlow needs on Debian 12 when it is missing: apt packages (with sudo when not
# root) and npm packages for the web app and the test suites. Fast no-op when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev
  libspdlog-dev libfmt-dev libcurl4-openssl-dev libgtest-dev libgmock-dev libbenchmark-dev libicu-dev
  libpoppler-cpp-dev libzip-dev libpugixml-dev libxlsxwriter-dev libhpdf-dev fonts-wqy-zenhei poppler-utils
  libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev ffmpeg
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx pocketsphinx-en-us pocketsphinx-testdata espeak-ng
  libopencv-core-dev libopencv-imgproc-dev libopencv-objdetect-dev opencv-data
  postgresql postgresql-contrib python3-aiosmtpd
  nodejs chromium fonts-noto-cjk wrk nginx curl ca-certificates bc time
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm 11 needs node >= 20.17; Debian 12's node is 18: prefer a newer node already on PATH.
npm_ci() {  # dir
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci web
npm_ci tests
