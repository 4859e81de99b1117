// SPDX-License-Identifier: GPL-3.0-or-later
// DiagnosticsPanel: a tree of steps drawn from a ProfileChecks entry; checks run on the GUI thread's
// event loop, never blocking it.
#include "diagnostics/DiagnosticsPanel.h"

#include "probe/Probe.h"
#include "probe/ProfileChecks.h"

#include <QApplication>
#include <QClipboard>
#include <QDate>
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

#include <algorithm>

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
    m_title->setTextFormat(Qt::RichText);
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

    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (m_shared)
            Q_EMIT runRequested(); // a fresh check of the profile as it is now
        else
            run();
    });
    connect(m_cancelButton, &QPushButton::clicked, this, &DiagnosticsPanel::cancel);
    connect(m_copyButton, &QPushButton::clicked, this, &DiagnosticsPanel::copyReport);
    m_ownChecks = new probe::ProfileChecks(this);
    m_profileId = QUuid::createUuid();
    bind(m_ownChecks);
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::bind(probe::ProfileChecks *checks)
{
    if (m_checks)
        m_checks->disconnect(this);
    m_checks = checks;
    connect(m_checks, &probe::ProfileChecks::checkStarted, this, [this](const QUuid &id) {
        if (id != m_profileId)
            return;
        render();
        Q_EMIT runStarted();
    });
    connect(m_checks, &probe::ProfileChecks::checkChanged, this, [this](const QUuid &id) {
        if (id == m_profileId)
            render();
    });
    connect(m_checks, &probe::ProfileChecks::checkForgotten, this, [this](const QUuid &id) {
        if (id == m_profileId)
            render();
    });
    connect(m_checks, &probe::ProfileChecks::checkFinished, this,
            [this](const QUuid &id, const probe::ProbeReport &report) {
                if (id != m_profileId)
                    return;
                render();
                Q_EMIT runFinished(report);
            });
    render();
}

void DiagnosticsPanel::setChecks(probe::ProfileChecks &checks)
{
    m_shared = true;
    m_profileId = {};
    bind(&checks);
}

void DiagnosticsPanel::showProfile(const QUuid &profileId, const QString &profileName)
{
    m_profileId = profileId;
    m_subject = profileName;
    render();
}

void DiagnosticsPanel::setTarget(const probe::ProbeTarget &target)
{
    m_checks->forget(m_profileId);
    m_target = target;
    render();
}

void DiagnosticsPanel::setSubject(const QString &profileName)
{
    m_subject = profileName;
    updateTitle();
}

void DiagnosticsPanel::setOptions(const probe::ProbeOptions &options)
{
    m_options = options;
}

QDateTime DiagnosticsPanel::checkedAt() const
{
    const auto *check = m_checks->check(m_profileId);
    return check ? check->checkedAt : QDateTime();
}

const probe::ProbeReport &DiagnosticsPanel::lastReport() const
{
    static const probe::ProbeReport none;
    const auto *check = m_checks->check(m_profileId);
    return check && !check->running ? check->report : none;
}

QString DiagnosticsPanel::titleText() const
{
    return m_title->text();
}

void DiagnosticsPanel::updateTitle()
{
    const auto *check = m_profileId.isNull() ? nullptr : m_checks->check(m_profileId);
    if (!check) {
        if (m_shared || m_target.host.isEmpty())
            m_title->setText(m_profileId.isNull() || m_subject.isEmpty()
                                 ? tr("Select a profile to check it.")
                                 : tr("%1: not checked yet.").arg(m_subject.toHtmlEscaped()));
        else
            m_title->setText(tr("%1: not checked yet.").arg(m_subject.isEmpty() ? m_target.host : m_subject));
        return;
    }
    const probe::ProbeTarget &target = check->target;
    QString where = tr("%1 %2:%3").arg(engineDisplayName(target.engine), target.host).arg(target.port);
    if (target.hasVia())
        where += tr(" via %1:%2").arg(target.viaHost).arg(target.connectPort());
    where = where.toHtmlEscaped();
    const QString name = (check->profileName.isEmpty() ? m_subject : check->profileName).toHtmlEscaped();
    const QString who = name.isEmpty() ? where : tr("<b>%1</b> — %2").arg(name, where);
    QString text;
    if (check->running) {
        text = tr("Checking %1…").arg(who);
    } else {
        // Today's checks by their time; older ones with the date.
        const QDateTime at = check->checkedAt;
        const QString when = at.date() == QDate::currentDate()
                                 ? QLocale().toString(at.time(), QLocale::ShortFormat)
                                 : QLocale().toString(at, QLocale::ShortFormat);
        text = tr("Checked %1 for %2").arg(when, who);
    }
    if (check->targetChanged)
        text += tr("<br>⚠ This result is for the old target: the profile was changed since. Run the check "
                   "again.");
    m_title->setText(text);
}

void DiagnosticsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) && m_checks)
        render();
}

bool DiagnosticsPanel::isRunning() const
{
    return m_checks->isRunning(m_profileId);
}

void DiagnosticsPanel::run()
{
    if (m_shared) {
        m_checks->rerun(m_profileId);
        return;
    }
    if (isRunning() || m_target.host.isEmpty())
        return;
    m_checks->start(m_profileId, m_subject, m_target, m_options);
}

void DiagnosticsPanel::cancel()
{
    m_checks->cancel(m_profileId);
}

void DiagnosticsPanel::fillStep(QTreeWidgetItem *item, const probe::ProbeStep &step)
{
    item->setData(StepColumn, kStatusRole, int(step.status));
    item->setIcon(StepColumn, iconFor(int(step.status), palette()));
    item->setText(StatusColumn, probe::ProbeStep::statusName(step.status));
    item->setText(TimeColumn,
                  step.status == probe::StepStatus::Skipped ? QString() : tr("%1 ms").arg(step.durationMs));
    item->setText(VerdictColumn, probe::ProbeReport::redact(step.verdict));
    item->setToolTip(VerdictColumn, probe::ProbeReport::redact(step.verdict));
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
}

void DiagnosticsPanel::render()
{
    const auto *check = m_profileId.isNull() ? nullptr : m_checks->check(m_profileId);
    m_steps->clear();
    if (check) {
        for (const QString &id : probe::Probe::stepIds()) {
            auto *item = new QTreeWidgetItem(m_steps, {probe::Probe::stepTitle(id), QString()});
            item->setData(StepColumn, kIdRole, id);
            const auto done = std::find_if(check->report.steps.cbegin(), check->report.steps.cend(),
                                           [&id](const probe::ProbeStep &step) { return step.id == id; });
            if (done != check->report.steps.cend()) {
                fillStep(item, *done);
            } else if (check->running && check->runningStep == id) {
                item->setText(StatusColumn, tr("running…"));
                item->setData(StepColumn, kStatusRole, kRunning);
                item->setIcon(StepColumn, iconFor(kRunning, palette()));
            } else if (check->running) {
                item->setText(StatusColumn, tr("pending"));
            }
        }
        // The icon takes room: keep every title ("Server certificate") readable.
        m_steps->resizeColumnToContents(StepColumn);
    }
    m_summary->setText(!check ? QString() : check->running ? tr("Checking…") : check->report.summary());
    updateTitle();
    updateButtons();
}

QString DiagnosticsPanel::reportText() const
{
    const probe::ProbeReport &report = lastReport();
    return report.steps.isEmpty() ? QString() : report.toText();
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
    const bool runnable = m_shared ? !m_profileId.isNull() : !m_target.host.isEmpty();
    m_runButton->setEnabled(!running && runnable);
    m_cancelButton->setEnabled(running);
    m_copyButton->setEnabled(!running && !lastReport().steps.isEmpty());
}

} // namespace signet::ui
