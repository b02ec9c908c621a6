#!/usr/bin/env bash
# Installs what Grimnir Radio needs on a fresh Debian/Ubuntu machine: system packages (when
# missing), npm dependencies (when the lockfile changed), then builds. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

missing_packages() {
  local pkgs=() p
  while read -r p; do
    [[ -z "$p" || "$p" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || pkgs+=("$p")
  done < scripts/system-packages.txt
  if [[ "${GRIMNIR_SETUP_EXTRA_PACKAGES:-}" != "" ]]; then
    for p in $GRIMNIR_SETUP_EXTRA_PACKAGES; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || pkgs+=("$p")
    done
  fi
  echo "${pkgs[@]:-}"
}

install_system_packages() {
  command -v dpkg-query >/dev/null || { log "not a Debian-like system: install the packages in scripts/system-packages.txt yourself"; return; }
  local missing; missing=$(missing_packages)
  [[ -z "${missing// /}" ]] && return
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      log "missing system packages: $missing"
      log "install them with: sudo apt-get install -y $missing"
      return 1
    fi
  fi
  log "installing system packages: $missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

install_node_modules() {
  local stamp=node_modules/.grimnir-lock-hash
  local want; want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return; fi
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

if [[ "${GRIMNIR_SKIP_SYSTEM_PACKAGES:-}" != "1" ]]; then install_system_packages; fi
install_node_modules
log "building"
npm run --silent build
