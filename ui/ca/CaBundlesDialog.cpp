// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundlesDialog: list on the left, certificates on the right, actions below. Downloads are
// asynchronous (CaBundleDownload); the dialog never blocks.
#include "ca/CaBundlesDialog.h"
#include "common/Theme.h"

#include "tls/CaBundleDownload.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

enum Column
{
    NameColumn,
    KeyColumn,
    NotAfterColumn,
    DaysColumn
};

QColor colourFor(tls::ExpiryState state)
{
    switch (state) {
    case tls::ExpiryState::Expired:
    case tls::ExpiryState::NotYetValid:
        return theme::errorBackground();
    case tls::ExpiryState::ExpiresSoon:
        return theme::warningBackground();
    case tls::ExpiryState::Valid:
        break;
    }
    return {};
}

} // namespace

CaBundlesDialog::CaBundlesDialog(tls::CaBundleStore store, QWidget *parent)
    : QDialog(parent)
    , m_store(std::move(store))
    , m_chooseFile([](QWidget *owner) {
        return QFileDialog::getOpenFileName(owner, tr("Import CA bundle"), QString(),
                                            tr("PEM files (*.pem *.crt *.cer);;All files (*)"));
    })
    , m_bundles(new QListWidget(this))
    , m_certificates(new QTableWidget(this))
    , m_details(new QLabel(this))
    , m_source(new QComboBox(this))
    , m_updateButton(new QPushButton(tr("&Download / Update"), this))
    , m_importButton(new QPushButton(tr("&Import from File…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("CA Bundles"));
    m_bundles->setObjectName(QStringLiteral("bundleList"));
    m_certificates->setObjectName(QStringLiteral("certificateTable"));
    m_source->setObjectName(QStringLiteral("bundleSource"));
    m_updateButton->setObjectName(QStringLiteral("updateBundle"));
    m_importButton->setObjectName(QStringLiteral("importBundle"));
    m_status->setObjectName(QStringLiteral("bundleStatus"));
    // A long download error (a URL, a host name, a hint) wraps inside the dialog: it never widens it
    // past the screen and pushes its buttons out of reach.
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_details->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_certificates->setColumnCount(4);
    m_certificates->setHorizontalHeaderLabels({tr("Certificate"), tr("Key"), tr("Expires"), tr("Days left")});
    m_certificates->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_certificates->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_certificates->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_certificates->setSortingEnabled(true);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setEditable(true);
    m_source->addItems({QStringLiteral("global"), QStringLiteral("us-gov-global")});
    m_source->setToolTip(tr("global, us-gov-global, a region such as eu-west-1, or an https:// URL"));
    m_progress->setVisible(false);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_details);
    rightLayout->addWidget(m_certificates, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_bundles);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({180, 720}); // the bundle names are short; the certificate table needs the room

    auto *actions = new QHBoxLayout;
    actions->addWidget(new QLabel(tr("Source:"), this));
    actions->addWidget(m_source, 1);
    actions->addWidget(m_updateButton);
    actions->addWidget(m_importButton);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(actions);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_bundles, &QListWidget::currentTextChanged, this, [this](const QString &) {
        if (QListWidgetItem *item = m_bundles->currentItem())
            showBundle(item->data(Qt::UserRole).toString());
    });
    connect(m_updateButton, &QPushButton::clicked, this, [this]() { startUpdate(m_source->currentText()); });
    connect(m_importButton, &QPushButton::clicked, this, &CaBundlesDialog::importFromFile);
    // 900×560 where there is room; never more than the screen (1366×768 at 200 % is 683×384).
    QSize size(900, 560);
    if (const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.9);
    resize(size);
    reload();
}

CaBundlesDialog::~CaBundlesDialog()
{
    if (m_download)
        m_download->cancel();
}

void CaBundlesDialog::reload()
{
    const QString current = m_bundles->currentItem() ? m_bundles->currentItem()->data(Qt::UserRole).toString()
                                                     : QStringLiteral("global");
    m_bundles->clear();
    for (const tls::CaBundleEntry &entry : m_store.entries()) {
        auto *item = new QListWidgetItem(tr("%1 (%2)").arg(entry.id).arg(entry.certificateCount), m_bundles);
        item->setData(Qt::UserRole, entry.id);
    }
    selectBundle(current);
}

void CaBundlesDialog::selectBundle(const QString &id)
{
    for (int row = 0; row < m_bundles->count(); ++row) {
        if (m_bundles->item(row)->data(Qt::UserRole).toString() == id) {
            m_bundles->setCurrentRow(row);
            showBundle(id);
            return;
        }
    }
    if (m_bundles->count() > 0)
        m_bundles->setCurrentRow(0);
}

void CaBundlesDialog::showBundle(const QString &id)
{
    m_certificates->setSortingEnabled(false);
    m_certificates->setRowCount(0);
    const auto entry = m_store.entry(id);
    const auto bundle = m_store.load(id);
    if (!entry || !bundle) {
        m_details->setText(bundle ? tr("Unknown bundle %1").arg(id) : bundle.error().toString());
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString details =
        tr("Source: %1\nStored: %2 · checked: %3\nSHA-256: %4")
            .arg(entry->isOfflineCopy() ? tr("copy built into Signet (offline)") : entry->source,
                 entry->storedAt.toLocalTime().toString(Qt::ISODate),
                 entry->checkedAt.toLocalTime().toString(Qt::ISODate), entry->sha256);
    const QStringList warnings = bundle->warnings(now);
    if (!warnings.isEmpty())
        details += u'\n' + tr("Warnings: %1").arg(warnings.join(QStringLiteral("; ")));
    m_details->setText(details);
    const auto summaries = bundle->summaries();
    m_certificates->setRowCount(int(summaries.size()));
    for (int row = 0; row < summaries.size(); ++row) {
        const tls::CertificateSummary &summary = summaries.at(row);
        auto *days = new QTableWidgetItem;
        days->setData(Qt::DisplayRole, summary.daysLeft(now));
        const QList<QTableWidgetItem *> items{
            new QTableWidgetItem(summary.commonName), new QTableWidgetItem(summary.keyAlgorithm),
            new QTableWidgetItem(summary.notAfter.date().toString(Qt::ISODate)), days};
        const QColor colour = colourFor(summary.expiryState(now));
        for (int column = 0; column < items.size(); ++column) {
            if (colour.isValid())
                items[column]->setBackground(colour);
            items[column]->setToolTip(summary.subject);
            m_certificates->setItem(row, column, items[column]);
        }
    }
    m_certificates->setSortingEnabled(true);
    m_certificates->sortByColumn(DaysColumn, Qt::AscendingOrder);
}

void CaBundlesDialog::setBusy(bool busy)
{
    m_updateButton->setEnabled(!busy);
    m_importButton->setEnabled(!busy);
    m_progress->setVisible(busy);
}

void CaBundlesDialog::startUpdate(const QString &sourceSpec)
{
    if (m_download)
        return;
    const auto source = tls::CaBundleSource::fromSpec(sourceSpec);
    if (!source) {
        m_status->setText(source.error().toString());
        return;
    }
    m_download = new tls::CaBundleDownload(m_store, *source, this);
    m_download->setExtraTrustedCertificates(m_downloadTrust);
    connect(m_download, &tls::CaBundleDownload::progressed, this, [this](qint64 received, qint64 total) {
        m_progress->setRange(0, total > 0 ? int(total) : 0);
        m_progress->setValue(int(received));
    });
    connect(m_download, &tls::CaBundleDownload::finished, this, [this](const tls::CaBundleUpdate &update) {
        m_download->deleteLater();
        setBusy(false);
        m_status->setText(update.notModified ? tr("%1 is up to date.").arg(update.entry.id)
                                             : tr("%1 downloaded: %2 certificates.")
                                                   .arg(update.entry.id)
                                                   .arg(update.entry.certificateCount));
        reload();
        selectBundle(update.entry.id);
        emit bundlesChanged();
    });
    connect(m_download, &tls::CaBundleDownload::failed, this, [this](const Error &error) {
        m_download->deleteLater();
        setBusy(false);
        m_status->setText(error.toString());
    });
    setBusy(true);
    m_status->setText(tr("Downloading %1…").arg(source->url.toString()));
    m_download->start();
}

void CaBundlesDialog::importFromFile()
{
    const QString path = m_chooseFile ? m_chooseFile(this) : QString();
    if (path.isEmpty())
        return;
    const auto imported = m_store.importFile(path);
    if (!imported) {
        m_status->setText(imported.error().toString());
        return;
    }
    m_status->setText(tr("Imported %1: %2 certificates.").arg(imported->id).arg(imported->certificateCount));
    reload();
    selectBundle(imported->id);
    emit bundlesChanged();
}

} // namespace signet::ui
