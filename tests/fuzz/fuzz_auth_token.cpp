// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: reading an RDS IAM token back (`signet token --inspect`, the token panel's paste
// box) parses text anyone can hand us; its accessors and its log form must hold for any input.
#include "FuzzSupport.h"
#include "token/AuthToken.h"

#include <QDebug>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const auto token = token::AuthToken::parse(text);
    if (!token) {
        fuzz::requireExplained(token.error());
        // The input is a credential: an error quotes no more than a short part of it.
        fuzz::require(text.size() < 64 || !token.error().message.contains(text));
        return 0;
    }
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    fuzz::require(token->secondsLeft(now) >= 0);
    (void)token->validUntil();
    (void)token->isExpired(now);
    fuzz::require(token->port() >= 0 && token->port() <= 65535);
    fuzz::require(token->expiresIn() >= 0);
    // The log form never carries the signature or the session token. It does print the user and the
    // host, which the input chooses: a value the input also put into one of them (the fuzzer made a
    // DBUser "a@uSignature=<the signature>…") is in the log as the user, not as a leak.
    QString logged;
    QDebug(&logged) << *token;
    const auto notLogged = [&](const QString &value) {
        return value.size() < 12 || !logged.contains(value) || token->dbUser().contains(value) ||
               token->host().contains(value);
    };
    const qsizetype signature = text.indexOf(QStringLiteral("X-Amz-Signature="));
    if (signature >= 0)
        fuzz::require(notLogged(text.mid(signature + 16).section(u'&', 0, 0)));
    const qsizetype session = text.indexOf(QStringLiteral("X-Amz-Security-Token="));
    if (session >= 0)
        fuzz::require(notLogged(text.mid(session + 21).section(u'&', 0, 0)));
    return 0;
}
