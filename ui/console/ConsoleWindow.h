// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleWindow: the window of consoles opened for a typed-in target (File › Console…), a tab each.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"

#include <QTabWidget>

namespace signet::ui {

class ConsoleWidget;

// Owned by whoever offers File › Console… (the main window): one per main window, not a
// function-static, so it closes and is deleted with its owner. Profile consoles live in the
// main window's workspace instead.
class ConsoleWindow final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleWindow)

public:
    // `owner` keeps the window (a top-level window of its own, deleted with the owner).
    explicit ConsoleWindow(QWidget *owner = nullptr);

    // A new console tab for `target`, made current, the window shown and raised; it connects at once.
    ConsoleWidget *open(const db::DbTarget &target, db::DbTokenSigner signer = db::DbTokenSigner());
    // Closes one console tab (its connection ends).
    void closeConsole(int index);
};

} // namespace signet::ui
