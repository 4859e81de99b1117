// ConsoleWidget: one connection's console — SQL editor, streamed result grid, schema browser, history.
#pragma once

#include "db/DbSession.h"
#include "db/StatementSplitter.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QProgressDialog;
class QTableView;
class QTimer;
class QTreeWidget;
class QsciScintilla;

namespace signet::ui {

class QueryHistory;
class ResultModel;

class ConsoleWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleWidget)

public:
    // Asks where to save an export: (title, file filter) → path, empty to cancel. Injectable for tests.
    using SavePathProvider = std::function<QString(const QString &title, const QString &filter)>;

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

    QsciScintilla *editor() const { return m_editor; }
    QTableView *resultView() const { return m_view; }
    ResultModel *resultModel() const { return m_model; }
    QTreeWidget *schemaTree() const { return m_schema; }
    QLabel *statusLine() const { return m_status; }
    QLabel *resultLine() const { return m_resultInfo; }
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
    void markError(int offset);
    void clearErrorMarks();
    void updateStatus();
    void exportStep();
    void finishExport(const QString &error);
    void onConnected(const db::ServerInfo &info);
    void onColumns(quint64 generation, const QStringList &columns);
    void onChunk(quint64 generation, const db::ResultChunk &chunk);
    // A grey line in the schema tree: nothing to show, or why not.
    void addSchemaNote(const QString &text);
    void onFinished(quint64 generation, const db::QuerySummary &summary);
    void onFailed(quint64 generation, const db::QueryError &error);

    db::DbSession *m_session = nullptr;
    std::unique_ptr<QueryHistory> m_history;
    QsciScintilla *m_editor = nullptr;
    QTableView *m_view = nullptr;
    ResultModel *m_model = nullptr;
    QTreeWidget *m_schema = nullptr;
    QComboBox *m_historyBox = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_resultInfo = nullptr;
    QAction *m_cancelAction = nullptr;
    QTimer *m_statusTimer = nullptr;
    SavePathProvider m_askSavePath;

    db::ServerInfo m_server;
    bool m_connected = false;
    QString m_notice;
    QList<db::StatementSpan> m_pending;
    int m_currentOffset = 0;
    QString m_currentSql;
    quint64 m_queryGeneration = 0;
    quint64 m_schemaGeneration = 0;
    QStringList m_schemaColumns;

    struct ExportJob;
    std::unique_ptr<ExportJob> m_export;
    QPointer<QProgressDialog> m_progress;
};

} // namespace signet::ui
