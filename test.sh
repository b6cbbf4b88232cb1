#!/usr/bin/env bash
# Runs every Weft test: builds the solution once, then runs all test projects.
# On a fresh machine the .NET 10 SDK is the only prerequisite; anything else the tests need is installed here.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
pg_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$pg_dir" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, its tools run as the postgres user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The PostgreSQL store's tests run against a real server, never skipped: WEFT_TEST_POSTGRES when it is set (a
# connection string of a user that may create databases), else a throwaway cluster started here and removed on exit.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "test.sh: PostgreSQL is not installed and this user cannot install it. Install it (apt-get install postgresql) or set WEFT_TEST_POSTGRES." >&2
      exit 1
    fi
    echo "test.sh: installing PostgreSQL for the tests (apt-get install postgresql)..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$log" 2>&1; then
      cat "$log" >&2
      echo "test.sh: could not install PostgreSQL (see above); its tests cannot run." >&2
      exit 1
    fi
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  pg_dir=$(mktemp -d /tmp/weft-test-pg.XXXXXX)
  chmod 755 "$pg_dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pg_dir"; fi
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; echo "test.sh: initdb failed (see above)." >&2; exit 1; }

  # A free port: one that nothing answers on; if the server still cannot take it, another.
  local port started=""
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
         start >/dev/null; then
      started=yes
      break
    fi
  done
  if [ -z "$started" ]; then
    cat "$pg_dir/server.log" >&2 || true
    echo "test.sh: could not start PostgreSQL for the tests (see above)." >&2
    exit 1
  fi
  export WEFT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "test.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port"
}

if [ -z "${WEFT_TEST_POSTGRES:-}" ]; then
  start_postgres
fi

# The Python worker's tests (tests/Weft.Cli.Tests/PythonWorker) run workers/python/weft_worker.py with python3, which
# needs Python 3.9 or later and nothing else; as root, Debian's python3 is installed when missing, never skipped.
python3_ok() { python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' >/dev/null 2>&1; }
if ! python3_ok; then
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: python3 (3.9 or later) is not installed and this user cannot install it. Install it (apt-get install python3); the Python worker's tests need it." >&2
    exit 1
  fi
  echo "test.sh: installing python3 for the Python worker's tests (apt-get install python3)..."
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; } >"$log" 2>&1 || ! python3_ok; then
    cat "$log" >&2
    echo "test.sh: could not install python3 3.9 or later (see above); the Python worker's tests cannot run." >&2
    exit 1
  fi
fi
echo "test.sh: $(python3 --version) for the Python worker's tests"

dotnet build Weft.slnx -c Release -warnaserror --nologo -v quiet

status=0
# A hung test is killed after 10 minutes and reported, rather than holding CI to its time limit.
dotnet test Weft.slnx -c Release --no-build --nologo --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the per-project summaries ("Passed!  - Failed: 0, Passed: 45, ...").
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
       projects++
     }
     END { printf "Test projects run: %d\nTests: %d passed, %d failed, %d skipped\n", projects, p, f, s }' "$log"
exit "$status"
