// DiagnosticsPanel: a tree of steps; the Probe runs on the GUI thread's event loop, never blocking it.
#include "diagnostics/DiagnosticsPanel.h"

#include "probe/Probe.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

enum Column
{
    StepColumn,
    StatusColumn,
    TimeColumn,
    VerdictColumn
};
constexpr int kIdRole = Qt::UserRole + 1;

QIcon iconFor(probe::StepStatus status)
{
    QStyle *style = QApplication::style();
    switch (status) {
    case probe::StepStatus::Passed:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case probe::StepStatus::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case probe::StepStatus::Failed:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case probe::StepStatus::Skipped:
        break;
    }
    return style->standardIcon(QStyle::SP_MediaSkipForward);
}

} // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_steps(new QTreeWidget(this))
    , m_runButton(new QPushButton(tr("&Run check"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_copyButton(new QPushButton(tr("Copy &report"), this))
{
    m_title->setObjectName(QStringLiteral("diagnosticsTitle"));
    m_summary->setObjectName(QStringLiteral("diagnosticsSummary"));
    m_steps->setObjectName(QStringLiteral("diagnosticsSteps"));
    m_runButton->setObjectName(QStringLiteral("runCheck"));
    m_cancelButton->setObjectName(QStringLiteral("cancelCheck"));
    m_copyButton->setObjectName(QStringLiteral("copyReport"));
    m_summary->setWordWrap(true);
    m_steps->setColumnCount(4);
    m_steps->setHeaderLabels({tr("Step"), tr("Status"), tr("Time"), tr("Verdict")});
    m_steps->header()->setSectionResizeMode(VerdictColumn, QHeaderView::Stretch);
    m_steps->setWordWrap(true);
    m_steps->setUniformRowHeights(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    buttons->addWidget(m_copyButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(buttons);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_summary);

    connect(m_runButton, &QPushButton::clicked, this, &DiagnosticsPanel::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &DiagnosticsPanel::cancel);
    connect(m_copyButton, &QPushButton::clicked, this, &DiagnosticsPanel::copyReport);
    m_title->setText(tr("No connection selected."));
    updateButtons();
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::setTarget(const probe::ProbeTarget &target)
{
    cancel();
    m_target = target;
    QString text = tr("%1 %2:%3").arg(engineKey(target.engine), target.host).arg(target.port);
    if (target.hasVia())
        text += tr(" via %1:%2").arg(target.viaHost).arg(target.connectPort());
    m_title->setText(text);
    m_steps->clear();
    m_summary->clear();
    m_report = {};
    updateButtons();
}

void DiagnosticsPanel::setOptions(const probe::ProbeOptions &options)
{
    m_options = options;
}

bool DiagnosticsPanel::isRunning() const
{
    return m_probe && m_probe->isRunning();
}

void DiagnosticsPanel::run()
{
    if (isRunning() || m_target.host.isEmpty())
        return;
    if (m_probe)
        m_probe->deleteLater();
    m_steps->clear();
    for (const QString &id : probe::Probe::stepIds()) {
        auto *item = new QTreeWidgetItem(m_steps, {probe::Probe::stepTitle(id), tr("pending")});
        item->setData(StepColumn, kIdRole, id);
    }
    m_steps->resizeColumnToContents(StepColumn);
    m_summary->setText(tr("Checking…"));
    m_probe = new probe::Probe(m_target, m_options, this);
    connect(m_probe, &probe::Probe::stepStarted, this, &DiagnosticsPanel::onStepStarted);
    connect(m_probe, &probe::Probe::stepFinished, this, &DiagnosticsPanel::onStepFinished);
    connect(m_probe, &probe::Probe::finished, this, &DiagnosticsPanel::onFinished);
    m_probe->start();
    updateButtons();
    emit runStarted();
}

void DiagnosticsPanel::cancel()
{
    if (isRunning())
        m_probe->cancel();
}

QTreeWidgetItem *DiagnosticsPanel::itemFor(const QString &id) const
{
    for (int row = 0; row < m_steps->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_steps->topLevelItem(row);
        if (item->data(StepColumn, kIdRole).toString() == id)
            return item;
    }
    return nullptr;
}

void DiagnosticsPanel::onStepStarted(const QString &id)
{
    if (QTreeWidgetItem *item = itemFor(id)) {
        item->setText(StatusColumn, tr("running…"));
        item->setIcon(StepColumn, QApplication::style()->standardIcon(QStyle::SP_BrowserReload));
    }
}

void DiagnosticsPanel::onStepFinished(const probe::ProbeStep &step)
{
    QTreeWidgetItem *item = itemFor(step.id);
    if (!item)
        return;
    item->setIcon(StepColumn, iconFor(step.status));
    item->setText(StatusColumn, probe::ProbeStep::statusName(step.status));
    item->setText(TimeColumn,
                  step.status == probe::StepStatus::Skipped ? QString() : tr("%1 ms").arg(step.durationMs));
    item->setText(VerdictColumn, probe::ProbeReport::redact(step.verdict));
    item->setToolTip(VerdictColumn, probe::ProbeReport::redact(step.verdict));
    qDeleteAll(item->takeChildren());
    if (const QString words = step.hintFor(FrontEnd::Gui); !words.isEmpty()) {
        auto *hint = new QTreeWidgetItem(item, {QString(), tr("hint")});
        hint->setText(VerdictColumn, probe::ProbeReport::redact(words));
    }
    for (const QString &line : step.details) {
        auto *detail = new QTreeWidgetItem(item, {QString(), QString()});
        detail->setText(VerdictColumn, probe::ProbeReport::redact(line));
    }
    // What went wrong is shown without a click; passes stay folded.
    item->setExpanded(step.status == probe::StepStatus::Failed || step.status == probe::StepStatus::Warning);
    // The icon takes room: keep every title ("Server certificate") readable.
    m_steps->resizeColumnToContents(StepColumn);
}

void DiagnosticsPanel::onFinished(const probe::ProbeReport &report)
{
    m_report = report;
    m_summary->setText(report.summary());
    updateButtons();
    emit runFinished(report);
}

QString DiagnosticsPanel::reportText() const
{
    return m_report.steps.isEmpty() ? QString() : m_report.toText();
}

void DiagnosticsPanel::copyReport()
{
    const QString text = reportText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void DiagnosticsPanel::updateButtons()
{
    const bool running = isRunning();
    m_runButton->setEnabled(!running && !m_target.host.isEmpty());
    m_cancelButton->setEnabled(running);
    m_copyButton->setEnabled(!running && !m_report.steps.isEmpty());
}

} // namespace signet::ui
