#!/usr/bin/env bash
# Times `signet token` against `aws rds generate-db-auth-token` side by side (hyperfine).
# Usage: bench/cli-vs-aws.sh [path/to/signet]   (installs hyperfine and awscli if missing)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
signet_install_packages hyperfine awscli
signet="${1:-$SIGNET_ROOT/build/release/app/signet}"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
host=mydb.c9akciq32.eu-west-1.rds.amazonaws.com
hyperfine -N --warmup 3 --runs 20 \
    "/usr/bin/aws rds generate-db-auth-token --hostname $host --port 3306 --username iam_user --region eu-west-1" \
    "$signet token --host $host --port 3306 --user iam_user"
