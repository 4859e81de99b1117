// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleWidget: wires the editor, the grid and the schema pane to one DbSession.
#include "console/ConsoleWidget.h"

#include "common/ElidedLabel.h"
#include "console/MessageBar.h"
#include "console/QueryHistory.h"
#include "console/ResultModel.h"
#include "console/SchemaPane.h"
#include "console/SqlEditor.h"
#include "db/SchemaReader.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

constexpr int ExportRowsPerStep = 20000;

} // namespace

struct ConsoleWidget::ExportJob
{
    std::unique_ptr<QSaveFile> file;
    ResultModel::Format format = ResultModel::Format::Csv;
    int nextRow = 0;
    int rows = 0;
};

ConsoleWidget::ConsoleWidget(db::DbTarget target, db::DbTokenSigner signer, QWidget *parent)
    : QWidget(parent)
    , m_session(new db::DbSession(target, std::move(signer), this))
    , m_schemaReader(new db::SchemaReader(m_session, this))
    , m_history(std::make_unique<QueryHistory>(target.displayName()))
    , m_model(new ResultModel(this))
{
    m_askSavePath = [this](const QString &title, const QString &suggested, const QString &filter) {
        return QFileDialog::getSaveFileName(this, title, suggested, filter);
    };
    buildUi();
    connect(m_session, &db::DbSession::connected, this, [this](const db::ServerInfo &info) {
        m_connectNotice.clear(); // "Connecting…" is over
        onConnected(info);
    });
    connect(m_session, &db::DbSession::reconnected, this,
            [this](const QString &reason, const db::ServerInfo &info) {
                // A script's later statements may need what the lost connection held (an open
                // transaction, SET, temporary tables): they are not run on the new one.
                const qsizetype left = m_pending.size();
                m_pending.clear();
                m_messages->showMessage(
                    MessageBar::Kind::Warning,
                    left == 0
                        ? reason
                        : reason + u' ' +
                              (left == 1
                                   ? tr("The next statement of the script was not run")
                                   : tr("The other %1 statements of the script were not run").arg(left)) +
                              tr(": the new connection has none of the old one's transaction, settings "
                                 "or temporary tables."));
                onConnected(info);
            });
    connect(m_session, &db::DbSession::disconnected, this, [this] {
        m_connected = false;
        updateStatus();
    });
    connect(m_session, &db::DbSession::connectFailed, this, [this](const Error &error) {
        m_connected = false;
        m_connectNotice.clear();
        showError(tr("Not connected: %1").arg(error.toString()));
        updateStatus();
    });
    connect(m_session, &db::DbSession::columnsReceived, this, &ConsoleWidget::onColumns);
    connect(m_session, &db::DbSession::progressed, this, &ConsoleWidget::onChunk);
    connect(m_session, &db::DbSession::finished, this, &ConsoleWidget::onFinished);
    connect(m_session, &db::DbSession::failed, this, &ConsoleWidget::onFailed);
    connect(m_schemaReader, &db::SchemaReader::loaded, this, &ConsoleWidget::schemaLoaded);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &ConsoleWidget::updateStatus);
    m_statusTimer->start();
    updateStatus();
}

ConsoleWidget::~ConsoleWidget() = default;

QString ConsoleWidget::title() const
{
    return m_session->target().displayName();
}

QTreeWidget *ConsoleWidget::schemaTree() const
{
    return m_schema;
}

QLabel *ConsoleWidget::statusLine() const
{
    return m_status;
}

void ConsoleWidget::buildUi()
{
    auto *toolbar = new QToolBar(this);
    auto makeAction = [&](const QString &text, const QKeySequence &keys, auto slot) {
        QAction *action = toolbar->addAction(text, this, slot);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
        return action;
    };
    makeAction(tr("Run"), QKeySequence(Qt::CTRL | Qt::Key_Return), &ConsoleWidget::runCurrent)
        ->setToolTip(tr("Run the selection or the statement under the cursor (Ctrl+Enter)"));
    makeAction(tr("Run All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), &ConsoleWidget::runAll)
        ->setToolTip(tr("Run every statement, stopping at the first error (Ctrl+Shift+Enter)"));
    m_cancelAction = makeAction(tr("Cancel"), QKeySequence(Qt::Key_Escape), &ConsoleWidget::cancel);
    m_cancelAction->setToolTip(tr("Stop the running statement on the server (Esc)"));
    toolbar->addSeparator();
    makeAction(tr("Export CSV…"), QKeySequence(), [this] { exportResult(false); });
    makeAction(tr("Export JSON…"), QKeySequence(), [this] { exportResult(true); });
    toolbar->addSeparator();
    m_schemaAction =
        makeAction(tr("Schema"), QKeySequence(), [this](bool shown) { m_schema->setVisible(shown); });
    m_schemaAction->setCheckable(true);
    m_schemaAction->setChecked(true);
    m_schemaAction->setToolTip(tr("Show or hide the schema pane"));
    makeAction(tr("Refresh Schema"), QKeySequence(QKeySequence::Refresh), &ConsoleWidget::loadSchema)
        ->setToolTip(tr("Read the schemas, tables and columns again (F5)"));

    // The history sits beside the toolbar, not in it: a narrow console folds toolbar buttons into
    // "››", never the history.
    m_historyBox = new QComboBox(this);
    m_historyBox->setMinimumContentsLength(18);
    m_historyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_historyBox->setPlaceholderText(tr("History"));
    m_historyBox->setToolTip(tr("Statements run on this connection, newest first"));
    m_historyBox->setAccessibleName(tr("History"));
    connect(m_historyBox, &QComboBox::activated, this, [this](int index) {
        m_editor->setText(m_historyBox->itemText(index));
        m_editor->setFocus();
    });
    auto refreshHistory = [this] {
        m_historyBox->clear();
        for (const QString &entry : m_history->entries()) {
            m_historyBox->addItem(entry);
            m_historyBox->setItemData(m_historyBox->count() - 1, entry, Qt::ToolTipRole);
        }
        m_historyBox->setCurrentIndex(-1);
    };
    refreshHistory();
    connect(this, &ConsoleWidget::queryFinished, m_historyBox, refreshHistory);
    connect(this, &ConsoleWidget::queryFailed, m_historyBox, refreshHistory);

    m_editor = new SqlEditor(this);
    m_editor->setAccessibleName(tr("SQL editor"));
    // QScintilla claims Esc for itself (it closes its own popups); while a query runs, Esc cancels.
    m_editor->installEventFilter(this);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setMaximumSectionSize(m_view->fontMetrics().horizontalAdvance(u'x') * 60);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *copy = new QAction(tr("Copy"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &ConsoleWidget::copySelection);
    m_view->addAction(copy);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_messages = new MessageBar(this);
    auto *results = new QWidget(this);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->setSpacing(2);
    resultsLayout->addWidget(m_messages);
    resultsLayout->addWidget(m_view, 1);

    m_schema = new SchemaPane(m_schemaReader, this);
    connect(m_schema, &SchemaPane::referenceActivated, m_editor, &SqlEditor::insertAtCursor);

    // The grid gets three quarters of the height, the editor the rest (a few lines of SQL).
    auto *editorAndGrid = new QSplitter(Qt::Vertical, this);
    editorAndGrid->addWidget(m_editor);
    editorAndGrid->addWidget(results);
    editorAndGrid->setStretchFactor(0, 1);
    editorAndGrid->setStretchFactor(1, 3);
    editorAndGrid->setSizes({100, 300});
    editorAndGrid->setCollapsible(1, false);
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->addWidget(m_schema);
    m_split->addWidget(editorAndGrid);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    m_split->setCollapsible(1, false);
    connect(m_split, &QSplitter::splitterMoved, this,
            [this] { m_schemaAction->setChecked(m_split->sizes().value(0) > 0 && m_schema->isVisible()); });

    m_status = new ElidedLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultInfo = new QLabel(this);
    m_resultInfo->setTextFormat(Qt::PlainText);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(4, 0, 4, 2);
    statusRow->addWidget(m_status, 1);
    statusRow->addSpacing(12);
    statusRow->addWidget(m_resultInfo);

    auto *topRow = new QHBoxLayout;
    topRow->setContentsMargins(0, 0, 4, 0);
    topRow->addWidget(toolbar, 1);
    topRow->addWidget(m_historyBox);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(topRow);
    layout->addWidget(m_split, 1);
    layout->addLayout(statusRow);
}

bool ConsoleWidget::eventFilter(QObject *watched, QEvent *event)
{
    if ((event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && m_session->isRunning()) {
        if (event->type() == QEvent::KeyPress)
            cancel();
        event->accept();
        return event->type() == QEvent::KeyPress;
    }
    return QWidget::eventFilter(watched, event);
}

void ConsoleWidget::connectToServer()
{
    m_connectNotice = tr("Connecting to %1 with a fresh token…").arg(title());
    updateStatus();
    m_session->open();
}

bool ConsoleWidget::hasUnsavedText() const
{
    return m_editor->isModified() && !m_editor->text().trimmed().isEmpty();
}

void ConsoleWidget::runCurrent()
{
    const auto statement = m_editor->statementToRun(wireFamily(target().engine));
    runStatements(statement ? QList<db::StatementSpan>{*statement} : QList<db::StatementSpan>{});
}

void ConsoleWidget::runAll()
{
    runStatements(db::splitStatements(m_editor->text(), wireFamily(target().engine)));
}

void ConsoleWidget::runStatements(const QList<db::StatementSpan> &statements)
{
    m_editor->clearErrorMarks();
    if (statements.isEmpty()) {
        m_messages->showMessage(MessageBar::Kind::Warning,
                                tr("Nothing to run: type a statement in the editor first."));
        return;
    }
    if (m_runGuard && !m_runGuard(statements))
        return;
    m_messages->hide();
    // What ran is in the history now: closing the console loses nothing.
    m_editor->setModified(false);
    m_pending = statements;
    runNext();
}

void ConsoleWidget::runNext()
{
    if (m_pending.isEmpty())
        return;
    const db::StatementSpan next = m_pending.takeFirst();
    m_currentOffset = next.offset;
    m_currentSql = next.text;
    m_history->add(next.text);
    // The model is about to drop the rows an export is still writing: stop it rather than write a
    // file that mixes two results.
    const bool exportStopped = m_export != nullptr;
    if (exportStopped) {
        m_export->file->cancelWriting();
        finishExport(tr("cancelled"));
    }
    m_queryGeneration = m_session->run(next.text);
    m_model->reset(m_queryGeneration, {});
    m_resultInfo->setText(exportStopped
                              ? tr("Running… (the export was cancelled: a new query replaced the result)")
                              : tr("Running…"));
}

void ConsoleWidget::cancel()
{
    m_pending.clear();
    m_session->cancel();
}

void ConsoleWidget::loadSchema()
{
    m_schemaReader->load();
}

void ConsoleWidget::onConnected(const db::ServerInfo &info)
{
    m_server = info;
    m_connected = true;
    updateStatus();
    if (!m_schemaReader->hasRead())
        loadSchema();
}

void ConsoleWidget::onColumns(quint64 generation, const QStringList &columns)
{
    if (generation == m_queryGeneration)
        m_model->reset(generation, columns);
}

void ConsoleWidget::onChunk(quint64 generation, const db::ResultChunk &chunk)
{
    if (generation != m_queryGeneration)
        return;
    m_model->append(generation, chunk);
    // Fit the columns to the first rows once, so dates and long values are not cut short.
    if (m_model->rowCount() == chunk.rowCount())
        m_view->resizeColumnsToContents();
}

void ConsoleWidget::onFinished(quint64 generation, const db::QuerySummary &summary)
{
    if (generation != m_queryGeneration)
        return;
    // English plurals without a translation ("%n row(s)" would show as written).
    auto rows = [](qint64 n) { return n == 1 ? tr("1 row") : tr("%1 rows").arg(n); };
    if (summary.isSelect)
        m_resultInfo->setText(tr("%1 in %2 ms").arg(rows(summary.rows)).arg(summary.elapsedMs));
    else
        m_resultInfo->setText(
            tr("%1 affected in %2 ms").arg(rows(summary.affectedRows)).arg(summary.elapsedMs));
    emit queryFinished(summary);
    runNext();
}

void ConsoleWidget::onFailed(quint64 generation, const db::QueryError &error)
{
    if (generation != m_queryGeneration)
        return;
    m_pending.clear();
    m_resultInfo->setText(error.kind == db::QueryFailure::Cancelled ? tr("Cancelled") : tr("Failed"));
    const QString text = m_editor->text();
    QString where;
    if (error.offset >= 0) {
        // From the position the server names to the end of its line.
        const int at = qMin(m_currentOffset + error.offset, int(text.size()));
        const qsizetype lineEnd = text.indexOf(u'\n', at);
        m_editor->markError(at, int(lineEnd < 0 ? text.size() : lineEnd) - at);
        where = tr("Line %1: ").arg(text.left(at).count(u'\n') + 1);
    } else if (error.kind == db::QueryFailure::Statement) {
        // No position from the server (MariaDB for a missing table): the whole statement is marked.
        m_editor->markError(m_currentOffset, int(m_currentSql.size()));
        where = tr("Line %1: ").arg(text.left(m_currentOffset).count(u'\n') + 1);
    }
    if (error.kind == db::QueryFailure::Cancelled)
        m_messages->showMessage(MessageBar::Kind::Warning, error.error.message);
    else
        showError(where + error.error.toString());
    emit queryFailed(error);
}

void ConsoleWidget::showError(const QString &text)
{
    m_messages->showMessage(MessageBar::Kind::Error, text);
}

void ConsoleWidget::updateStatus()
{
    if (!m_connected) {
        m_status->setFullText(m_connectNotice.isEmpty() ? tr("Not connected — %1").arg(title())
                                                        : m_connectNotice);
        return;
    }
    const qint64 age = qMax<qint64>(0, m_server.tokenSignedAt.secsTo(QDateTime::currentDateTimeUtc()));
    m_status->setFullText(
        tr("%1 · %2 %3 · %4 · token signed %5:%6 ago")
            .arg(m_server.serverVersion, m_server.tlsVersion, m_server.tlsCipher, m_server.user)
            .arg(age / 60)
            .arg(age % 60, 2, 10, QLatin1Char('0')));
}

void ConsoleWidget::copySelection()
{
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return;
    int top = INT_MAX, bottom = 0, left = INT_MAX, right = 0;
    for (const QModelIndex &index : selected) {
        top = qMin(top, index.row());
        bottom = qMax(bottom, index.row());
        left = qMin(left, index.column());
        right = qMax(right, index.column());
    }
    QApplication::clipboard()->setText(QString::fromUtf8(m_model->tsv(top, bottom, left, right)));
}

QString ConsoleWidget::suggestedExportPath(bool json) const
{
    // Named after the table the result came from when the statement names one, and when it ran.
    static const QRegularExpression from(QStringLiteral("\\bfrom\\s+([`\"\\w.]+)"),
                                         QRegularExpression::CaseInsensitiveOption);
    QString name = from.match(m_currentSql).captured(1);
    name.remove(u'`');
    name.remove(u'"');
    name.replace(QRegularExpression(QStringLiteral("[^\\w.-]")), QStringLiteral("_"));
    if (name.isEmpty())
        name = QStringLiteral("result");
    QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (directory.isEmpty() || !QFileInfo(directory).isDir())
        directory = QDir::homePath();
    return QDir(directory).filePath(
        QStringLiteral("%1-%2.%3")
            .arg(name, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                 json ? QStringLiteral("json") : QStringLiteral("csv")));
}

void ConsoleWidget::exportResult(bool json)
{
    if (m_export || m_model->columnCount() == 0)
        return;
    QString path = m_askSavePath(json ? tr("Export JSON") : tr("Export CSV"), suggestedExportPath(json),
                                 json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    // "orders" typed in the dialog means orders.csv, as the filter says.
    if (QFileInfo(path).suffix().isEmpty())
        path += json ? QStringLiteral(".json") : QStringLiteral(".csv");
    m_export = std::make_unique<ExportJob>();
    m_export->file = std::make_unique<QSaveFile>(path);
    m_export->format = json ? ResultModel::Format::Json : ResultModel::Format::Csv;
    m_export->rows = m_model->rowCount();
    if (!m_export->file->open(QIODevice::WriteOnly)) {
        finishExport(m_export->file->errorString());
        return;
    }
    m_progress = new QProgressDialog(tr("Exporting %1 rows…").arg(m_export->rows), tr("Cancel"), 0,
                                     qMax(1, m_export->rows), this);
    m_progress->setMinimumDuration(500);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    QTimer::singleShot(0, this, &ConsoleWidget::exportStep);
}

void ConsoleWidget::exportStep()
{
    if (!m_export)
        return;
    if (m_progress && m_progress->wasCanceled()) {
        m_export->file->cancelWriting();
        finishExport(tr("cancelled"));
        return;
    }
    m_model->write(*m_export->file, m_export->format, m_export->nextRow, ExportRowsPerStep, m_export->rows);
    m_export->nextRow += ExportRowsPerStep;
    if (m_progress)
        m_progress->setValue(qMin(m_export->nextRow, m_export->rows));
    if (m_export->nextRow < m_export->rows) {
        QTimer::singleShot(0, this, &ConsoleWidget::exportStep);
        return;
    }
    finishExport(m_export->file->commit() ? QString() : m_export->file->errorString());
}

void ConsoleWidget::finishExport(const QString &error)
{
    const QString path = m_export->file->fileName();
    const qint64 rows = m_export->rows;
    m_export.reset();
    if (m_progress)
        m_progress->close();
    if (!error.isEmpty()) {
        m_resultInfo->setText(tr("Export failed"));
        showError(tr("Export to %1 failed: %2").arg(path, error));
        return;
    }
    m_resultInfo->setText(tr("Exported %1 rows to %2").arg(rows).arg(QFileInfo(path).fileName()));
    m_resultInfo->setToolTip(path);
    emit exported(path, rows);
}

} // namespace signet::ui
