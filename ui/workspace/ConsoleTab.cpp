// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleTab: the identity strip above a ConsoleWidget, and the production guard.
#include "workspace/ConsoleTab.h"

#include "common/Ask.h"
#include "common/ProfileColour.h"
#include "common/Theme.h"
#include "console/ConsoleWidget.h"
#include "db/DbSession.h"
#include "db/StatementKind.h"

#include <Qsci/qsciscintilla.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

const QString kConfirmKey = QStringLiteral("console/confirmProductionChanges");

} // namespace

bool ConsoleTab::confirmsProductionChanges()
{
    return QSettings().value(kConfirmKey, true).toBool();
}

void ConsoleTab::setConfirmsProductionChanges(bool confirm)
{
    QSettings().setValue(kConfirmKey, confirm);
}

ConsoleTab::ConsoleTab(const profiles::ConnectionProfile &profile, db::DbTarget target,
                       db::DbTokenSigner signer, QWidget *parent)
    : QWidget(parent)
    , m_profile(profile)
    , m_target(target)
{
    setObjectName(QStringLiteral("consoleTab"));
    m_console = new ConsoleWidget(std::move(target), std::move(signer), this);
    m_console->setRunGuard(
        [this](const QList<db::StatementSpan> &statements) { return allowRun(statements); });

    m_strip = new QWidget(this);
    m_strip->setObjectName(QStringLiteral("consoleIdentity"));
    m_strip->setAttribute(Qt::WA_StyledBackground);
    m_badge = new QLabel(tr("PRODUCTION"), m_strip);
    m_badge->setObjectName(QStringLiteral("productionBadge"));
    m_badge->setToolTip(tr("This profile is marked as production: statements that change data ask first."));
    m_identity = new QLabel(m_strip);
    m_identity->setObjectName(QStringLiteral("identityLine"));
    m_identity->setMinimumWidth(1);
    m_identity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *stripLayout = new QHBoxLayout(m_strip);
    stripLayout->setContentsMargins(8, 3, 8, 3);
    stripLayout->addWidget(m_badge);
    stripLayout->addWidget(m_identity, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_strip);
    layout->addWidget(m_console, 1);

    connect(m_console->session(), &db::DbSession::connected, this, &ConsoleTab::onConnected);
    connect(m_console->session(), &db::DbSession::reconnected, this,
            [this](const QString &, const db::ServerInfo &info) { onConnected(info); });
    connect(m_console->session(), &db::DbSession::disconnected, this, [this] {
        m_connected = false;
        updateIdentity();
    });
    connect(m_console->session(), &db::DbSession::connectFailed, this, [this] {
        m_connected = false;
        updateIdentity();
    });
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ConsoleTab::updateIdentity);
    m_timer->start();
    setProfile(profile);
}

ConsoleTab::~ConsoleTab() = default;

void ConsoleTab::setProfile(const profiles::ConnectionProfile &profile)
{
    m_profile = profile;
    m_badge->setVisible(profile.production);
    const QColor colour = profile_colour::of(profile);
    // A stripe of the profile's colour on the left and a faint tint: two consoles of different
    // places never look alike, and production is red.
    if (colour.isValid()) {
        QColor tint = colour;
        tint.setAlpha(profile.production ? 60 : 35);
        m_strip->setStyleSheet(
            QStringLiteral("#consoleIdentity { border-left: 6px solid %1; background: %2; }")
                .arg(colour.name(), tint.name(QColor::HexArgb)));
    } else {
        m_strip->setStyleSheet(QStringLiteral("#consoleIdentity { border-left: 6px solid palette(mid); }"));
    }
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; font-weight: bold; "
                                          "padding: 1px 6px; border-radius: 3px; }")
                               .arg(theme::error().name()));
    updateIdentity();
    Q_EMIT identityChanged();
}

void ConsoleTab::onConnected(const db::ServerInfo &info)
{
    m_server = info;
    m_connected = true;
    updateIdentity();
}

void ConsoleTab::updateIdentity()
{
    QStringList parts{m_profile.name, engineDisplayName(m_profile.engine), m_target.displayName()};
    if (m_profile.ssh.isSet())
        parts << tr("SSH tunnel via %1 (local %2:%3)")
                     .arg(m_profile.ssh.host, m_target.viaHost)
                     .arg(m_target.connectPort());
    else if (m_profile.ssm.isSet())
        parts << tr("via SSM %1 (local %2:%3)")
                     .arg(m_profile.ssmRoute().displayText(), m_target.viaHost)
                     .arg(m_target.connectPort());
    else if (m_target.hasVia())
        parts << tr("via %1:%2").arg(m_target.viaHost).arg(m_target.connectPort());
    if (m_connected) {
        parts << (m_server.tlsVersion.isEmpty() ? tr("TLS") : m_server.tlsVersion);
        const qint64 age = qMax<qint64>(0, m_server.tokenSignedAt.secsTo(QDateTime::currentDateTimeUtc()));
        parts << tr("token signed %1:%2 ago").arg(age / 60).arg(age % 60, 2, 10, QLatin1Char('0'));
    } else {
        parts << tr("not connected");
    }
    m_identityText = parts.join(QStringLiteral("  ·  "));
    m_strip->setToolTip(m_identityText);
    m_identity->setText(
        m_identity->fontMetrics().elidedText(m_identityText, Qt::ElideMiddle, qMax(1, m_identity->width())));
}

void ConsoleTab::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateIdentity();
}

QString ConsoleTab::identityText() const
{
    return m_identityText;
}

QString ConsoleTab::tabTitle() const
{
    // "SQL" tells a console from the profile page, whose tab carries the bare profile name.
    return m_profile.production ? tr("%1 — SQL (production)").arg(m_profile.name)
                                : tr("%1 — SQL").arg(m_profile.name);
}

QIcon ConsoleTab::tabIcon() const
{
    return profile_colour::dot(profile_colour::of(m_profile));
}

bool ConsoleTab::hasUnsavedText() const
{
    return m_console->hasUnsavedText();
}

bool ConsoleTab::isRunning() const
{
    return m_console->isRunning();
}

bool ConsoleTab::allowRun(const QList<db::StatementSpan> &statements)
{
    if (m_profile.production && confirmsProductionChanges()) {
        QStringList changing;
        for (const db::StatementSpan &statement : statements) {
            if (db::changesData(statement.text, wireFamily(m_profile.engine)))
                changing << statement.text.simplified().left(120);
        }
        if (!changing.isEmpty()) {
            Ask::Question question;
            question.title = tr("Change data on production?");
            question.text =
                changing.size() == 1
                    ? tr("\"%1\" is production, and this statement changes data:").arg(m_profile.name)
                    : tr("\"%1\" is production, and %2 of these statements change data:")
                          .arg(m_profile.name)
                          .arg(changing.size());
            question.details =
                changing.mid(0, 5).join(u'\n') +
                (changing.size() > 5 ? tr("\n… and %1 more").arg(changing.size() - 5) : QString()) +
                tr("\n\n(Preferences › Consoles turns this question off.)");
            question.answers = {Ask::Answer::Proceed, Ask::Answer::Cancel};
            question.label = [](Ask::Answer answer) {
                return answer == Ask::Answer::Proceed ? tr("Run on production") : QString();
            };
            question.defaultAnswer = Ask::Answer::Cancel;
            if (Ask::question(this, question) != Ask::Answer::Proceed)
                return false;
        }
    }
    return true;
}

} // namespace signet::ui
