#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times `signet token` against `aws rds generate-db-auth-token` on the same machine, the two runs
# interleaved (aws, signet, aws, signet …) so both see the same load; prints both medians and the ratio.
# Usage: bench/cli-vs-aws.sh [path/to/signet] [RUNS]
#   The aws CLI is the one on PATH; without one, Debian's awscli package is installed (benchmark only).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
signet="${1:-$SIGNET_ROOT/build/release/app/signet}"
runs="${2:-31}"
aws="$(command -v aws || true)"
if [ -z "$aws" ]; then
    signet_install_packages awscli
    aws=/usr/bin/aws
fi
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
host=mydb.c9akciq32.eu-west-1.rds.amazonaws.com
aws_cmd=("$aws" rds generate-db-auth-token --hostname "$host" --port 3306 --username iam_user --region eu-west-1)
signet_cmd=("$signet" token --host "$host" --port 3306 --user iam_user)

# One run's wall time in microseconds (bash's clock around a fork/exec, the same for both).
time_us() {
    local start end
    start=$EPOCHREALTIME
    "$@" >/dev/null
    end=$EPOCHREALTIME
    echo $(( (${end/./} - ${start/./}) ))
}

"${aws_cmd[@]}" >/dev/null && "${signet_cmd[@]}" >/dev/null # warm the page cache
aws_times=() signet_times=()
for ((i = 0; i < runs; i++)); do
    aws_times+=("$(time_us "${aws_cmd[@]}")")
    signet_times+=("$(time_us "${signet_cmd[@]}")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
aws_median="$(median "${aws_times[@]}")"
signet_median="$(median "${signet_times[@]}")"
echo "aws    ($("$aws" --version 2>&1 | cut -d' ' -f1)): median $(awk -v t="$aws_median" 'BEGIN { printf "%.1f", t / 1000 }') ms over $runs runs"
echo "signet ($signet): median $(awk -v t="$signet_median" 'BEGIN { printf "%.1f", t / 1000 }') ms over $runs runs"
echo "signet token is $(awk -v a="$aws_median" -v s="$signet_median" 'BEGIN { printf "%.0f", a / s }')x faster (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
