#!/bin/sh
# Render icecast.xml from the template and run Icecast in the foreground as icecast2.
# Each password comes from ICECAST_<NAME>_PASSWORD or, when empty, /secrets/icecast_<name>_password
# (written by the secrets-init service). Values are XML-escaped; envsubst copies them verbatim.
set -eu
secrets=${SECRETS_DIR:-/secrets}
config=${ICECAST_CONFIG:-/tmp/icecast.xml}

xml_escape() {
  printf %s "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

for kind in SOURCE ADMIN RELAY; do
  var="ICECAST_${kind}_PASSWORD"
  eval "value=\${$var:-}"
  if [ -z "$value" ]; then
    file="$secrets/icecast_$(printf %s "$kind" | tr 'A-Z' 'a-z')_password"
    if [ ! -s "$file" ]; then
      echo "icecast: $var is empty and $file is missing; run the secrets-init service" >&2
      exit 78
    fi
    value=$(cat "$file")
  fi
  export "$var=$(xml_escape "$value")"
done

export ICECAST_HOSTNAME="$(xml_escape "${ICECAST_HOSTNAME:-localhost}")"
export ICECAST_ADMIN_EMAIL="$(xml_escape "${ICECAST_ADMIN_EMAIL:-icemaster@localhost}")"
export ICECAST_MAX_CLIENTS="${ICECAST_MAX_CLIENTS:-1000}"
export ICECAST_MAX_SOURCES="${ICECAST_MAX_SOURCES:-50}"
export ICECAST_PORT="${ICECAST_PORT:-8000}"
export ICECAST_LOG_DIR="${ICECAST_LOG_DIR:-/var/log/icecast2}"

umask 077
envsubst '${ICECAST_SOURCE_PASSWORD} ${ICECAST_ADMIN_PASSWORD} ${ICECAST_RELAY_PASSWORD}
  ${ICECAST_HOSTNAME} ${ICECAST_ADMIN_EMAIL} ${ICECAST_MAX_CLIENTS} ${ICECAST_MAX_SOURCES}
  ${ICECAST_PORT} ${ICECAST_LOG_DIR}' \
  <"${ICECAST_TEMPLATE:-/etc/icecast2/icecast.xml.template}" >"$config"
exec icecast2 -c "$config"
