#!/bin/sh
# Container entrypoint for both images: `docker-entrypoint <program> [args...]`.
#  1. GRIMNIR_<NAME>_FILE=/path sets GRIMNIR_<NAME> from that file, so Docker/Kubernetes secret
#     files (and the generated Icecast passwords of docker-compose.yml) never sit in the image.
#  2. In production, refuse values still holding the CHANGE_ME markers of .env.docker.example:
#     a half-edited .env must fail loudly instead of running with published passwords.
set -eu

for file_var in $(env | sed -n 's/^\(GRIMNIR_[A-Z0-9_]*_FILE\)=.*/\1/p'); do
  var=${file_var%_FILE}
  eval "path=\${$file_var}"
  eval "current=\${$var:-}"
  if [ -n "$current" ]; then
    echo "entrypoint: both $var and $file_var are set; keep one" >&2
    exit 64
  fi
  if [ ! -r "$path" ]; then
    echo "entrypoint: $file_var points to unreadable file $path" >&2
    exit 66
  fi
  value=$(cat "$path")
  export "$var=$value"
  unset "$file_var"
done

if [ "${GRIMNIR_ENV:-production}" = "production" ]; then
  bad=$(env | sed -n 's/^\(GRIMNIR_[A-Z0-9_]*\)=.*CHANGE_ME.*/\1/p' | tr '\n' ' ')
  if [ -n "$bad" ]; then
    echo "entrypoint: placeholder CHANGE_ME values in: $bad- generate real secrets (see docs/deployment.md)" >&2
    exit 78
  fi
fi

exec "$@"
