#!/bin/sh
# Creates Parley's own database and role beside Temporal's, on the first start of the PostgreSQL volume.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE parley LOGIN PASSWORD '${PARLEY_DB_PASSWORD}';
CREATE DATABASE parley OWNER parley;
SQL
