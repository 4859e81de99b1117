// SPDX-License-Identifier: GPL-3.0-or-later
// ImportDialog: the form, the per-region rows fed by Discovery's signals, and the import.
#include "discovery/ImportDialog.h"

#include "aws/AwsConfigFiles.h"
#include "aws/CredentialChain.h"
#include "discovery/Discovery.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"

#include <QCheckBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

enum Column
{
    NameColumn,
    KindColumn,
    EngineColumn,
    EndpointColumn,
    IamColumn,
    ResourceColumn,
    ColumnCount
};

// Where an endpoint row keeps its index into the Discovery's flat list.
constexpr int kEndpointRole = Qt::UserRole + 1;

} // namespace

ImportDialog::ImportDialog(profiles::ProfileService &service, QProcessEnvironment environment,
                           QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_environment(std::move(environment))
{
    setWindowTitle(tr("Import from AWS"));
    resize(900, 560);

    m_awsProfile = new QLineEdit(this);
    m_awsProfile->setObjectName(QStringLiteral("importAwsProfile"));
    m_awsProfile->setPlaceholderText(tr("default"));
    // The profiles of ~/.aws/config and credentials, offered as the user types (the names only).
    if (const auto files = aws::AwsConfigFiles::load(m_environment);
        files && !files->profileNames().isEmpty()) {
        auto *completer = new QCompleter(files->profileNames(), m_awsProfile);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        m_awsProfile->setCompleter(completer);
        m_awsProfile->setToolTip(
            tr("Your AWS profiles: %1").arg(files->profileNames().join(QStringLiteral(", "))));
    }
    m_regions = new QLineEdit(this);
    m_regions->setObjectName(QStringLiteral("importRegions"));
    m_regions->setPlaceholderText(tr("us-east-1, eu-west-1"));
    m_regions->setText(aws::CredentialChain(m_environment).defaultRegion());
    m_allRegions = new QCheckBox(tr("&All regions"), this);
    m_allRegions->setObjectName(QStringLiteral("importAllRegions"));
    m_discover = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-find")), tr("&Discover"), this);
    m_discover->setObjectName(QStringLiteral("importDiscover"));
    m_discover->setDefault(true);

    auto *regionRow = new QHBoxLayout;
    regionRow->addWidget(m_regions, 1);
    regionRow->addWidget(m_allRegions);
    regionRow->addWidget(m_discover);
    auto *form = new QFormLayout;
    auto *profileLabel = new QLabel(tr("AWS &profile:"), this);
    profileLabel->setBuddy(m_awsProfile);
    auto *regionsLabel = new QLabel(tr("&Regions:"), this);
    regionsLabel->setBuddy(m_regions);
    form->addRow(profileLabel, m_awsProfile);
    form->addRow(regionsLabel, regionRow);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("importTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels(
        {tr("Name"), tr("Kind"), tr("Engine"), tr("Endpoint"), tr("IAM"), tr("Resource ID")});
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importImport"));
    m_import->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_allRegions, &QCheckBox::toggled, m_regions, &QWidget::setDisabled);
    connect(m_discover, &QPushButton::clicked, this, &ImportDialog::startDiscovery);
    connect(m_regions, &QLineEdit::returnPressed, this, &ImportDialog::startDiscovery);
    connect(m_awsProfile, &QLineEdit::returnPressed, this, &ImportDialog::startDiscovery);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tree, &QTreeWidget::itemChanged, this, &ImportDialog::updateImportButton);
}

ImportDialog::~ImportDialog() = default;

bool ImportDialog::isDiscovering() const
{
    return m_discovery && !m_discovery->isFinished() && !m_discovery->isCancelled();
}

void ImportDialog::startDiscovery()
{
    // Enter in a field while a search (or its credential lookup) runs: let it finish.
    if (isDiscovering() || m_resolving)
        return;
    m_discovery.reset();
    m_tree->clear();
    m_regionItems.clear();
    m_rows.clear();
    updateImportButton();
    QStringList regions = discovery::Discovery::commercialRegions();
    if (!m_allRegions->isChecked()) {
        regions.clear();
        for (const QString &part :
             m_regions->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
            regions.append(part);
    }
    if (regions.isEmpty()) {
        m_status->setText(tr("Name at least one region, or tick All regions."));
        m_regions->setFocus();
        return;
    }
    m_status->setText(tr("Finding the credentials…"));
    m_discover->setEnabled(false);
    m_resolving = true;
    const QString awsProfile = m_awsProfile->text().trimmed();
    aws::CredentialChain(m_environment)
        .resolveAsync(awsProfile)
        .then(this, [this, regions](Result<aws::ResolvedCredentials> resolved) {
            m_resolving = false;
            if (!resolved) {
                m_discover->setEnabled(true);
                m_status->setText(resolved.error().toString());
                return;
            }
            m_discovery = std::make_unique<discovery::Discovery>(aws::ServiceEndpoints(m_environment),
                                                                 resolved->credentials, regions);
            if (!resolved->accountId.isEmpty())
                m_discovery->setAccount(resolved->accountId);
            for (const QString &region : regions) {
                auto *item = new QTreeWidgetItem(m_tree, {region});
                item->setText(KindColumn, tr("searching…"));
                item->setFlags(Qt::ItemIsEnabled);
                m_regionItems.insert(region, item);
            }
            connect(m_discovery.get(), &discovery::Discovery::regionProgressed, this,
                    &ImportDialog::regionProgressed);
            connect(m_discovery.get(), &discovery::Discovery::regionFinished, this,
                    [this](const QString &region) { regionFinished(region); });
            connect(m_discovery.get(), &discovery::Discovery::regionFailed, this,
                    &ImportDialog::regionFailed);
            // The account can arrive after a region's rows were copied: they get it too, so the
            // import's folders name the account whichever answered first.
            connect(m_discovery.get(), &discovery::Discovery::accountResolved, this,
                    [this](const QString &account) {
                        for (discovery::DiscoveredEndpoint &row : m_rows)
                            row.account = account;
                    });
            connect(m_discovery.get(), &discovery::Discovery::finished, this, [this] {
                m_discover->setEnabled(true);
                m_status->setText(tr("%n region(s) answered.", nullptr, m_discovery->answeredRegions()) +
                                  (m_discovery->account().isEmpty()
                                       ? QString()
                                       : tr(" Account %1.").arg(m_discovery->account())));
                Q_EMIT discoveryFinished();
            });
            m_status->setText(tr("Searching %n region(s)…", nullptr, int(regions.size())));
            m_discovery->start();
        });
}

void ImportDialog::regionProgressed(const QString &region, int items)
{
    QTreeWidgetItem *item = m_regionItems.value(region);
    // A late page of a region already done (or failed) must not overwrite its verdict.
    if (item && item->text(KindColumn).startsWith(tr("searching…")))
        item->setText(KindColumn, tr("searching… %n found", nullptr, items));
}

void ImportDialog::regionFinished(const QString &region)
{
    QTreeWidgetItem *regionItem = m_regionItems.value(region);
    if (!regionItem)
        return;
    const QList<discovery::DiscoveredEndpoint> all = m_discovery->endpoints();
    const QSignalBlocker blocker(m_tree);
    int count = 0;
    for (const discovery::DiscoveredEndpoint &e : all) {
        if (e.region != region)
            continue;
        ++count;
        // The row keeps its own copy: endpoints() grows and shifts as other regions answer.
        const int row = int(m_rows.size());
        m_rows.append(e);
        auto *item = new QTreeWidgetItem(regionItem);
        item->setText(NameColumn, e.isClusterPart() ? QStringLiteral("  ") + e.name : e.name);
        item->setText(KindColumn, discovery::endpointKindLabel(e.kind));
        item->setText(EngineColumn, e.engine ? engineDisplayName(*e.engine) + u' ' + e.engineVersion
                                             : tr("%1 (not supported)").arg(e.rdsEngine));
        item->setText(EndpointColumn, QStringLiteral("%1:%2").arg(e.host).arg(e.port));
        item->setText(IamColumn, e.iamAuthEnabled ? tr("IAM on") : tr("IAM off"));
        item->setIcon(IamColumn, QIcon::fromTheme(e.iamAuthEnabled ? QStringLiteral("security-high")
                                                                   : QStringLiteral("security-low")));
        item->setToolTip(IamColumn, e.iamAuthEnabled ? tr("IAM database authentication is enabled")
                                                     : tr("IAM database authentication is off: a token "
                                                          "will not log in until it is enabled"));
        item->setText(ResourceColumn, e.resourceId);
        item->setData(NameColumn, kEndpointRole, row);
        if (e.isConnectable()) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(NameColumn, Qt::Unchecked);
        } else {
            item->setFlags(Qt::ItemIsSelectable);
        }
    }
    regionItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
                         Qt::ItemIsAutoTristate);
    regionItem->setCheckState(NameColumn, Qt::Unchecked);
    regionItem->setText(KindColumn, count == 0 ? tr("no databases") : tr("%n endpoint(s)", nullptr, count));
    regionItem->setExpanded(count > 0 && count <= 50);
}

void ImportDialog::regionFailed(const QString &region, const Error &error)
{
    if (QTreeWidgetItem *item = m_regionItems.value(region)) {
        // One spanned cell shows the region and why it failed; hovering shows the whole text.
        item->setText(KindColumn, tr("failed"));
        item->setText(NameColumn, tr("%1 — failed: %2").arg(region, error.toString()));
        item->setToolTip(NameColumn, error.toString());
        item->setIcon(NameColumn, QIcon::fromTheme(QStringLiteral("dialog-error")));
        item->setFirstColumnSpanned(true);
    }
}

QList<discovery::DiscoveredEndpoint> ImportDialog::checkedEndpoints() const
{
    QList<discovery::DiscoveredEndpoint> chosen;
    for (QTreeWidgetItem *regionItem : m_regionItems) {
        for (int i = 0; i < regionItem->childCount(); ++i) {
            QTreeWidgetItem *item = regionItem->child(i);
            const int index = item->data(NameColumn, kEndpointRole).toInt();
            if (item->checkState(NameColumn) == Qt::Checked && index >= 0 && index < m_rows.size())
                chosen.append(m_rows.at(index));
        }
    }
    return chosen;
}

void ImportDialog::updateImportButton()
{
    const int count = int(checkedEndpoints().size());
    m_import->setEnabled(count > 0 && !m_importing);
    m_import->setText(count > 0 ? tr("&Import %n", nullptr, count) : tr("&Import"));
}

void ImportDialog::startImport()
{
    const QList<discovery::DiscoveredEndpoint> chosen = checkedEndpoints();
    if (chosen.isEmpty() || m_importing)
        return;
    discovery::ImportOptions options;
    options.awsProfile = m_awsProfile->text().trimmed();
    const QList<discovery::ImportChange> changes =
        discovery::ProfileImport::plan(chosen, m_service.store().profiles(), options);
    m_importing = true;
    updateImportButton();
    m_status->setText(tr("Saving %n profile(s)…", nullptr, int(changes.size())));
    discovery::ProfileImport::apply(m_service, changes)
        .then(this, [this](Result<discovery::ImportSummary> summary) {
            m_importing = false;
            updateImportButton();
            if (!summary) {
                m_status->setText(summary.error().toString());
                return;
            }
            m_status->setText(tr("Imported: %1 added, %2 updated, %3 unchanged.")
                                  .arg(summary->added)
                                  .arg(summary->updated)
                                  .arg(summary->unchanged));
            Q_EMIT importFinished(*summary);
        });
}

} // namespace signet::ui
