// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyMetrics: Prometheus exposition of the proxy's counters.
#include "proxy/ProxyMetrics.h"

namespace signet::proxy {

namespace {

QString labelValue(QString text)
{
    return text.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'"', QStringLiteral("\\\""))
        .replace(u'\n', QStringLiteral("\\n"));
}

} // namespace

QString renderPrometheus(const QList<ProxyMetrics> &listeners)
{
    struct Metric
    {
        const char *name;
        const char *type;
        const char *help;
        quint64 ProxyMetrics::*field;
        const char *extraLabel;
    };
    static const Metric metrics[] = {
        {"signet_proxy_connections_open", "gauge", "Client connections open now.",
         &ProxyMetrics::connectionsOpen, nullptr},
        {"signet_proxy_connections_total", "counter", "Client connections accepted.",
         &ProxyMetrics::connectionsTotal, nullptr},
        {"signet_proxy_connections_refused_total", "counter",
         "Client connections refused (other Unix user, over --max-connections).",
         &ProxyMetrics::connectionsRefused, nullptr},
        {"signet_proxy_upstream_logins_total", "counter", "IAM logins to the database.",
         &ProxyMetrics::loginsOk, "result=\"ok\""},
        {"signet_proxy_upstream_logins_total", "counter", nullptr, &ProxyMetrics::loginsFailed,
         "result=\"failed\""},
        {"signet_proxy_tokens_signed_total", "counter", "IAM tokens signed (reused tokens are not counted).",
         &ProxyMetrics::tokensSigned, nullptr},
        {"signet_proxy_bytes_total", "counter", "Bytes relayed.", &ProxyMetrics::bytesFromClients,
         "direction=\"client_to_server\""},
        {"signet_proxy_bytes_total", "counter", nullptr, &ProxyMetrics::bytesToClients,
         "direction=\"server_to_client\""},
    };
    QString out;
    for (const Metric &metric : metrics) {
        const QString name = QString::fromLatin1(metric.name);
        if (metric.help) {
            out += QStringLiteral("# HELP %1 %2\n").arg(name, QString::fromLatin1(metric.help));
            out += QStringLiteral("# TYPE %1 %2\n").arg(name, QString::fromLatin1(metric.type));
        }
        for (const ProxyMetrics &listener : listeners) {
            QString labels = QStringLiteral("profile=\"%1\"").arg(labelValue(listener.profile));
            if (metric.extraLabel)
                labels += u',' + QString::fromLatin1(metric.extraLabel);
            out += QStringLiteral("%1{%2} %3\n").arg(name, labels).arg(listener.*metric.field);
        }
    }
    return out;
}

} // namespace signet::proxy
