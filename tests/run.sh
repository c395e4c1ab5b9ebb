#!/usr/bin/env bash
# Runs obs's whole test suite on a Debian or Ubuntu machine with a JDK and Maven:
# installs the real components the tests start (Prometheus, Alertmanager, exporters, fping, mtr, dnsmasq,
# nftables) without letting their packages start daemons, picks a JDK 21+, then runs Maven.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

PACKAGES=(prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter
  prometheus-pushgateway prometheus-smokeping-prober fping mtr-tiny dnsmasq-base nftables iproute2 python3
  mariadb-server redis-server prometheus-mysqld-exporter prometheus-redis-exporter)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "[obs] installing ${missing[*]} (package scripts may not start services)" >&2
  # policy-rc.d exiting 101 stops postinst scripts from starting Prometheus & co. on their default ports.
  restore=""
  if [ -e /usr/sbin/policy-rc.d ]; then
    $SUDO mv /usr/sbin/policy-rc.d /usr/sbin/policy-rc.d.obs-backup
    restore=1
  fi
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  status=0
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  } || status=$?
  $SUDO rm -f /usr/sbin/policy-rc.d
  [ -z "$restore" ] || $SUDO mv /usr/sbin/policy-rc.d.obs-backup /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || { echo "[obs] error: apt-get install failed" >&2; exit 3; }
fi

# Maven must compile for Java 21: use the newest local JDK 21+ (Temurin 25 here), whatever the default java is.
jdk=$(bin/find-jdk) || exit 3
export JAVA_HOME=$jdk
echo "[obs] running the test suite on $JAVA_HOME" >&2
exec mvn -B -ntp verify "$@"
