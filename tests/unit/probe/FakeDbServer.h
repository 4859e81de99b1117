// SPDX-License-Identifier: GPL-3.0-or-later
// FakeDbServer: just enough MySQL / PostgreSQL wire protocol to test the probe's broken cases.
#pragma once

#include "TestPki.h"

#include <QTcpServer>

#include <optional>

namespace signet::test {

class FakeDbServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeDbServer)

public:
    enum class Mode
    {
        Silent,             // accepts and never says a word
        MySqlWithoutSsl,    // greeting without the SSL capability
        MySqlTooMany,       // error packet 1040 instead of a greeting
        MySqlTls,           // greeting with SSL, then TLS with `certificate`
        PostgresRefusesTls, // answers 'N'
        PostgresTls,        // answers 'S', then TLS with `certificate`
    };

    explicit FakeDbServer(Mode mode, std::optional<TestCertificate> certificate = std::nullopt,
                          QObject *parent = nullptr);
    quint16 start();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Mode m_mode;
    std::optional<TestCertificate> m_certificate;
};

} // namespace signet::test
