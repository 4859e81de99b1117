// SPDX-License-Identifier: GPL-3.0-or-later
// ReferenceSigner: the botocore and npm signer scripts as one batch call each.
#include "ReferenceSigner.h"

#include "TestPaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

namespace signet::test {

namespace {

Error missing(const QString &what, const QString &hint)
{
    return makeError(QStringLiteral("test.reference-missing"), what, hint);
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

const QString InstallHint = QStringLiteral(
    "run scripts/test, or: bash -c 'source scripts/lib.sh && signet_install_npm_oracles' (needs the "
    "Debian package nodejs and the npm registry once); this test needs AWS's signer as the reference "
    "and will not skip");

} // namespace

Result<ReferenceSigner> ReferenceSigner::botocore()
{
    ReferenceSigner signer;
    signer.m_name = QStringLiteral("botocore");
    signer.m_program = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(signer.m_program))
        return missing(
            QStringLiteral("/usr/bin/python3 is missing"),
            QStringLiteral("install python3 and python3-botocore (apt-get install python3-botocore); "
                           "this test needs botocore as the reference and will not skip"));
    signer.m_arguments = {sourcePath(QStringLiteral("tests/support/botocore_tokens.py"))};
    signer.m_environment = QProcessEnvironment::systemEnvironment();
    return signer;
}

Result<ReferenceSigner> ReferenceSigner::awsJs(const QString &kind)
{
    ReferenceSigner signer;
    signer.m_name = QStringLiteral("npm @aws-sdk/%1-signer").arg(kind);
    signer.m_program = QStringLiteral("/usr/bin/node");
    if (!QFile::exists(signer.m_program))
        return missing(QStringLiteral("/usr/bin/node is missing"),
                       QStringLiteral("install Node.js 18 or later (apt-get install nodejs npm), then ") +
                           InstallHint);
    signer.m_environment = QProcessEnvironment::systemEnvironment();
    QString npmDir = signer.m_environment.value(QStringLiteral("SIGNET_NPM_DIR"));
    if (npmDir.isEmpty())
        npmDir = sourcePath(QStringLiteral("build/npm"));
    const QDir dir(npmDir);
    if (!dir.exists(QStringLiteral("node_modules/@aws-sdk/%1-signer/package.json").arg(kind)))
        return missing(
            QStringLiteral("the npm package @aws-sdk/%1-signer is not installed in %2").arg(kind, npmDir),
            InstallHint);
    // The cache records the lock file it was installed from (signet_install_npm_oracles).
    const QByteArray lockSha = fileSha256(sourcePath(QStringLiteral("tests/support/npm/package-lock.json")));
    QFile stamp(dir.filePath(QStringLiteral(".lock-sha256")));
    if (lockSha.isEmpty() || !stamp.open(QIODevice::ReadOnly) || stamp.readAll().trimmed() != lockSha)
        return missing(
            QStringLiteral("the npm cache %1 was not installed from tests/support/npm/package-lock.json "
                           "(outdated or incomplete)")
                .arg(npmDir),
            InstallHint);
    signer.m_environment.insert(QStringLiteral("NODE_PATH"), dir.filePath(QStringLiteral("node_modules")));
    signer.m_arguments = {sourcePath(QStringLiteral("tests/support/aws_js_tokens.js")), kind};
    return signer;
}

Result<QJsonObject> ReferenceSigner::sign(const QJsonArray &cases, int timeoutMs) const
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return makeError(QStringLiteral("test.tempdir"),
                         QStringLiteral("cannot create a temporary directory"));
    const QString in = dir.filePath(QStringLiteral("in.json"));
    const QString out = dir.filePath(QStringLiteral("out.json"));
    {
        QFile file(in);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QJsonDocument(cases).toJson(QJsonDocument::Compact)) < 0)
            return makeError(QStringLiteral("test.write"), QStringLiteral("cannot write ") + in);
    }
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(m_program, m_arguments + QStringList{in, out});
    if (!process.waitForStarted(10000))
        return makeError(QStringLiteral("test.reference-failed"),
                         QStringLiteral("cannot start ") + m_program);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return makeError(QStringLiteral("test.reference-failed"),
                         m_name + QStringLiteral(" did not finish in time"));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return makeError(QStringLiteral("test.reference-failed"),
                         QStringLiteral("%1 failed (exit %2): %3")
                             .arg(m_name)
                             .arg(process.exitCode())
                             .arg(QString::fromUtf8(process.readAllStandardError()).trimmed()));
    QFile result(out);
    if (!result.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("test.reference-failed"),
                         m_name + QStringLiteral(" wrote no result"));
    const QJsonObject document = QJsonDocument::fromJson(result.readAll()).object();
    if (document.value(QStringLiteral("results")).toArray().size() != cases.size())
        return makeError(QStringLiteral("test.reference-failed"),
                         m_name + QStringLiteral(" returned a result count unlike the case count"));
    return document;
}

} // namespace signet::test
