# A throwaway PostgreSQL + PostGIS for the tests, to be sourced by `./dge test` before Maven runs:
#
#   . platform.core/storage/src/test/postgres-for-tests.sh
#   postgres_for_tests || exit 1
#   mvn -B verify "$@"          # not `exec mvn`: the EXIT trap must still run to stop the cluster
#
# When DGE_TEST_POSTGRES_URL is already set, it is used as it is. Otherwise the function creates a cluster in a
# temporary folder (as the user postgres when run as root), starts it on a free local port, creates a user and a
# database where CREATE EXTENSION postgis works, exports DGE_TEST_POSTGRES_URL, DGE_TEST_POSTGRES_USER and
# DGE_TEST_POSTGRES_PASSWORD, and stops and deletes the cluster when the shell exits.
# It returns non-zero, with a message saying what to install, when PostgreSQL or PostGIS is missing.

postgres_for_tests() {
  if [ -n "${DGE_TEST_POSTGRES_URL:-}" ]; then
    echo "dge test: using the PostgreSQL at $DGE_TEST_POSTGRES_URL" >&2
    return 0
  fi
  local initdb bin version folder port password as_postgres=() attempt started=""
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)
  if [ -z "$initdb" ]; then
    echo "dge test: PostgreSQL is not installed, and the storage tests need one with PostGIS." >&2
    echo "dge test: install it (Debian: apt-get install -y postgresql-15-postgis-3) or set DGE_TEST_POSTGRES_URL," >&2
    echo "dge test: DGE_TEST_POSTGRES_USER and DGE_TEST_POSTGRES_PASSWORD to a PostgreSQL of yours." >&2
    return 2
  fi
  bin=$(dirname "$initdb")
  version=$(basename "$(dirname "$bin")")
  if [ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
    echo "dge test: PostgreSQL $version is installed without PostGIS: apt-get install -y postgresql-$version-postgis-3" >&2
    return 2
  fi

  folder=$(mktemp -d -t dge-postgres.XXXXXX) || return 1
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    if ! id postgres >/dev/null 2>&1; then
      echo "dge test: running as root, but there is no postgres user to run PostgreSQL as" >&2
      rm -rf "$folder"
      return 2
    fi
    chown postgres: "$folder"
    as_postgres=(runuser -u postgres --)
  fi
  _DGE_POSTGRES_STOP=("${as_postgres[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate -s stop)
  _DGE_POSTGRES_FOLDER=$folder

  if ! "${as_postgres[@]}" "$bin/initdb" -D "$folder/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$folder/initdb.log" 2>&1; then
    echo "dge test: initdb failed:" >&2; cat "$folder/initdb.log" >&2
    _dge_postgres_cleanup; return 1
  fi
  for attempt in 1 2 3 4 5; do
    port=$(_dge_free_port) || { _dge_postgres_cleanup; return 1; }
    # Durability off: the cluster lives as long as the test run.
    if "${as_postgres[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/postgres.log" -w -t 30 -s \
        -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
      started=yes; break
    fi
  done
  if [ -z "$started" ]; then
    echo "dge test: PostgreSQL did not start:" >&2; tail -n 20 "$folder/postgres.log" >&2
    _dge_postgres_cleanup; return 1
  fi
  # The stop must happen however the shell exits; an EXIT trap already set keeps running after it.
  local previous=()
  eval "previous=($(trap -p EXIT))" # trap -- 'command' EXIT
  _DGE_POSTGRES_PREVIOUS_TRAP=${previous[2]:-}
  trap '_dge_postgres_cleanup; eval "$_DGE_POSTGRES_PREVIOUS_TRAP"' EXIT

  password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  if ! "${as_postgres[@]}" "$bin/psql" -X -q -h "$folder" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE USER dge_test SUPERUSER PASSWORD '$password'" -c "CREATE DATABASE dge_test OWNER dge_test" >"$folder/setup.log" 2>&1 \
      || ! PGPASSWORD=$password "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U dge_test -d dge_test -v ON_ERROR_STOP=1 -At \
      -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'" 2>>"$folder/setup.log" | grep -q 1; then
    echo "dge test: cannot prepare the test database, or PostGIS is not available in it:" >&2; cat "$folder/setup.log" >&2
    _dge_postgres_cleanup; return 1
  fi
  export DGE_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/dge_test"
  export DGE_TEST_POSTGRES_USER=dge_test
  export DGE_TEST_POSTGRES_PASSWORD=$password
  echo "dge test: started PostgreSQL $version with PostGIS on port $port for the tests (removed at exit)" >&2
}

# A TCP port nothing listens on, from the range above the usual services.
_dge_free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  echo "dge test: found no free port for PostgreSQL" >&2
  return 1
}

_dge_postgres_cleanup() {
  if [ -n "${_DGE_POSTGRES_FOLDER:-}" ]; then
    if [ -f "$_DGE_POSTGRES_FOLDER/data/postmaster.pid" ]; then
      "${_DGE_POSTGRES_STOP[@]}" >/dev/null 2>&1 || true
    fi
    rm -rf "$_DGE_POSTGRES_FOLDER"
    _DGE_POSTGRES_FOLDER=""
  fi
}
