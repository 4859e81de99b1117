#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/bench_db.sh BUILD_DIR [ROWS]: the console's streaming (bench_db) next to the mariadb and psql
# CLIs fetching the same result to /dev/null, against the local RDS emulation.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:?usage: bench/bench_db.sh BUILD_DIR [ROWS]}"
rows="${2:-1000000}"
"$root/tests/emulator/emulator" start >/dev/null
eval "$("$root/tests/emulator/emulator" env)"
export AWS_ACCESS_KEY_ID=$SIGNET_EMU_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$SIGNET_EMU_SECRET_ACCESS_KEY
unset AWS_SESSION_TOKEN
bench="$build/bench/bench_db"
signet="$build/app/signet"
seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

for engine in mariadb postgres; do
    sql=$("$bench" "$engine" "$rows" --print-sql)
    "$bench" "$engine" "$rows"
    if [ "$engine" = mariadb ]; then
        port=$SIGNET_EMU_MYSQL_PORT
        tok=$("$signet" token --host "$SIGNET_EMU_HOST" --port "$port" --region "$SIGNET_EMU_REGION" --user "$SIGNET_EMU_MYSQL_USER")
        ms=$(MYSQL_PWD=$tok seconds mariadb --protocol=TCP -h "$SIGNET_EMU_HOST" -P "$port" -u "$SIGNET_EMU_MYSQL_USER" \
            --ssl --ssl-ca="$SIGNET_EMU_CA" --ssl-verify-server-cert --quick --batch "$SIGNET_EMU_DATABASE" -e "$sql")
        echo "engine=mariadb client=mariadb-cli total_ms=$ms"
    else
        port=$SIGNET_EMU_PG_PORT
        tok=$("$signet" token --host "$SIGNET_EMU_HOST" --port "$port" --region "$SIGNET_EMU_REGION" --user "$SIGNET_EMU_PG_USER")
        ms=$(PGPASSWORD=$tok seconds psql "host=$SIGNET_EMU_HOST port=$port user=$SIGNET_EMU_PG_USER dbname=$SIGNET_EMU_DATABASE sslmode=verify-full sslrootcert=$SIGNET_EMU_CA" \
            -X -A -t -q -c "$sql")
        echo "engine=postgres client=psql total_ms=$ms"
    fi
    ms=$(seconds "$signet" exec --engine "$engine" --host "$SIGNET_EMU_HOST" --port "$port" --user "$SIGNET_EMU_MYSQL_USER" \
        --region "$SIGNET_EMU_REGION" --database "$SIGNET_EMU_DATABASE" --ca "$SIGNET_EMU_CA" -e "$sql" --format csv)
    echo "engine=$engine client=signet-exec-csv total_ms=$ms"
done
