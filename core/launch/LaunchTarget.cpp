// LaunchTarget: engine names and validation.
#include "launch/LaunchTarget.h"

namespace signet::launch {

QString engineName(Engine engine)
{
    switch (engine) {
    case Engine::MySql:
        return QStringLiteral("mysql");
    case Engine::MariaDb:
        return QStringLiteral("mariadb");
    case Engine::Postgres:
        return QStringLiteral("postgres");
    }
    return {};
}

std::optional<Engine> engineFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"mysql" || lower == u"aurora-mysql")
        return Engine::MySql;
    if (lower == u"mariadb")
        return Engine::MariaDb;
    if (lower == u"postgres" || lower == u"postgresql" || lower == u"aurora-postgresql")
        return Engine::Postgres;
    return std::nullopt;
}

bool isMySqlFamily(Engine engine)
{
    return engine == Engine::MySql || engine == Engine::MariaDb;
}

QString LaunchTarget::displayName() const
{
    if (!profileName.isEmpty())
        return profileName;
    return QStringLiteral("%1@%2").arg(user, host);
}

namespace {

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

} // namespace

Status LaunchTarget::validate() const
{
    const auto bad = [](const QString &field, const QString &why, const QString &hint) {
        return Status(makeError(QStringLiteral("launch.bad-") + field, why, hint));
    };
    if (host.trimmed().isEmpty())
        return bad(QStringLiteral("host"), QStringLiteral("the endpoint host is empty"),
                   QStringLiteral("Set the database endpoint host name."));
    if (port < 1 || port > 65535)
        return bad(QStringLiteral("port"), QStringLiteral("port %1 is outside 1-65535").arg(port),
                   QStringLiteral("Set the database port (3306 or 5432 usually)."));
    if (hasVia() && (viaPort < 0 || viaPort > 65535))
        return bad(QStringLiteral("via"), QStringLiteral("via port %1 is outside 1-65535").arg(viaPort),
                   QStringLiteral("Give the tunnel as HOST:PORT."));
    if (user.isEmpty())
        return bad(QStringLiteral("user"), QStringLiteral("the database user is empty"),
                   QStringLiteral("Set the IAM database user."));
    for (const QString *field : {&host, &viaHost, &user, &database, &caFile, &region, &profileName}) {
        if (hasControlCharacter(*field))
            return bad(QStringLiteral("text"),
                       QStringLiteral("a connection field contains a control character"),
                       QStringLiteral("Remove line breaks and tabs from the profile's fields."));
    }
    return Unit{};
}

} // namespace signet::launch
