// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileHeader: three lines of plain text, selectable so the endpoint can be copied.
#include "profiles/ProfileHeader.h"

#include "common/ProfileColour.h"
#include "common/Theme.h"
#include "profiles/ProfileSigner.h"
#include "tls/CaBundleStore.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace signet::ui {

ProfileHeader::ProfileHeader(QWidget *parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setObjectName(QStringLiteral("headerTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_badge = new QLabel(tr("PRODUCTION"), this);
    m_badge->setObjectName(QStringLiteral("headerProduction"));
    m_badge->setToolTip(tr("Consoles of this profile ask before statements that change data."));
    m_badge->setVisible(false);
    m_endpoint = new QLabel(this);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(this);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setWordWrap(true);
    m_details->setMinimumWidth(1);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_badge);
    titleRow->addStretch(1);
    // Endpoint and details share a line: the header is two lines tall, not three.
    auto *detailRow = new QHBoxLayout;
    // The separator's spaces make the gap, as between the details (the layout's own was narrower).
    detailRow->setSpacing(0);
    detailRow->addWidget(m_endpoint, 0, Qt::AlignTop);
    detailRow->addWidget(m_details, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(titleRow);
    layout->addLayout(detailRow);
}

ProfileHeader::~ProfileHeader() = default;

void ProfileHeader::setProfile(const profiles::ConnectionProfile &profile)
{
    const QString region = profile.effectiveRegion();
    m_title->setText(QStringList{profile.name, engineDisplayName(profile.engine),
                                 region.isEmpty() ? tr("no region") : region}
                         .join(QStringLiteral("  ·  ")));
    m_endpoint->setText(QStringLiteral("%1:%2").arg(profile.host).arg(profile.port));
    m_badge->setVisible(profile.production);
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; font-weight: bold; "
                                          "padding: 1px 6px; border-radius: 3px; }")
                               .arg(theme::error().name()));
    // The colour its consoles carry, as a stripe on the left.
    const QColor colour = profile_colour::of(profile);
    setObjectName(QStringLiteral("profileHeader"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(colour.isValid()
                      ? QStringLiteral("#profileHeader { border-left: 5px solid %1; }").arg(colour.name())
                      : QStringLiteral("#profileHeader { border-left: 5px solid transparent; }"));
    QStringList details{tr("as %1").arg(profile.dbUser)};
    if (!profile.database.isEmpty())
        details << tr("database %1").arg(profile.database);
    if (profile.hasVia())
        details << tr("via %1:%2").arg(profile.viaHost).arg(profile.viaPort);
    if (profile.ssh.isSet())
        details << tr("SSH bastion %1").arg(profile.ssh.displayText());
    if (profile.ssm.isSet())
        details << tr("via SSM %1").arg(profile.ssmRoute().displayText());
    const bool systemDefault = tls::CaBundleStore::defaultsToSystemStore(profile.engine, profile.host);
    details << tr("CA: %1").arg(!profile.caFile.isEmpty() ? profile.caFile
                                : systemDefault           ? tr("system trust store")
                                                          : tr("RDS global bundle"));
    details << (profile.tlsMode == profiles::TlsMode::VerifyFull ? tr("verify-full") : tr("⚠ verify-ca"));
    details << profiles::ProfileSigner::describeSource(profile);
    m_details->setText(QStringLiteral("  ·  ") + details.join(QStringLiteral("  ·  ")));
}

QString ProfileHeader::text() const
{
    return m_title->text() + u'\n' + m_endpoint->text() + u'\n' + m_details->text();
}

} // namespace signet::ui
