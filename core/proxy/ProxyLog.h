// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyLog: the proxy's event lines on stderr, as text or JSON; never a token or a secret.
#pragma once

#include <QJsonObject>
#include <QString>

namespace signet::proxy {

class ProxyLog
{
public:
    enum class Level
    {
        Info,
        Warning,
        Error,
    };

    virtual ~ProxyLog() = default;
    // `fields` carries structured extras (session, client, user, bytes); never a secret.
    virtual void write(Level level, const QString &profile, const QString &message,
                       const QJsonObject &fields = {}) = 0;
};

// Writes "2026-12-01T10:00:00Z signet proxy [orders-prod] message" or one JSON object per line.
class StderrProxyLog final : public ProxyLog
{
public:
    explicit StderrProxyLog(bool json)
        : m_json(json)
    {}
    void write(Level level, const QString &profile, const QString &message,
               const QJsonObject &fields = {}) override;

private:
    bool m_json;
};

// Keeps nothing; for tests and embedders that do not want lines.
class NullProxyLog final : public ProxyLog
{
public:
    void write(Level, const QString &, const QString &, const QJsonObject & = {}) override {}
};

} // namespace signet::proxy
