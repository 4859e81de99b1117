// ProbeTarget: validation and engine names.
#include "probe/ProbeTarget.h"

namespace signet::probe {

Status ProbeTarget::validate() const
{
    if (host.trimmed().isEmpty())
        return makeError(QStringLiteral("check.no-host"), QStringLiteral("no endpoint host to check"),
                         QStringLiteral("Pass --host with the RDS endpoint name."));
    if (port == 0)
        return makeError(QStringLiteral("check.no-port"), QStringLiteral("no port to check"),
                         QStringLiteral("Pass --port (3306 for MySQL, 5432 for PostgreSQL by default)."));
    return Unit{};
}

QString ProbeTarget::engineName(Engine engine)
{
    return engine == Engine::MySql ? QStringLiteral("mysql") : QStringLiteral("postgres");
}

Result<ProbeTarget::Engine> ProbeTarget::parseEngine(const QString &text)
{
    const QString name = text.trimmed().toLower();
    if (name == u"mysql" || name == u"mariadb" || name == u"aurora-mysql")
        return Engine::MySql;
    if (name == u"postgres" || name == u"postgresql" || name == u"aurora-postgresql")
        return Engine::Postgres;
    return makeError(QStringLiteral("check.bad-engine"), QStringLiteral("unknown engine \"%1\"").arg(text),
                     QStringLiteral("Use mysql or postgres."));
}

} // namespace signet::probe
