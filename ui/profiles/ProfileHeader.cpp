// ProfileHeader: three lines of plain text, selectable so the endpoint can be copied.
#include "profiles/ProfileHeader.h"

#include "profiles/ProfileSigner.h"

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
    m_endpoint = new QLabel(this);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(this);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_details);
}

ProfileHeader::~ProfileHeader() = default;

void ProfileHeader::setProfile(const profiles::ConnectionProfile &profile)
{
    const QString region = profile.effectiveRegion();
    m_title->setText(QStringList{profile.name, engineDisplayName(profile.engine),
                                 region.isEmpty() ? tr("no region") : region}
                         .join(QStringLiteral("  ·  ")));
    m_endpoint->setText(QStringLiteral("%1:%2").arg(profile.host).arg(profile.port));
    QStringList details{tr("as %1").arg(profile.dbUser)};
    if (!profile.database.isEmpty())
        details << tr("database %1").arg(profile.database);
    if (profile.hasVia())
        details << tr("via %1:%2").arg(profile.viaHost).arg(profile.viaPort);
    details << tr("CA: %1").arg(profile.caFile.isEmpty() ? tr("RDS global bundle") : profile.caFile);
    details << (profile.tlsMode == profiles::TlsMode::VerifyFull ? tr("verify-full") : tr("⚠ verify-ca"));
    details << profiles::ProfileSigner::describeSource(profile);
    m_details->setText(details.join(QStringLiteral("  ·  ")));
}

QString ProfileHeader::text() const
{
    return m_title->text() + u'\n' + m_endpoint->text() + u'\n' + m_details->text();
}

} // namespace signet::ui
