#!/bin/sh
# Creates Temporal's two databases on PostgreSQL and brings their schemas up to the version the tool embeds
# (postgresql/v12: `temporal`, and `visibility`, which holds custom search attributes). Idempotent: run it before
# every start. The one set of schema steps for docker-compose.yml (temporalio/admin-tools image) and for
# `npm run cluster` (src/runtime/temporal-cluster.ts, with TEMPORAL_SQL_TOOL pointing at the binary it built).
# temporal-sql-tool reads the connection from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD.
set -eu
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
for step in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  db="${step%%:*}"
  schema="postgresql/v12/${step##*:}"
  "$tool" --db "$db" create-database
  "$tool" --db "$db" setup-schema -v 0.0
  "$tool" --db "$db" update-schema --schema-name "$schema"
done
