// SPDX-License-Identifier: GPL-3.0-or-later
// ContainerCredentialsClient: one GET to the container credentials endpoint.
#include "aws/ContainerCredentialsClient.h"

#include "aws/ImdsClient.h"

#include <QFile>
#include <QHostAddress>

namespace signet::aws {

namespace {

const QString kRelative = QStringLiteral("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
const QString kFull = QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI");
const QString kContainerEndpoint = QStringLiteral("the container credentials endpoint");

} // namespace

ContainerCredentialsClient::ContainerCredentialsClient(QProcessEnvironment env,
                                                       QNetworkAccessManager *manager)
    : m_env(std::move(env))
    , m_http(manager)
{}

bool ContainerCredentialsClient::configured() const
{
    return m_env.contains(kRelative) || m_env.contains(kFull);
}

bool ContainerCredentialsClient::isAllowedHost(const QUrl &url)
{
    if (url.scheme() == u"https")
        return true;
    if (url.scheme() != u"http")
        return false;
    const QString host = url.host();
    if (host == u"localhost" || host == u"169.254.170.2" || host == u"169.254.170.23" ||
        host == u"fd00:ec2::23")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<QUrl> ContainerCredentialsClient::endpoint() const
{
    if (m_env.contains(kRelative))
        return QUrl(QStringLiteral("http://169.254.170.2") + m_env.value(kRelative));
    const QUrl url(m_env.value(kFull));
    if (!url.isValid() || url.host().isEmpty())
        return makeError(QStringLiteral("container.bad-uri"),
                         QStringLiteral("%1 is not a valid URL").arg(kFull),
                         QStringLiteral("Set it to an http(s) URL, or unset it."));
    if (!isAllowedHost(url))
        return makeError(
            QStringLiteral("container.host-not-allowed"),
            QStringLiteral("%1 points at host %2, which is not allowed over plain http")
                .arg(kFull, url.host()),
            QStringLiteral("Use https, or a loopback address, 169.254.170.2 or 169.254.170.23."));
    return url;
}

void ContainerCredentialsClient::fetchCredentials(ResultCallback<Credentials> done) const
{
    const auto url = endpoint();
    if (!url) {
        done(url.error());
        return;
    }
    HttpExchange exchange;
    exchange.url = *url;
    exchange.timeoutMs = 2000;
    exchange.service = kContainerEndpoint;
    exchange.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    const QString tokenFile = m_env.value(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
    if (!tokenFile.isEmpty()) {
        QFile file(tokenFile);
        if (!file.open(QIODevice::ReadOnly)) {
            done(makeError(QStringLiteral("container.token-file"),
                           QStringLiteral("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %1: %2")
                               .arg(tokenFile, file.errorString())));
            return;
        }
        exchange.headers.append({QByteArrayLiteral("Authorization"), file.readAll().trimmed()});
    } else if (m_env.contains(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN"))) {
        exchange.headers.append({QByteArrayLiteral("Authorization"),
                                 m_env.value(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN")).toUtf8()});
    }
    m_http.send(exchange, [done = std::move(done)](Result<HttpReply> reply) {
        if (!reply) {
            done(reply.error());
            return;
        }
        if (reply->status != 200) {
            done(makeError(QStringLiteral("container.http-%1").arg(reply->status),
                           QStringLiteral("%1 answered HTTP %2").arg(kContainerEndpoint).arg(reply->status),
                           reply->status == 401 || reply->status == 403
                               ? QStringLiteral("Check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE).")
                               : QStringLiteral("Try again in a moment.")));
            return;
        }
        auto parsed = ImdsClient::parseCredentials(reply->body, kContainerEndpoint);
        if (!parsed) {
            Error error = parsed.error();
            error.code.replace(QStringLiteral("imds."), QStringLiteral("container."));
            done(error);
            return;
        }
        parsed->source = QStringLiteral("container-role");
        done(std::move(parsed));
    });
}

} // namespace signet::aws
