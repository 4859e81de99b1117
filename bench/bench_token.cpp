// SPDX-License-Identifier: GPL-3.0-or-later
// Token signing speed: with the signing key cached (the common case) and derived from scratch.
#include "aws/Credentials.h"
#include "aws/SigningKeyCache.h"
#include "token/AuthToken.h"

#include <benchmark/benchmark.h>

#include <QDateTime>

namespace {

using signet::SecretString;
using signet::aws::Credentials;
using signet::aws::SigningKeyCache;
using signet::token::AuthToken;

Credentials benchCredentials(bool withSessionToken)
{
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
    credentials.secretAccessKey =
        SecretString::fromUtf8(QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    if (withSessionToken)
        credentials.sessionToken = SecretString(QByteArray(QByteArray(1100, 'Q') + "/+="));
    return credentials;
}

const QString kHost = QStringLiteral("orders.cluster-c9xyzabc.eu-west-1.rds.amazonaws.com");
const QDateTime kWhen = QDateTime(QDate(2026, 11, 21), QTime(13, 0), Qt::UTC);

void signCached(benchmark::State &state)
{
    const Credentials credentials = benchCredentials(state.range(0) != 0);
    SigningKeyCache::instance().clear();
    for (auto _ : state) {
        auto token = AuthToken::generate(kHost, 5432, QStringLiteral("eu-west-1"),
                                         QStringLiteral("iam_reader"), credentials, kWhen);
        benchmark::DoNotOptimize(token);
    }
}
BENCHMARK(signCached)->Arg(0)->Arg(1)->ArgName("session_token");

void signColdKey(benchmark::State &state)
{
    const Credentials credentials = benchCredentials(false);
    for (auto _ : state) {
        SigningKeyCache::instance().clear();
        auto token = AuthToken::generate(kHost, 5432, QStringLiteral("eu-west-1"),
                                         QStringLiteral("iam_reader"), credentials, kWhen);
        benchmark::DoNotOptimize(token);
    }
}
BENCHMARK(signColdKey);

} // namespace

BENCHMARK_MAIN();
