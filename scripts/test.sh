#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine of this project's kind
# (a JDK for Spark, PostgreSQL, a venv with the pinned packages), then runs the tests.
# Safe to run again: installed parts are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v java >/dev/null 2>&1 || apt_packages+=(openjdk-17-jre-headless)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
  || apt_packages+=(postgresql)
# the browser tests and `report --pdf` drive Debian's Chromium; Chinese needs a CJK face
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 \
  || apt_packages+=(fonts-noto-cjk)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  else
    echo "missing system packages (${apt_packages[*]}); Spark/PostgreSQL/browser tests will be skipped" >&2
  fi
fi

# PostgreSQL on loopback for the engine tests; they are skipped, with the reason, when
# the server does not come up (the rest of the suite still runs).
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
  if [ -n "$cluster" ]; then
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start 2>/dev/null || true
    if pg_isready -q -h 127.0.0.1 -t 20; then
      as_postgres() { su postgres -c "psql -qtAc \"$1\""; }
      if { [ "$(as_postgres "SELECT 1 FROM pg_roles WHERE rolname='zonemetrics'")" = 1 ] \
             || as_postgres "CREATE ROLE zonemetrics LOGIN SUPERUSER PASSWORD 'zonemetrics'"; } \
         && { [ "$(as_postgres "SELECT 1 FROM pg_database WHERE datname='zonemetrics'")" = 1 ] \
             || su postgres -c "createdb -O zonemetrics zonemetrics"; }; then
        export ZONEMETRICS_TEST_POSTGRES="postgres://zonemetrics:zonemetrics@127.0.0.1:5432/zonemetrics"
      else
        echo "PostgreSQL is up but its test role or database could not be made; its tests will be skipped" >&2
      fi
    else
      echo "PostgreSQL did not start; its tests will be skipped" >&2
    fi
  fi
fi

[ -d .venv ] || python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
pip install -q --upgrade pip
pip install -q -e '.[test]'

export SPARK_LOCAL_IP=127.0.0.1
ruff check .
# two workers (the CI machine has two cores); each file's tests stay on one worker, so
# module fixtures are built once. (Not loadgroup: xdist 3.8 cannot regroup under pytest 9.)
python -m pytest -q -n 2 --dist loadfile
