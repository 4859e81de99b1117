// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleWidget: one connection's console — SQL editor, streamed result grid, schema browser, history.
#pragma once

#include "console/SqlEditor.h"
#include "db/DbSession.h"
#include "db/StatementSplitter.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QProgressDialog;
class QSplitter;
class QTableView;
class QTimer;
class QTreeWidget;

namespace signet::db {
class SchemaReader;
}

namespace signet::ui {

class ElidedLabel;
class MessageBar;
class QueryHistory;
class ResultModel;
class SchemaPane;

class ConsoleWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleWidget)

public:
    // Asks where to save an export: (title, suggested path, file filter) → path, empty to cancel.
    // Injectable for tests.
    using SavePathProvider =
        std::function<QString(const QString &title, const QString &suggestedPath, const QString &filter)>;

    explicit ConsoleWidget(db::DbTarget target, db::DbTokenSigner signer = db::DbTokenSigner(),
                           QWidget *parent = nullptr);
    ~ConsoleWidget() override;

    // Connects with a fresh token (the status line follows).
    void connectToServer();
    // Ctrl+Enter: the selection, or the statement under the cursor.
    void runCurrent();
    // Ctrl+Shift+Enter: every statement, one after another; stops at the first error.
    void runAll();
    void cancel();
    // F5: reads databases/schemas → tables → columns again.
    void loadSchema();
    void exportResult(bool json);
    void copySelection();
    void setSavePathProvider(SavePathProvider provider) { m_askSavePath = std::move(provider); }
    // Asked before statements run (Run, Run All); false stops them. The window's production guard.
    using RunGuard = std::function<bool(const QList<db::StatementSpan> &statements)>;
    void setRunGuard(RunGuard guard) { m_runGuard = std::move(guard); }
    // The session (connected/reconnected carry the server facts and the token's signing time).
    db::DbSession *session() const { return m_session; }
    bool isRunning() const { return m_session->isRunning() || !m_pending.isEmpty(); }
    // The editor holds text typed or changed since it last ran (closing would lose it).
    bool hasUnsavedText() const;

    const db::DbTarget &target() const { return m_session->target(); }
    SqlEditor *editor() const { return m_editor; }
    QTableView *resultView() const { return m_view; }
    ResultModel *resultModel() const { return m_model; }
    QTreeWidget *schemaTree() const;
    QAction *schemaAction() const { return m_schemaAction; }
    QComboBox *historyBox() const { return m_historyBox; }
    // Server, TLS, user and token age; elided, never overlapping the result line.
    QLabel *statusLine() const;
    // Rows and time of the last result, "Running…", export progress.
    QLabel *resultLine() const { return m_resultInfo; }
    // Errors of queries, connects and exports, above the grid.
    MessageBar *messageBar() const { return m_messages; }
    QString title() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void queryFinished(const signet::db::QuerySummary &summary);
    void queryFailed(const signet::db::QueryError &error);
    void exported(const QString &path, qint64 rows);
    void schemaLoaded();

private:
    void buildUi();
    void runStatements(const QList<db::StatementSpan> &statements);
    void runNext();
    void showError(const QString &text);
    void updateStatus();
    QString suggestedExportPath(bool json) const;
    void exportStep();
    void finishExport(const QString &error);
    void onConnected(const db::ServerInfo &info);
    void onColumns(quint64 generation, const QStringList &columns);
    void onChunk(quint64 generation, const db::ResultChunk &chunk);
    void onFinished(quint64 generation, const db::QuerySummary &summary);
    void onFailed(quint64 generation, const db::QueryError &error);

    db::DbSession *m_session = nullptr;
    db::SchemaReader *m_schemaReader = nullptr;
    std::unique_ptr<QueryHistory> m_history;
    SqlEditor *m_editor = nullptr;
    QTableView *m_view = nullptr;
    ResultModel *m_model = nullptr;
    SchemaPane *m_schema = nullptr;
    QComboBox *m_historyBox = nullptr;
    MessageBar *m_messages = nullptr;
    ElidedLabel *m_status = nullptr;
    QLabel *m_resultInfo = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_schemaAction = nullptr;
    QSplitter *m_split = nullptr;
    QTimer *m_statusTimer = nullptr;
    SavePathProvider m_askSavePath;
    RunGuard m_runGuard;

    db::ServerInfo m_server;
    bool m_connected = false;
    QString m_connectNotice;
    QList<db::StatementSpan> m_pending;
    int m_currentOffset = 0;
    QString m_currentSql;
    quint64 m_queryGeneration = 0;

    struct ExportJob;
    std::unique_ptr<ExportJob> m_export;
    QPointer<QProgressDialog> m_progress;
};

} // namespace signet::ui
