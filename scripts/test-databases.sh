#!/usr/bin/env bash
# The test database servers: `start` (idempotent) or `stop`. MariaDB listens on 127.0.0.1:3306
# and /var/lib/nestor-test/mysql-run/mysql.sock; PostgreSQL on 127.0.0.1:5432 and the socket directory
# /var/lib/nestor-test/pg-run. The account nestor/nestor may create and drop databases.
# Tests that stop a database server mid-traffic use `stop` and `start` of this script too.
set -euo pipefail
root=/var/lib/nestor-test
mysql_data=$root/mysql
mysql_run=$root/mysql-run
mysql_sock=$mysql_run/mysql.sock
mysql_pid=$mysql_run/mysql.pid
pg_data=$root/pg
pg_run=$root/pg-run
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

mysql_up() { mysqladmin --socket="$mysql_sock" -uroot status >/dev/null 2>&1; }
pg_up() { "$pg_bin/pg_isready" -q -h "$pg_run" -p 5432 >/dev/null 2>&1; }

start_mysql() {
  if mysql_up; then return; fi
  mkdir -p "$mysql_data" "$mysql_run"
  chown mysql:mysql "$mysql_data" "$mysql_run"
  if [ ! -d "$mysql_data/mysql" ]; then
    mariadb-install-db --user=mysql --datadir="$mysql_data" --auth-root-authentication-method=socket \
      --skip-test-db >/dev/null
  fi
  # Started through setsid so it outlives this script; its pid is in $mysql_pid.
  setsid mariadbd --user=mysql --datadir="$mysql_data" --socket="$mysql_sock" --pid-file="$mysql_pid" \
    --bind-address=127.0.0.1 --port=3306 --skip-name-resolve --max-connections=500 \
    --innodb-flush-log-at-trx-commit=2 --log-error="$mysql_run/mysql.log" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do mysql_up && break; sleep 0.5; done
  mysql_up || { tail -20 "$mysql_run/mysql.log"; echo "MariaDB did not start" >&2; exit 1; }
  mysql --socket="$mysql_sock" -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'nestor'@'localhost' IDENTIFIED BY 'nestor';
CREATE USER IF NOT EXISTS 'nestor'@'127.0.0.1' IDENTIFIED BY 'nestor';
GRANT ALL PRIVILEGES ON *.* TO 'nestor'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'nestor'@'127.0.0.1' WITH GRANT OPTION;
SET GLOBAL log_bin_trust_function_creators = 1;
FLUSH PRIVILEGES;
SQL
}

start_pg() {
  if pg_up; then return; fi
  mkdir -p "$pg_data" "$pg_run"
  chown postgres:postgres "$pg_data" "$pg_run"
  chmod 700 "$pg_data"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    su postgres -s /bin/sh -c "$pg_bin/initdb -D $pg_data -A trust -U postgres" >/dev/null
    cat >> "$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = 5432
unix_socket_directories = '$pg_run'
max_connections = 300
fsync = off
synchronous_commit = off
CONF
    # Password login over TCP, as an operator's servers would use it.
    printf 'local all all trust\nhost all all 127.0.0.1/32 md5\n' > "$pg_data/pg_hba.conf"
  fi
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $pg_data -l $pg_run/pg.log -w start" >/dev/null
  pg_up || { tail -20 "$pg_run/pg.log"; echo "PostgreSQL did not start" >&2; exit 1; }
  su postgres -s /bin/sh -c "$pg_bin/psql -h $pg_run -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nestor') THEN
    CREATE ROLE nestor LOGIN SUPERUSER PASSWORD 'nestor';
  END IF;
END $$;
SQL
}

stop_mysql() {
  if [ -f "$mysql_pid" ]; then
    pid=$(cat "$mysql_pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
}

stop_pg() {
  if [ -f "$pg_data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $pg_data -m fast -w stop" >/dev/null || true
  fi
}

case "${1:-start}" in
  start) start_mysql; start_pg; echo "MariaDB and PostgreSQL are up" ;;
  stop) stop_mysql; stop_pg ;;
  start-mysql) start_mysql ;;
  stop-mysql) stop_mysql ;;
  start-pg) start_pg ;;
  stop-pg) stop_pg ;;
  *) echo "usage: $0 start|stop|start-mysql|stop-mysql|start-pg|stop-pg" >&2; exit 2 ;;
esac
