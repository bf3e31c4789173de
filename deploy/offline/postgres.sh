#!/usr/bin/env bash
# PostgreSQL in the offline base image, as the official image runs it: a cluster made on first
# start in the volume, user and database "judge" (password "judge"), listening on every address
# of the compose network, in the foreground.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
data=/var/lib/postgresql/data/pgdata
mkdir -p "$data" /run/postgresql
chown -R postgres:postgres /var/lib/postgresql/data /run/postgresql
if [[ ! -s $data/PG_VERSION ]]; then
  echo judge >/tmp/pwfile
  chown postgres /tmp/pwfile
  runuser -u postgres -- "$bin/initdb" -D "$data" -U judge --pwfile=/tmp/pwfile \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$data/pg_hba.conf"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -w start \
    -o "-c listen_addresses='' -c unix_socket_directories=/run/postgresql" >/dev/null
  runuser -u postgres -- "$bin/psql" -h /run/postgresql -U judge -d postgres -q \
    -c "CREATE DATABASE judge"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -w stop >/dev/null
fi
exec runuser -u postgres -- "$bin/postgres" -D "$data" -c listen_addresses='*' \
  -c unix_socket_directories=/run/postgresql
