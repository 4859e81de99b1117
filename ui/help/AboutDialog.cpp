// SPDX-License-Identifier: GPL-3.0-or-later
// The About box, from buildinfo (the same source as `signet --version` and the man page).
#include "help/AboutDialog.h"

#include "buildinfo/BuildInfo.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace signet::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Signet"));
    auto *layout = new QVBoxLayout(this);

    auto *title = new QLabel(tr("<h3>Signet %1</h3>").arg(buildinfo::version().toHtmlEscaped()), this);
    layout->addWidget(title);
    m_version =
        new QLabel(tr("IAM database authentication for Amazon RDS and Aurora.<br>"
                      "Version %1, built from git revision %2.")
                       .arg(buildinfo::version().toHtmlEscaped(), buildinfo::gitRevision().toHtmlEscaped()),
                   this);
    m_version->setObjectName(QStringLiteral("aboutVersion"));
    m_version->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_version);

    m_licence =
        new QLabel(tr("Signet is free software, licensed under the GNU General Public License, version 3 "
                      "or (at your option) any later version (%1): you may share and change it under "
                      "those terms. It comes with no warranty. "
                      "<a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">The licence</a>.")
                       .arg(buildinfo::licence()),
                   this);
    m_licence->setObjectName(QStringLiteral("aboutLicence"));
    m_licence->setWordWrap(true);
    m_licence->setOpenExternalLinks(true);
    layout->addWidget(m_licence);

    layout->addWidget(new QLabel(tr("Built on these libraries:"), this));
    m_libraries = new QTreeWidget(this);
    m_libraries->setObjectName(QStringLiteral("aboutLibraries"));
    m_libraries->setHeaderLabels({tr("Library"), tr("Version"), tr("Licence")});
    m_libraries->setRootIsDecorated(false);
    m_libraries->setSelectionMode(QAbstractItemView::NoSelection);
    m_libraries->setFocusPolicy(Qt::NoFocus); // nothing to pick: Close keeps the keyboard
    for (const buildinfo::Library &library : buildinfo::libraries())
        new QTreeWidgetItem(m_libraries, {library.name, library.version, library.licence});
    m_libraries->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_libraries->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_libraries->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    layout->addWidget(m_libraries);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(620, 340);
}

} // namespace signet::ui
