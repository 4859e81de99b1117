// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyMetrics: counters of one listener, read by /metrics (Prometheus text format).
#pragma once

#include <QList>
#include <QString>

namespace signet::proxy {

struct ProxyMetrics final
{
    QString profile;
    quint64 connectionsOpen = 0;
    quint64 connectionsTotal = 0;
    quint64 connectionsRefused = 0;
    quint64 loginsOk = 0;
    quint64 loginsFailed = 0;
    quint64 tokensSigned = 0;
    quint64 bytesFromClients = 0;
    quint64 bytesToClients = 0;
};

// The text /metrics serves: one HELP/TYPE block per metric, one sample per listener.
QString renderPrometheus(const QList<ProxyMetrics> &listeners);

} // namespace signet::proxy
