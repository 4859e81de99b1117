// SPDX-License-Identifier: GPL-3.0-or-later
// DiagnosticsPanel: a tree of steps; the Probe runs on the GUI thread's event loop, never blocking it.
#include "diagnostics/DiagnosticsPanel.h"

#include "probe/Probe.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QStyledItemDelegate>
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
// The step's status as an int, or -1 while it runs: icons are redrawn when the theme changes.
constexpr int kStatusRole = Qt::UserRole + 2;
constexpr int kRunning = -1;

// A monochrome style icon redrawn in the palette's text colour, so it reads on light and dark.
QIcon inTextColour(const QIcon &icon, const QColor &colour)
{
    QPixmap pixmap = icon.pixmap(16, 16);
    QPainter painter(&pixmap);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
    painter.fillRect(pixmap.rect(), colour);
    painter.end();
    return QIcon(pixmap);
}

QIcon iconFor(int status, const QPalette &palette)
{
    QStyle *style = QApplication::style();
    if (status == kRunning)
        return inTextColour(style->standardIcon(QStyle::SP_BrowserReload), palette.color(QPalette::Text));
    switch (probe::StepStatus(status)) {
    case probe::StepStatus::Passed:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case probe::StepStatus::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case probe::StepStatus::Failed:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case probe::StepStatus::Skipped:
        break;
    }
    return inTextColour(style->standardIcon(QStyle::SP_MediaSkipForward),
                        palette.color(QPalette::PlaceholderText));
}

// Rows as tall as their wrapped verdict: QTreeView measures an item without its column's width, so
// a long verdict would stay one line and end in "…".
class WrappingDelegate final : public QStyledItemDelegate
{
public:
    explicit WrappingDelegate(QTreeWidget *tree)
        : QStyledItemDelegate(tree)
        , m_tree(tree)
    {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (index.column() != VerdictColumn)
            return size;
        const int width = qMax(40, m_tree->columnWidth(VerdictColumn) - 12);
        const QRect text = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap,
                                                           index.data(Qt::DisplayRole).toString());
        size.setHeight(qMax(size.height(), text.height() + 4));
        return size;
    }

private:
    QTreeWidget *m_tree;
};

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
    m_steps->setItemDelegate(new WrappingDelegate(m_steps));
    m_title->setWordWrap(true);
    // Long verdicts wrap to the Verdict column's width; rows are measured again when it changes.
    connect(m_steps->header(), &QHeaderView::sectionResized, m_steps, [this](int section) {
        if (section == VerdictColumn)
            m_steps->doItemsLayout();
    });

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
    updateTitle();
    updateButtons();
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::setTarget(const probe::ProbeTarget &target)
{
    cancel();
    m_target = target;
    m_steps->clear();
    m_summary->clear();
    m_report = {};
    m_checkedAt = {};
    updateTitle();
    updateButtons();
}

void DiagnosticsPanel::setSubject(const QString &profileName)
{
    m_subject = profileName;
    updateTitle();
}

QString DiagnosticsPanel::titleText() const
{
    return m_title->text();
}

void DiagnosticsPanel::updateTitle()
{
    if (m_target.host.isEmpty()) {
        m_title->setText(m_subject.isEmpty() ? tr("No connection selected.")
                                             : tr("%1: not checked yet.").arg(m_subject));
        return;
    }
    QString target = tr("%1 %2:%3").arg(engineDisplayName(m_target.engine), m_target.host).arg(m_target.port);
    if (m_target.hasVia())
        target += tr(" via %1:%2").arg(m_target.viaHost).arg(m_target.connectPort());
    QString text = m_subject.isEmpty() ? target : tr("<b>%1</b> — %2").arg(m_subject.toHtmlEscaped(), target);
    if (isRunning())
        text += tr(" — checking…");
    else if (m_checkedAt.isValid())
        text += tr(" — checked at %1").arg(QLocale().toString(m_checkedAt, QLocale::ShortFormat));
    m_title->setText(text);
}

void DiagnosticsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyIcons();
}

void DiagnosticsPanel::applyIcons()
{
    for (int row = 0; row < m_steps->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_steps->topLevelItem(row);
        const QVariant status = item->data(StepColumn, kStatusRole);
        if (status.isValid())
            item->setIcon(StepColumn, iconFor(status.toInt(), palette()));
    }
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
    updateTitle();
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
        item->setData(StepColumn, kStatusRole, kRunning);
        item->setIcon(StepColumn, iconFor(kRunning, palette()));
    }
}

void DiagnosticsPanel::onStepFinished(const probe::ProbeStep &step)
{
    QTreeWidgetItem *item = itemFor(step.id);
    if (!item)
        return;
    item->setData(StepColumn, kStatusRole, int(step.status));
    item->setIcon(StepColumn, iconFor(int(step.status), palette()));
    item->setText(StatusColumn, probe::ProbeStep::statusName(step.status));
    item->setText(TimeColumn,
                  step.status == probe::StepStatus::Skipped ? QString() : tr("%1 ms").arg(step.durationMs));
    item->setText(VerdictColumn, probe::ProbeReport::redact(step.verdict));
    item->setToolTip(VerdictColumn, probe::ProbeReport::redact(step.verdict));
    qDeleteAll(item->takeChildren());
    if (const QString words = step.hintFor(FrontEnd::Gui); !words.isEmpty()) {
        auto *hint = new QTreeWidgetItem(item, {QString(), tr("hint")});
        hint->setText(VerdictColumn, probe::ProbeReport::redact(words));
        hint->setToolTip(VerdictColumn, probe::ProbeReport::redact(words));
    }
    for (const QString &line : step.details) {
        auto *detail = new QTreeWidgetItem(item, {QString(), QString()});
        detail->setText(VerdictColumn, probe::ProbeReport::redact(line));
        detail->setToolTip(VerdictColumn, probe::ProbeReport::redact(line));
    }
    // What went wrong is shown without a click; passes stay folded.
    item->setExpanded(step.status == probe::StepStatus::Failed || step.status == probe::StepStatus::Warning);
    // The icon takes room: keep every title ("Server certificate") readable.
    m_steps->resizeColumnToContents(StepColumn);
}

void DiagnosticsPanel::onFinished(const probe::ProbeReport &report)
{
    m_report = report;
    m_checkedAt = QDateTime::currentDateTime();
    m_summary->setText(report.summary());
    updateTitle();
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
