#!/bin/sh
# One-shot job of docker-compose.yml (service `secrets-init`). The guide's step 4 only generates
# POSTGRES_PASSWORD, REDIS_PASSWORD and JWT_SIGNING_KEY; Icecast passwords left empty in .env
# are generated here once and kept in the shared `grimnir-secrets` volume, so Icecast, the control
# plane and the media engine agree on them without anyone typing a default password.
set -eu
dir=${SECRETS_DIR:-/secrets}
umask 022

random_password() {
  head -c 24 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'
}

for name in icecast_source_password icecast_admin_password icecast_relay_password; do
  env_name=$(printf %s "$name" | tr 'a-z' 'A-Z')
  eval "given=\${$env_name:-}"
  file="$dir/$name"
  if [ -n "$given" ]; then
    printf %s "$given" >"$file.new"
  elif [ -s "$file" ]; then
    echo "secrets-init: keeping existing $name"
    continue
  else
    random_password >"$file.new"
    echo "secrets-init: generated $name (read it with: docker compose exec icecast cat /secrets/$name)"
  fi
  chmod 0444 "$file.new"
  mv -f "$file.new" "$file"
done
