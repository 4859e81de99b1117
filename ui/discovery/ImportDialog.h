// SPDX-License-Identifier: GPL-3.0-or-later
// ImportDialog: File › Import from AWS… — an AWS profile and regions, the databases found, the import.
#pragma once

#include "discovery/DiscoveredEndpoint.h"
#include "discovery/ProfileImport.h"

#include <QDialog>
#include <QHash>
#include <QProcessEnvironment>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace signet::discovery {
class Discovery;
}
namespace signet::profiles {
class ProfileService;
}

namespace signet::ui {

// Discovery runs in the background (a Discovery per run, each region its own row with its progress
// or its error); the user ticks endpoints and Import saves them through the ProfileService, updating
// the profiles an earlier import made.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)

public:
    // `environment`: what the credential chain and the AWS endpoints read (tests point it elsewhere).
    ImportDialog(profiles::ProfileService &service, QProcessEnvironment environment,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    QLineEdit *awsProfileEdit() const { return m_awsProfile; }
    QLineEdit *regionsEdit() const { return m_regions; }
    QCheckBox *allRegionsBox() const { return m_allRegions; }
    QPushButton *discoverButton() const { return m_discover; }
    QPushButton *importButton() const { return m_import; }
    QTreeWidget *tree() const { return m_tree; }
    QLabel *statusLabel() const { return m_status; }
    bool isDiscovering() const;

Q_SIGNALS:
    void discoveryFinished();
    void importFinished(const signet::discovery::ImportSummary &summary);

private:
    void startDiscovery();
    void regionProgressed(const QString &region, int items);
    void regionFinished(const QString &region);
    void regionFailed(const QString &region, const Error &error);
    void updateImportButton();
    void startImport();
    QList<discovery::DiscoveredEndpoint> checkedEndpoints() const;

    profiles::ProfileService &m_service;
    QProcessEnvironment m_environment;
    QLineEdit *m_awsProfile = nullptr;
    QLineEdit *m_regions = nullptr;
    QCheckBox *m_allRegions = nullptr;
    QPushButton *m_discover = nullptr;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_import = nullptr;
    std::unique_ptr<discovery::Discovery> m_discovery;
    QHash<QString, QTreeWidgetItem *> m_regionItems;
    // What each endpoint row stands for (its index is the row's kEndpointRole), kept as the rows were made.
    QList<discovery::DiscoveredEndpoint> m_rows;
    bool m_resolving = false;
    bool m_importing = false;
};

} // namespace signet::ui
