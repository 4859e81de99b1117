// SPDX-License-Identifier: GPL-3.0-or-later
// Ask: the one way Signet asks the user a question (discard, close, quit, run on production), so
// UI tests can answer it instead of a modal box.
#pragma once

#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace signet::ui {

// Modelled on KeePassXC's MessageBox: Ask::question() shows a QMessageBox unless a responder is
// installed; tests install one that records the question and answers it.
class Ask final
{
public:
    enum class Answer
    {
        Discard, // go on and lose what is unsaved (Discard, Close, Quit)
        Save,    // save first, then go on
        Proceed, // go on with an action that cannot be undone (Run on production)
        Cancel,  // stay where you are
    };

    struct Question
    {
        QString title;
        QString text;
        QString details;
        // The buttons offered, in order; the last is what Escape answers.
        QList<Answer> answers;
        // The button's words per answer ("Discard", "Close 2 consoles", "Run", …).
        std::function<QString(Answer)> label;
        Answer defaultAnswer = Answer::Cancel;
    };

    using Responder = std::function<Answer(QWidget *parent, const Question &question)>;

    static Answer question(QWidget *parent, const Question &question);
    // Tests: every question goes to `responder` instead of a dialog; an empty one restores dialogs.
    static void setResponder(Responder responder);

private:
    static Answer showDialog(QWidget *parent, const Question &question);
};

} // namespace signet::ui
