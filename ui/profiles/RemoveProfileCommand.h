// SPDX-License-Identifier: GPL-3.0-or-later
// RemoveProfileCommand: deleting a profile as an undoable step (its keychain secret included).
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QUndoCommand>

#include <functional>
#include <memory>

class QObject;

namespace signet {
struct Error;
}
namespace signet::profiles {
class ProfileService;
struct RemovedProfile;
} // namespace signet::profiles

namespace signet::ui {

// redo() has the ProfileService remove the profile and its static keys, keeping both in this
// command's memory; undo() puts both back where they were. The keys leave memory with the command.
// A keychain or file that refuses is reported through `failed`.
class RemoveProfileCommand final : public QUndoCommand
{
public:
    using FailureHandler = std::function<void(const Error &)>;

    RemoveProfileCommand(profiles::ProfileService &profiles, QObject *context,
                         const profiles::ConnectionProfile &profile, FailureHandler failed = {});
    ~RemoveProfileCommand() override;

    void redo() override;
    void undo() override;
    const profiles::ConnectionProfile &profile() const { return m_profile; }

private:
    // Shared with the service's answers, which may arrive after an undo was asked for.
    struct State;

    profiles::ProfileService &m_profiles;
    QObject *m_context;
    profiles::ConnectionProfile m_profile;
    FailureHandler m_failed;
    std::shared_ptr<State> m_state;
};

} // namespace signet::ui
