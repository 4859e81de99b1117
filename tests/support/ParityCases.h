// SPDX-License-Identifier: GPL-3.0-or-later
// ParityCases: seeded random and edge-case token inputs shared by the tests that compare Signet's signers
// with AWS's.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "token/AuthToken.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <optional>

namespace signet::test {

// Random text from an alphabet of strings (so an alphabet can hold multi-code-unit characters).
QString pick(QRandomGenerator &rng, const QStringList &list);
QString randomFrom(QRandomGenerator &rng, const QStringList &alphabet, int minLength, int maxLength);
// Each character of chars as a one-character string.
QStringList characters(const QString &chars);

const QStringList &awsRegions();
const QStringList &chinaRegions();
const QStringList &govRegions();

// The credentials every parity case signs with: AKIA/ASIA key, 40-character base64 secret and,
// when sessionToken is not empty, a session token (base64, so '/', '+' and '=').
struct CaseCredentials
{
    QString accessKeyId;
    QString secret;
    QString sessionToken; // empty: none

    aws::Credentials toCredentials() const;
    // accessKeyId, secretAccessKey, sessionToken (null when none) for the reference scripts.
    void writeTo(QJsonObject &object) const;
};
CaseCredentials randomCredentials(QRandomGenerator &rng, int sessionTokenOneIn = 4);
// AKIDEXAMPLE with the SigV4 test suite's secret, and optionally a 400-character STS-like token.
CaseCredentials exampleCredentials(bool withSessionToken = false);
// The STS session token from AWS's documentation (contains '/', '+' and "==").
QString exampleSessionToken();
// 2000-01-01 .. 2099-12-31, UTC, whole seconds.
QDateTime randomSigningTime(QRandomGenerator &rng);
// "YYYYMMDDTHHMMSSZ", as the reference scripts read it.
QString amzDate(const QDateTime &time);

// A token split at "/?": the prefix (host[:port]) and the query parameters in token order.
struct TokenParts
{
    QString prefix;
    QStringList parameters; // "Name=value", still encoded
};
TokenParts splitToken(const QString &token);
// The token with its query parameters sorted by name, as npm @aws-sdk's signers write them.
QString withSortedParameters(const QString &token);
// What differs between two tokens, safe to print: the prefix and the values of the plain
// parameters are shown, X-Amz-Signature and X-Amz-Security-Token only named ("differs").
QString tokenDifference(const QString &ours, const QString &theirs);

// Whether both the reference and Signet signed case `index`; if not, warns with the inputs and
// both outcomes (errors only, never a token) and returns false.
bool bothSigned(qsizetype index, const QString &description, const QString &reference,
                const QJsonObject &expected, const std::optional<Error> &oursError);
template<typename T>
bool bothSigned(qsizetype index, const QString &description, const QString &reference,
                const QJsonObject &expected, const Result<T> &ours)
{
    return bothSigned(index, description, reference, expected,
                      ours.ok() ? std::nullopt : std::optional<Error>(ours.error()));
}

// One RDS token to sign (AuthToken::generate's inputs).
struct RdsCase
{
    QString host;
    int port = 0;
    QString region;
    QString user;
    CaseCredentials credentials;
    QDateTime time;
    int expiresIn = 900;

    QJsonObject toJson() const;
    Result<token::AuthToken> sign() const;
    // For failure messages (test secrets only; real ones never reach a test).
    QString describe() const;
};
RdsCase randomRdsCase(QRandomGenerator &rng);
QList<RdsCase> rdsEdgeCases();

} // namespace signet::test
