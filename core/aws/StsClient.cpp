// SPDX-License-Identifier: GPL-3.0-or-later
// StsClient: SigV4-signed form posts to STS and their XML answers.
#include "aws/StsClient.h"

#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "aws/UriEncoding.h"

#include <QHash>
#include <QXmlStreamReader>

namespace signet::aws {

namespace {

const QString kStsVersion = QStringLiteral("2011-06-15");

// Every leaf element's text by local name; STS answers never repeat a leaf that matters.
Result<QHash<QString, QString>> xmlLeaves(const QByteArray &xml, const QString &what)
{
    QHash<QString, QString> leaves;
    QXmlStreamReader reader(xml);
    QString text;
    bool sawElement = false;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement:
            sawElement = true;
            text.clear();
            break;
        case QXmlStreamReader::Characters:
            text += reader.text();
            break;
        case QXmlStreamReader::EndElement:
            if (!text.isEmpty())
                leaves.insert(reader.name().toString(), text.trimmed());
            text.clear();
            break;
        default:
            break;
        }
    }
    if (reader.hasError() || !sawElement)
        return makeError(
            QStringLiteral("sts.malformed"),
            QStringLiteral("%1 answered with a document that is not valid XML (%2)")
                .arg(what, reader.hasError() ? reader.errorString() : QStringLiteral("empty body")),
            QStringLiteral("Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, or try again later."));
    return leaves;
}

QString hintFor(const QString &code, const QString &message)
{
    if (code == u"ExpiredToken" || code == u"ExpiredTokenException")
        return QStringLiteral("The credentials used to call STS have expired; refresh them (e.g. `aws sso "
                              "login`) and try again.");
    if (code == u"AccessDenied" && message.contains(QStringLiteral("MultiFactorAuthentication")))
        return QStringLiteral(
            "The MFA code was wrong or already used; wait for the next code and try again.");
    if (code == u"AccessDenied")
        return QStringLiteral("Check the role's trust policy and the caller's permissions.");
    if (code == u"InvalidClientTokenId" || code == u"SignatureDoesNotMatch")
        return QStringLiteral("The source access key or secret is wrong; check the source profile's keys.");
    if (code == u"InvalidIdentityToken" || code == u"ExpiredTokenException")
        return QStringLiteral("The web identity token was rejected; check the token file and its issuer.");
    return QStringLiteral("See the AWS error code for details.");
}

} // namespace

StsClient::StsClient(ServiceEndpoints endpoints, QString region, const Clock &clock, int timeoutMs,
                     QNetworkAccessManager *manager)
    : m_endpoints(std::move(endpoints))
    , m_region(std::move(region))
    , m_clock(clock)
    , m_timeoutMs(timeoutMs)
    , m_http(manager)
{}

QString StsClient::accountFromArn(const QString &arn)
{
    const QStringList parts = arn.split(u':');
    return parts.size() > 4 ? parts.at(4) : QString();
}

Error StsClient::parseError(int status, const QByteArray &body, const QString &action)
{
    const auto leaves = xmlLeaves(body, QStringLiteral("STS %1").arg(action));
    if (!leaves || !leaves->contains(QStringLiteral("Code")))
        return makeError(QStringLiteral("sts.http-%1").arg(status),
                         QStringLiteral("STS %1 failed with HTTP %2").arg(action).arg(status),
                         status >= 500 ? QStringLiteral("STS had a problem; try again in a moment.")
                                       : QStringLiteral("Check the STS endpoint and the credentials."));
    const QString code = leaves->value(QStringLiteral("Code"));
    const QString message = leaves->value(QStringLiteral("Message"));
    return makeError(QStringLiteral("sts.") + code,
                     QStringLiteral("STS %1 failed: %2%3")
                         .arg(action, code, message.isEmpty() ? QString() : QStringLiteral(": ") + message),
                     hintFor(code, message));
}

Result<StsCredentials> StsClient::parseCredentials(const QByteArray &xml, const QString &action)
{
    const auto leaves = xmlLeaves(xml, QStringLiteral("STS %1").arg(action));
    if (!leaves)
        return leaves.error();
    const QString accessKey = leaves->value(QStringLiteral("AccessKeyId"));
    const QString secret = leaves->value(QStringLiteral("SecretAccessKey"));
    const QString token = leaves->value(QStringLiteral("SessionToken"));
    const QDateTime expiry =
        QDateTime::fromString(leaves->value(QStringLiteral("Expiration")), Qt::ISODateWithMs);
    if (accessKey.isEmpty() || secret.isEmpty() || token.isEmpty() || !expiry.isValid())
        return makeError(
            QStringLiteral("sts.malformed"),
            QStringLiteral("STS %1 answered without complete credentials").arg(action),
            QStringLiteral("Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, or try again later."));
    StsCredentials out;
    out.credentials.accessKeyId = accessKey;
    out.credentials.secretAccessKey = SecretString::fromUtf8(secret);
    out.credentials.sessionToken = SecretString::fromUtf8(token);
    out.credentials.expiration = expiry.toUTC();
    out.arn = leaves->value(QStringLiteral("Arn"));
    out.accountId = accountFromArn(out.arn);
    return out;
}

Result<CallerIdentity> StsClient::parseCallerIdentity(const QByteArray &xml)
{
    const auto leaves = xmlLeaves(xml, QStringLiteral("STS GetCallerIdentity"));
    if (!leaves)
        return leaves.error();
    CallerIdentity out{leaves->value(QStringLiteral("Account")), leaves->value(QStringLiteral("Arn")),
                       leaves->value(QStringLiteral("UserId"))};
    if (out.arn.isEmpty())
        return makeError(QStringLiteral("sts.malformed"),
                         QStringLiteral("STS GetCallerIdentity answered without an ARN"),
                         QStringLiteral("Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL."));
    if (out.account.isEmpty())
        out.account = accountFromArn(out.arn);
    return out;
}

void StsClient::call(const QString &action, const QList<std::pair<QString, QString>> &parameters,
                     const Credentials *signer, ResultCallback<QByteArray> done) const
{
    QByteArray body = "Action=" + action.toUtf8() + "&Version=" + kStsVersion.toUtf8();
    for (const auto &[name, value] : parameters) {
        body += '&';
        body += uri::encoded(name.toUtf8());
        body += '=';
        body += uri::encoded(value.toUtf8());
    }
    const QUrl endpoint = m_endpoints.sts(m_region);
    HttpExchange exchange;
    exchange.method = QByteArrayLiteral("POST");
    exchange.url = endpoint;
    if (exchange.url.path().isEmpty())
        exchange.url.setPath(QStringLiteral("/"));
    exchange.body = body;
    exchange.timeoutMs = m_timeoutMs;
    exchange.service = QStringLiteral("STS");
    const QByteArray contentType = QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8");
    if (signer) {
        SigV4Request request;
        request.method = exchange.method;
        request.path = exchange.url.path(QUrl::FullyEncoded).toUtf8();
        QByteArray host = exchange.url.host(QUrl::FullyEncoded).toUtf8();
        const int defaultPort = exchange.url.scheme() == u"https" ? 443 : 80;
        if (exchange.url.port() != -1 && exchange.url.port() != defaultPort)
            host += ':' + QByteArray::number(exchange.url.port());
        request.headers = {{QByteArrayLiteral("Host"), host},
                           {QByteArrayLiteral("Content-Type"), contentType}};
        request.body = body;
        const SigV4Signer sigv4(ServiceEndpoints::stsSigningRegion(m_region).toUtf8(),
                                QByteArrayLiteral("sts"));
        const auto signature = sigv4.signHeaders(request, *signer, m_clock.now());
        if (!signature) {
            done(signature.error());
            return;
        }
        for (const auto &[name, value] : request.headers) {
            if (name.compare("host", Qt::CaseInsensitive) != 0)
                exchange.headers.append({name, value});
        }
        exchange.headers.append({QByteArrayLiteral("Authorization"), signature->authorization});
    } else {
        exchange.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    }
    m_http.send(exchange, [action, done = std::move(done)](Result<HttpReply> reply) {
        if (!reply) {
            done(reply.error());
            return;
        }
        if (reply->status != 200) {
            done(parseError(reply->status, reply->body, action));
            return;
        }
        done(reply->body);
    });
}

void StsClient::assumeRole(const AssumeRoleParameters &parameters, const Credentials &source,
                           ResultCallback<StsCredentials> done) const
{
    QList<std::pair<QString, QString>> query{{QStringLiteral("RoleArn"), parameters.roleArn},
                                             {QStringLiteral("RoleSessionName"), parameters.roleSessionName}};
    if (parameters.durationSeconds > 0)
        query.append({QStringLiteral("DurationSeconds"), QString::number(parameters.durationSeconds)});
    if (!parameters.externalId.isEmpty())
        query.append({QStringLiteral("ExternalId"), parameters.externalId});
    if (!parameters.mfaSerial.isEmpty()) {
        query.append({QStringLiteral("SerialNumber"), parameters.mfaSerial});
        query.append({QStringLiteral("TokenCode"), parameters.mfaCode});
    }
    call(QStringLiteral("AssumeRole"), query, &source, [done = std::move(done)](Result<QByteArray> body) {
        if (!body) {
            done(body.error());
            return;
        }
        done(parseCredentials(*body, QStringLiteral("AssumeRole")));
    });
}

void StsClient::assumeRoleWithWebIdentity(const QString &roleArn, const QString &sessionName,
                                          const SecretString &webIdentityToken, int durationSeconds,
                                          ResultCallback<StsCredentials> done) const
{
    QList<std::pair<QString, QString>> query{
        {QStringLiteral("RoleArn"), roleArn},
        {QStringLiteral("RoleSessionName"), sessionName},
        {QStringLiteral("WebIdentityToken"), webIdentityToken.revealText()}};
    if (durationSeconds > 0)
        query.append({QStringLiteral("DurationSeconds"), QString::number(durationSeconds)});
    call(QStringLiteral("AssumeRoleWithWebIdentity"), query, nullptr,
         [done = std::move(done)](Result<QByteArray> body) {
             if (!body) {
                 done(body.error());
                 return;
             }
             done(parseCredentials(*body, QStringLiteral("AssumeRoleWithWebIdentity")));
         });
}

void StsClient::getCallerIdentity(const Credentials &credentials, ResultCallback<CallerIdentity> done) const
{
    call(QStringLiteral("GetCallerIdentity"), {}, &credentials,
         [done = std::move(done)](Result<QByteArray> body) {
             if (!body) {
                 done(body.error());
                 return;
             }
             done(parseCallerIdentity(*body));
         });
}

} // namespace signet::aws
