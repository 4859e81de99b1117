// SPDX-License-Identifier: GPL-3.0-or-later
// Ask: a QMessageBox with the offered answers, or the test's responder.
#include "common/Ask.h"

#include <QAbstractButton>
#include <QHash>
#include <QMessageBox>
#include <QPushButton>

namespace signet::ui {

namespace {

Ask::Responder &responder()
{
    static Ask::Responder instance;
    return instance;
}

QMessageBox::ButtonRole roleOf(Ask::Answer answer)
{
    switch (answer) {
    case Ask::Answer::Discard:
        return QMessageBox::DestructiveRole;
    case Ask::Answer::Save:
    case Ask::Answer::Proceed:
        return QMessageBox::AcceptRole;
    case Ask::Answer::Cancel:
        break;
    }
    return QMessageBox::RejectRole;
}

QString defaultLabel(Ask::Answer answer)
{
    switch (answer) {
    case Ask::Answer::Discard:
        return QMessageBox::tr("Discard");
    case Ask::Answer::Save:
        return QMessageBox::tr("Save");
    case Ask::Answer::Proceed:
        return QMessageBox::tr("Continue");
    case Ask::Answer::Cancel:
        break;
    }
    return QMessageBox::tr("Cancel");
}

} // namespace

Ask::Answer Ask::question(QWidget *parent, const Question &question)
{
    if (responder())
        return responder()(parent, question);
    return showDialog(parent, question);
}

void Ask::setResponder(Responder answer)
{
    responder() = std::move(answer);
}

Ask::Answer Ask::showDialog(QWidget *parent, const Question &question)
{
    QMessageBox box(QMessageBox::Question, question.title, question.text, QMessageBox::NoButton, parent);
    box.setInformativeText(question.details);
    QHash<QAbstractButton *, Answer> answers;
    for (const Answer answer : question.answers) {
        const QString text = question.label ? question.label(answer) : QString();
        QPushButton *button = box.addButton(text.isEmpty() ? defaultLabel(answer) : text, roleOf(answer));
        answers.insert(button, answer);
        if (answer == question.defaultAnswer)
            box.setDefaultButton(button);
        box.setEscapeButton(button);
    }
    box.exec();
    return answers.value(box.clickedButton(), Answer::Cancel);
}

} // namespace signet::ui
