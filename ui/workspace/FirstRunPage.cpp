// SPDX-License-Identifier: GPL-3.0-or-later
// FirstRunPage: a short welcome, centred, with the first steps as buttons.
#include "workspace/FirstRunPage.h"

#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace signet::ui {

FirstRunPage::FirstRunPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("firstRunPage"));
    auto *title = new QLabel(tr("Welcome to Signet"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);
    auto *text = new QLabel(
        tr("<p>A <b>profile</b> is one database Signet logs in to with IAM authentication: its endpoint, "
           "the database user created for IAM, and where the AWS credentials come from.</p>"
           "<p>Make one for each database, then press <b>Connect</b> for a console or <b>Open in</b> for "
           "your usual client. Tokens are signed when needed and never saved.</p>"),
        this);
    text->setObjectName(QStringLiteral("firstRunText"));
    text->setWordWrap(true);
    text->setMaximumWidth(560);

    m_new = new QPushButton(QIcon::fromTheme(QStringLiteral("list-add")), tr("&New profile…"), this);
    m_new->setObjectName(QStringLiteral("firstRunNew"));
    m_new->setDefault(true);
    m_new->setToolTip(
        tr("Add a database (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_import = new QPushButton(tr("&Import profiles from a file…"), this);
    m_import->setObjectName(QStringLiteral("firstRunImport"));
    m_import->setToolTip(tr("Profiles exported by another Signet (File › Export Profiles)"));

    m_awsImport = new QPushButton(tr("Import from &AWS…"), this);
    m_awsImport->setObjectName(QStringLiteral("firstRunAwsImport"));
    m_awsImport->setToolTip(
        tr("The RDS and Aurora databases an AWS profile can see, in the regions you choose"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_import);
    buttons->addWidget(m_awsImport);
    buttons->addStretch(1);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(text);
    column->addSpacing(8);
    column->addLayout(buttons);

    auto *centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addLayout(column);
    centre->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(centre);
    layout->addStretch(2);

    connect(m_new, &QPushButton::clicked, this, &FirstRunPage::newProfileRequested);
    connect(m_import, &QPushButton::clicked, this, &FirstRunPage::importRequested);
    connect(m_awsImport, &QPushButton::clicked, this, &FirstRunPage::awsImportRequested);
}

FirstRunPage::~FirstRunPage() = default;

} // namespace signet::ui
