// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundlesDialog: the stored CA bundles, their certificates coloured by expiry, download/update
// with progress and import from a file.
#pragma once

#include "tls/CaBundleStore.h"

#include <QDialog>
#include <QPointer>

#include <functional>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace signet::tls {
class CaBundleDownload;
}

namespace signet::ui {

class CaBundlesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaBundlesDialog)

public:
    explicit CaBundlesDialog(tls::CaBundleStore store, QWidget *parent = nullptr);
    ~CaBundlesDialog() override;

    // Asks for a PEM file to import; injectable so tests need no file dialog.
    using FileChooser = std::function<QString(QWidget *parent)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    // Extra CAs trusted for downloads (tests, corporate proxies).
    void setDownloadTrust(const QList<QSslCertificate> &certificates) { m_downloadTrust = certificates; }

    void reload();
    void selectBundle(const QString &id);
    void startUpdate(const QString &sourceSpec);
    void importFromFile();

signals:
    void bundlesChanged();

private:
    void showBundle(const QString &id);
    void setBusy(bool busy);

    tls::CaBundleStore m_store;
    FileChooser m_chooseFile;
    QList<QSslCertificate> m_downloadTrust;
    QPointer<tls::CaBundleDownload> m_download;
    QListWidget *m_bundles;
    QTableWidget *m_certificates;
    QLabel *m_details;
    QComboBox *m_source;
    QPushButton *m_updateButton;
    QPushButton *m_importButton;
    QProgressBar *m_progress;
    QLabel *m_status;
};

} // namespace signet::ui
