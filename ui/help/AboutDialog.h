// SPDX-License-Identifier: GPL-3.0-or-later
// AboutDialog: Help › About Signet: the version and git revision (as `signet --version` prints them),
// Signet's licence, and the libraries it is built on with their versions and licences.
#pragma once

#include <QDialog>

class QLabel;
class QTreeWidget;

namespace signet::ui {

class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    QLabel *versionLabel() const { return m_version; }
    QLabel *licenceLabel() const { return m_licence; }
    QTreeWidget *libraries() const { return m_libraries; }

private:
    QLabel *m_version = nullptr;
    QLabel *m_licence = nullptr;
    QTreeWidget *m_libraries = nullptr;
};

} // namespace signet::ui
