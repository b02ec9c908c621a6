#!/bin/bash
# Restore a Grimnir Radio database backup (grimnir_db_*.sql.gz) into a freshly created database.
# Recreating the database first makes any dump restore completely: the guide's restore pipes a
# plain dump into the live database, where every CREATE and every COPY of a table that already
# holds rows fails, and psql carries on, so the old data stays while the output scrolls errors.
#
#   restore-grimnir-db.sh /var/backups/grimnir/grimnir_db_20260122_020000.sql.gz
#
# Compose mode (default) stops and restarts the `grimnir` service around the restore. In local
# mode, stop grimnirradio yourself and run this as a role allowed to drop and create the
# database, e.g. `sudo -u postgres GRIMNIR_BACKUP_MODE=local restore-grimnir-db.sh FILE`.
# Same variables as backup-grimnir-db.sh, plus GRIMNIR_DB_OWNER (default grimnir).
set -euo pipefail

backup=${1:?usage: restore-grimnir-db.sh BACKUP.sql.gz}
mode=${GRIMNIR_BACKUP_MODE:-compose}
compose_dir=${GRIMNIR_COMPOSE_DIR:-/opt/grimnir_radio}
db=${GRIMNIR_DB_NAME:-grimnir}
db_user=${GRIMNIR_DB_USER:-grimnir}
owner=${GRIMNIR_DB_OWNER:-grimnir}

gzip -t "$backup"

pg() {
  # pg <program> [args...]: run a PostgreSQL client where the database lives.
  case "$mode" in
    compose) (cd "$compose_dir" && docker compose exec -T postgres "$@" -U "$db_user") ;;
    local) "$@" ;;
    *)
      echo "restore: unknown GRIMNIR_BACKUP_MODE=$mode (compose or local)" >&2
      return 64
      ;;
  esac
}

if [ "$mode" = compose ]; then
  (cd "$compose_dir" && docker compose stop grimnir)
fi

pg dropdb --if-exists --force "$db"
pg createdb -O "$owner" "$db"
gunzip <"$backup" | pg psql -q -v ON_ERROR_STOP=1 --single-transaction -d "$db" >/dev/null

if [ "$mode" = compose ]; then
  (cd "$compose_dir" && docker compose start grimnir)
fi
echo "Restore completed from $backup into database $db"
