// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the console UI tests: the emulator's environment, a target and a signer for it, and the
// keyboard and mouse steps a person takes in a console.
#pragma once

#include "EmulatorEnvironment.h"

#include "console/ConsoleWidget.h"
#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"

#include <QAbstractButton>
#include <QApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>
#include <QToolButton>

namespace signet::test {

// Takes the running emulator's SIGNET_EMU_* settings when the test runs alone (ctest -L ui).
inline db::DbTarget emulatorTarget(Engine engine)
{
    const bool pg = isPostgresFamily(engine);
    db::DbTarget target;
    target.engine = engine;
    target.host = qEnvironmentVariable("SIGNET_EMU_HOST");
    target.port = qEnvironmentVariable(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT").toInt();
    target.user = qEnvironmentVariable(pg ? "SIGNET_EMU_PG_USER" : "SIGNET_EMU_MYSQL_USER");
    target.database = qEnvironmentVariable("SIGNET_EMU_DATABASE");
    target.region = qEnvironmentVariable("SIGNET_EMU_REGION");
    target.caFile = qEnvironmentVariable("SIGNET_EMU_CA");
    return target;
}

// Signs with the emulator's session credentials, never the machine's own.
inline db::DbTokenSigner emulatorSigner()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"),
                       qEnvironmentVariable("SIGNET_EMU_SESSION_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                       qEnvironmentVariable("SIGNET_EMU_SESSION_SECRET_ACCESS_KEY"));
    environment.insert(QStringLiteral("AWS_SESSION_TOKEN"), qEnvironmentVariable("SIGNET_EMU_SESSION_TOKEN"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
    return db::DbTokenSigner(aws::CredentialChain(environment));
}

// The visible toolbar button of a console action, as a person would find it.
inline QToolButton *toolButton(ui::ConsoleWidget &console, const QString &text)
{
    for (QToolButton *button : console.findChildren<QToolButton *>()) {
        if (button->text() == text && button->isVisible())
            return button;
    }
    return nullptr;
}

// A person's double-click: press and release, then the second press (a double-click event) and its
// release. QTest::mouseDClick on a widget sends the double-click event alone.
inline void doubleClick(QWidget *widget, QPoint at)
{
    QTest::mouseClick(widget, Qt::LeftButton, {}, at);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, at);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, at);
}

// Keys go to whatever has the keyboard focus, as they would for a person.
inline QWidget *focused()
{
    return QApplication::focusWidget();
}

} // namespace signet::test
