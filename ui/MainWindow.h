// MainWindow: composes the screen areas and owns the window-level actions.
#pragma once

#include <QMainWindow>

namespace signet {
class Clock;
}

namespace signet::ui {

class QuickTokenPanel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    QuickTokenPanel *tokenPanel() const { return m_tokenPanel; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showAbout();

    QuickTokenPanel *m_tokenPanel = nullptr;
};

} // namespace signet::ui
