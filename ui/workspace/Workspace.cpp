// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: console tabs with their own identity; the profile page as the first tab.
#include "workspace/Workspace.h"

#include "common/Ask.h"
#include "console/ConsoleWidget.h"
#include "profiles/ConnectionProfile.h"
#include "workspace/ConsoleTab.h"

#include <Qsci/qsciscintilla.h>

#include <QEvent>
#include <QTabBar>

namespace signet::ui {

Workspace::Workspace(QWidget *profilePage, QWidget *parent)
    : QTabWidget(parent)
    , m_profilePage(profilePage)
{
    setObjectName(QStringLiteral("workspace"));
    setDocumentMode(true);
    setTabsClosable(true);
    setMovable(false);
    setUsesScrollButtons(true);
    tabBar()->setElideMode(Qt::ElideRight);
    addTab(m_profilePage, tr("Profile"));
    // The profile page stays; only consoles close.
    tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    connect(this, &QTabWidget::tabCloseRequested, this, &Workspace::closeConsole);
}

Workspace::~Workspace() = default;

void Workspace::showProfilePage()
{
    setCurrentWidget(m_profilePage);
}

void Workspace::setPageTitle(const QString &title, const QIcon &icon)
{
    const int index = indexOf(m_profilePage);
    setTabText(index, title);
    setTabIcon(index, icon);
    setTabToolTip(index, tr("The profile selected in the list: its token, actions, settings and checks"));
}

QList<ConsoleTab *> Workspace::consoleTabs() const
{
    QList<ConsoleTab *> tabs;
    for (int i = 0; i < count(); ++i) {
        if (auto *tab = qobject_cast<ConsoleTab *>(widget(i)))
            tabs << tab;
    }
    return tabs;
}

ConsoleTab *Workspace::consoleTabFor(const QUuid &profileId) const
{
    for (ConsoleTab *tab : consoleTabs()) {
        if (tab->profileId() == profileId)
            return tab;
    }
    return nullptr;
}

ConsoleTab *Workspace::openConsole(const profiles::ConnectionProfile &profile, db::DbTarget target,
                                   db::DbTokenSigner signer)
{
    auto *tab = new ConsoleTab(profile, std::move(target), std::move(signer), this);
    addTab(tab, tab->tabIcon(), tab->tabTitle());
    refreshTab(tab);
    connect(tab, &ConsoleTab::identityChanged, this, [this, tab] { refreshTab(tab); });
    setCurrentWidget(tab);
    return tab;
}

ConsoleTab *Workspace::openAdHocConsole(const db::DbTarget &target, db::DbTokenSigner signer)
{
    // An identity of its own: a fresh id no saved profile has, so the tree and the store never
    // reach it, and a name that says where it goes and that it is not saved.
    profiles::ConnectionProfile identity;
    identity.id = QUuid::createUuid();
    identity.name = tr("%1 (not saved)").arg(target.host);
    identity.engine = target.engine;
    static_cast<Endpoint &>(identity) = target;
    identity.dbUser = target.user;
    identity.database = target.database;
    return openConsole(identity, target, std::move(signer));
}

void Workspace::refreshTab(ConsoleTab *tab)
{
    const int index = indexOf(tab);
    if (index < 0)
        return;
    setTabText(index, tab->tabTitle());
    setTabIcon(index, tab->tabIcon());
    setTabToolTip(index, tab->identityText());
}

void Workspace::updateProfile(const profiles::ConnectionProfile &profile)
{
    for (ConsoleTab *tab : consoleTabs()) {
        if (tab->profileId() == profile.id)
            tab->setProfile(profile);
    }
}

void Workspace::changeEvent(QEvent *event)
{
    QTabWidget::changeEvent(event);
    // Light ↔ dark: the profile colours and badges are redrawn for the new background.
    if (event->type() == QEvent::PaletteChange) {
        for (ConsoleTab *tab : consoleTabs())
            tab->setProfile(tab->profile());
    }
}

QString Workspace::describeUnsaved(const ConsoleTab *tab)
{
    QStringList what;
    if (tab->isRunning())
        what << tr("a query is running");
    if (tab->hasUnsavedText())
        what << tr("text that was never run");
    return what.isEmpty() ? QString() : tr("%1: %2").arg(tab->profile().name, what.join(tr(", ")));
}

QStringList Workspace::unsavedWork() const
{
    QStringList lines;
    for (const ConsoleTab *tab : consoleTabs()) {
        if (const QString line = describeUnsaved(tab); !line.isEmpty())
            lines << line;
    }
    return lines;
}

bool Workspace::closeConsole(int index)
{
    auto *tab = qobject_cast<ConsoleTab *>(widget(index));
    if (!tab)
        return false;
    if (const QString unsaved = describeUnsaved(tab); !unsaved.isEmpty()) {
        Ask::Question question;
        question.title = tr("Close console?");
        question.text = tr("Close the console of \"%1\"?").arg(tab->profile().name);
        question.details = unsaved + u'\n' + tr("Closing cancels the query and loses the text.");
        question.answers = {Ask::Answer::Discard, Ask::Answer::Cancel};
        question.label = [](Ask::Answer answer) {
            return answer == Ask::Answer::Discard ? tr("Close console") : QString();
        };
        if (Ask::question(this, question) != Ask::Answer::Discard)
            return false;
    }
    removeTab(index);
    tab->console()->cancel();
    tab->deleteLater();
    return true;
}

} // namespace signet::ui
