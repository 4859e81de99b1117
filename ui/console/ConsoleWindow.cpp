// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleWindow: tabs of ad-hoc consoles, closed one by one or all with the window.
#include "console/ConsoleWindow.h"

#include "console/ConsoleWidget.h"

namespace signet::ui {

ConsoleWindow::ConsoleWindow(QWidget *owner)
    : QTabWidget(owner)
{
    setWindowFlag(Qt::Window);
    setWindowTitle(tr("Signet Console"));
    setTabsClosable(true);
    setDocumentMode(true);
    resize(1100, 750);
    connect(this, &QTabWidget::tabCloseRequested, this, &ConsoleWindow::closeConsole);
}

ConsoleWidget *ConsoleWindow::open(const db::DbTarget &target, db::DbTokenSigner signer)
{
    auto *console = new ConsoleWidget(target, std::move(signer), this);
    const int index = addTab(console, console->title());
    setTabToolTip(index, console->title());
    setCurrentIndex(index);
    show();
    raise();
    activateWindow();
    console->connectToServer();
    console->editor()->setFocus();
    return console;
}

void ConsoleWindow::closeConsole(int index)
{
    QWidget *page = widget(index);
    if (!page)
        return;
    removeTab(index);
    page->deleteLater();
    if (count() == 0)
        hide();
}

} // namespace signet::ui
