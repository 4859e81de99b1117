// ConsoleWidget: wires the editor, the grid and the schema tree to one DbSession.
#include "console/ConsoleWidget.h"

#include "console/QueryHistory.h"
#include "console/ResultModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressDialog>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>

namespace signet::ui {

namespace {

constexpr int ErrorIndicator = 8;
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
    , m_history(std::make_unique<QueryHistory>(target.displayName()))
    , m_model(new ResultModel(this))
{
    m_askSavePath = [this](const QString &title, const QString &filter) {
        return QFileDialog::getSaveFileName(this, title, {}, filter);
    };
    buildUi();
    connect(m_session, &db::DbSession::connected, this, [this](const db::ServerInfo &info) {
        m_notice.clear(); // "Connecting…" is over
        onConnected(info);
    });
    connect(m_session, &db::DbSession::reconnected, this,
            [this](const QString &reason, const db::ServerInfo &info) {
                m_notice = reason;
                onConnected(info);
            });
    connect(m_session, &db::DbSession::disconnected, this, [this] {
        m_connected = false;
        updateStatus();
    });
    connect(m_session, &db::DbSession::connectFailed, this, [this](const Error &error) {
        m_connected = false;
        m_notice = tr("Not connected: %1").arg(error.toString());
        updateStatus();
    });
    connect(m_session, &db::DbSession::columnsReceived, this, &ConsoleWidget::onColumns);
    connect(m_session, &db::DbSession::progressed, this, &ConsoleWidget::onChunk);
    connect(m_session, &db::DbSession::finished, this, &ConsoleWidget::onFinished);
    connect(m_session, &db::DbSession::failed, this, &ConsoleWidget::onFailed);
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
    makeAction(tr("Run All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), &ConsoleWidget::runAll);
    m_cancelAction = makeAction(tr("Cancel"), QKeySequence(Qt::Key_Escape), &ConsoleWidget::cancel);
    toolbar->addSeparator();
    makeAction(tr("Export CSV…"), QKeySequence(), [this] { exportResult(false); });
    makeAction(tr("Export JSON…"), QKeySequence(), [this] { exportResult(true); });
    makeAction(tr("Refresh Schema"), QKeySequence(QKeySequence::Refresh), &ConsoleWidget::loadSchema);
    m_historyBox = new QComboBox(this);
    m_historyBox->setMinimumContentsLength(30);
    m_historyBox->setPlaceholderText(tr("History"));
    m_historyBox->addItems(m_history->entries());
    m_historyBox->setCurrentIndex(-1);
    connect(m_historyBox, &QComboBox::activated, this, [this](int index) {
        m_editor->setText(m_historyBox->itemText(index));
        m_editor->setFocus();
    });
    toolbar->addWidget(m_historyBox);

    m_editor = new QsciScintilla(this);
    auto *lexer = new QsciLexerSQL(m_editor);
    lexer->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLexer(lexer);
    m_editor->setUtf8(true);
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setMarginWidth(0, QStringLiteral("0000"));
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, ErrorIndicator);
    m_editor->setIndicatorForegroundColor(Qt::red, ErrorIndicator);
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

    m_schema = new QTreeWidget(this);
    m_schema->setHeaderLabels({tr("Schema")});
    connect(m_schema, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (!item->data(0, Qt::UserRole).toBool()) // a note is no name to insert
            m_editor->insert(item->text(0).section(u' ', 0, 0));
    });

    auto *editorAndGrid = new QSplitter(Qt::Vertical, this);
    editorAndGrid->addWidget(m_editor);
    editorAndGrid->addWidget(m_view);
    editorAndGrid->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_schema);
    split->addWidget(editorAndGrid);
    split->setStretchFactor(1, 3);

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long status or error must not widen the console (and squeeze the profile tree beside it):
    // an explicit minimum width lets the labels shrink below their text.
    m_status->setMinimumWidth(1);
    m_resultInfo = new QLabel(this);
    m_resultInfo->setMinimumWidth(1);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_resultInfo);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(split, 1);
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
    m_notice = tr("Connecting to %1 with a fresh token…").arg(title());
    updateStatus();
    m_session->open();
}

void ConsoleWidget::runCurrent()
{
    if (m_editor->hasSelectedText()) {
        int line = 0;
        int index = 0;
        int lineTo = 0;
        int indexTo = 0;
        m_editor->getSelection(&line, &index, &lineTo, &indexTo);
        const int offset = int(m_editor->positionFromLineIndex(line, index));
        const QString bytes = m_editor->text();
        runStatements({db::StatementSpan{int(QString::fromUtf8(bytes.toUtf8().left(offset)).size()),
                                         m_editor->selectedText()}});
        return;
    }
    const QString text = m_editor->text();
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    const int cursor =
        int(QString::fromUtf8(text.toUtf8().left(m_editor->positionFromLineIndex(line, index))).size());
    const QList<db::StatementSpan> all = db::splitStatements(text);
    for (const db::StatementSpan &statement : all) {
        if (cursor <= statement.offset + statement.text.size() + 1 || &statement == &all.last()) {
            runStatements({statement});
            return;
        }
    }
}

void ConsoleWidget::runAll()
{
    runStatements(db::splitStatements(m_editor->text()));
}

void ConsoleWidget::runStatements(const QList<db::StatementSpan> &statements)
{
    if (statements.isEmpty())
        return;
    m_pending = statements;
    clearErrorMarks();
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
    m_historyBox->clear();
    m_historyBox->addItems(m_history->entries());
    m_historyBox->setCurrentIndex(-1);
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
    if (m_schemaGeneration)
        return;
    const bool pg = m_session->target().engine == db::Engine::Postgres;
    m_schemaGeneration = m_session->run(
        pg ? QStringLiteral(
                 "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
                 "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                 "ORDER BY table_schema, table_name, ordinal_position")
           : QStringLiteral(
                 "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                 "WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') "
                 "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"));
    m_schema->clear();
}

void ConsoleWidget::onConnected(const db::ServerInfo &info)
{
    m_server = info;
    m_connected = true;
    updateStatus();
    if (m_schema->topLevelItemCount() == 0)
        loadSchema();
}

void ConsoleWidget::onColumns(quint64 generation, const QStringList &columns)
{
    if (generation == m_schemaGeneration)
        return;
    m_model->reset(generation, columns);
}

void ConsoleWidget::onChunk(quint64 generation, const db::ResultChunk &chunk)
{
    if (generation != m_schemaGeneration) {
        m_model->append(generation, chunk);
        // Fit the columns to the first rows once, so dates and long values are not cut short.
        if (m_model->rowCount() == chunk.rowCount())
            m_view->resizeColumnsToContents();
        return;
    }
    for (int r = 0; r < chunk.rowCount(); ++r) {
        const QString schema = chunk.text(r, 0);
        const QString table = chunk.text(r, 1);
        QTreeWidgetItem *schemaItem = nullptr;
        const auto found = m_schema->findItems(schema, Qt::MatchExactly);
        if (found.isEmpty()) {
            schemaItem = new QTreeWidgetItem(m_schema, {schema});
        } else {
            schemaItem = found.first();
        }
        QTreeWidgetItem *tableItem =
            schemaItem->childCount() ? schemaItem->child(schemaItem->childCount() - 1) : nullptr;
        if (!tableItem || tableItem->text(0) != table)
            tableItem = new QTreeWidgetItem(schemaItem, {table});
        new QTreeWidgetItem(tableItem, {chunk.text(r, 2) + QStringLiteral("  ") + chunk.text(r, 3)});
    }
}

void ConsoleWidget::addSchemaNote(const QString &text)
{
    auto *note = new QTreeWidgetItem(m_schema, {text});
    note->setFlags(Qt::ItemIsEnabled);
    note->setData(0, Qt::UserRole, true);
    note->setToolTip(0, text);
    QFont font = note->font(0);
    font.setItalic(true);
    note->setFont(0, font);
}

void ConsoleWidget::onFinished(quint64 generation, const db::QuerySummary &summary)
{
    if (generation == m_schemaGeneration) {
        m_schemaGeneration = 0;
        if (m_schema->topLevelItemCount() == 0)
            addSchemaNote(tr("No tables this user can see yet; Refresh Schema after creating one."));
        emit schemaLoaded();
        return;
    }
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
    if (generation == m_schemaGeneration) {
        m_schemaGeneration = 0;
        addSchemaNote(tr("The schema could not be read: %1").arg(error.error.message));
        return;
    }
    if (generation != m_queryGeneration)
        return;
    m_pending.clear();
    m_resultInfo->setText(error.error.toString());
    if (error.offset >= 0)
        markError(m_currentOffset + error.offset);
    emit queryFailed(error);
}

void ConsoleWidget::markError(int offset)
{
    const QString before = m_editor->text().left(offset);
    const int line = int(before.count(u'\n'));
    const int index = int(before.size() - (before.lastIndexOf(u'\n') + 1));
    const int lineLength = int(m_editor->text(line).size());
    m_editor->fillIndicatorRange(line, index, line, qMax(index + 1, lineLength), ErrorIndicator);
    m_editor->setCursorPosition(line, index);
}

void ConsoleWidget::clearErrorMarks()
{
    m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, ErrorIndicator);
}

void ConsoleWidget::updateStatus()
{
    if (!m_connected) {
        m_status->setText(m_notice.isEmpty() ? tr("Not connected — %1").arg(title()) : m_notice);
        return;
    }
    const qint64 age = qMax<qint64>(0, m_server.tokenSignedAt.secsTo(QDateTime::currentDateTimeUtc()));
    QString text = tr("%1 · %2 %3 · %4 · token signed %5:%6 ago")
                       .arg(m_server.serverVersion, m_server.tlsVersion, m_server.tlsCipher, m_server.user)
                       .arg(age / 60)
                       .arg(age % 60, 2, 10, QLatin1Char('0'));
    if (!m_notice.isEmpty())
        text += QStringLiteral(" · ") + m_notice;
    m_status->setText(text);
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

void ConsoleWidget::exportResult(bool json)
{
    if (m_export || m_model->columnCount() == 0)
        return;
    const QString path = m_askSavePath(json ? tr("Export JSON") : tr("Export CSV"),
                                       json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
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
        m_resultInfo->setText(tr("Export failed: %1").arg(error));
        return;
    }
    m_resultInfo->setText(tr("Exported %1 rows to %2").arg(rows).arg(path));
    emit exported(path, rows);
}

} // namespace signet::ui
