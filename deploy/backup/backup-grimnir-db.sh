#!/bin/bash
# Daily PostgreSQL backup of Grimnir Radio: the guide's /usr/local/bin/backup-grimnir-db.sh with
# the fixes an unattended job needs.
#  - pipefail: a failing pg_dump fails the backup (the guide's pipeline would still gzip an empty
#    dump and print "Backup completed").
#  - --clean --if-exists: the dump drops what it recreates, so piping it into psql restores even
#    over a database that already has the schema (a plain dump only collides with it).
#  - one mode at a time, and compose commands run in the project directory (cron starts in $HOME).
#  - written to a temporary name and tested with gzip -t before it replaces nothing.
#
# Install: sudo install -m 0750 deploy/backup/backup-grimnir-db.sh /usr/local/bin/
# Cron:    0 2 * * * GRIMNIR_COMPOSE_DIR=/opt/grimnir_radio /usr/local/bin/backup-grimnir-db.sh
#
# GRIMNIR_BACKUP_MODE  compose (default): pg_dump inside the compose `postgres` service
#                      local: pg_dump on this host (libpq variables PGHOST, PGUSER, PGPASSWORD
#                      or ~/.pgpass apply)
# GRIMNIR_COMPOSE_DIR  directory holding docker-compose.yml (default: /opt/grimnir_radio)
# GRIMNIR_DB_NAME      database (default grimnir); GRIMNIR_DB_USER role for compose mode (grimnir)
# BACKUP_DIR           default /var/backups/grimnir; KEEP_DAYS default 30
# GRIMNIR_BACKUP_S3_URI  optional, e.g. s3://your-bucket/backups/ (needs the aws CLI)
set -euo pipefail

mode=${GRIMNIR_BACKUP_MODE:-compose}
compose_dir=${GRIMNIR_COMPOSE_DIR:-/opt/grimnir_radio}
db=${GRIMNIR_DB_NAME:-grimnir}
db_user=${GRIMNIR_DB_USER:-grimnir}
backup_dir=${BACKUP_DIR:-/var/backups/grimnir}
keep_days=${KEEP_DAYS:-30}
file="$backup_dir/grimnir_db_$(date +%Y%m%d_%H%M%S).sql.gz"

dump() {
  case "$mode" in
    compose)
      cd "$compose_dir"
      docker compose exec -T postgres pg_dump --clean --if-exists -U "$db_user" "$db"
      ;;
    local) pg_dump --clean --if-exists "$db" ;;
    *)
      echo "backup: unknown GRIMNIR_BACKUP_MODE=$mode (compose or local)" >&2
      return 64
      ;;
  esac
}

umask 077
mkdir -p "$backup_dir"
trap 'rm -f "$file.partial"' EXIT
dump | gzip >"$file.partial"
gzip -t "$file.partial"
mv "$file.partial" "$file"

find "$backup_dir" -name 'grimnir_db_*.sql.gz' -mtime +"$keep_days" -delete
if [ -n "${GRIMNIR_BACKUP_S3_URI:-}" ]; then
  aws s3 cp "$file" "$GRIMNIR_BACKUP_S3_URI"
fi
echo "Backup completed: $file"
