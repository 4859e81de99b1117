// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: the tabs right of the profile tree. The first is the selected profile's page and
// follows the tree; every other tab is one console that belongs to one profile for its whole life
// (selecting another profile never moves it). Closing a console with unsaved text or a running
// query asks first.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"

#include <QTabWidget>
#include <QUuid>

namespace signet::profiles {
struct ConnectionProfile;
}

namespace signet::ui {

class ConsoleTab;

class Workspace final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workspace)

public:
    // `profilePage` becomes the first tab, which never closes.
    explicit Workspace(QWidget *profilePage, QWidget *parent = nullptr);
    ~Workspace() override;

    QWidget *profilePage() const { return m_profilePage; }
    void showProfilePage();
    // The first tab's title follows the selected profile.
    void setPageTitle(const QString &title, const QIcon &icon = {});

    // The console tab of a profile (the first one opened, if several), or null.
    ConsoleTab *consoleTabFor(const QUuid &profileId) const;
    QList<ConsoleTab *> consoleTabs() const;
    // A new console tab for the profile, made current (connect it with console()->connectToServer()).
    ConsoleTab *openConsole(const profiles::ConnectionProfile &profile, db::DbTarget target,
                            db::DbTokenSigner signer);
    // File › Console…: a console for a typed-in target that no saved profile stands for. Its tab
    // carries the target as its identity ("host (not saved)") and never follows a profile.
    ConsoleTab *openAdHocConsole(const db::DbTarget &target, db::DbTokenSigner signer);
    // Closes a console tab; asks first when it holds unsaved text or runs a query. False when the
    // user kept it (or the index is not a console).
    bool closeConsole(int index);
    // What closing every console would lose, one line each ("orders-prod: unsaved text"); empty
    // when nothing.
    QStringList unsavedWork() const;
    // A profile was saved (renamed, recoloured, marked production): its consoles follow.
    void updateProfile(const profiles::ConnectionProfile &profile);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshTab(ConsoleTab *tab);
    static QString describeUnsaved(const ConsoleTab *tab);

    QWidget *m_profilePage = nullptr;
};

} // namespace signet::ui
