#!/usr/bin/env bash
# Start Debian's PostgreSQL server (installing it first if needed) and create the test
# database. Prints the async SQLAlchemy URL to use as DESK_TEST_POSTGRES_URL.
# Used by .ci/run; run it by hand to include the PostgreSQL tests in `make test`.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing postgresql from Debian's packages ..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='desk'\" | grep -q 1 || psql -q -c \"CREATE ROLE desk LOGIN PASSWORD 'desk' CREATEDB\"" >&2
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='desk_test'\" | grep -q 1 || psql -q -c 'CREATE DATABASE desk_test OWNER desk'" >&2
echo "postgresql+asyncpg://desk:desk@127.0.0.1:5432/desk_test"
