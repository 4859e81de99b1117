// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleSource: where a CA bundle comes from (built-in RDS truststore URLs, any URL, a file).
#pragma once

#include "common/Result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace signet::tls {

struct CaBundleSource final
{
    // The bundle's name in the store: "global", "eu-west-1", "us-gov-global", or one derived from a URL.
    QString id;
    QUrl url;

    // Parses what a user types after `--source`: "global", a region ("eu-west-1", "us-gov-west-1",
    // "cn-north-1"), "us-gov-global", or an http(s) URL. SIGNET_CA_BASE_URL in `env` replaces the
    // scheme and host of every built-in source (tests aim it at a local HTTPS server).
    static Result<CaBundleSource>
    fromSpec(const QString &spec, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    static CaBundleSource global(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // The bundle file name inside the store directory.
    QString fileName() const { return id + QStringLiteral(".pem"); }

    static constexpr const char *kBaseUrlVariable = "SIGNET_CA_BASE_URL";
};

} // namespace signet::tls
